/* Interfaces of the lazy-binding tests (t_lazy and its libraries).  Every
 * function here is called once per process, so that under lazy binding
 * each call goes through the dynamic linker's PLT trampoline with its
 * arguments live in registers and on the stack. */
#ifndef LAZY_H
#define LAZY_H

#include <immintrin.h>

struct lazy_pair {
	long a, b;
};
struct lazy_big {
	long v[5];
};

/* liblazy.so */
int lazy_bind_probe(void);
long lazy_ints(long a, long b, long c, long d, long e, long f, long g, long h);
struct lazy_pair lazy_pair(long a, long b);
struct lazy_big lazy_big(long a, long b, long c, long d, long e, long f, long g);
double lazy_doubles(double a, double b, double c, double d, double e, double f, double g, double h);
double lazy_mixed(int a, double b, long c, float d, int e, double f, double g, long h, float i,
		  double j, double k, double l, double m, double n, int o);
double lazy_vsum(int n, ...);
__m128 lazy_v128(__m128 a, __m128 b, __m128 c, __m128 d, __m128 e, __m128 f, __m128 g, __m128 h);
__m128 lazy_iv128(__m128 a, __m128 b, __m128 c, __m128 d, __m128 e, __m128 f, __m128 g, __m128 h);
long lazy_regs_target(long a, long b, long c, long d, long e, long f);
int lazy_dep_probe(void);

/* liblazynow.so (linked with -z now) */
int lazynow_bound_at_init(void);
int lazynow_call(void);

#ifdef __AVX__
/* liblazyavx.so */
__m256d lazy_v256(__m256d a, __m256d b, __m256d c, __m256d d, __m256d e, __m256d f, __m256d g,
		  __m256d h);
#endif
#ifdef __AVX512F__
/* liblazyavx512.so */
__m512d lazy_v512(__m512d a, __m512d b, __m512d c, __m512d d, __m512d e, __m512d f, __m512d g,
		  __m512d h);
#endif

/* The number of lanes of R (a vector of LANES elements) that differ from
 * the weighted sum lazy_v* computes from the 8 vectors V[0..7]. */
#define LAZY_BAD_LANES(r, v, lanes)                                  \
	({                                                           \
		int bad_ = 0;                                        \
		for (int lane_ = 0; lane_ < (lanes); lane_++) {      \
			double want_ = 0;                            \
			for (int i_ = 0; i_ < 8; i_++)               \
				want_ += (i_ + 1) * (v)[i_][lane_];  \
			bad_ += (r)[lane_] != want_;                 \
		}                                                    \
		bad_;                                                \
	})

/* t_lazy's vector callers (compiled with -mavx and -mavx512f) */
void lazy_test_v256(void);
void lazy_test_v512(void);

#endif
