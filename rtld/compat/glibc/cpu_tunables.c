/* Where glibc 2.36's ld.so applies the glibc.cpu.* tunables to
 * cpu_features.  rtld does not read GLIBC_TUNABLES yet, so both hooks
 * leave glibc's defaults, which is what ld.so does when the variable is
 * unset.  Whoever implements tunables fills them in; the order of the
 * calls in cpu.c and cacheinfo.c is already glibc's. */
#include "cpu.h"

/* Called with the computed sizes and thresholds, before
 * rep_movsb_stop_threshold is derived from non_temporal.  glibc:
 *   glibc.cpu.x86_data_cache_size, x86_shared_cache_size: a non-zero
 *     value replaces data, shared;
 *   glibc.cpu.x86_non_temporal_threshold: taken when
 *     non_temporal_min < value <= non_temporal_max;
 *   glibc.cpu.x86_rep_movsb_threshold: taken when > rep_movsb_min;
 *   glibc.cpu.x86_rep_stosb_threshold: always taken (its default is 2048).
 * Then glibc writes the final values back into those five tunables, with
 * the bounds [0, SIZE_MAX], [0, SIZE_MAX], [non_temporal_min,
 * non_temporal_max], [rep_movsb_min, SIZE_MAX] and [1, SIZE_MAX], so that
 * __tunable_get_val reports what is in use. */
void cpu_tune_thresholds(struct cache_thresholds *t)
{
	(void)t;
}

/* Called after the cache fields, before cpu_check_xsave.  glibc:
 * glibc.cpu.hwcaps=-AVX2,-XSAVEC,Prefer_No_AVX512,... clears active bits
 * of the named features (only those glibc lists as disableable) and sets
 * or clears the named preferred[] flags. */
void cpu_tune_hwcaps(char *cf)
{
	(void)cf;
}
