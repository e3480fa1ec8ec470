/* The cache fields of cpu_features, as glibc 2.36's dl_init_cacheinfo
 * computes them: the level1..level4 sizes sysconf(_SC_LEVEL*) reports,
 * and the sizes and thresholds memcpy, memmove and memset steer by
 * (data_cache_size, shared_cache_size, non_temporal_threshold,
 * rep_movsb_threshold, rep_movsb_stop_threshold, rep_stosb_threshold).
 * libc's memmove loops on non_temporal_threshold: it must not be 0. */
#include "cpu.h"

/* What the highest cache level gives each thread sharing it. */
struct shared_cache {
	long shared;		/* the shared cache (L3, or L2 when there is none) */
	long per_thread;	/* its share per thread */
	unsigned threads;	/* how many threads share it */
};

static int top_bit(int x)
{
	return 31 - __builtin_clz((unsigned)x);
}

/* Leaf 4: how many logical processors (as addressable ids) share L2 and
 * L3, and whether L3 includes L2.  Returns false where Intel's leaf 4
 * ends before both were seen.  (Elsewhere glibc would look forever for a
 * level that is not there; rtld stops after 256 subleaves.) */
static bool cache_sharing(char *cf, bool l3_too, int *l2, int *l3, bool *inclusive)
{
	bool intel = BASIC(cf, KIND, uint32_t) == GLIBC_ARCH_KIND_INTEL;
	unsigned check = 1 | (l3_too ? 2 : 0);
	for (uint32_t i = 0; check && i < 256; i++) {
		uint32_t r[4];
		rtld_cpuid(4, i, r);
		/* Some Pentium D stop before listing every cache. */
		if (intel && (r[EAX] & 0x1f) == 0)
			return false;
		unsigned level = (r[EAX] >> 5) & 7;
		if (level == 2 && (check & 1)) {
			*l2 = (r[EAX] >> 14) & 0x3ff;
			check &= ~1u;
		} else if (level == 3 && (check & 2)) {
			*l3 = (r[EAX] >> 14) & 0x3ff;
			*inclusive = (r[EDX] & 2) != 0;
			check &= ~2u;
		}
	}
	return true;
}

/* Leaf 0xb (topology) turns the addressable-id counts of leaf 4 into
 * thread counts: threads per core for L2 (counted only when there is an
 * L3), cores for the shared level. */
static void count_threads(int level, int *l2, int *l3)
{
	unsigned count = (*l2 > 0 && level == 3) | (*l3 > 0 || (*l2 > 0 && level == 2)) << 1;
	for (uint32_t i = 0; count; i++) {
		uint32_t r[4];
		rtld_cpuid(0xb, i, r);
		int shipped = r[EBX] & 0xff;
		unsigned type = r[ECX] & 0xff00;
		if (shipped == 0 || type == 0)
			break;
		if (type == 0x100 && (count & 1)) {		/* SMT */
			*l2 = (shipped - 1) & (int)((2u << top_bit(*l2)) - 1);
			count &= ~1u;
		} else if (type == 0x200 && (count & 2)) {	/* core */
			int *t = level == 2 ? l2 : l3;
			*t = (shipped - 1) & (int)((2u << top_bit(*t)) - 1);
			count &= ~2u;
		}
	}
}

/* glibc's get_common_cache_info (Intel and Zhaoxin). */
static void common_cache_info(char *cf, struct shared_cache *s, long core)
{
	unsigned family = BASIC(cf, FAMILY, uint32_t), model = BASIC(cf, MODEL, uint32_t);
	bool intel = BASIC(cf, KIND, uint32_t) == GLIBC_ARCH_KIND_INTEL;
	int max_cpuid = BASIC(cf, MAX_CPUID, int), level = 3, l2 = 0, l3 = 0;
	bool inclusive = true;
	/* Zhaoxin family 6 has no usable topology leaf. */
	bool count_mask = !(BASIC(cf, KIND, uint32_t) == GLIBC_ARCH_KIND_ZHAOXIN && family == 6);

	if (s->shared <= 0) {	/* no L3: share L2 */
		level = 2;
		s->shared = s->per_thread = core;
		l3 = -1;
	}
	if (cpu_has(cf, F_HTT)) {	/* more than one logical processor */
		bool listed = false;
		if (max_cpuid >= 4 && (listed = cache_sharing(cf, l3 == 0, &l2, &l3, &inclusive))) {
			if (max_cpuid >= 11 && count_mask)
				count_threads(level, &l2, &l3);
			if (l2 > 0)
				l2++;
			if (l3 > 0)
				l3++;
			if (level == 2) {
				if (l2) {
					s->threads = l2;
					/* Silvermont shares L2 between two cores. */
					if (intel && s->threads > 2 && family == 6 &&
					    (model == 0x37 || model == 0x4a || model == 0x4d ||
					     model == 0x5a || model == 0x5d))
						s->threads = 2;
				}
			} else if (l3) {
				s->threads = l3;
			}
		}
		if (!listed)	/* assume every logical processor shares it */
			s->threads = (cpu_cpuid_word(cf, GLIBC_CPUID_INDEX_1)[EBX] >> 16) & 0xff;
		if (s->per_thread > 0 && s->threads > 0)
			s->per_thread /= s->threads;
	}
	if (!inclusive) {	/* L3 holds lines L2 does not: count both */
		s->per_thread += l2 > 0 ? core / l2 : core;
		s->shared += core;
	}
}

/* glibc's AMD rules: L3 is shared by the threads of a core complex. */
static void amd_shared(char *cf, struct shared_cache *s, long core)
{
	uint32_t r[4];
	unsigned family = BASIC(cf, FAMILY, uint32_t);
	rtld_cpuid(0x80000000, 0, r);
	if (s->shared <= 0) {
		s->shared = s->per_thread = core;
		return;
	}
	if (r[EAX] >= 0x80000008) {
		rtld_cpuid(0x80000008, 0, r);
		s->threads = 1u << ((r[ECX] >> 12) & 0xf);	/* APIC id width */
	}
	if (s->threads == 0 || family >= 0x17) {
		rtld_cpuid(1, 0, r);
		if (r[EDX] & (1u << 28))
			s->threads = (r[EBX] >> 16) & 0xff;
	}
	if (s->threads > 0)
		s->per_thread /= s->threads;
	if (family >= 0x17) {	/* Zen: the threads of one CCX share it */
		rtld_cpuid(0x8000001d, 3, r);
		s->per_thread *= ((r[EAX] >> 14) & 0xfff) + 1;
	} else {		/* older: L2 and L3 are exclusive */
		s->shared += core;
		s->per_thread += core;
	}
}

#define LEVEL(name) GLIBC_OFF_CPU_FEATURES_##name

void cpu_init_cacheinfo(char *cf)
{
	static const struct {
		enum cache_param param;
		unsigned off;
	} levels[] = {
		{ L1I_SIZE, LEVEL(LEVEL1_ICACHE_SIZE) }, { L1I_LINESIZE, LEVEL(LEVEL1_ICACHE_LINESIZE) },
		{ L1D_SIZE, LEVEL(LEVEL1_DCACHE_SIZE) }, { L1D_ASSOC, LEVEL(LEVEL1_DCACHE_ASSOC) },
		{ L1D_LINESIZE, LEVEL(LEVEL1_DCACHE_LINESIZE) }, { L2_SIZE, LEVEL(LEVEL2_CACHE_SIZE) },
		{ L2_ASSOC, LEVEL(LEVEL2_CACHE_ASSOC) }, { L2_LINESIZE, LEVEL(LEVEL2_CACHE_LINESIZE) },
		{ L3_SIZE, LEVEL(LEVEL3_CACHE_SIZE) }, { L3_ASSOC, LEVEL(LEVEL3_CACHE_ASSOC) },
		{ L3_LINESIZE, LEVEL(LEVEL3_CACHE_LINESIZE) }, { L4_SIZE, LEVEL(LEVEL4_CACHE_SIZE) },
	};
	unsigned kind = BASIC(cf, KIND, uint32_t);
	long v[sizeof levels / sizeof levels[0]];
	/* Unknown vendors, and L4 outside Intel, stay at -1. */
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		enum cache_param p = levels[i].param;
		v[i] = kind == GLIBC_ARCH_KIND_INTEL ? cache_intel(cf, p)
		     : p == L4_SIZE ? -1
		     : kind == GLIBC_ARCH_KIND_ZHAOXIN ? cache_zhaoxin(p)
		     : kind == GLIBC_ARCH_KIND_AMD ? cache_amd(p) : -1;
		FIELD(cf, levels[i].off, uint64_t) = (uint64_t)v[i];
	}
	long data = v[2], core = v[5];
	struct shared_cache s = { v[8], v[8], 0 };
	if (kind == GLIBC_ARCH_KIND_INTEL || kind == GLIBC_ARCH_KIND_ZHAOXIN)
		common_cache_info(cf, &s, core);
	else if (kind == GLIBC_ARCH_KIND_AMD)
		amd_shared(cf, &s, core);

	struct cache_thresholds t = { .data = data, .shared = s.shared };
	/* Non-temporal stores beyond a quarter of the shared cache, but not
	 * below 3/4 of a thread's share (a smaller figure means the cache
	 * information is wrong); without ERMS, at that share. */
	unsigned long low = (unsigned long)(s.per_thread * 3 / 4);
	t.non_temporal = (unsigned long)(s.shared / 4);
	if (t.non_temporal < low || !cpu_usable(cf, F_ERMS))
		t.non_temporal = low;
	/* memmove shifts it right by 4, and memset's large loop needs
	 * 0x4040 bytes. */
	t.non_temporal_min = 0x4040;
	t.non_temporal_max = ~0ul >> 4;
	if (t.non_temporal < t.non_temporal_min)
		t.non_temporal = t.non_temporal_min;
	else if (t.non_temporal > t.non_temporal_max)
		t.non_temporal = t.non_temporal_max;
	/* rep movsb from 4096 bytes per 16 of vector (2048 for SSE2),
	 * 2112 with fast short rep movsb. */
	if (cpu_usable(cf, F_AVX512F) && !cpu_prefers(cf, PREF(PREFER_NO_AVX512)))
		t.rep_movsb = 4096 * (64 / 16), t.rep_movsb_min = 64 * 8;
	else if (cpu_prefers(cf, PREF(AVX_FAST_UNALIGNED_LOAD)))
		t.rep_movsb = 4096 * (32 / 16), t.rep_movsb_min = 32 * 8;
	else
		t.rep_movsb = 2048, t.rep_movsb_min = 16 * 8;
	if (cpu_usable(cf, F_FSRM))
		t.rep_movsb = 2112;
	t.rep_stosb = 2048;

	cpu_tune_thresholds(&t);

	FIELD(cf, LEVEL(DATA_CACHE_SIZE), uint64_t) = (uint64_t)t.data;
	FIELD(cf, LEVEL(SHARED_CACHE_SIZE), uint64_t) = (uint64_t)t.shared;
	FIELD(cf, LEVEL(NON_TEMPORAL_THRESHOLD), uint64_t) = t.non_temporal;
	FIELD(cf, LEVEL(REP_MOVSB_THRESHOLD), uint64_t) = t.rep_movsb;
	FIELD(cf, LEVEL(REP_STOSB_THRESHOLD), uint64_t) = t.rep_stosb;
	/* AMD's rep movsb is slow beyond L2 (Zen 3); elsewhere it runs up
	 * to the non-temporal threshold. */
	FIELD(cf, LEVEL(REP_MOVSB_STOP_THRESHOLD), uint64_t) =
		kind == GLIBC_ARCH_KIND_AMD ? (uint64_t)core : t.non_temporal;
}
