/* CPU feature checks for the vector-register tests. */
#include "rt.h"

static void cpuid(unsigned leaf, unsigned sub, unsigned r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static unsigned long xcr0(void)
{
	unsigned lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((unsigned long)hi << 32) | lo;
}

int rt_have_avx(void)
{
	unsigned r[4];

	cpuid(1, 0, r);
	if (!(r[2] & (1u << 27)) || !(r[2] & (1u << 28)))	/* OSXSAVE, AVX */
		return 0;
	return (xcr0() & 0x6) == 0x6;				/* XMM and YMM state */
}

int rt_have_avx512f(void)
{
	unsigned r[4];

	if (!rt_have_avx())
		return 0;
	cpuid(0, 0, r);
	if (r[0] < 7)
		return 0;
	cpuid(7, 0, r);
	if (!(r[1] & (1u << 16)))				/* AVX512F */
		return 0;
	return (xcr0() & 0xe6) == 0xe6;				/* opmask, ZMM */
}
