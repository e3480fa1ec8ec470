/* The glibc.cpu.* tunables, applied to cpu_features where glibc 2.36's
 * ld.so applies them (cacheinfo.c and cpu.c call these hooks at glibc's
 * points), so that a program run with GLIBC_TUNABLES sees the same
 * features, preferences, thresholds and tunable values under rtld.
 *
 * Of the others: glibc.cpu.x86_ibt and x86_shstk are in this build's
 * table but never read, since Debian's glibc 2.36 is built without CET;
 * glibc.cpu.hwcap_mask only filters the legacy hwcap subdirectories and
 * ld.so.cache entries, which rtld does not search (ldcache.c). */
#include "cpu.h"
#include "tunables.h"
#include "util.h"

#define TUNABLE(name) GLIBC_TUNABLE_ID_GLIBC_CPU_##name

/* Called with the computed sizes and thresholds, before
 * rep_movsb_stop_threshold is derived from non_temporal, as in glibc's
 * dl_init_cacheinfo:
 *   x86_data_cache_size, x86_shared_cache_size: taken unless 0 (their
 *     default: "not given");
 *   x86_non_temporal_threshold: taken when non_temporal_min < value <=
 *     non_temporal_max (the bounds memset and memmove need);
 *   x86_rep_movsb_threshold: taken above rep_movsb_min (8 vectors);
 *   x86_rep_stosb_threshold: always (its default is the computed 2048,
 *     and its lower bound 1 already refused 0 when it was read).
 * The values in use are then written back into the five tunables, with
 * the bounds [0, SIZE_MAX], [0, SIZE_MAX], [non_temporal_min,
 * non_temporal_max], [rep_movsb_min, SIZE_MAX] and [1, SIZE_MAX]: libc's
 * __tunable_get_val then reports them, and as set (callbacks run). */
void cpu_tune_thresholds(struct cache_thresholds *t)
{
	int64_t data = glibc_tunable_num(TUNABLE(X86_DATA_CACHE_SIZE));
	int64_t shared = glibc_tunable_num(TUNABLE(X86_SHARED_CACHE_SIZE));
	uint64_t nt = (uint64_t)glibc_tunable_num(TUNABLE(X86_NON_TEMPORAL_THRESHOLD));
	uint64_t movsb = (uint64_t)glibc_tunable_num(TUNABLE(X86_REP_MOVSB_THRESHOLD));
	if (data != 0)
		t->data = data;
	if (shared != 0)
		t->shared = shared;
	if (nt > t->non_temporal_min && nt <= t->non_temporal_max)
		t->non_temporal = nt;
	if (movsb > t->rep_movsb_min)
		t->rep_movsb = movsb;
	t->rep_stosb = (uint64_t)glibc_tunable_num(TUNABLE(X86_REP_STOSB_THRESHOLD));

	const int64_t zero = 0, one = 1, size_max = -1;	/* compared unsigned */
	const int64_t nt_min = (int64_t)t->non_temporal_min, nt_max = (int64_t)t->non_temporal_max;
	const int64_t movsb_min = (int64_t)t->rep_movsb_min;
	glibc_tunable_set(TUNABLE(X86_DATA_CACHE_SIZE), t->data, &zero, &size_max);
	glibc_tunable_set(TUNABLE(X86_SHARED_CACHE_SIZE), t->shared, &zero, &size_max);
	glibc_tunable_set(TUNABLE(X86_NON_TEMPORAL_THRESHOLD), (int64_t)t->non_temporal, &nt_min,
			  &nt_max);
	glibc_tunable_set(TUNABLE(X86_REP_MOVSB_THRESHOLD), (int64_t)t->rep_movsb, &movsb_min, &size_max);
	glibc_tunable_set(TUNABLE(X86_REP_STOSB_THRESHOLD), (int64_t)t->rep_stosb, &one, &size_max);
}

/* glibc.cpu.hwcaps: the names glibc 2.36 accepts, each spelt as in its
 * cpu-features.h and matched whole and case-sensitively.  A CPU feature
 * can only be turned off ("-AVX2" clears its active bit); a preferred[]
 * flag is cleared by "-Name" and set by "Name", some only when the
 * feature they are about is usable at that point of the list. */
enum hw_kind {
	HW_CPU_OFF,	/* -NAME clears the active bit of a feature */
	HW_XSAVEC_OFF,	/* the same, and the state size falls back to XSAVE's */
	HW_PREF_OFF,	/* -Name clears a preferred flag; Name does nothing */
	HW_PREF,	/* -Name clears it, Name sets it */
	HW_PREF_NEED,	/* -Name clears it, Name sets it if need is usable */
};

struct hw_name {
	char name[27];		/* stored, not pointed to: no relocations */
	unsigned char kind;	/* enum hw_kind */
	unsigned short what;	/* enum feature, or GLIBC_PREFERRED_* bit */
	unsigned short need;	/* enum feature, for HW_PREF_NEED */
};

#define CPU(x) { #x, HW_CPU_OFF, F_##x, 0 }
#define PREF_OFF(x, X) { #x, HW_PREF_OFF, GLIBC_PREFERRED_##X, 0 }
#define PREF_ON(x, X) { #x, HW_PREF, GLIBC_PREFERRED_##X, 0 }
#define PREF_NEED(x, X, need) { #x, HW_PREF_NEED, GLIBC_PREFERRED_##X, F_##need }

static const struct hw_name hw_names[] = {
	CPU(AVX), CPU(CX8), CPU(FMA), CPU(HTT), CPU(IBT), CPU(RTM),
	CPU(AVX2), CPU(BMI1), CPU(BMI2), CPU(CMOV), CPU(ERMS), CPU(FMA4), CPU(SSE2),
	CPU(LZCNT), CPU(MOVBE), CPU(SHSTK), CPU(SSSE3), CPU(XSAVE),
	CPU(POPCNT), CPU(SSE4_1), CPU(SSE4_2), { "XSAVEC", HW_XSAVEC_OFF, F_XSAVEC, 0 },
	CPU(AVX512F), CPU(OSXSAVE),
	CPU(AVX512CD), CPU(AVX512BW), CPU(AVX512DQ), CPU(AVX512ER), CPU(AVX512PF), CPU(AVX512VL),
	PREF_OFF(I586, I586), PREF_OFF(I686, I686),
	PREF_ON(Slow_BSF, SLOW_BSF), PREF_ON(Prefer_ERMS, PREFER_ERMS),
	PREF_ON(Prefer_FSRM, PREFER_FSRM), PREF_ON(Fast_Rep_String, FAST_REP_STRING),
	PREF_ON(Fast_Copy_Backward, FAST_COPY_BACKWARD),
	PREF_ON(Fast_Unaligned_Load, FAST_UNALIGNED_LOAD),
	PREF_ON(Fast_Unaligned_Copy, FAST_UNALIGNED_COPY),
	PREF_NEED(Slow_SSE4_2, SLOW_SSE4_2, SSE4_2),
	PREF_NEED(Prefer_No_AVX512, PREFER_NO_AVX512, AVX512F),
	PREF_NEED(Prefer_No_VZEROUPPER, PREFER_NO_VZEROUPPER, AVX),
	PREF_NEED(AVX_Fast_Unaligned_Load, AVX_FAST_UNALIGNED_LOAD, AVX),
	PREF_NEED(MathVec_Prefer_No_AVX512, MATHVEC_PREFER_NO_AVX512, AVX512F),
	PREF_NEED(Prefer_PMINUB_for_stringop, PREFER_PMINUB_FOR_STRINGOP, SSE2),
};

static void hw_apply(char *cf, const char *item, size_t len)
{
	bool off = len > 0 && item[0] == '-';
	if (off)
		item++, len--;
	const struct hw_name *h = 0;
	for (size_t i = 0; i < sizeof hw_names / sizeof hw_names[0] && !h; i++)
		if (r_strnlen(hw_names[i].name, sizeof hw_names[i].name) == len &&
		    r_memcmp(hw_names[i].name, item, len) == 0)
			h = &hw_names[i];
	if (!h)
		return;
	uint32_t bit = h->kind == HW_CPU_OFF || h->kind == HW_XSAVEC_OFF ? 0 : 1u << h->what;
	switch (h->kind) {
	case HW_XSAVEC_OFF:
		if (off)
			FIELD(cf, GLIBC_OFF_CPU_FEATURES_XSAVE_STATE_SIZE, uint64_t) =
				FIELD(cf, GLIBC_OFF_CPU_FEATURES_XSAVE_STATE_FULL_SIZE, uint32_t);
		/* fall through */
	case HW_CPU_OFF:
		if (off)
			cpu_disable(cf, (enum feature)h->what);
		break;
	case HW_PREF_OFF:
		if (off)
			*cpu_preferred(cf) &= ~bit;
		break;
	case HW_PREF:
	case HW_PREF_NEED:
		if (off)
			*cpu_preferred(cf) &= ~bit;
		else if (h->kind == HW_PREF || cpu_usable(cf, (enum feature)h->need))
			*cpu_preferred(cf) |= bit;
		break;
	}
}

/* Called after the cache fields, before cpu_check_xsave (which then turns
 * off what needs a disabled XSAVE), in the order of the list.
 *
 * glibc steps from each item to the one after its terminator, the last
 * one's too, and stops only on an empty item: so after the value it goes
 * on through the memory that follows it, the rest of the original
 * GLIBC_TUNABLES text (its tunables split at each ':' that ended a value
 * read) and the environment strings after it, up to the first empty
 * string.  An item there that is a feature name counts ("FOO=x,-ERMS"
 * turns ERMS off).  The value points into the process's original
 * environment, as in ld.so, so the same walk reads the same bytes. */
void cpu_tune_hwcaps(char *cf)
{
	if (!glibc_tunable_is_set(TUNABLE(HWCAPS)))
		return;
	const char *p = glibc_tunable_str(TUNABLE(HWCAPS));
	do {
		size_t len = 0;
		while (p[len] && p[len] != ',')
			len++;
		hw_apply(cf, p, len);
		p += len + 1;
	} while (*p);
}
