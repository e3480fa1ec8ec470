/* ldcache_parse / ldcache_lookup / ldcache_foreach on the real
 * /etc/ld.so.cache (compared with `ldconfig -p`), on truncated copies of
 * it, and on small images built here. */
#include "testutil.h"
#include "ldcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_PATH "/etc/ld.so.cache"

#define F_X8664 0x0303
#define HWCAP_EXT ((uint64_t)1 << 62)
#define HWCAP_TLS ((uint64_t)1 << 63)

/* A string lies wholly inside the image. */
static void assert_in_image(const char *s, const char *img, size_t size)
{
	ck_assert(s >= img && s < img + size);
	ck_assert_ptr_nonnull(memchr(s, 0, size - (size_t)(s - img)));
}

/* ---- foreach collection ---- */

struct seen {
	size_t n;
	const char *img;
	size_t size;
	const char *keys[64], *values[64];
	int32_t flags[64];
};

static void collect(const char *key, const char *value, int32_t flags, void *ctx)
{
	struct seen *s = ctx;
	assert_in_image(key, s->img, s->size);
	assert_in_image(value, s->img, s->size);
	if (s->n < 64) {
		s->keys[s->n] = key;
		s->values[s->n] = value;
		s->flags[s->n] = flags;
	}
	s->n++;
}

static size_t count_entries(const struct ldcache *c, const char *img, size_t size)
{
	struct seen s = { .img = img, .size = size };
	ldcache_foreach(c, collect, &s);
	return s.n;
}

/* ---- the real cache ---- */

static char *real_cache;
static size_t real_size;

static void load_real(void)
{
	real_cache = read_file(CACHE_PATH, &real_size);
}

static void free_real(void)
{
	free(real_cache);
	real_cache = NULL;
}

#define SKIP_WITHOUT_CACHE()						\
	do {								\
		if (!real_cache) {					\
			fprintf(stderr, "%s: skipped, no " CACHE_PATH "\n", __func__); \
			return;						\
		}							\
	} while (0)

/* One line of `ldconfig -p`: "\tNAME (FLAGS) => PATH". */
struct ldline {
	char name[256], flags[256], path[1024];
};

static int parse_ldline(const char *line, struct ldline *l)
{
	const char *open = strstr(line, " (");
	const char *arrow = strstr(line, ") => ");
	if (line[0] != '\t' || !open || !arrow || arrow < open)
		return 0;
	size_t nlen = (size_t)(open - line - 1), flen = (size_t)(arrow - open - 2);
	if (nlen >= sizeof l->name || flen >= sizeof l->flags)
		return 0;
	memcpy(l->name, line + 1, nlen);
	l->name[nlen] = '\0';
	memcpy(l->flags, open + 2, flen);
	l->flags[flen] = '\0';
	snprintf(l->path, sizeof l->path, "%s", arrow + 5);
	l->path[strcspn(l->path, "\n")] = '\0';
	return 1;
}

static FILE *open_ldconfig(void)
{
	static const char *const cmds[] = {
		"/sbin/ldconfig -p 2>/dev/null", "/usr/sbin/ldconfig -p 2>/dev/null",
	};
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
		FILE *f = popen(cmds[i], "r");
		if (!f)
			continue;
		int c = fgetc(f);
		if (c != EOF) {
			ungetc(c, f);
			return f;
		}
		pclose(f);
	}
	return NULL;
}

START_TEST(real_cache_parses)
{
	SKIP_WITHOUT_CACHE();
	struct ldcache c;
	ck_assert_int_eq(ldcache_parse(&c, real_cache, real_size), 0);
	ck_assert_ptr_eq(c.image, real_cache);
	ck_assert_uint_eq(c.size, real_size);
	ck_assert_uint_gt(c.nlibs, 0);
	ck_assert_uint_eq(count_entries(&c, real_cache, real_size), c.nlibs);
	const char *libc = ldcache_lookup(&c, "libc.so.6");
	ck_assert_ptr_nonnull(libc);
	assert_in_image(libc, real_cache, real_size);
	ck_assert_ptr_null(ldcache_lookup(&c, "libdoes-not-exist.so.42"));
	ck_assert_ptr_null(ldcache_lookup(&c, ""));
}
END_TEST

/* Every x86-64 soname `ldconfig -p` lists resolves to the path of its
 * first x86-64 line (glibc-hwcaps lines excepted: rtld skips those). */
START_TEST(real_cache_matches_ldconfig)
{
	SKIP_WITHOUT_CACHE();
	struct ldcache c;
	ck_assert_int_eq(ldcache_parse(&c, real_cache, real_size), 0);
	FILE *f = open_ldconfig();
	if (!f) {
		fprintf(stderr, "%s: skipped, ldconfig not runnable\n", __func__);
		return;
	}
	char line[2048];
	char (*done)[256] = calloc(c.nlibs + 1, sizeof *done);
	size_t ndone = 0, lines = 0;
	ck_assert_ptr_nonnull(done);
	while (fgets(line, sizeof line, f)) {
		struct ldline l;
		if (!parse_ldline(line, &l))
			continue;
		lines++;
		if (!strstr(l.flags, "x86-64") || strstr(l.flags, "hwcap"))
			continue;
		int again = 0;
		for (size_t i = 0; i < ndone && !again; i++)
			again = strcmp(done[i], l.name) == 0;
		if (again)
			continue;
		ck_assert_uint_le(ndone, c.nlibs);
		snprintf(done[ndone++], sizeof *done, "%s", l.name);
		const char *got = ldcache_lookup(&c, l.name);
		ck_assert_msg(got != NULL, "%s: not found", l.name);
		ck_assert_msg(strcmp(got, l.path) == 0, "%s: got %s, ldconfig says %s",
			      l.name, got, l.path);
	}
	pclose(f);
	free(done);
	/* ldconfig prints each entry once, in file order. */
	ck_assert_uint_eq(lines, c.nlibs);
	ck_assert_uint_gt(ndone, 0);
}
END_TEST

/* Parses a copy of the first len bytes in an exactly-sized buffer and
 * walks whatever it accepted; returns ldcache_parse's result. */
static int parse_truncated(size_t len)
{
	char *img = dup_exact(real_cache, len);
	struct ldcache c;
	int r = ldcache_parse(&c, img, len);
	if (r == 0) {
		count_entries(&c, img, len);
		static const char *const names[] = { "libc.so.6", "libm.so.6", "libz.so.1", "x" };
		for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
			const char *p = ldcache_lookup(&c, names[i]);
			if (p)
				assert_in_image(p, img, len);
		}
	} else {
		ck_assert_uint_eq(c.nlibs, 0);
		ck_assert_ptr_null(ldcache_lookup(&c, "libc.so.6"));
	}
	free(img);
	return r;
}

START_TEST(real_cache_truncated)
{
	SKIP_WITHOUT_CACHE();
	struct ldcache full;
	ck_assert_int_eq(ldcache_parse(&full, real_cache, real_size), 0);
	/* The entry table must fit; strings may be cut (they are checked
	 * one by one). */
	size_t need = (size_t)(full.entries - real_cache) + (size_t)full.nlibs * 24;
	for (size_t len = 0; len <= 200 && len <= real_size; len++)
		ck_assert_int_eq(parse_truncated(len), len >= need ? 0 : -1);
	const size_t cuts[] = {
		need - 1, need, need + 1, real_size / 2, real_size - 24,
		real_size - 2, real_size - 1, real_size,
	};
	for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++)
		if (cuts[i] <= real_size)
			ck_assert_int_eq(parse_truncated(cuts[i]), cuts[i] >= need ? 0 : -1);
}
END_TEST

/* ---- hand-built images ---- */

struct hb_entry {
	int32_t flags;
	const char *key, *value;
	uint64_t hwcap;
};

static void put32(char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* Builds a cache: optionally an old-format table of nold entries first,
 * then the new header with hdr_flags and entries e[0..n), then strings.
 * Returns the image size. */
static size_t build(char *buf, size_t cap, uint32_t nold, uint8_t hdr_flags,
		    const struct hb_entry *e, uint32_t n)
{
	size_t off = 0;
	memset(buf, 0, cap);
	if (nold) {
		memcpy(buf, "ld.so-1.7.0", 11);
		put32(buf + 12, nold);
		for (uint32_t i = 0; i < nold; i++)
			put32(buf + 16 + 12 * i, 1);	/* flags; key/value unused */
		off = (16 + 12 * (size_t)nold + 7) & ~(size_t)7;
	}
	char *hdr = buf + off;
	memcpy(hdr, "glibc-ld.so.cache1.1", 20);
	put32(hdr + 20, n);
	hdr[28] = (char)hdr_flags;
	size_t str = 48 + 24 * (size_t)n;
	for (uint32_t i = 0; i < n; i++) {
		char *ent = hdr + 48 + 24 * i;
		const char *s[2] = { e[i].key, e[i].value };
		put32(ent, (uint32_t)e[i].flags);
		memcpy(ent + 16, &e[i].hwcap, 8);
		for (int k = 0; k < 2; k++) {
			size_t len = strlen(s[k]) + 1;
			ck_assert_uint_le(off + str + len, cap);
			memcpy(hdr + str, s[k], len);
			put32(ent + 4 + 4 * k, (uint32_t)str);
			str += len;
		}
	}
	put32(hdr + 24, (uint32_t)(str - 48 - 24 * (size_t)n));
	return off + str;
}

/* In the order ldconfig writes: decreasing under ld.so's name order
 * (lookups binary-search it, as ld.so does). */
static const struct hb_entry sample[] = {
	{ 0x0001, "libD.so", "/lib/libD.so", 0 },
	{ F_X8664, "libC.so.3", "/lib/libC.so.3", 0 },
	{ F_X8664, "libB.so.2", "/lib/tls/libB.so.2", HWCAP_TLS },
	{ F_X8664, "libA.so.1", "/lib/glibc-hwcaps/x86-64-v3/libA.so.1", HWCAP_EXT | 0 },
	{ F_X8664, "libA.so.1", "/lib/haswell/libA.so.1", (uint64_t)1 << 48 },
	{ 0x0003, "libA.so.1", "/lib32/libA.so.1", 0 },
	{ F_X8664, "libA.so.1", "/lib/libA.so.1", 0 },
	{ F_X8664, "libA.so.1", "/usr/lib/libA.so.1", 0 },
};
#define NSAMPLE ((uint32_t)(sizeof sample / sizeof *sample))

static void check_sample_lookups(const struct ldcache *c)
{
	ck_assert_str_eq(ldcache_lookup(c, "libA.so.1"), "/lib/libA.so.1");
	ck_assert_str_eq(ldcache_lookup(c, "libB.so.2"), "/lib/tls/libB.so.2");
	ck_assert_str_eq(ldcache_lookup(c, "libC.so.3"), "/lib/libC.so.3");
	/* ld.so compares version numbers by value. */
	ck_assert_str_eq(ldcache_lookup(c, "libC.so.03"), "/lib/libC.so.3");
	ck_assert_ptr_null(ldcache_lookup(c, "libC.so.30"));
	ck_assert_ptr_null(ldcache_lookup(c, "libD.so"));
	ck_assert_ptr_null(ldcache_lookup(c, "libA.so"));
	ck_assert_ptr_null(ldcache_lookup(c, "libA.so.1.0"));
	ck_assert_ptr_null(ldcache_lookup(c, "libE.so.1"));
}

static void check_sample_image(char *buf, size_t size)
{
	struct ldcache c;
	char *img = dup_exact(buf, size);
	ck_assert_int_eq(ldcache_parse(&c, img, size), 0);
	ck_assert_uint_eq(c.nlibs, NSAMPLE);
	check_sample_lookups(&c);
	struct seen s = { .img = img, .size = size };
	ldcache_foreach(&c, collect, &s);
	ck_assert_uint_eq(s.n, NSAMPLE);
	for (uint32_t i = 0; i < NSAMPLE; i++) {
		ck_assert_str_eq(s.keys[i], sample[i].key);
		ck_assert_str_eq(s.values[i], sample[i].value);
		ck_assert_int_eq(s.flags[i], sample[i].flags);
	}
	free(img);
}

START_TEST(built_new_format)
{
	char buf[2048];
	check_sample_image(buf, build(buf, sizeof buf, 0, 2, sample, NSAMPLE));
}
END_TEST

START_TEST(built_compat_format)
{
	char buf[2048];
	/* 16 + 3*12 = 52: the new header starts at 56. */
	size_t size = build(buf, sizeof buf, 3, 2, sample, NSAMPLE);
	ck_assert_int_eq(memcmp(buf + 56, "glibc-ld.so.cache", 17), 0);
	check_sample_image(buf, size);
	/* 16 + 4*12 = 64, already aligned. */
	check_sample_image(buf, build(buf, sizeof buf, 4, 2, sample, NSAMPLE));
	/* The old table claims more entries than the file holds. */
	size = build(buf, sizeof buf, 3, 2, sample, NSAMPLE);
	put32(buf + 12, 0x10000000);
	struct ldcache c;
	ck_assert_int_eq(ldcache_parse(&c, buf, size), -1);
}
END_TEST

START_TEST(built_endianness)
{
	char buf[2048];
	struct ldcache c;
	static const struct { uint8_t flags; int ok; } cases[] = {
		{ 0, 0 }, { 2, 0 }, { 6, 0 }, { 0xfe, 0 }, { 1, -1 }, { 3, -1 }, { 0xff, -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t size = build(buf, sizeof buf, 0, cases[i].flags, sample, NSAMPLE);
		ck_assert_int_eq(ldcache_parse(&c, buf, size), cases[i].ok);
	}
}
END_TEST

START_TEST(built_bad_headers)
{
	char buf[2048];
	struct ldcache c;
	size_t size = build(buf, sizeof buf, 0, 2, sample, NSAMPLE);
	/* Too many entries for the file. */
	put32(buf + 20, NSAMPLE + 100);
	ck_assert_int_eq(ldcache_parse(&c, buf, size), -1);
	put32(buf + 20, 0xffffffff);
	ck_assert_int_eq(ldcache_parse(&c, buf, size), -1);
	/* Exactly as many as fit (the rest read as entries of string bytes). */
	put32(buf + 20, (uint32_t)((size - 48) / 24));
	ck_assert_int_eq(ldcache_parse(&c, buf, size), 0);
	put32(buf + 20, NSAMPLE);
	/* Wrong version. */
	buf[19] = '0';
	ck_assert_int_eq(ldcache_parse(&c, buf, size), -1);
	buf[19] = '1';
	ck_assert_int_eq(ldcache_parse(&c, buf, size), 0);
	/* An empty cache is valid and finds nothing. */
	size = build(buf, sizeof buf, 0, 2, sample, 0);
	ck_assert_uint_eq(size, 48);
	ck_assert_int_eq(ldcache_parse(&c, buf, size), 0);
	ck_assert_ptr_null(ldcache_lookup(&c, "libA.so.1"));
	ck_assert_uint_eq(count_entries(&c, buf, size), 0);
	/* Garbage. */
	ck_assert_int_eq(ldcache_parse(&c, "hello", 5), -1);
	ck_assert_int_eq(ldcache_parse(&c, "", 0), -1);
}
END_TEST

START_TEST(built_old_format_only)
{
	/* The old format has no 24-byte entries: rejected. */
	char buf[256];
	memset(buf, 0, sizeof buf);
	memcpy(buf, "ld.so-1.7.0", 11);
	put32(buf + 12, 2);
	struct ldcache c;
	ck_assert_int_eq(ldcache_parse(&c, buf, 16 + 24 + 32), -1);
	ck_assert_int_eq(ldcache_parse(&c, buf, 12), -1);
	ck_assert_int_eq(ldcache_parse(&c, buf, 16), -1);
}
END_TEST

START_TEST(built_bad_strings)
{
	char buf[2048];
	struct ldcache c;
	static const struct hb_entry ents[] = {
		{ F_X8664, "libA.so.1", "/bad/key", 0 },
		{ F_X8664, "libA.so.1", "/bad/value", 0 },
		{ F_X8664, "libA.so.1", "/lib/libA.so.1", 0 },
		{ F_X8664, "libZ.so.1", "/unterminated", 0 },
	};
	size_t size = build(buf, sizeof buf, 0, 2, ents, 4);
	put32(buf + 48 + 4, 0xfffffff0);		/* entry 0: key */
	put32(buf + 48 + 24 + 8, (uint32_t)size);	/* entry 1: value at the end */
	/* Drop the final NUL: the last value runs to the end of the image. */
	size--;
	char *img = dup_exact(buf, size);
	ck_assert_int_eq(ldcache_parse(&c, img, size), 0);
	ck_assert_str_eq(ldcache_lookup(&c, "libA.so.1"), "/lib/libA.so.1");
	ck_assert_ptr_null(ldcache_lookup(&c, "libZ.so.1"));
	struct seen s = { .img = img, .size = size };
	ldcache_foreach(&c, collect, &s);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.values[0], "/lib/libA.so.1");
	free(img);
}
END_TEST

START_TEST(built_unaligned_image)
{
	/* Images need not be aligned: fields are read byte by byte. */
	char buf[2048 + 1];
	size_t size = build(buf + 1, sizeof buf - 1, 3, 2, sample, NSAMPLE);
	struct ldcache c;
	ck_assert_int_eq(ldcache_parse(&c, buf + 1, size), 0);
	check_sample_lookups(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ldcache");
	TCase *tc = ADD_TCASE(s, "real", load_real, free_real, real_cache_parses,
			      real_cache_matches_ldconfig, real_cache_truncated);
	tcase_set_timeout(tc, 60);	/* slow under valgrind */
	ADD_TCASE(s, "built", NULL, NULL, built_new_format, built_compat_format,
		  built_endianness, built_bad_headers, built_old_format_only,
		  built_bad_strings, built_unaligned_image);
	return run_suite(s);
}
