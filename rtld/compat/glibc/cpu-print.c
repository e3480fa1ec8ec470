/* The x86.cpu_features.* lines of `ld.so --list-diagnostics`, in glibc's
 * order and words, read from the block with glibc_layout.h's offsets.
 * Free of libc, so that rtld can use it: lines are formatted here. */
#include <stdint.h>

#include "cpu-print.h"
#include "glibc_layout.h"

struct line {
	char buf[128];
	size_t n;
};

static void put(struct line *l, const char *s)
{
	while (*s && l->n < sizeof l->buf - 1)
		l->buf[l->n++] = *s++;
}

static void put_hex(struct line *l, uint64_t v)
{
	char digits[17];
	int k = 16;
	digits[16] = 0;
	do {
		digits[--k] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	put(l, "0x");
	put(l, digits + k);
}

static void end(struct line *l, cpu_print_out out)
{
	l->buf[l->n++] = '\n';
	out(l->buf, l->n);
	l->n = 0;
}

static uint64_t field(const char *cf, size_t off, size_t size)
{
	uint64_t v = 0;
	__builtin_memcpy(&v, cf + off, size);	/* little-endian */
	return v;
}

/* x86.cpu_features.LABEL=VALUE */
static void value(cpu_print_out out, const char *label, uint64_t v)
{
	struct line l = { .n = 0 };
	put(&l, "x86.cpu_features.");
	put(&l, label);
	put(&l, "=");
	put_hex(&l, v);
	end(&l, out);
}

/* features[i].cpuid[reg] and .active[reg], i over the CPUID leaves. */
static void features(const char *cf, cpu_print_out out)
{
	static const char *const kind[2] = { "cpuid", "active" };
	const unsigned off[2] = { GLIBC_OFF_CPUID_FEATURE_INTERNAL_CPUID_ARRAY,
				  GLIBC_OFF_CPUID_FEATURE_INTERNAL_ACTIVE_ARRAY };
	static const char *const small[16] = { "0", "1", "2", "3", "4", "5", "6", "7",
					       "8", "9", "a", "b", "c", "d", "e", "f" };
	for (unsigned i = 0; i < GLIBC_CPU_FEATURES_FEATURES_COUNT; i++) {
		const char *f = cf + GLIBC_OFF_CPU_FEATURES_FEATURES +
				i * GLIBC_SIZEOF_CPUID_FEATURE_INTERNAL;
		for (unsigned w = 0; w < 2; w++)
			for (unsigned reg = 0; reg < 4; reg++) {
				struct line l = { .n = 0 };
				put(&l, "x86.cpu_features.features[");
				put_hex(&l, i);
				put(&l, "].");
				put(&l, kind[w]);
				put(&l, "[0x");
				put(&l, small[reg]);
				put(&l, "]=");
				put_hex(&l, field(f, off[w] + 4 * reg, 4));
				end(&l, out);
			}
	}
}

/* The preferred[] flags, by name, in glibc's order
 * (cpu-features-preferred_feature_index_1.def). */
static void preferred(const char *cf, cpu_print_out out)
{
	static const struct {
		const char *name;
		unsigned bit;
	} flags[] = {
		{ "Fast_Rep_String", GLIBC_PREFERRED_FAST_REP_STRING },
		{ "Fast_Copy_Backward", GLIBC_PREFERRED_FAST_COPY_BACKWARD },
		{ "Slow_BSF", GLIBC_PREFERRED_SLOW_BSF },
		{ "Fast_Unaligned_Load", GLIBC_PREFERRED_FAST_UNALIGNED_LOAD },
		{ "Prefer_PMINUB_for_stringop", GLIBC_PREFERRED_PREFER_PMINUB_FOR_STRINGOP },
		{ "Fast_Unaligned_Copy", GLIBC_PREFERRED_FAST_UNALIGNED_COPY },
		{ "I586", GLIBC_PREFERRED_I586 },
		{ "I686", GLIBC_PREFERRED_I686 },
		{ "Slow_SSE4_2", GLIBC_PREFERRED_SLOW_SSE4_2 },
		{ "AVX_Fast_Unaligned_Load", GLIBC_PREFERRED_AVX_FAST_UNALIGNED_LOAD },
		{ "Prefer_No_VZEROUPPER", GLIBC_PREFERRED_PREFER_NO_VZEROUPPER },
		{ "Prefer_ERMS", GLIBC_PREFERRED_PREFER_ERMS },
		{ "Prefer_No_AVX512", GLIBC_PREFERRED_PREFER_NO_AVX512 },
		{ "MathVec_Prefer_No_AVX512", GLIBC_PREFERRED_MATHVEC_PREFER_NO_AVX512 },
		{ "Prefer_FSRM", GLIBC_PREFERRED_PREFER_FSRM },
		{ "Avoid_Short_Distance_REP_MOVSB", GLIBC_PREFERRED_AVOID_SHORT_DISTANCE_REP_MOVSB },
	};
	uint64_t word = field(cf, GLIBC_OFF_CPU_FEATURES_PREFERRED, GLIBC_SIZEOF_CPU_FEATURES_PREFERRED);
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		struct line l = { .n = 0 };
		put(&l, "x86.cpu_features.preferred.");
		put(&l, flags[i].name);
		put(&l, "=");
		put_hex(&l, (word >> flags[i].bit) & 1);
		end(&l, out);
	}
}

void glibc_cpu_print(const char *cf, cpu_print_out out)
{
#define V(label, NAME) \
	value(out, label, field(cf, GLIBC_OFF_CPU_FEATURES_##NAME, GLIBC_SIZEOF_CPU_FEATURES_##NAME))
	V("basic.kind", BASIC_KIND);
	/* Signed in glibc, printed through a uint64_t parameter. */
	value(out, "basic.max_cpuid",
	      (uint64_t)(int64_t)(int32_t)field(cf, GLIBC_OFF_CPU_FEATURES_BASIC_MAX_CPUID, 4));
	V("basic.family", BASIC_FAMILY);
	V("basic.model", BASIC_MODEL);
	V("basic.stepping", BASIC_STEPPING);
	features(cf, out);
	preferred(cf, out);
	V("isa_1", ISA_1);
	V("xsave_state_size", XSAVE_STATE_SIZE);
	V("xsave_state_full_size", XSAVE_STATE_FULL_SIZE);
	V("data_cache_size", DATA_CACHE_SIZE);
	V("shared_cache_size", SHARED_CACHE_SIZE);
	V("non_temporal_threshold", NON_TEMPORAL_THRESHOLD);
	V("rep_movsb_threshold", REP_MOVSB_THRESHOLD);
	V("rep_movsb_stop_threshold", REP_MOVSB_STOP_THRESHOLD);
	V("rep_stosb_threshold", REP_STOSB_THRESHOLD);
	V("level1_icache_size", LEVEL1_ICACHE_SIZE);
	V("level1_icache_linesize", LEVEL1_ICACHE_LINESIZE);
	V("level1_dcache_size", LEVEL1_DCACHE_SIZE);
	V("level1_dcache_assoc", LEVEL1_DCACHE_ASSOC);
	V("level1_dcache_linesize", LEVEL1_DCACHE_LINESIZE);
	V("level2_cache_size", LEVEL2_CACHE_SIZE);
	V("level2_cache_assoc", LEVEL2_CACHE_ASSOC);
	V("level2_cache_linesize", LEVEL2_CACHE_LINESIZE);
	V("level3_cache_size", LEVEL3_CACHE_SIZE);
	V("level3_cache_assoc", LEVEL3_CACHE_ASSOC);
	V("level3_cache_linesize", LEVEL3_CACHE_LINESIZE);
	V("level4_cache_size", LEVEL4_CACHE_SIZE);
#undef V
	/* Every member up to the end of the struct was printed. */
	_Static_assert(GLIBC_OFF_CPU_FEATURES_LEVEL4_CACHE_SIZE + 8 == GLIBC_SIZEOF_CPU_FEATURES,
		       "a cpu_features member is missing");
}
