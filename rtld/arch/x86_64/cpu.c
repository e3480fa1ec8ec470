/* CPU facts rtld needs for itself, and the CPUID cache behind them.
 * Each CPUID is a VM exit costing several microseconds on virtual
 * machines, so nothing here runs at start-up unless a personality asks. */
#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include "cpuid.h"
#include "prop.h"

uint64_t rtld_xsave_size;	/* bytes of the trampoline's save area */
bool rtld_have_xsave;

/* Enough for every leaf glibc's start-up asks about on any CPU seen so
 * far (about 30); past that, answers are simply not kept. */
#define CPUID_SLOTS 64

static struct {
	uint32_t leaf, sub, r[4];
	bool ready;
} slots[CPUID_SLOTS];
static unsigned claimed;	/* slots handed out (may exceed CPUID_SLOTS) */

void rtld_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	unsigned n = __atomic_load_n(&claimed, __ATOMIC_ACQUIRE);
	for (unsigned i = 0; i < n && i < CPUID_SLOTS; i++) {
		/* A slot is read only once its writer has published it. */
		if (!__atomic_load_n(&slots[i].ready, __ATOMIC_ACQUIRE) || slots[i].leaf != leaf ||
		    slots[i].sub != sub)
			continue;
		for (int k = 0; k < 4; k++)
			r[k] = slots[i].r[k];
		return;
	}
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
	/* Two threads missing at once both execute it and keep two equal
	 * slots: harmless, and no lock is needed. */
	unsigned i = __atomic_fetch_add(&claimed, 1, __ATOMIC_ACQ_REL);
	if (i >= CPUID_SLOTS)
		return;
	slots[i].leaf = leaf, slots[i].sub = sub;
	for (int k = 0; k < 4; k++)
		slots[i].r[k] = r[k];
	__atomic_store_n(&slots[i].ready, true, __ATOMIC_RELEASE);
}

unsigned rtld_cpuid_executed(void)
{
	return __atomic_load_n(&claimed, __ATOMIC_RELAXED);
}

/* Called by the PLT trampoline on its first use; returns the size.  Under
 * the glibc personality these leaves were read at start-up already. */
uint64_t rtld_xsave_init(void)
{
	uint32_t r[4];
	rtld_cpuid(1, 0, r);
	bool osxsave = (r[2] & (1u << 27)) != 0;
	uint64_t size = 512;
	if (osxsave)	/* leaf 0xd exists only up to leaf 0's maximum */
		rtld_cpuid(0, 0, r);
	if (osxsave && r[0] >= 0xd) {
		rtld_cpuid(0xd, 0, r);
		if (r[1] >= 576) {
			size = r[1];
			rtld_have_xsave = true;
		}
	}
	/* + 64 for the alignment of the area on the stack. */
	__atomic_store_n(&rtld_xsave_size, size + 64, __ATOMIC_RELEASE);
	return size + 64;
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

#define BIT(r, n) (((r) >> (n)) & 1u)

/* Whether leaf 0's answer names this vendor ("GenuineIntel": EBX, EDX,
 * ECX hold its three words). */
static bool vendor_is(const uint32_t r[4], const char *s)
{
	uint32_t w[3];
	for (unsigned i = 0; i < 3; i++)
		w[i] = (uint32_t)(unsigned char)s[4 * i] | (uint32_t)(unsigned char)s[4 * i + 1] << 8 |
		       (uint32_t)(unsigned char)s[4 * i + 2] << 16 |
		       (uint32_t)(unsigned char)s[4 * i + 3] << 24;
	return r[1] == w[0] && r[3] == w[1] && r[2] == w[2];
}

/* Leaf 0x80000001's ECX (LAHF64_SAHF64, LZCNT), 0 where it is missing. */
static uint32_t ext_ecx(void)
{
	uint32_t r[4];
	rtld_cpuid(0x80000000, 0, r);
	if (r[0] < 0x80000001)
		return 0;
	rtld_cpuid(0x80000001, 0, r);
	return r[2];
}

/* The register state the OS saves (XCR0, when OSXSAVE in leaf 1's ECX
 * says it may be read): AVX needs SSE and AVX state, AVX-512 the opmask
 * and both halves of the ZMM state too. */
static void os_vector_state(uint32_t c1, bool *ymm, bool *zmm)
{
	uint64_t xcr0 = BIT(c1, 27) ? xgetbv0() : 0;
	*ymm = (xcr0 & 6) == 6;
	*zmm = *ymm && (xcr0 & 0xe0) == 0xe0;
}

/* What $PLATFORM stands for, as glibc's ld.so decides it on x86_64: on
 * Intel processors "xeon_phi" (AVX512ER and AVX512PF usable) or "haswell"
 * (AVX2, FMA, BMI1, BMI2, LZCNT, MOVBE and POPCNT usable), else the
 * kernel's AT_PLATFORM.  "Usable" means present and, for AVX and AVX-512,
 * enabled by the OS in XCR0.  Asked only when a path names $PLATFORM, so
 * other programs run no CPUID for it.  (glibc.cpu.hwcaps, which could
 * turn a feature off first, is glibc's business and not consulted.) */
const char *arch_platform(const char *kernel)
{
	uint32_t r[4];
	rtld_cpuid(0, 0, r);
	if (!vendor_is(r, "GenuineIntel") || r[0] < 7)
		return kernel;
	rtld_cpuid(1, 0, r);
	uint32_t c1 = r[2];
	rtld_cpuid(7, 0, r);
	uint32_t b7 = r[1];
	bool ymm, zmm;
	os_vector_state(c1, &ymm, &zmm);
	bool avx = ymm && BIT(c1, 28);
	bool avx512f = avx && zmm && BIT(b7, 16);
	if (avx512f && BIT(b7, 28) && BIT(b7, 27) && BIT(b7, 26))
		return "xeon_phi";	/* AVX512CD, ER and PF */
	if (avx512f && BIT(b7, 28) && BIT(b7, 27))
		return kernel;		/* ER without PF: glibc names nothing */
	if (avx && BIT(b7, 5) && BIT(c1, 12) && BIT(b7, 3) && BIT(b7, 8) && BIT(ext_ecx(), 5) &&
	    BIT(c1, 22) && BIT(c1, 23))
		return "haswell";
	return kernel;
}

/* The vendors whose processors glibc reads the feature leaves of; for any
 * other it reads neither leaf 1 nor the extended leaves, so it sees no
 * feature at all (and its ld.so refuses every object with an ISA note,
 * libc.so.6 included). */
static bool known_vendor(const uint32_t r[4])
{
	static const char *const names[] = { "GenuineIntel", "AuthenticAMD", "HygonGenuine",
					     "CentaurHauls", "  Shanghai  " };
	for (unsigned n = 0; n < sizeof names / sizeof names[0]; n++)
		if (vendor_is(r, names[n]))
			return true;
	return false;
}

static bool all_bits(uint32_t r, uint32_t mask)
{
	return (r & mask) == mask;
}

#define B(n) (1u << (n))

/* The x86-64 ISA levels of the processor (GNU_PROPERTY_X86_ISA_1_*), as
 * glibc 2.36 computes cpu_features->isa_1 (sysdeps/x86/get-isa-level.h):
 * each level needs the one below and its own features usable, AVX and
 * AVX-512 ones only when XCR0 says the OS saves their registers.  Levels
 * above the highest one in `want` are not looked at, so an object that
 * needs the baseline alone costs two CPUIDs (which the glibc personality
 * asks anyway).  The glibc.cpu.hwcaps tunable does not count: glibc
 * computes isa_1 before it applies it. */
static uint32_t arch_isa_level(uint32_t want)
{
	uint32_t r[4];
	rtld_cpuid(0, 0, r);
	uint32_t max = r[0];
	if (!known_vendor(r))
		return 0;
	rtld_cpuid(1, 0, r);
	uint32_t c1 = r[2], d1 = r[3];
	/* FPU, CX8, CMOV, MMX, FXSR, SSE, SSE2 */
	if (!all_bits(d1, B(0) | B(8) | B(15) | B(23) | B(24) | B(25) | B(26)))
		return 0;
	uint32_t level = GNU_PROPERTY_X86_ISA_1_BASELINE;
	if (want < GNU_PROPERTY_X86_ISA_1_V2)
		return level;
	uint32_t c81 = ext_ecx();
	/* SSE3, SSSE3, CMPXCHG16B, SSE4_1, SSE4_2, POPCNT; LAHF64_SAHF64 */
	if (!all_bits(c1, B(0) | B(9) | B(13) | B(19) | B(20) | B(23)) || !(c81 & B(0)))
		return level;
	level |= GNU_PROPERTY_X86_ISA_1_V2;
	if (want < GNU_PROPERTY_X86_ISA_1_V3)
		return level;
	uint32_t b7 = 0;
	if (max >= 7) {
		rtld_cpuid(7, 0, r);
		b7 = r[1];
	}
	bool ymm, zmm;
	os_vector_state(c1, &ymm, &zmm);
	bool avx = ymm && (c1 & B(28));
	/* AVX, then AVX2, BMI1, BMI2; FMA, MOVBE, F16C; LZCNT */
	if (!avx || !all_bits(b7, B(5) | B(3) | B(8)) || !all_bits(c1, B(12) | B(22) | B(29)) ||
	    !(c81 & B(5)))
		return level;
	level |= GNU_PROPERTY_X86_ISA_1_V3;
	if (want < GNU_PROPERTY_X86_ISA_1_V4)
		return level;
	/* AVX512F, DQ, CD, BW, VL */
	if (zmm && all_bits(b7, B(16) | B(17) | B(28) | B(30) | B(31)))
		level |= GNU_PROPERTY_X86_ISA_1_V4;
	return level;
}

int arch_props_met(const struct arch_props *p)
{
	uint32_t need = p->isa_needed;
	if (!need)
		return 1;
	/* Bits above v4 name levels no processor has, for glibc too. */
	if (need & ~(uint32_t)(GNU_PROPERTY_X86_ISA_1_V4 * 2 - 1))
		return 0;
	return (arch_isa_level(need) & need) == need;
}
