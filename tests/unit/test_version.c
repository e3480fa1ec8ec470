/* version_check on hand-made tables (every branch of ld.so's rule), and
 * version_defs / version_needs / version_max_index on the real libc.so.6
 * and on corrupted copies of its sections. */
#include "testutil.h"
#include "hash.h"
#include "version.h"

#include <stdlib.h>
#include <string.h>

#define TABSZ 64

/* Definer table as ld.so builds it: 0 (local) and 1 (global/base) carry
 * no name, 2 and 3 are real versions; 4 collides with 2's hash. */
static struct vername defs[5];
static struct vername v1, v2, v1_hidden;

static void setup_tables(void)
{
	memset(defs, 0, sizeof defs);
	defs[2] = (struct vername){ .name = "V1", .hash = sysv_hash("V1") };
	defs[3] = (struct vername){ .name = "V2", .hash = sysv_hash("V2") };
	defs[4] = (struct vername){ .name = "V1x", .hash = sysv_hash("V1") };
	v1 = (struct vername){ .name = "V1", .hash = sysv_hash("V1"), .file = "libx.so" };
	v2 = (struct vername){ .name = "V2", .hash = sysv_hash("V2"), .file = "libx.so" };
	v1_hidden = v1;
	v1_hidden.hidden = 1;
}

#define HID 0x8000

/* One call of version_check and the verdict ld.so reaches. */
struct vcase {
	int versym;
	const struct vername *req;
	int newest;
	int want;
};

static void run_vcases(const struct vcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(version_check(c[i].versym, defs, 5, c[i].req, c[i].newest) == c[i].want,
			      "case %zu: versym %#x, req %s, newest %d: want %d", i,
			      (unsigned)c[i].versym, c[i].req ? c[i].req->name : "(none)",
			      c[i].newest, c[i].want);
}
#define RUN_VCASES(...)							\
	run_vcases((const struct vcase[]){ __VA_ARGS__ },		\
		   sizeof((const struct vcase[]){ __VA_ARGS__ }) / sizeof(struct vcase))

START_TEST(no_versym_accepts_everything)
{
	RUN_VCASES({ -1, NULL, 0, VER_ACCEPT }, { -1, NULL, 1, VER_ACCEPT },
		   { -1, &v1, 0, VER_ACCEPT }, { -1, &v1_hidden, 0, VER_ACCEPT });
	ck_assert_int_eq(version_check(-1, NULL, 0, &v1, 0), VER_ACCEPT);
}
END_TEST

START_TEST(versioned_ref_matching_def)
{
	/* A hidden (non-default) definition still satisfies an explicit
	 * request for its version. */
	RUN_VCASES({ 2, &v1, 0, VER_ACCEPT }, { 3, &v2, 0, VER_ACCEPT },
		   { 2 | HID, &v1, 0, VER_ACCEPT }, { 2 | HID, &v1_hidden, 0, VER_ACCEPT });
}
END_TEST

START_TEST(versioned_ref_other_version)
{
	/* The last one has the same hash but another name. */
	RUN_VCASES({ 3, &v1, 0, VER_REJECT }, { 2, &v2, 0, VER_REJECT },
		   { 3 | HID, &v1, 0, VER_REJECT }, { 3, &v1_hidden, 0, VER_REJECT },
		   { 4, &v1, 0, VER_REJECT });
}
END_TEST

START_TEST(versioned_ref_base_index)
{
	/* Indexes without a name (local, global) satisfy any version unless
	 * the definition or the requirement is hidden. */
	RUN_VCASES({ 1, &v1, 0, VER_ACCEPT }, { 0, &v2, 0, VER_ACCEPT },
		   { 1 | HID, &v1, 0, VER_REJECT }, { 1, &v1_hidden, 0, VER_REJECT },
		   { 0, &v1_hidden, 0, VER_REJECT });
}
END_TEST

START_TEST(unversioned_ref)
{
	/* 0, 1 and 2 are taken as they are; 3 and above are candidates,
	 * unless hidden. */
	RUN_VCASES({ 0, NULL, 0, VER_ACCEPT }, { 1, NULL, 0, VER_ACCEPT },
		   { 2, NULL, 0, VER_ACCEPT }, { 1 | HID, NULL, 0, VER_ACCEPT },
		   { 2 | HID, NULL, 0, VER_ACCEPT }, { 3, NULL, 0, VER_CANDIDATE },
		   { 4, NULL, 0, VER_CANDIDATE }, { 3 | HID, NULL, 0, VER_REJECT });
}
END_TEST

START_TEST(unversioned_ref_newest)
{
	/* dlsym-style: index 2 is a candidate too. */
	RUN_VCASES({ 0, NULL, 1, VER_ACCEPT }, { 1, NULL, 1, VER_ACCEPT },
		   { 1 | HID, NULL, 1, VER_ACCEPT }, { 2, NULL, 1, VER_CANDIDATE },
		   { 3, NULL, 1, VER_CANDIDATE }, { 2 | HID, NULL, 1, VER_REJECT },
		   { 3 | HID, NULL, 1, VER_REJECT });
}
END_TEST

/* ---- the real libc.so.6 ---- */

static struct telf libc;

static void open_libc(void)
{
	telf_open(&libc, LIBC_PATH);
	ck_assert_ptr_nonnull(libc.verdef.data);
	ck_assert_ptr_nonnull(libc.verneed.data);
}

static void close_libc(void)
{
	telf_close(&libc);
}

static long defs_of(const void *vd, size_t avail, const char *strtab, size_t strsz,
		    struct vername *tab, size_t tabsz)
{
	memset(tab, 0, tabsz * sizeof *tab);
	return version_defs(vd, libc.verdef.info, avail, strtab, strsz, tab, tabsz);
}

static long needs_of(const void *vn, size_t avail, const char *strtab, size_t strsz,
		     struct vername *tab, size_t tabsz)
{
	memset(tab, 0, tabsz * sizeof *tab);
	return version_needs(vn, libc.verneed.info, avail, strtab, strsz, tab, tabsz);
}

/* Highest vd_ndx, walking the chain independently of the code under test. */
static long max_verdef_index(void)
{
	long max = 0;
	const char *p = libc.verdef.data;
	for (uint32_t i = 0; i < libc.verdef.info; i++) {
		const Elf64_Verdef *d = (const Elf64_Verdef *)p;
		if ((d->vd_ndx & 0x7fff) > max)
			max = d->vd_ndx & 0x7fff;
		p += d->vd_next;
	}
	return max;
}

START_TEST(libc_verdef)
{
	struct vername tab[TABSZ];
	long n = defs_of(libc.verdef.data, libc.verdef.size, libc.dynstr.data,
			 libc.dynstr.size, tab, TABSZ);
	ck_assert_int_eq(n, max_verdef_index() + 1);
	ck_assert_ptr_null(tab[0].name);
	ck_assert_str_eq(tab[2].name, "GLIBC_2.2.5");
	int private = 0;
	for (long i = 2; i < n; i++) {
		ck_assert_ptr_nonnull(tab[i].name);
		ck_assert_uint_eq(tab[i].hash, sysv_hash(tab[i].name));
		ck_assert_ptr_null(tab[i].file);
		ck_assert_int_eq(tab[i].hidden, 0);
		private += strcmp(tab[i].name, "GLIBC_PRIVATE") == 0;
	}
	ck_assert_int_eq(private, 1);
}
END_TEST

START_TEST(libc_verdef_base_not_matchable)
{
	/* ld.so does not let the base definition (the soname, index 1)
	 * match a versioned reference by name: a global definition in an
	 * object with version definitions satisfies a request for any of its
	 * versions, as in a table built by hand. */
	struct vername tab[TABSZ];
	long n = defs_of(libc.verdef.data, libc.verdef.size, libc.dynstr.data,
			 libc.dynstr.size, tab, TABSZ);
	struct vername req = { .name = "GLIBC_2.2.5", .hash = sysv_hash("GLIBC_2.2.5") };
	ck_assert_int_eq(version_check(1, tab, (size_t)n, &req, 0), VER_ACCEPT);
	ck_assert_int_eq(version_check(2, tab, (size_t)n, &req, 0), VER_ACCEPT);
	ck_assert_int_eq(version_check(3, tab, (size_t)n, &req, 0), VER_REJECT);
}
END_TEST

START_TEST(libc_verneed)
{
	struct vername tab[TABSZ];
	long n = needs_of(libc.verneed.data, libc.verneed.size, libc.dynstr.data,
			  libc.dynstr.size, tab, TABSZ);
	ck_assert_int_gt(n, max_verdef_index() + 1);
	int found = 0;
	for (long i = 0; i < n; i++) {
		if (!tab[i].name)
			continue;
		found++;
		ck_assert_str_eq(tab[i].file, "ld-linux-x86-64.so.2");
		ck_assert_uint_eq(tab[i].hash, sysv_hash(tab[i].name));
		ck_assert_int_eq(tab[i].weak, 0);
		ck_assert_int_eq(tab[i].hidden, 0);
	}
	/* Debian 12's libc needs GLIBC_2.2.5, 2.3, 2.35 and PRIVATE from ld.so. */
	ck_assert_int_ge(found, 3);
	ck_assert_str_eq(tab[n - 1].file, "ld-linux-x86-64.so.2");
}
END_TEST

START_TEST(libc_max_index)
{
	struct vername tab[TABSZ];
	long nd = defs_of(libc.verdef.data, libc.verdef.size, libc.dynstr.data,
			  libc.dynstr.size, tab, TABSZ);
	long nn = needs_of(libc.verneed.data, libc.verneed.size, libc.dynstr.data,
			   libc.dynstr.size, tab, TABSZ);
	const void *vd = libc.verdef.data, *vn = libc.verneed.data;
	ck_assert_int_eq(version_max_index(vd, libc.verdef.info, NULL, 0, libc.verdef.size), nd);
	ck_assert_int_eq(version_max_index(NULL, 0, vn, libc.verneed.info, libc.verneed.size), nn);
	/* One bound for both tables: the bytes left after the later one. */
	size_t later = libc.verdef.offset > libc.verneed.offset ? libc.verdef.offset
								: libc.verneed.offset;
	ck_assert_int_eq(version_max_index(vd, libc.verdef.info, vn, libc.verneed.info,
					   libc.size - later),
			 nn > nd ? nn : nd);
	/* Neither table: only the reserved indexes 0 and 1. */
	ck_assert_int_eq(version_max_index(NULL, 0, NULL, 0, 0), 2);
}
END_TEST

/* A corruptible copy of the verdef (or verneed) section, exactly sized. */
static char *section_copy(const struct tsec *s)
{
	return dup_exact(s->data, s->size);
}

/* version_defs and version_max_index on a (corrupted) verdef copy, with
 * libc's string table and the section's real size unless told. */
static long verdef_defs(const char *vd, size_t strsz, size_t tabsz)
{
	struct vername tab[TABSZ];
	return defs_of(vd, libc.verdef.size, libc.dynstr.data, strsz, tab, tabsz);
}

static long verdef_max(const char *vd, size_t avail)
{
	return version_max_index((const void *)vd, libc.verdef.info, NULL, 0, avail);
}

START_TEST(verdef_bad_next)
{
	char *vd = section_copy(&libc.verdef);
	Elf64_Verdef *d = (Elf64_Verdef *)vd;
	d->vd_next = 0x7ffffff0;
	ck_assert_int_eq(verdef_defs(vd, libc.dynstr.size, TABSZ), -1);
	ck_assert_int_eq(verdef_max(vd, libc.verdef.size), -1);
	/* Pointing at the last bytes: the entry would straddle the end. */
	d->vd_next = (uint32_t)libc.verdef.size - 4;
	ck_assert_int_eq(verdef_defs(vd, libc.dynstr.size, TABSZ), -1);
	ck_assert_int_eq(verdef_max(vd, libc.verdef.size), -1);
	free(vd);
}
END_TEST

START_TEST(verdef_bad_aux_and_name)
{
	char *vd = section_copy(&libc.verdef);
	Elf64_Verdef *d = (Elf64_Verdef *)vd;
	Elf64_Verdaux *a = (Elf64_Verdaux *)(vd + d->vd_aux);
	uint32_t name = a->vda_name;

	a->vda_name = (uint32_t)libc.dynstr.size;
	ck_assert_int_eq(verdef_defs(vd, libc.dynstr.size, TABSZ), -1);
	a->vda_name = 0xffffffff;
	ck_assert_int_eq(verdef_defs(vd, libc.dynstr.size, TABSZ), -1);
	/* A string table that ends before the name's NUL. */
	a->vda_name = name;
	ck_assert_int_eq(verdef_defs(vd, name + strlen(libc.dynstr.data + name), TABSZ), -1);
	ck_assert_int_gt(verdef_defs(vd, libc.dynstr.size, TABSZ), 0);
	d->vd_aux = 0x7ffffff0;
	ck_assert_int_eq(verdef_defs(vd, libc.dynstr.size, TABSZ), -1);
	free(vd);
}
END_TEST

START_TEST(verdef_bad_index_and_avail)
{
	struct vername tab[TABSZ];
	char *vd = section_copy(&libc.verdef);
	/* The table is too small for libc's indexes. */
	ck_assert_int_eq(verdef_defs(vd, libc.dynstr.size, 8), -1);
	/* The region given is shorter than the chain. */
	ck_assert_int_eq(defs_of(vd, 30, libc.dynstr.data, libc.dynstr.size, tab, TABSZ), -1);
	ck_assert_int_eq(verdef_max(vd, 30), -1);
	Elf64_Verdef *d = (Elf64_Verdef *)vd;
	d->vd_ndx = 0x7fff;
	ck_assert_int_eq(verdef_defs(vd, libc.dynstr.size, TABSZ), -1);
	free(vd);
}
END_TEST

START_TEST(verneed_corruptions)
{
	struct vername tab[TABSZ];
	const size_t size = libc.verneed.size, strsz = libc.dynstr.size;
	const char *str = libc.dynstr.data;
	char *vn = section_copy(&libc.verneed);
	Elf64_Verneed *n = (Elf64_Verneed *)vn;
	Elf64_Vernaux *a = (Elf64_Vernaux *)(vn + n->vn_aux);
	const Elf64_Verneed saved_n = *n;
	const Elf64_Vernaux saved_a = *a;
	ck_assert_uint_ge(n->vn_cnt, 2);

	n->vn_file = (uint32_t)strsz;
	ck_assert_int_eq(needs_of(vn, size, str, strsz, tab, TABSZ), -1);
	*n = saved_n;
	n->vn_aux = 0x7ffffff0;
	ck_assert_int_eq(needs_of(vn, size, str, strsz, tab, TABSZ), -1);
	ck_assert_int_eq(version_max_index(NULL, 0, (void *)vn, 1, size), -1);
	*n = saved_n;
	n->vn_next = (uint32_t)size - 8;
	ck_assert_int_eq(version_max_index(NULL, 0, (void *)vn, 2, size), -1);
	*n = saved_n;

	a->vna_next = 0x7ffffff0;
	ck_assert_int_eq(needs_of(vn, size, str, strsz, tab, TABSZ), -1);
	ck_assert_int_eq(version_max_index(NULL, 0, (void *)vn, 1, size), -1);
	*a = saved_a;
	a->vna_name = 0xfffffff0;
	ck_assert_int_eq(needs_of(vn, size, str, strsz, tab, TABSZ), -1);
	*a = saved_a;
	a->vna_other = 100;	/* beyond the table */
	ck_assert_int_eq(needs_of(vn, size, str, strsz, tab, TABSZ), -1);
	*a = saved_a;
	ck_assert_int_gt(needs_of(vn, size, str, strsz, tab, TABSZ), 0);
	ck_assert_int_eq(needs_of(vn, sizeof(Elf64_Verneed) + 8, str, strsz, tab, TABSZ), -1);
	free(vn);
}
END_TEST

START_TEST(verneed_hidden_and_weak)
{
	struct vername tab[TABSZ];
	char *vn = section_copy(&libc.verneed);
	Elf64_Verneed *n = (Elf64_Verneed *)vn;
	Elf64_Vernaux *a = (Elf64_Vernaux *)(vn + n->vn_aux);
	unsigned ndx = a->vna_other;
	a->vna_other |= 0x8000;
	a->vna_flags |= VER_FLG_WEAK;
	ck_assert_int_gt(needs_of(vn, libc.verneed.size, libc.dynstr.data, libc.dynstr.size,
				  tab, TABSZ), 0);
	ck_assert_int_eq(tab[ndx].hidden, 1);
	ck_assert_int_eq(tab[ndx].weak, 1);
	free(vn);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("version");
	ADD_TCASE(s, "check", setup_tables, NULL, no_versym_accepts_everything,
		  versioned_ref_matching_def, versioned_ref_other_version,
		  versioned_ref_base_index, unversioned_ref, unversioned_ref_newest);
	ADD_TCASE(s, "libc", open_libc, close_libc, libc_verdef,
		  libc_verdef_base_not_matchable, libc_verneed, libc_max_index,
		  verdef_bad_next, verdef_bad_aux_and_name, verdef_bad_index_and_avail,
		  verneed_corruptions, verneed_hidden_and_weak);
	return run_suite(s);
}
