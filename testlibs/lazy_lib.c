/* liblazy.so: callees for the lazy-binding tests.  Each combines its
 * arguments with distinct weights, so a lost, swapped or truncated
 * argument changes the result. */
#include <stdarg.h>
#include "lazy.h"

int lazy_bind_probe(void)
{
	return 42;
}

long lazy_ints(long a, long b, long c, long d, long e, long f, long g, long h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

struct lazy_pair lazy_pair(long a, long b)
{
	return (struct lazy_pair){a + b, a - b};
}

struct lazy_big lazy_big(long a, long b, long c, long d, long e, long f, long g)
{
	return (struct lazy_big){{a * b, c * d, e * f, g, a + b + c + d + e + f + g}};
}

double lazy_doubles(double a, double b, double c, double d, double e, double f, double g, double h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

double lazy_mixed(int a, double b, long c, float d, int e, double f, double g, long h, float i,
		  double j, double k, double l, double m, double n, int o)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j +
	       11 * k + 12 * l + 13 * m + 14 * n + 15 * o;
}

/* Variadic: the caller passes the number of vector registers used in %al,
 * which the prologue uses to decide whether to spill %xmm0-7; a trampoline
 * that clobbers %rax loses the doubles. */
double lazy_vsum(int n, ...)
{
	va_list ap;
	double sum = 0;

	va_start(ap, n);
	for (int i = 1; i <= n; i++)
		sum += i * va_arg(ap, double);
	va_end(ap);
	return sum;
}

__m128 lazy_v128(__m128 a, __m128 b, __m128 c, __m128 d, __m128 e, __m128 f, __m128 g, __m128 h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

/* lazy_iv128 is an IFUNC whose resolver wipes the vector argument
 * registers: when the first call binds it lazily, the dynamic linker must
 * give the implementation the caller's arguments all the same. */
static __m128 iv128_impl(__m128 a, __m128 b, __m128 c, __m128 d, __m128 e, __m128 f, __m128 g,
			 __m128 h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

typedef __m128 iv128_fn(__m128, __m128, __m128, __m128, __m128, __m128, __m128, __m128);

static iv128_fn *iv128_resolve(void)
{
	__asm__ volatile("xorps %%xmm0, %%xmm0\n\txorps %%xmm1, %%xmm1\n\t"
			 "xorps %%xmm2, %%xmm2\n\txorps %%xmm3, %%xmm3\n\t"
			 "xorps %%xmm4, %%xmm4\n\txorps %%xmm5, %%xmm5\n\t"
			 "xorps %%xmm6, %%xmm6\n\txorps %%xmm7, %%xmm7"
			 ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7");
	return iv128_impl;
}

__m128 lazy_iv128(__m128 a, __m128 b, __m128 c, __m128 d, __m128 e, __m128 f, __m128 g, __m128 h)
	__attribute__((ifunc("iv128_resolve")));

long lazy_regs_target(long a, long b, long c, long d, long e, long f)
{
	return a + 10 * b + 100 * c + 1000 * d + 10000 * e + 100000 * f;
}

int lazy_dep_probe(void)
{
	return 7;
}
