/* tun_strtoul, tun_update, tun_parse and tun_read_env against glibc 2.36's
 * tunable rules (elf/dl-tunables.c, elf/dl-misc.c), on a small table of
 * tunables shaped like glibc's.  The secure-mode rewrites include the
 * inputs and results of glibc's own elf/tst-env-setuid-tunables.c. */
#include "testutil.h"
#include "tunparse.h"

#include <stdlib.h>
#include <string.h>

enum { CHECK, PERTURB, MMAP_THRESHOLD, TCACHE_COUNT, HWCAPS, HWCAP_MASK, NNS, OPEN, NTAB };

static const struct tunable template[NTAB] = {
	[CHECK] = { "glibc.malloc.check", "MALLOC_CHECK_", TUN_INT_32, TUN_SXID_ERASE, 0, 0, 3, { 0 } },
	[PERTURB] = { "glibc.malloc.perturb", "MALLOC_PERTURB_", TUN_INT_32, TUN_SXID_IGNORE, 0, 0, 255,
		      { 0 } },
	[MMAP_THRESHOLD] = { "glibc.malloc.mmap_threshold", "MALLOC_MMAP_THRESHOLD_", TUN_SIZE_T,
			     TUN_SXID_IGNORE, 0, 0, -1, { 0 } },
	[TCACHE_COUNT] = { "glibc.malloc.tcache_count", "", TUN_SIZE_T, TUN_SXID_ERASE, 0, 0, -1, { 0 } },
	[HWCAPS] = { "glibc.cpu.hwcaps", "", TUN_STRING, TUN_SXID_ERASE, 0, 0, 0, { 0 } },
	[HWCAP_MASK] = { "glibc.cpu.hwcap_mask", "LD_HWCAP_MASK", TUN_UINT_64, TUN_SXID_ERASE, 0, 0, -1,
			 { 6 } },
	[NNS] = { "glibc.rtld.nns", "", TUN_SIZE_T, TUN_SXID_ERASE, 0, 1, 16, { 4 } },
	/* read in secure mode too (glibc.malloc.check with /etc/suid-debug) */
	[OPEN] = { "test.open.level", "TEST_OPEN_", TUN_INT_32, TUN_NONE, 0, 0, 100, { 0 } },
};

static struct tunable tab[NTAB];

/* The filter of the template's aliases. */
static const struct tun_filter filter = {
	TUN_FILTER_FIRST("MALLOC_CHECK_") | TUN_FILTER_FIRST("MALLOC_PERTURB_") |
		TUN_FILTER_FIRST("MALLOC_MMAP_THRESHOLD_") | TUN_FILTER_FIRST("LD_HWCAP_MASK") |
		TUN_FILTER_FIRST("TEST_OPEN_"),
	TUN_FILTER_LAST("MALLOC_CHECK_") | TUN_FILTER_LAST("MALLOC_PERTURB_") |
		TUN_FILTER_LAST("MALLOC_MMAP_THRESHOLD_") | TUN_FILTER_LAST("LD_HWCAP_MASK") |
		TUN_FILTER_LAST("TEST_OPEN_"),
	TUN_FILTER_LEN("MALLOC_CHECK_") | TUN_FILTER_LEN("MALLOC_PERTURB_") |
		TUN_FILTER_LEN("MALLOC_MMAP_THRESHOLD_") | TUN_FILTER_LEN("LD_HWCAP_MASK") |
		TUN_FILTER_LEN("TEST_OPEN_"),
};

static void reset(void)
{
	memcpy(tab, template, sizeof tab);
}

START_TEST(strtoul_like_glibc)
{
	static const struct {
		const char *s;
		uint64_t want;
	} c[] = {
		{ "", 0 }, { "x", 0 }, { "12", 12 }, { " \t12", 12 }, { "+7", 7 }, { "-1", UINT64_MAX },
		{ "-5", (uint64_t)-5 }, { "0x1F", 31 }, { "0X1f", 31 }, { "0x", 0 }, { "0xg", 0 },
		{ "017", 15 }, { "08", 0 }, { "0", 0 }, { "12abc", 12 }, { "1:2", 1 }, { "1=2", 1 },
		{ "- 1", 0 }, { " -0x10", (uint64_t)-16 },
		{ "18446744073709551605", 18446744073709551605u },
		/* glibc's overflow test gives up a little early, and without
		 * applying the sign */
		{ "18446744073709551606", UINT64_MAX }, { "18446744073709551614", UINT64_MAX },
		{ "99999999999999999999", UINT64_MAX },
		{ "-99999999999999999999", UINT64_MAX }, { "0xffffffffffffffff", UINT64_MAX },
		{ "0xfffffffffffffffe", UINT64_MAX },
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++)
		ck_assert_msg(tun_strtoul(c[i].s) == c[i].want, "'%s' -> %llu, want %llu", c[i].s,
			      (unsigned long long)tun_strtoul(c[i].s), (unsigned long long)c[i].want);
}
END_TEST

static bool set_num(int id, int64_t v)
{
	return tun_update(&tab[id], (union tun_val){ .num = v }, NULL, NULL);
}

START_TEST(update_checks_bounds)
{
	reset();
	ck_assert(!set_num(PERTURB, 256));
	ck_assert(!set_num(PERTURB, -1));	/* INT_32 compares signed */
	ck_assert(!tab[PERTURB].set);
	ck_assert(set_num(PERTURB, 255));
	ck_assert(!set_num(PERTURB, 300));	/* keeps the last good value */
	ck_assert(tab[PERTURB].set && tab[PERTURB].val.num == 255);
	ck_assert(set_num(MMAP_THRESHOLD, -1));	/* SIZE_T compares unsigned */
	ck_assert(!set_num(NNS, 0));
	ck_assert(!set_num(NNS, -1));
	ck_assert(set_num(NNS, 16));

	/* TUNABLE_SET_WITH_BOUNDS: bounds narrow, never widen, and
	 * inconsistent ones are ignored. */
	int64_t lo = 2, hi = 8, wide = 100, zero = 0;
	ck_assert(tun_update(&tab[NNS], (union tun_val){ .num = 5 }, &lo, &hi));
	ck_assert(tab[NNS].min == 2 && tab[NNS].max == 8);
	ck_assert(!tun_update(&tab[NNS], (union tun_val){ .num = 9 }, &zero, &wide));
	ck_assert(tun_update(&tab[NNS], (union tun_val){ .num = 3 }, &hi, &lo));
	ck_assert(tab[NNS].min == 2 && tab[NNS].max == 8 && tab[NNS].val.num == 3);
}
END_TEST

/* Parses one GLIBC_TUNABLES value as the environment has it: returns the
 * rewritten copy; *orig gets the original after parsing. */
static char orig_buf[256];

static const char *parse(const char *value, bool secure)
{
	static char copy[256];
	strcpy(copy, value);
	memset(orig_buf, 'X', sizeof orig_buf);
	strcpy(orig_buf, value);
	tun_parse(tab, NTAB, copy, orig_buf, secure);
	return copy;
}

START_TEST(parse_reads_pairs)
{
	reset();
	const char *in = "glibc.malloc.perturb=0x42:junk:glibc.nope=1:glibc.malloc.mmap_threshold=4096"
			 ":=3::glibc.cpu.hwcaps=-AVX2,x:glibc.malloc.check=9";
	ck_assert_str_eq(parse(in, false), in);	/* the copy is left alone */
	ck_assert(tab[PERTURB].set && tab[PERTURB].val.num == 0x42);
	ck_assert(tab[MMAP_THRESHOLD].set && tab[MMAP_THRESHOLD].val.num == 4096);
	ck_assert(!tab[CHECK].set);	/* 9 is out of range */
	/* each value read is terminated in the original, where a string
	 * tunable keeps pointing */
	ck_assert_str_eq(tab[HWCAPS].val.str, "-AVX2,x");
	ck_assert_ptr_eq(tab[HWCAPS].val.str, orig_buf + strlen(in) - strlen("-AVX2,x:glibc.malloc.check=9"));
	ck_assert_str_eq(orig_buf, "glibc.malloc.perturb=0x42");
	ck_assert(memcmp(orig_buf + 25, "\0junk:", 6) == 0);
	ck_assert_int_eq(orig_buf[strlen(in)], 0);
	ck_assert_int_eq(orig_buf[strlen(in) + 1], 'X');
}
END_TEST

START_TEST(parse_odd_input)
{
	reset();
	parse("glibc.malloc.perturb=3=4", false);	/* a value may contain '=' */
	ck_assert(tab[PERTURB].val.num == 3);
	parse("glibc.malloc.perturb=7:glibc.malloc.perturb=", false);	/* empty: 0 */
	ck_assert(tab[PERTURB].set && tab[PERTURB].val.num == 0);
	reset();
	parse("glibc.malloc.perturb", false);		/* no '=': nothing */
	parse("glibc.malloc.perturb:glibc.rtld.nns=2", false);
	parse("", false);
	parse(":::", false);
	ck_assert(!tab[PERTURB].set && tab[NNS].val.num == 2);
	/* the parse ends with a name that has no value */
	parse("glibc.rtld.nns=3:glibc.malloc.check:glibc.malloc.perturb=1:tail", false);
	ck_assert(tab[NNS].val.num == 3 && tab[PERTURB].val.num == 1);
	/* a value runs to ':', so a second name inside it is part of it */
	reset();
	parse("glibc.malloc.mmap_threshold=glibc.malloc.mmap_threshold=4096", false);
	ck_assert(tab[MMAP_THRESHOLD].set && tab[MMAP_THRESHOLD].val.num == 0);
}
END_TEST

START_TEST(parse_secure_rewrites)
{
	static const struct {
		const char *in, *out;
	} c[] = {
		/* elf/tst-env-setuid-tunables.c */
		{ "glibc.malloc.check=2:glibc.malloc.check=2", "" },
		{ "glibc.malloc.check=2:glibc.malloc.check=2:glibc.malloc.mmap_threshold=4096",
		  "glibc.malloc.mmap_threshold=4096" },
		{ "glibc.malloc.check=2:glibc.malloc.mmap_threshold=4096",
		  "glibc.malloc.mmap_threshold=4096" },
		{ "glibc.malloc.perturb=0x800", "glibc.malloc.perturb=0x800" },
		{ "glibc.malloc.perturb=0x800:glibc.malloc.mmap_threshold=4096",
		  "glibc.malloc.perturb=0x800:glibc.malloc.mmap_threshold=4096" },
		{ "glibc.malloc.perturb=0x800:not_valid.malloc.check=2:glibc.malloc.mmap_threshold=4096",
		  "glibc.malloc.perturb=0x800:glibc.malloc.mmap_threshold=4096" },
		{ "glibc.not_valid.check=2:glibc.malloc.mmap_threshold=4096",
		  "glibc.malloc.mmap_threshold=4096" },
		{ "not_valid.malloc.check=2:glibc.malloc.mmap_threshold=4096",
		  "glibc.malloc.mmap_threshold=4096" },
		{ "glibc.malloc.mmap_threshold=glibc.malloc.mmap_threshold=4096",
		  "glibc.malloc.mmap_threshold=glibc.malloc.mmap_threshold=4096" },
		{ "glibc.malloc.check=2", "" },
		{ "glibc.malloc.garbage=2:glibc.maoc.mmap_threshold=4096:glibc.malloc.check=2", "" },
		{ "glibc.malloc.check=4:glibc.malloc.garbage=2:glibc.maoc.mmap_threshold=4096", "" },
		{ ":glibc.malloc.garbage=2:glibc.malloc.check=1", "" },
		{ "glibc.malloc.check=1:glibc.malloc.check=2", "" },
		{ "not_valid.malloc.check=2", "" },
		{ "glibc.not_valid.check=2", "" },
		/* more */
		{ "", "" },
		{ "junk", "" },
		{ "test.open.level=5:glibc.malloc.perturb=1:", "test.open.level=5:glibc.malloc.perturb=1" },
		{ "glibc.malloc.perturb=1:glibc.cpu.hwcaps=x:glibc.malloc.perturb",
		  "glibc.malloc.perturb=1" },
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		reset();
		const char *got = parse(c[i].in, true);
		ck_assert_msg(strcmp(got, c[i].out) == 0, "'%s' -> '%s', want '%s'", c[i].in, got,
			      c[i].out);
	}
}
END_TEST

START_TEST(parse_secure_reads_only_open_ones)
{
	reset();
	parse("glibc.malloc.perturb=9:glibc.rtld.nns=2:test.open.level=5:glibc.malloc.check=1", true);
	ck_assert(!tab[PERTURB].set && !tab[NNS].set && !tab[CHECK].set);
	ck_assert(tab[OPEN].set && tab[OPEN].val.num == 5);
	/* only what is read is terminated in the original */
	ck_assert(memcmp(orig_buf, "glibc.malloc.perturb=9:glibc.rtld.nns=2:test.open.level=5\0", 58) == 0);
}
END_TEST

static char *dup_str(const char *s)
{
	return strdup(s);
}

/* The environment as a fixed array of 8 slots, NULL-terminated early. */
static char *env[8];

static void set_env(const char *const *vars)
{
	static char store[8][128];
	size_t i = 0;
	for (; vars[i]; i++)
		env[i] = strcpy(store[i], vars[i]);
	for (; i < 8; i++)
		env[i] = NULL;
}

static void assert_env(const char *const *want)
{
	size_t i = 0;
	for (; want[i]; i++)
		ck_assert_msg(env[i] && strcmp(env[i], want[i]) == 0, "env[%zu] is '%s', want '%s'", i,
			      env[i] ? env[i] : "(null)", want[i]);
	for (; i < 8; i++)
		ck_assert_msg(!env[i], "env[%zu] is '%s', want NULL", i, env[i]);
}

#define ENV(...) ((const char *const[]){ __VA_ARGS__, NULL })

START_TEST(env_order_decides)
{
	reset();
	set_env(ENV("MALLOC_PERTURB_=1", "GLIBC_TUNABLES=glibc.malloc.perturb=2", "MALLOC_PERTURB_=3",
		    "LD_HWCAP_MASK=0x10", "LD_HWCAP_MASK=0x20", "MALLOC_CHECK_", "MALLOC_CHECK_=1"));
	tun_read_env(tab, NTAB, &filter, env, false, dup_str);
	/* the alias first, then GLIBC_TUNABLES over it; a second alias is
	 * ignored once the tunable is set */
	ck_assert(tab[PERTURB].val.num == 2);
	ck_assert(tab[HWCAP_MASK].val.num == 0x10);
	ck_assert(tab[CHECK].set && tab[CHECK].val.num == 1);	/* "MALLOC_CHECK_" has no value */
	assert_env(ENV("MALLOC_PERTURB_=1", "GLIBC_TUNABLES=glibc.malloc.perturb=2", "MALLOC_PERTURB_=3",
		       "LD_HWCAP_MASK=0x10", "LD_HWCAP_MASK=0x20", "MALLOC_CHECK_", "MALLOC_CHECK_=1"));
	free(env[1]);

	/* an alias whose value was out of range leaves the tunable free */
	reset();
	set_env(ENV("MALLOC_PERTURB_=256", "MALLOC_PERTURB_=7", "GLIBC_TUNABLES=glibc.malloc.perturb=300"));
	tun_read_env(tab, NTAB, &filter, env, false, dup_str);
	ck_assert(tab[PERTURB].val.num == 7);
	free(env[2]);
}
END_TEST

START_TEST(env_copies_glibc_tunables)
{
	reset();
	set_env(ENV("A=1", "GLIBC_TUNABLES=glibc.malloc.perturb=5:glibc.cpu.hwcaps=-AVX"));
	char *orig = env[1];
	tun_read_env(tab, NTAB, &filter, env, false, dup_str);
	ck_assert_ptr_ne(env[1], orig);
	ck_assert_str_eq(env[1], "GLIBC_TUNABLES=glibc.malloc.perturb=5:glibc.cpu.hwcaps=-AVX");
	ck_assert_str_eq(orig, "GLIBC_TUNABLES=glibc.malloc.perturb=5");
	ck_assert_str_eq(tab[HWCAPS].val.str, "-AVX");
	free(env[1]);
}
END_TEST

START_TEST(env_secure_erases)
{
	reset();
	set_env(ENV("MALLOC_CHECK_=3", "A=1", "GLIBC_TUNABLES=glibc.malloc.check=3:glibc.malloc.perturb=5",
		    "MALLOC_PERTURB_=7", "MALLOC_CHECK_=2", "LD_HWCAP_MASK=1", "TEST_OPEN_=9"));
	tun_read_env(tab, NTAB, &filter, env, true, dup_str);
	assert_env(ENV("A=1", "GLIBC_TUNABLES=glibc.malloc.perturb=5", "MALLOC_PERTURB_=7", "TEST_OPEN_=9"));
	ck_assert(!tab[CHECK].set && !tab[PERTURB].set && !tab[HWCAP_MASK].set);
	ck_assert(tab[OPEN].set && tab[OPEN].val.num == 9);
	free(env[1]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tunparse");
	ADD_TCASE(s, "values", NULL, NULL, strtoul_like_glibc, update_checks_bounds);
	ADD_TCASE(s, "GLIBC_TUNABLES", NULL, NULL, parse_reads_pairs, parse_odd_input,
		  parse_secure_rewrites, parse_secure_reads_only_open_ones);
	ADD_TCASE(s, "environment", NULL, NULL, env_order_decides, env_copies_glibc_tunables,
		  env_secure_erases);
	return run_suite(s);
}
