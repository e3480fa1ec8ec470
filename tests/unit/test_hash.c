/* gnu_hash, sysv_hash and gnu_bloom_test, against values computed
 * independently (Python) and against the tables of the real libc.so.6. */
#include "testutil.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

/* Reference values from a separate Python implementation of both. */
static const struct {
	const char *s;
	uint32_t gnu, sysv;
} known[] = {
	{ "", 5381, 0 },
	{ "a", 0x0002b606, 0x61 },
	{ "printf", 0x156b2bb8, 0x077905a6 },
	{ "exit", 0x7c967e3f, 0x0006cf04 },
	{ "GLIBC_2.2.5", 0x427315ba, 0x09691a75 },
	{ "GLIBC_PRIVATE", 0x0692a260, 0x0963cf85 },
	{ "_ZNSt8ios_base4InitC1Ev", 0x4cd4b8c7, 0x0c0d71d6 },
	{ "abcdefghijklmnopqrstuvwxyz0123456789", 0x774c7211, 0x067d7f09 },
	{ "\xff\x80", 0x00598ba4, 0x1070 },	/* bytes above 0x7f are unsigned */
};

START_TEST(known_values)
{
	for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
		ck_assert_uint_eq(gnu_hash(known[i].s), known[i].gnu);
		ck_assert_uint_eq(sysv_hash(known[i].s), known[i].sysv);
	}
}
END_TEST

START_TEST(bloom_single_word)
{
	/* One word, shift 6: h=0x41 sets bits 1 and (0x41>>6)=1. */
	uint64_t bloom[1] = { (uint64_t)1 << 1 };
	ck_assert(gnu_bloom_test(bloom, 1, 6, 0x41));
	ck_assert(!gnu_bloom_test(bloom, 1, 6, 0x42));	/* bit 2 missing */
	bloom[0] = (uint64_t)1 << 63 | (uint64_t)1 << 3;
	ck_assert(gnu_bloom_test(bloom, 1, 6, 3 << 6 | 63));
	ck_assert(!gnu_bloom_test(bloom, 1, 6, 4 << 6 | 63));
}
END_TEST

/* DT_GNU_HASH of libc.so.6, decoded from its .gnu.hash section. */
struct gnu_table {
	uint32_t nbuckets, symoffset, bloom_size, shift;
	const uint64_t *bloom;
	const uint32_t *buckets, *chain;
	size_t nchain;
};

static void gnu_table(const struct telf *e, struct gnu_table *t)
{
	const struct tsec *s = &e->gnu_hash;
	ck_assert_ptr_nonnull(s->data);
	ck_assert_uint_ge(s->size, 16);
	const uint32_t *w = (const uint32_t *)s->data;
	t->nbuckets = w[0];
	t->symoffset = w[1];
	t->bloom_size = w[2];
	t->shift = w[3];
	ck_assert(t->bloom_size && !(t->bloom_size & (t->bloom_size - 1)));
	size_t head = 16 + (size_t)t->bloom_size * 8 + (size_t)t->nbuckets * 4;
	ck_assert_uint_le(head, s->size);
	t->bloom = (const uint64_t *)(s->data + 16);
	t->buckets = (const uint32_t *)(t->bloom + t->bloom_size);
	t->chain = t->buckets + t->nbuckets;
	t->nchain = (s->size - head) / 4;
}

START_TEST(gnu_hash_matches_libc_table)
{
	struct telf e;
	struct gnu_table t;
	telf_open(&e, LIBC_PATH);
	gnu_table(&e, &t);
	size_t n = telf_nsyms(&e), checked = 0;
	ck_assert_uint_le(n - t.symoffset, t.nchain);
	for (size_t i = t.symoffset; i < n; i++) {
		uint32_t h = gnu_hash(telf_symname(&e, i));
		/* The chain holds the hash with bit 0 marking a chain end. */
		ck_assert_uint_eq(t.chain[i - t.symoffset] | 1, h | 1);
		checked++;
	}
	for (uint32_t b = 0; b < t.nbuckets; b++)
		if (t.buckets[b])
			ck_assert_uint_eq(gnu_hash(telf_symname(&e, t.buckets[b])) % t.nbuckets, b);
	ck_assert_uint_gt(checked, 1000);
	telf_close(&e);
}
END_TEST

START_TEST(bloom_accepts_all_defined)
{
	struct telf e;
	struct gnu_table t;
	telf_open(&e, LIBC_PATH);
	gnu_table(&e, &t);
	const Elf64_Sym *sym = (const Elf64_Sym *)e.dynsym.data;
	size_t defined = 0;
	for (size_t i = 0; i < telf_nsyms(&e); i++) {
		if (sym[i].st_shndx == SHN_UNDEF)
			continue;
		const char *name = telf_symname(&e, i);
		ck_assert_msg(gnu_bloom_test(t.bloom, t.bloom_size, t.shift, gnu_hash(name)),
			      "bloom rejects defined symbol %s", name);
		defined++;
	}
	ck_assert_uint_gt(defined, 1000);
	telf_close(&e);
}
END_TEST

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Deterministic xorshift, so that a failure can be reproduced. */
static uint32_t next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

START_TEST(bloom_rejects_most_absent)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789_";
	struct telf e;
	struct gnu_table t;
	telf_open(&e, LIBC_PATH);
	gnu_table(&e, &t);
	size_t n = telf_nsyms(&e);
	const char **names = malloc(n * sizeof *names);
	ck_assert_ptr_nonnull(names);
	for (size_t i = 0; i < n; i++)
		names[i] = telf_symname(&e, i);
	qsort(names, n, sizeof *names, cmp_str);

	uint32_t seed = 0x12345678;
	int tried = 0, rejected = 0;
	while (tried < 10000) {
		char name[32] = "ut_";
		size_t len = 3 + 5 + next_rand(&seed) % 12;
		for (size_t j = 3; j < len; j++)
			name[j] = alphabet[next_rand(&seed) % (sizeof alphabet - 1)];
		name[len] = '\0';
		const char *key = name;
		if (bsearch(&key, names, n, sizeof *names, cmp_str))
			continue;	/* not absent after all */
		tried++;
		rejected += !gnu_bloom_test(t.bloom, t.bloom_size, t.shift, gnu_hash(name));
	}
	ck_assert_msg(rejected > 9000, "bloom rejected only %d of 10000", rejected);
	free(names);
	telf_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hash");
	ADD_TCASE(s, "functions", NULL, NULL, known_values, bloom_single_word);
	ADD_TCASE(s, "libc", NULL, NULL, gnu_hash_matches_libc_table,
		  bloom_accepts_all_defined, bloom_rejects_most_absent);
	return run_suite(s);
}
