/* Which of the features CPUID reports glibc may use (the "active" words),
 * the XSAVE state sizes and the x86-64 ISA level, as glibc 2.36's
 * update_active decides them.  A feature whose registers the kernel must
 * save (AVX, AVX-512, AMX) is usable only when XCR0 says the kernel
 * enabled that state. */
#include "cpu.h"

/* XCR0 state components. */
#define XSTATE_SSE (1u << 1)
#define XSTATE_AVX (1u << 2)
#define XSTATE_OPMASK (1u << 5)
#define XSTATE_ZMM_HI256 (1u << 6)
#define XSTATE_HI16_ZMM (1u << 7)
#define XSTATE_TILECFG (1u << 17)
#define XSTATE_TILEDATA (1u << 18)

/* glibc's _dl_runtime_resolve saves the XSAVE area plus 64 bytes of
 * integer registers, and saves the components of STATE_SAVE_MASK: SSE,
 * AVX, MPX bound registers, AVX-512 (sysdeps/x86/sysdep.h; macros, so
 * not in the debug info). */
#define STATE_SAVE_OFFSET 64
#define STATE_SAVE_MASK ((1u << 1) | (1u << 2) | (1u << 3) | (1u << 5) | (1u << 6) | (1u << 7))

#define ALIGN64(x) (((x) + 63) & ~63u)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void activate_all(char *cf, const enum feature *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cpu_activate(cf, f[i]);
}

/* Usable as soon as CPUID reports them. */
static const enum feature plain[] = {
	F_SSE3, F_PCLMULQDQ, F_SSSE3, F_CMPXCHG16B, F_SSE4_1, F_SSE4_2, F_MOVBE, F_POPCNT,
	F_AES, F_OSXSAVE, F_TSC, F_CX8, F_CMOV, F_CLFSH, F_MMX, F_FXSR, F_SSE, F_SSE2, F_HTT,
	F_BMI1, F_HLE, F_BMI2, F_ERMS, F_RDSEED, F_ADX, F_CLFLUSHOPT, F_CLWB, F_SHA,
	F_PREFETCHWT1, F_OSPKE, F_WAITPKG, F_GFNI, F_RDPID, F_RDRAND, F_CLDEMOTE, F_MOVDIRI,
	F_MOVDIR64B, F_FSRM, F_RTM_ALWAYS_ABORT, F_SERIALIZE, F_TSXLDTRK, F_LAHF64_SAHF64,
	F_LZCNT, F_SSE4A, F_PREFETCHW, F_TBM, F_RDTSCP, F_WBNOINVD, F_FZLRM, F_FSRS, F_FSRCS,
	F_PTWRITE,
};

/* Usable when AVX is (besides AVX2, which has its own rule). */
static const enum feature with_avx[] = {
	F_AVX_VNNI, F_FMA, F_VAES, F_VPCLMULQDQ, F_XOP, F_F16C,
};

/* Usable when AVX512F is. */
static const enum feature with_avx512[] = {
	F_AVX512CD, F_AVX512ER, F_AVX512PF, F_AVX512VL, F_AVX512DQ, F_AVX512BW,
	F_AVX512_4FMAPS, F_AVX512_4VNNIW, F_AVX512_BITALG, F_AVX512_IFMA, F_AVX512_VBMI,
	F_AVX512_VBMI2, F_AVX512_VNNI, F_AVX512_VPOPCNTDQ, F_AVX512_VP2INTERSECT,
	F_AVX512_BF16, F_AVX512_FP16,
};

static const enum feature with_amx[] = { F_AMX_BF16, F_AMX_TILE, F_AMX_INT8 };

static const enum feature with_osxsave[] = { F_XSAVEOPT, F_XSAVEC, F_XGETBV_ECX_1, F_XFD };

/* Everything that needs state saved by XSAVE (cleared by cpu_check_xsave). */
static const enum feature need_xsave[] = {
	F_AVX, F_AVX2, F_AVX_VNNI, F_FMA, F_VAES, F_VPCLMULQDQ, F_XOP, F_F16C, F_AVX512F,
	F_AVX512CD, F_AVX512ER, F_AVX512PF, F_AVX512VL, F_AVX512DQ, F_AVX512BW,
	F_AVX512_4FMAPS, F_AVX512_4VNNIW, F_AVX512_BITALG, F_AVX512_IFMA, F_AVX512_VBMI,
	F_AVX512_VBMI2, F_AVX512_VNNI, F_AVX512_VPOPCNTDQ, F_AVX512_VP2INTERSECT,
	F_AVX512_BF16, F_AVX512_FP16, F_AMX_BF16, F_AMX_TILE, F_AMX_INT8, F_FMA4,
};

static void vector_state(char *cf, uint32_t xcr0)
{
	if ((xcr0 & (XSTATE_SSE | XSTATE_AVX)) == (XSTATE_SSE | XSTATE_AVX)) {
		if (cpu_has(cf, F_AVX)) {
			cpu_force(cf, F_AVX);
			if (cpu_has(cf, F_AVX2)) {
				cpu_force(cf, F_AVX2);
				/* 256-bit unaligned loads are fast wherever AVX2 is. */
				*cpu_preferred(cf) |= PREF(AVX_FAST_UNALIGNED_LOAD);
			}
			activate_all(cf, with_avx, COUNT(with_avx));
		}
		uint32_t zmm = XSTATE_OPMASK | XSTATE_ZMM_HI256 | XSTATE_HI16_ZMM;
		if ((xcr0 & zmm) == zmm && cpu_has(cf, F_AVX512F)) {
			cpu_force(cf, F_AVX512F);
			activate_all(cf, with_avx512, COUNT(with_avx512));
		}
	}
	if ((xcr0 & (XSTATE_TILECFG | XSTATE_TILEDATA)) == (XSTATE_TILECFG | XSTATE_TILEDATA))
		activate_all(cf, with_amx, COUNT(with_amx));
}

/* The bytes _dl_runtime_resolve would need: the standard XSAVE area for
 * XCR0, and, with XSAVEC, the compacted area of the STATE_SAVE_MASK
 * components (each after the previous one, 64-aligned when CPUID says
 * so).  A component the processor does not support reads as zeros from
 * CPUID (Intel SDM, leaf 0xd: sub-leaf n is invalid when bit n is clear
 * in sub-leaf 0's EAX and sub-leaf 1's ECX), so those are not asked. */
static void xsave_sizes(char *cf)
{
	uint32_t r[4];
	if (BASIC(cf, MAX_CPUID, int) < 0xd)
		return;
	rtld_cpuid(0xd, 0, r);
	if (r[1] == 0)
		return;
	uint32_t full = ALIGN64(r[1] + STATE_SAVE_OFFSET);
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_XSAVE_STATE_SIZE, uint64_t) = full;
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_XSAVE_STATE_FULL_SIZE, uint32_t) = full;
	if (!cpu_has(cf, F_XSAVEC))
		return;
	uint32_t supported = r[0] | cpu_cpuid_word(cf, GLIBC_CPUID_INDEX_D_ECX_1)[ECX];
	/* Components 0 and 1 (x87, SSE) take the 512-byte legacy area and
	 * the 64-byte header; AVX (2) starts at 576. */
	uint32_t offset = 576, size = 0;
	for (unsigned i = 2; i < 32; i++) {
		uint32_t c[4] = { 0, 0, 0, 0 };
		if ((STATE_SAVE_MASK & (1u << i)) && (supported & (1u << i)))
			rtld_cpuid(0xd, i, c);
		if (i > 2) {
			offset += size;
			if (c[ECX] & 2)
				offset = ALIGN64(offset);
		}
		size = c[EAX];
	}
	if (offset + size) {
		FIELD(cf, GLIBC_OFF_CPU_FEATURES_XSAVE_STATE_SIZE, uint64_t) =
			ALIGN64(offset + size + STATE_SAVE_OFFSET);
		cpu_force(cf, F_XSAVEC);
	}
}

/* GNU_PROPERTY_X86_ISA_1_*: baseline, x86-64-v2, v3, v4, each needing
 * the one before. */
uint32_t glibc_isa_level(char *cf)
{
	static const enum feature baseline[] = { F_CMOV, F_CX8, F_FXSR, F_MMX, F_SSE, F_SSE2 };
	static const enum feature v2[] = { F_CMPXCHG16B, F_LAHF64_SAHF64, F_POPCNT, F_SSE3,
					   F_SSSE3, F_SSE4_1, F_SSE4_2 };
	static const enum feature v3[] = { F_AVX, F_AVX2, F_BMI1, F_BMI2, F_F16C, F_FMA,
					   F_LZCNT, F_MOVBE };
	static const enum feature v4[] = { F_AVX512F, F_AVX512BW, F_AVX512CD, F_AVX512DQ,
					   F_AVX512VL };
	static const struct {
		const enum feature *f;
		size_t n;
		uint32_t bit;
	} levels[] = {
		{ baseline, COUNT(baseline), GNU_PROPERTY_X86_ISA_1_BASELINE },
		{ v2, COUNT(v2), GNU_PROPERTY_X86_ISA_1_V2 },
		{ v3, COUNT(v3), GNU_PROPERTY_X86_ISA_1_V3 },
		{ v4, COUNT(v4), GNU_PROPERTY_X86_ISA_1_V4 },
	};
	uint32_t isa = 0;
	/* The x87 FPU counts when CPUID reports it: it needs no activation. */
	if (!cpu_has(cf, F_FPU))
		return 0;
	for (size_t l = 0; l < COUNT(levels); l++) {
		for (size_t i = 0; i < levels[l].n; i++)
			if (!cpu_usable(cf, levels[l].f[i]))
				return isa;
		isa |= levels[l].bit;
	}
	return isa;
}

void cpu_update_active(char *cf)
{
	activate_all(cf, plain, COUNT(plain));
	if (!cpu_has(cf, F_RTM_ALWAYS_ABORT))
		cpu_activate(cf, F_RTM);
	/* IBT and SHSTK stay inactive: Debian's glibc 2.36 is built without
	 * CET support (its ld.so has no CET code), so it never sets them. */
	if (cpu_has(cf, F_OSXSAVE)) {
		uint32_t lo, hi;
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		vector_state(cf, lo);
		cpu_force(cf, F_XSAVE);
		activate_all(cf, with_osxsave, COUNT(with_osxsave));
		xsave_sizes(cf);
	}
	if (cpu_has(cf, F_OSPKE))
		cpu_force(cf, F_PKU);
	if (cpu_has(cf, F_AESKLE)) {
		cpu_force(cf, F_AESKLE);
		cpu_activate(cf, F_KL);
		cpu_activate(cf, F_WIDE_KL);
	}
	FIELD(cf, GLIBC_OFF_CPU_FEATURES_ISA_1, uint32_t) = glibc_isa_level(cf);
}

/* glibc runs this after the glibc.cpu.hwcaps tunable, which may have
 * turned XSAVE or XSAVEC off: what needs them goes too. */
void cpu_check_xsave(char *cf)
{
	bool off = false;
	if (!cpu_usable(cf, F_OSXSAVE)) {
		cpu_disable(cf, F_XSAVE);
		for (size_t i = 0; i < COUNT(with_osxsave); i++)
			cpu_disable(cf, with_osxsave[i]);
		off = true;
	}
	if (off || (!cpu_usable(cf, F_XSAVE) && !cpu_usable(cf, F_XSAVEC))) {
		FIELD(cf, GLIBC_OFF_CPU_FEATURES_XSAVE_STATE_SIZE, uint64_t) = 0;
		for (size_t i = 0; i < COUNT(need_xsave); i++)
			cpu_disable(cf, need_xsave[i]);
	}
}
