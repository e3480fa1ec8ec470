/* liblazyavx512.so (built with -mavx512f): 512-bit vector arguments. */
#include "lazy.h"

__m512d lazy_v512(__m512d a, __m512d b, __m512d c, __m512d d, __m512d e, __m512d f, __m512d g,
		  __m512d h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}
