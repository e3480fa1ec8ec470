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
#include "cpu-print.h"

static uint64_t rd(const char *base, size_t off, size_t size)
{
	uint64_t v = 0;
	memcpy(&v, base + off, size);	/* little-endian */
	return v;
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

static void out(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
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

	glibc_cpu_print(cf, out);
	return 0;
}
