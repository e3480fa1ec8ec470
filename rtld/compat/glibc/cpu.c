/* The part of glibc's struct cpu_features that libc cannot do without.
 *
 * Feature words are left at zero: every IFUNC in libc then selects its
 * baseline (SSE2) implementation, which is correct on any x86_64 but not
 * always the one ld.so would pick (so memcpy and friends may be slower;
 * full feature detection is future work).  The cache sizes and the
 * thresholds derived from them must not be zero: libc's memmove uses
 * them as loop bounds.  They come from CPUID's deterministic cache
 * parameters (leaf 4, or AMD's leaf 0x8000001D), a handful of CPUIDs. */
#include "glibc.h"

#define ARCH_KIND_OTHER 4

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

struct caches {
	uint64_t l1d, l1d_line, l1d_assoc, l1i, l1i_line, l2, l2_assoc, l2_line, l3, l3_assoc, l3_line;
};

/* Walks the deterministic cache parameter leaf (4 on Intel, 0x8000001D
 * on AMD: same layout). */
static void walk(uint32_t leaf, struct caches *c)
{
	for (uint32_t i = 0; i < 16; i++) {
		uint32_t r[4];
		cpuid(leaf, i, r);
		unsigned type = r[0] & 31, level = (r[0] >> 5) & 7;
		if (!type)
			break;
		uint64_t ways = (r[1] >> 22) + 1, parts = ((r[1] >> 12) & 0x3ff) + 1;
		uint64_t line = (r[1] & 0xfff) + 1, sets = (uint64_t)r[2] + 1;
		uint64_t size = ways * parts * line * sets;
		if (level == 1 && type == 1) {
			c->l1d = size, c->l1d_line = line, c->l1d_assoc = ways;
		} else if (level == 1 && type == 2) {
			c->l1i = size, c->l1i_line = line;
		} else if (level == 2) {
			c->l2 = size, c->l2_assoc = ways, c->l2_line = line;
		} else if (level == 3) {
			c->l3 = size, c->l3_assoc = ways, c->l3_line = line;
		}
	}
}

void glibc_cpu_features(char *cf)
{
	struct caches c = { 0 };
	uint32_t r[4];
	cpuid(0, 0, r);
	uint32_t max = r[0];
	bool amd = r[1] == 0x68747541;	/* "Auth" enticAMD */
	if (amd) {
		cpuid(0x80000000, 0, r);
		if (r[0] >= 0x8000001d)
			walk(0x8000001d, &c);
	} else if (max >= 4) {
		walk(4, &c);
	}
	if (!c.l1d)
		c.l1d = 32 * 1024, c.l1d_line = 64;
	if (!c.l2)
		c.l2 = 1024 * 1024, c.l2_line = 64;
	uint64_t shared = c.l3 ? c.l3 : c.l2;
	uint64_t nt = shared * 3 / 4;

	FIELD(cf, GLIBC_OFF_CPU_FEATURES_BASIC_KIND, uint32_t) = ARCH_KIND_OTHER;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_BASIC_MAX_CPUID, uint32_t) = max;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_DATA_CACHE_SIZE, uint64_t) = c.l1d;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_SHARED_CACHE_SIZE, uint64_t) = shared;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_NON_TEMPORAL_THRESHOLD, uint64_t) = nt;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_REP_MOVSB_THRESHOLD, uint64_t) = 2048;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_REP_MOVSB_STOP_THRESHOLD, uint64_t) = nt;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_REP_STOSB_THRESHOLD, uint64_t) = 2048;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL1_ICACHE_SIZE, uint64_t) = c.l1i;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL1_ICACHE_LINESIZE, uint64_t) = c.l1i_line;
	/* sysconf reports -1 for a level the CPU does not have. */
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL4_CACHE_SIZE, int64_t) = -1;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL1_DCACHE_SIZE, uint64_t) = c.l1d;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL1_DCACHE_ASSOC, uint64_t) = c.l1d_assoc;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL1_DCACHE_LINESIZE, uint64_t) = c.l1d_line;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL2_CACHE_SIZE, uint64_t) = c.l2;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL2_CACHE_ASSOC, uint64_t) = c.l2_assoc;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL2_CACHE_LINESIZE, uint64_t) = c.l2_line;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL3_CACHE_SIZE, uint64_t) = c.l3;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL3_CACHE_ASSOC, uint64_t) = c.l3_assoc;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_LEVEL3_CACHE_LINESIZE, uint64_t) = c.l3_line;
}

/* glibc's AT_HWCAP on x86_64 (getauxval reads it from _rtld_global_ro):
 * HWCAP_X86_64, plus HWCAP_X86_AVX512_1 when AVX-512F is usable. */
uint64_t glibc_hwcap(void)
{
	uint32_t r[4];
	uint64_t hw = 1u << 1;
	cpuid(0, 0, r);
	if (r[0] < 7)
		return hw;
	cpuid(1, 0, r);
	if (!(r[2] & (1u << 27)))	/* OSXSAVE */
		return hw;
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	cpuid(7, 0, r);
	if ((r[1] & (1u << 16)) && (lo & 0xe6) == 0xe6)
		hw |= 1u << 2;
	return hw;
}
