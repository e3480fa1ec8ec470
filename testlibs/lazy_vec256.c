/* t_lazy's caller of lazy_v256 (built with -mavx; only called when the
 * CPU and kernel support AVX). */
#include "lazy.h"
#include "rt.h"

void lazy_test_v256(void)
{
	__m256d v[8];
	volatile double base = 1.0;	/* not a compile-time constant */

	for (int i = 0; i < 8; i++)
		v[i] = (__m256d){base * i, base * i + 0.5, base * i + 0.25, -base * i};
	__m256d r = lazy_v256(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
	rt_check_long(LAZY_BAD_LANES(r, v, 4), 0, "vec256: 8 x __m256d, all lanes");
}
