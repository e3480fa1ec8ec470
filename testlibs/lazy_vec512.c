/* t_lazy's caller of lazy_v512 (built with -mavx512f; only called when the
 * CPU and kernel support AVX-512F). */
#include "lazy.h"
#include "rt.h"

void lazy_test_v512(void)
{
	__m512d v[8];
	volatile double base = 1.0;

	for (int i = 0; i < 8; i++)
		v[i] = (__m512d){base * i, base * i + 0.5, base * i + 0.25, -base * i,
				 base * i * 3, base * i - 7, base * i * 0.125, base + i};
	__m512d r = lazy_v512(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
	rt_check_long(LAZY_BAD_LANES(r, v, 8), 0, "vec512: 8 x __m512d, all lanes");
}
