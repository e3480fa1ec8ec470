/* Private to the glibc personality's CPU code (cpu*.c, cache*.c): glibc
 * 2.36's struct cpu_features, filled as its ld.so fills it
 * (sysdeps/x86/cpu-features.c and dl-cacheinfo.h), so that every IFUNC
 * resolver in libc, libm and libmvec picks what it picks under ld.so.
 *
 * The struct is reached only through the generated offsets; which
 * features[] slot holds which CPUID leaf, which bit of preferred[] is
 * which flag and the values of basic.kind come from the debug info too
 * (GLIBC_CPUID_INDEX_*, GLIBC_PREFERRED_*, GLIBC_ARCH_KIND_*).  The bit of
 * each feature within its CPUID register is the processor's, from the
 * Intel and AMD manuals. */
#ifndef RTLD_COMPAT_GLIBC_CPU_H
#define RTLD_COMPAT_GLIBC_CPU_H

#include "glibc.h"
#include "cpuid.h"

_Static_assert(GLIBC_SIZEOF_CPU_FEATURES_PREFERRED == 4, "preferred[] is one word");
_Static_assert(GLIBC_SIZEOF_CPUID_FEATURE_INTERNAL_CPUID_ARRAY == 16 &&
		       GLIBC_SIZEOF_CPUID_FEATURE_INTERNAL_ACTIVE_ARRAY == 16,
	       "four registers per leaf");

enum { EAX, EBX, ECX, EDX };

/* A feature: the features[] slot of its leaf, the register, the bit. */
#define FEATURE(index, reg, bit) ((GLIBC_CPUID_INDEX_##index) << 7 | (reg) << 5 | (bit))

enum feature {
	/* leaf 1 */
	F_SSE3 = FEATURE(1, ECX, 0), F_PCLMULQDQ = FEATURE(1, ECX, 1),
	F_SSSE3 = FEATURE(1, ECX, 9), F_FMA = FEATURE(1, ECX, 12),
	F_CMPXCHG16B = FEATURE(1, ECX, 13), F_SSE4_1 = FEATURE(1, ECX, 19),
	F_SSE4_2 = FEATURE(1, ECX, 20), F_MOVBE = FEATURE(1, ECX, 22),
	F_POPCNT = FEATURE(1, ECX, 23), F_AES = FEATURE(1, ECX, 25),
	F_XSAVE = FEATURE(1, ECX, 26), F_OSXSAVE = FEATURE(1, ECX, 27),
	F_AVX = FEATURE(1, ECX, 28), F_F16C = FEATURE(1, ECX, 29),
	F_RDRAND = FEATURE(1, ECX, 30),
	F_FPU = FEATURE(1, EDX, 0), F_TSC = FEATURE(1, EDX, 4), F_CX8 = FEATURE(1, EDX, 8),
	F_CMOV = FEATURE(1, EDX, 15), F_CLFSH = FEATURE(1, EDX, 19),
	F_MMX = FEATURE(1, EDX, 23), F_FXSR = FEATURE(1, EDX, 24), F_SSE = FEATURE(1, EDX, 25),
	F_SSE2 = FEATURE(1, EDX, 26), F_HTT = FEATURE(1, EDX, 28),
	/* leaf 7, subleaf 0 */
	F_BMI1 = FEATURE(7, EBX, 3), F_HLE = FEATURE(7, EBX, 4), F_AVX2 = FEATURE(7, EBX, 5),
	F_BMI2 = FEATURE(7, EBX, 8), F_ERMS = FEATURE(7, EBX, 9), F_RTM = FEATURE(7, EBX, 11),
	F_AVX512F = FEATURE(7, EBX, 16), F_AVX512DQ = FEATURE(7, EBX, 17),
	F_RDSEED = FEATURE(7, EBX, 18), F_ADX = FEATURE(7, EBX, 19),
	F_AVX512_IFMA = FEATURE(7, EBX, 21), F_CLFLUSHOPT = FEATURE(7, EBX, 23),
	F_CLWB = FEATURE(7, EBX, 24), F_AVX512PF = FEATURE(7, EBX, 26),
	F_AVX512ER = FEATURE(7, EBX, 27), F_AVX512CD = FEATURE(7, EBX, 28),
	F_SHA = FEATURE(7, EBX, 29), F_AVX512BW = FEATURE(7, EBX, 30),
	F_AVX512VL = FEATURE(7, EBX, 31),
	F_PREFETCHWT1 = FEATURE(7, ECX, 0), F_AVX512_VBMI = FEATURE(7, ECX, 1),
	F_PKU = FEATURE(7, ECX, 3), F_OSPKE = FEATURE(7, ECX, 4),
	F_WAITPKG = FEATURE(7, ECX, 5), F_AVX512_VBMI2 = FEATURE(7, ECX, 6),
	F_GFNI = FEATURE(7, ECX, 8), F_VAES = FEATURE(7, ECX, 9),
	F_VPCLMULQDQ = FEATURE(7, ECX, 10), F_AVX512_VNNI = FEATURE(7, ECX, 11),
	F_AVX512_BITALG = FEATURE(7, ECX, 12), F_AVX512_VPOPCNTDQ = FEATURE(7, ECX, 14),
	F_SHSTK = FEATURE(7, ECX, 7), F_RDPID = FEATURE(7, ECX, 22), F_KL = FEATURE(7, ECX, 23),
	F_CLDEMOTE = FEATURE(7, ECX, 25), F_MOVDIRI = FEATURE(7, ECX, 27),
	F_MOVDIR64B = FEATURE(7, ECX, 28),
	F_AVX512_4VNNIW = FEATURE(7, EDX, 2), F_AVX512_4FMAPS = FEATURE(7, EDX, 3),
	F_FSRM = FEATURE(7, EDX, 4), F_AVX512_VP2INTERSECT = FEATURE(7, EDX, 8),
	F_RTM_ALWAYS_ABORT = FEATURE(7, EDX, 11), F_SERIALIZE = FEATURE(7, EDX, 14),
	F_TSXLDTRK = FEATURE(7, EDX, 16), F_IBT = FEATURE(7, EDX, 20), F_AMX_BF16 = FEATURE(7, EDX, 22),
	F_AVX512_FP16 = FEATURE(7, EDX, 23), F_AMX_TILE = FEATURE(7, EDX, 24),
	F_AMX_INT8 = FEATURE(7, EDX, 25),
	/* leaf 0x80000001 */
	F_LAHF64_SAHF64 = FEATURE(80000001, ECX, 0), F_LZCNT = FEATURE(80000001, ECX, 5),
	F_SSE4A = FEATURE(80000001, ECX, 6), F_PREFETCHW = FEATURE(80000001, ECX, 8),
	F_XOP = FEATURE(80000001, ECX, 11), F_FMA4 = FEATURE(80000001, ECX, 16),
	F_TBM = FEATURE(80000001, ECX, 21), F_RDTSCP = FEATURE(80000001, EDX, 27),
	/* leaf 0xd, subleaf 1 */
	F_XSAVEOPT = FEATURE(D_ECX_1, EAX, 0), F_XSAVEC = FEATURE(D_ECX_1, EAX, 1),
	F_XGETBV_ECX_1 = FEATURE(D_ECX_1, EAX, 2), F_XFD = FEATURE(D_ECX_1, EAX, 4),
	/* leaf 0x80000008 */
	F_WBNOINVD = FEATURE(80000008, EBX, 9),
	/* leaf 7, subleaf 1 */
	F_AVX_VNNI = FEATURE(7_ECX_1, EAX, 4), F_AVX512_BF16 = FEATURE(7_ECX_1, EAX, 5),
	F_FZLRM = FEATURE(7_ECX_1, EAX, 10), F_FSRS = FEATURE(7_ECX_1, EAX, 11),
	F_FSRCS = FEATURE(7_ECX_1, EAX, 12),
	/* leaf 0x19 */
	F_AESKLE = FEATURE(19, EBX, 0), F_WIDE_KL = FEATURE(19, EBX, 2),
	/* leaf 0x14, subleaf 0 */
	F_PTWRITE = FEATURE(14_ECX_0, EBX, 4),
};

/* The register words of features[index]: what CPUID said, and what
 * glibc may use ("active", CPU_FEATURE_ACTIVE in <sys/platform/x86.h>). */
static inline uint32_t *cpu_cpuid_word(char *cf, unsigned index)
{
	return (uint32_t *)(cf + GLIBC_OFF_CPU_FEATURES_FEATURES +
			    index * GLIBC_SIZEOF_CPUID_FEATURE_INTERNAL +
			    GLIBC_OFF_CPUID_FEATURE_INTERNAL_CPUID_ARRAY);
}

static inline uint32_t *cpu_active_word(char *cf, unsigned index)
{
	return (uint32_t *)(cf + GLIBC_OFF_CPU_FEATURES_FEATURES +
			    index * GLIBC_SIZEOF_CPUID_FEATURE_INTERNAL +
			    GLIBC_OFF_CPUID_FEATURE_INTERNAL_ACTIVE_ARRAY);
}

/* CPUID reports it (CPU_FEATURE_PRESENT). */
static inline bool cpu_has(char *cf, enum feature f)
{
	return cpu_cpuid_word(cf, f >> 7)[(f >> 5) & 3] & (1u << (f & 31));
}

/* glibc may use it (CPU_FEATURE_ACTIVE). */
static inline bool cpu_usable(char *cf, enum feature f)
{
	return cpu_active_word(cf, f >> 7)[(f >> 5) & 3] & (1u << (f & 31));
}

/* Active if CPUID reports it: for features that need nothing from the
 * operating system. */
static inline void cpu_activate(char *cf, enum feature f)
{
	uint32_t bit = 1u << (f & 31);
	cpu_active_word(cf, f >> 7)[(f >> 5) & 3] |= cpu_cpuid_word(cf, f >> 7)[(f >> 5) & 3] & bit;
}

/* Active whatever CPUID says (the caller has checked what matters). */
static inline void cpu_force(char *cf, enum feature f)
{
	cpu_active_word(cf, f >> 7)[(f >> 5) & 3] |= 1u << (f & 31);
}

static inline void cpu_disable(char *cf, enum feature f)
{
	cpu_active_word(cf, f >> 7)[(f >> 5) & 3] &= ~(1u << (f & 31));
}

/* preferred[0], with flags named by GLIBC_PREFERRED_* bit numbers. */
#define PREF(name) (1u << GLIBC_PREFERRED_##name)

static inline uint32_t *cpu_preferred(char *cf)
{
	return &FIELD(cf, GLIBC_OFF_CPU_FEATURES_PREFERRED, uint32_t);
}

static inline bool cpu_prefers(char *cf, uint32_t pref)
{
	return (*cpu_preferred(cf) & pref) != 0;
}

#define BASIC(cf, member, type) FIELD(cf, GLIBC_OFF_CPU_FEATURES_BASIC_##member, type)

/* cpu_usable.c: the ISA levels the active words give
 * (GNU_PROPERTY_X86_ISA_1_*), as glibc's get_isa_level computes them. */
uint32_t glibc_isa_level(char *cf);

/* cpu_usable.c: the active words from CPUID and XCR0, the XSAVE state
 * sizes and isa_1 (glibc's update_active). */
void cpu_update_active(char *cf);
/* Clears what cannot be used without XSAVE, after the hwcaps tunable. */
void cpu_check_xsave(char *cf);

/* cpu_vendor.c: the per-vendor and per-model adjustments. */
void cpu_intel_quirks(char *cf);
void cpu_amd_quirks(char *cf);
void cpu_zhaoxin_quirks(char *cf);

/* cacheinfo.c: the cache sizes and the string functions' thresholds. */
void cpu_init_cacheinfo(char *cf);

/* cache_leaf.c: what CPUID says about one cache parameter, as glibc's
 * handle_intel, handle_zhaoxin and handle_amd answer it.  name is the
 * offset from _SC_LEVEL1_ICACHE_SIZE of glibc's _SC_LEVEL* constant. */
enum cache_param {
	L1I_SIZE, L1I_ASSOC, L1I_LINESIZE, L1D_SIZE, L1D_ASSOC, L1D_LINESIZE,
	L2_SIZE, L2_ASSOC, L2_LINESIZE, L3_SIZE, L3_ASSOC, L3_LINESIZE,
	L4_SIZE, L4_ASSOC, L4_LINESIZE,
};
long cache_intel(char *cf, enum cache_param name);
long cache_zhaoxin(enum cache_param name);
long cache_amd(enum cache_param name);

/* cpu_tunables.c: where glibc applies its glibc.cpu.* tunables. */
struct cache_thresholds {
	long data, shared;
	unsigned long non_temporal, rep_movsb, rep_stosb;
	unsigned long non_temporal_min, non_temporal_max, rep_movsb_min;
};
void cpu_tune_thresholds(struct cache_thresholds *t);
void cpu_tune_hwcaps(char *cf);

#endif
