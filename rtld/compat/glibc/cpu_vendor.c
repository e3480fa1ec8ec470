/* The per-vendor and per-model rules of glibc 2.36's init_cpu_features:
 * which string and memory implementations to prefer (preferred[]), and
 * the features glibc turns off on processors where they are broken or
 * slow.  They run after the active words are computed. */
#include "cpu.h"

/* Core i3/i5/i7 and later big cores: rep string instructions, unaligned
 * loads and copies, and PMINUB are fast. */
#define PREF_CORE (PREF(FAST_REP_STRING) | PREF(FAST_UNALIGNED_LOAD) | \
		   PREF(FAST_UNALIGNED_COPY) | PREF(PREFER_PMINUB_FOR_STRINGOP))
/* Silvermont-class Atoms: the same but rep strings, and SSE4.2 is slow. */
#define PREF_SILVERMONT (PREF(FAST_UNALIGNED_LOAD) | PREF(FAST_UNALIGNED_COPY) | \
			 PREF(PREFER_PMINUB_FOR_STRINGOP) | PREF(SLOW_SSE4_2))

static uint32_t intel_model_prefs(char *cf, unsigned model)
{
	switch (model) {
	case 0x1c: case 0x26:				/* Atom: BSF is slow */
		return PREF(SLOW_BSF);
	case 0x57:					/* Knights Landing */
	case 0x7a: case 0x5c: case 0x5f:		/* Goldmont (Plus) */
	case 0x4c: case 0x5a: case 0x75:		/* Airmont */
	case 0x37: case 0x4a: case 0x4d: case 0x5d:	/* Silvermont */
		return PREF_SILVERMONT;
	case 0x86: case 0x96: case 0x9c:		/* Tremont */
		return PREF_SILVERMONT | PREF(FAST_REP_STRING);
	case 0x1a: case 0x1e: case 0x1f: case 0x25:	/* Nehalem, Westmere */
	case 0x2c: case 0x2e: case 0x2f:
		return PREF_CORE;
	default:
		/* An unknown model is taken for a Core if it has AVX. */
		return cpu_has(cf, F_AVX) ? PREF_CORE : 0;
	}
}

/* TSX (HLE, RTM) is turned off where microcode may have left it broken,
 * in case the kernel did not get the microcode update that disables it. */
static void intel_tsx(char *cf, unsigned model, unsigned stepping)
{
	bool all_off = false, rtm_off = false;
	switch (model) {
	case 0x55:					/* Skylake-SP/Cascade Lake */
		all_off = stepping <= 5;
		break;
	case 0x8e: case 0x9e:				/* Kaby/Coffee/Whiskey Lake */
		all_off = stepping <= 0xc;
		break;
	case 0x4e: case 0x5e:				/* Skylake client */
		all_off = true;
		break;
	case 0x3f:					/* Haswell-E/EP/EX */
		rtm_off = stepping < 4;			/* E7 v3 stepping 4+ is fine */
		break;
	case 0x3c: case 0x45: case 0x46:		/* Haswell client */
		rtm_off = true;
		break;
	}
	if (all_off) {
		cpu_disable(cf, F_HLE);
		cpu_disable(cf, F_RTM);
		cpu_force(cf, F_RTM_ALWAYS_ABORT);
	}
	if (rtm_off)
		cpu_disable(cf, F_RTM);
}

void cpu_intel_quirks(char *cf)
{
	uint32_t *pref = cpu_preferred(cf);
	if (BASIC(cf, FAMILY, uint32_t) == 6) {
		unsigned model = BASIC(cf, MODEL, uint32_t);
		*pref |= intel_model_prefs(cf, model);
		intel_tsx(cf, model, BASIC(cf, STEPPING, uint32_t));
	}
	if (cpu_has(cf, F_AVX512ER)) {
		/* Xeon Phi: AVX512ER exists only there. */
		*pref |= PREF(PREFER_NO_VZEROUPPER);
	} else {
		/* 512-bit instructions lower the clock, except on processors
		 * that also have AVX-VNNI. */
		if (!cpu_has(cf, F_AVX_VNNI))
			*pref |= PREF(PREFER_NO_AVX512);
		/* VZEROUPPER aborts an RTM transaction. */
		if (cpu_usable(cf, F_RTM))
			*pref |= PREF(PREFER_NO_VZEROUPPER);
	}
	if (cpu_has(cf, F_FSRM))
		*pref |= PREF(AVOID_SHORT_DISTANCE_REP_MOVSB);
}

void cpu_amd_quirks(char *cf)
{
	/* FMA4 is in leaf 0x80000001 and needs AVX. */
	if (cpu_usable(cf, F_AVX))
		cpu_activate(cf, F_FMA4);
	unsigned model = BASIC(cf, MODEL, uint32_t);
	if (BASIC(cf, FAMILY, uint32_t) == 0x15 && model >= 0x60 && model <= 0x7f) {
		/* Excavator: unaligned 256-bit AVX loads are slow. */
		*cpu_preferred(cf) |= PREF(FAST_UNALIGNED_LOAD) | PREF(FAST_COPY_BACKWARD);
		*cpu_preferred(cf) &= ~PREF(AVX_FAST_UNALIGNED_LOAD);
	}
}

void cpu_zhaoxin_quirks(char *cf)
{
	unsigned family = BASIC(cf, FAMILY, uint32_t), model = BASIC(cf, MODEL, uint32_t);
	bool no_avx = false, slow_sse42 = false;
	if (family == 6 && (model == 0xf || model == 0x19))
		no_avx = slow_sse42 = true;
	else if (family == 7 && model == 0x1b)
		no_avx = slow_sse42 = true;
	else if (family == 7 && model == 0x3b)
		no_avx = true;
	if (no_avx) {
		cpu_disable(cf, F_AVX);
		cpu_disable(cf, F_AVX2);
		*cpu_preferred(cf) &= ~PREF(AVX_FAST_UNALIGNED_LOAD);
	}
	if (slow_sse42)
		*cpu_preferred(cf) |= PREF(SLOW_SSE4_2);
}
