/* liblazyavx.so (built with -mavx): 256-bit vector arguments. */
#include "lazy.h"

__m256d lazy_v256(__m256d a, __m256d b, __m256d c, __m256d d, __m256d e, __m256d f, __m256d g,
		  __m256d h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}
