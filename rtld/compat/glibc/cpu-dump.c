/* cpu-dump: print the struct cpu_features of the dynamic linker this
 * program runs under, and the GLRO fields glibc derives from it, in the
 * format of `ld.so --list-diagnostics` (the x86.cpu_features.* lines and
 * dl_hwcap, dl_hwcap2, dl_platform).  Under glibc's ld.so its output is
 * those lines of ld.so's own diagnostics; under rtld it must be the same
 * bytes (tests/glibc/cpu_features.py compares them).
 *
 * `cpu-dump isa LIB...` prints cpu_features->isa_1, then whether the
 * dynamic linker lets each LIB (marked as needing an x86-64 ISA level) be
 * dlopen'd: under rtld, the level of the glibc personality's block and the
 * one rtld's own check computes (rtld/arch/x86_64/cpu.c) must agree.
 *
 * `cpu-dump tunables` prints instead the glibc.cpu.* tunables as libc
 * reads them (__tunable_get_val), in the format of `ld.so --list-tunables`
 * without the bounds, then the names of those whose callback would run
 * (the ones set by the environment or by ld.so's write-back of the cache
 * thresholds).
 *
 * An ordinary glibc program: the block is found through
 * _dl_x86_get_cpu_features and the tunables through __tunable_get_val
 * (GLIBC_PRIVATE, exported by ld.so and rtld), and read with the offsets,
 * ids and types of glibc_layout.h. */
#include <dlfcn.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "glibc_layout.h"

static uint64_t rd(const char *base, size_t off, size_t size)
{
	uint64_t v = 0;
	memcpy(&v, base + off, size);	/* little-endian */
	return v;
}

/* A signed member (basic.max_cpuid) prints as glibc's uint64_t parameter
 * gets it: sign-extended. */
static uint64_t rd_signed(const char *base, size_t off)
{
	int32_t v;
	memcpy(&v, base + off, sizeof v);
	return (uint64_t)(int64_t)v;
}

#define GET(base, t, m) rd(base, GLIBC_OFF_##t##_##m, GLIBC_SIZEOF_##t##_##m)

static void value(const char *label, uint64_t v)
{
	printf("x86.cpu_features.%s=0x%" PRIx64 "\n", label, v);
}

static void string(const char *label, const char *s)
{
	printf("%s=", label);
	if (!s) {
		printf("0x0\n");
		return;
	}
	putchar('"');
	for (; *s; s++) {
		char c = *s;
		if (c < ' ' || c > '~')
			printf("\\%c%c%c", '0' + ((c >> 6) & 7), '0' + ((c >> 6) & 7), '0' + (c & 7));
		else
			printf(c == '\\' || c == '"' ? "\\%c" : "%c", c);
	}
	printf("\"\n");
}

static int called;

static void callback(void *val)
{
	(void)val;
	called = 1;
}

static int tunables(void)
{
	void (*get_val)(int, void *, void (*)(void *)) =
		(void (*)(int, void *, void (*)(void *)))dlsym(RTLD_DEFAULT, "__tunable_get_val");
	if (!get_val) {
		fprintf(stderr, "cpu-dump: __tunable_get_val not found\n");
		return 2;
	}
	static const struct {
		int id, type;
		const char *name;
	} list[] = {
#define T(id, name, type, min, max, def, sec, alias) { id, type, name },
		GLIBC_TUNABLE_LIST(T)
#undef T
	};
	int set[sizeof list / sizeof list[0]] = { 0 };
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
		if (strncmp(list[i].name, "glibc.cpu.", 10) != 0)
			continue;
		union {
			int32_t i32;
			uint64_t u64;
			size_t size;
			const char *str;
		} v;
		called = 0;
		get_val(list[i].id, &v, callback);
		set[i] = called;
		switch (list[i].type) {
		case GLIBC_TUNABLE_TYPE_INT_32: printf("%s: %d\n", list[i].name, v.i32); break;
		case GLIBC_TUNABLE_TYPE_UINT_64: printf("%s: 0x%" PRIx64 "\n", list[i].name, v.u64); break;
		case GLIBC_TUNABLE_TYPE_SIZE_T: printf("%s: 0x%zx\n", list[i].name, v.size); break;
		default:
			if (v.str)
				printf("%s: %s\n", list[i].name, v.str);
			else
				printf("%s:\n", list[i].name);
		}
	}
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (set[i])
			printf("set: %s\n", list[i].name);
	return 0;
}

static int isa(int n, char **libs, const char *cf)
{
	value("isa_1", GET(cf, CPU_FEATURES, ISA_1));
	for (int i = 0; i < n; i++) {
		void *h = dlopen(libs[i], RTLD_NOW);
		printf("dlopen %s: %s\n", libs[i], h ? "ok" : dlerror());
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "tunables") == 0)
		return tunables();
	const char *(*get)(void) = (const char *(*)(void))dlsym(RTLD_DEFAULT,
								"_dl_x86_get_cpu_features");
	if (!get) {
		fprintf(stderr, "cpu-dump: _dl_x86_get_cpu_features not found\n");
		return 2;
	}
	const char *cf = get();
	if (argc > 1 && strcmp(argv[1], "isa") == 0)
		return isa(argc - 2, argv + 2, cf);
	const char *ro = cf - GLIBC_OFF_GLRO_DL_X86_CPU_FEATURES;

	printf("dl_hwcap=0x%" PRIx64 "\n", GET(ro, GLRO, DL_HWCAP));
	printf("dl_hwcap2=0x%" PRIx64 "\n", GET(ro, GLRO, DL_HWCAP2));
	const char *platform;
	memcpy(&platform, ro + GLIBC_OFF_GLRO_DL_PLATFORM, sizeof platform);
	string("dl_platform", platform);

	value("basic.kind", GET(cf, CPU_FEATURES, BASIC_KIND));
	value("basic.max_cpuid", rd_signed(cf, GLIBC_OFF_CPU_FEATURES_BASIC_MAX_CPUID));
	value("basic.family", GET(cf, CPU_FEATURES, BASIC_FAMILY));
	value("basic.model", GET(cf, CPU_FEATURES, BASIC_MODEL));
	value("basic.stepping", GET(cf, CPU_FEATURES, BASIC_STEPPING));
	for (unsigned i = 0; i < GLIBC_CPU_FEATURES_FEATURES_COUNT; i++) {
		const char *f = cf + GLIBC_OFF_CPU_FEATURES_FEATURES + i * GLIBC_SIZEOF_CPUID_FEATURE_INTERNAL;
		static const struct {
			const char *name;
			unsigned off;
		} words[] = { { "cpuid", GLIBC_OFF_CPUID_FEATURE_INTERNAL_CPUID_ARRAY },
			      { "active", GLIBC_OFF_CPUID_FEATURE_INTERNAL_ACTIVE_ARRAY } };
		for (unsigned w = 0; w < 2; w++)
			for (unsigned reg = 0; reg < 4; reg++)
				printf("x86.cpu_features.features[0x%x].%s[0x%x]=0x%" PRIx64 "\n", i,
				       words[w].name, reg, rd(f, words[w].off + 4 * reg, 4));
	}
	/* In glibc's order (cpu-features-preferred_feature_index_1.def). */
	static const struct {
		const char *name;
		unsigned bit;
	} prefs[] = {
#define P(name, NAME) { #name, GLIBC_PREFERRED_##NAME }
		P(Fast_Rep_String, FAST_REP_STRING), P(Fast_Copy_Backward, FAST_COPY_BACKWARD),
		P(Slow_BSF, SLOW_BSF), P(Fast_Unaligned_Load, FAST_UNALIGNED_LOAD),
		P(Prefer_PMINUB_for_stringop, PREFER_PMINUB_FOR_STRINGOP),
		P(Fast_Unaligned_Copy, FAST_UNALIGNED_COPY), P(I586, I586), P(I686, I686),
		P(Slow_SSE4_2, SLOW_SSE4_2), P(AVX_Fast_Unaligned_Load, AVX_FAST_UNALIGNED_LOAD),
		P(Prefer_No_VZEROUPPER, PREFER_NO_VZEROUPPER), P(Prefer_ERMS, PREFER_ERMS),
		P(Prefer_No_AVX512, PREFER_NO_AVX512),
		P(MathVec_Prefer_No_AVX512, MATHVEC_PREFER_NO_AVX512), P(Prefer_FSRM, PREFER_FSRM),
		P(Avoid_Short_Distance_REP_MOVSB, AVOID_SHORT_DISTANCE_REP_MOVSB),
#undef P
	};
	uint64_t preferred = GET(cf, CPU_FEATURES, PREFERRED);
	for (size_t i = 0; i < sizeof prefs / sizeof prefs[0]; i++)
		printf("x86.cpu_features.preferred.%s=0x%x\n", prefs[i].name,
		       (unsigned)(preferred >> prefs[i].bit) & 1);

#define V(label, NAME) value(label, GET(cf, CPU_FEATURES, NAME))
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
		       "a cpu_features member after level4_cache_size");
	return 0;
}
