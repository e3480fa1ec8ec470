/* The glibc.cpu.* tunables, applied to cpu_features where glibc 2.36's
 * ld.so applies them (cacheinfo.c and cpu.c call these hooks at glibc's
 * points).  The cache thresholds are applied; glibc.cpu.hwcaps is not
 * yet. */
#include "cpu.h"
#include "tunables.h"

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

/* Called after the cache fields, before cpu_check_xsave.  glibc:
 * glibc.cpu.hwcaps=-AVX2,-XSAVEC,Prefer_No_AVX512,... clears active bits
 * of the named features (only those glibc lists as disableable) and sets
 * or clears the named preferred[] flags. */
void cpu_tune_hwcaps(char *cf)
{
	(void)cf;
}
