#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	if (fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);
		if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
			/* malloc(0) may return NULL; keep one byte then. */
			buf = malloc(n ? (size_t)n : 1);
			if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
				free(buf);
				buf = NULL;
			}
			*size = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

void *dup_exact(const void *buf, size_t n)
{
	void *p = malloc(n ? n : 1);
	ck_assert_ptr_nonnull(p);
	if (n)
		memcpy(p, buf, n);
	return p;
}

static struct tsec section(const struct telf *e, const Elf64_Shdr *sh)
{
	ck_assert_msg(sh->sh_offset <= e->size && sh->sh_size <= e->size - sh->sh_offset,
		      "section outside the file");
	struct tsec s = {
		.data = e->buf + sh->sh_offset,
		.size = sh->sh_size,
		.offset = sh->sh_offset,
		.info = sh->sh_info,
	};
	return s;
}

void telf_open(struct telf *e, const char *path)
{
	memset(e, 0, sizeof *e);
	e->buf = read_file(path, &e->size);
	ck_assert_msg(e->buf != NULL, "cannot read %s", path);
	ck_assert_uint_ge(e->size, sizeof(Elf64_Ehdr));
	e->eh = (const Elf64_Ehdr *)e->buf;
	ck_assert_uint_eq(e->eh->e_shentsize, sizeof(Elf64_Shdr));
	ck_assert_uint_le(e->eh->e_phoff + e->eh->e_phnum * sizeof(Elf64_Phdr), e->size);
	ck_assert_uint_le(e->eh->e_shoff + e->eh->e_shnum * sizeof(Elf64_Shdr), e->size);
	e->ph = (const Elf64_Phdr *)(e->buf + e->eh->e_phoff);
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(e->buf + e->eh->e_shoff);
	for (size_t i = 0; i < e->eh->e_shnum; i++) {
		switch (sh[i].sh_type) {
		case SHT_DYNSYM:
			e->dynsym = section(e, &sh[i]);
			ck_assert_uint_lt(sh[i].sh_link, e->eh->e_shnum);
			e->dynstr = section(e, &sh[sh[i].sh_link]);
			break;
		case SHT_GNU_HASH:
			e->gnu_hash = section(e, &sh[i]);
			break;
		case SHT_GNU_verdef:
			e->verdef = section(e, &sh[i]);
			break;
		case SHT_GNU_verneed:
			e->verneed = section(e, &sh[i]);
			break;
		}
	}
	ck_assert_msg(e->dynsym.data && e->dynstr.data, "%s has no .dynsym", path);
}

void telf_close(struct telf *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

size_t telf_nsyms(const struct telf *e)
{
	return e->dynsym.size / sizeof(Elf64_Sym);
}

const char *telf_symname(const struct telf *e, size_t i)
{
	const Elf64_Sym *sym = (const Elf64_Sym *)e->dynsym.data + i;
	ck_assert_uint_lt(sym->st_name, e->dynstr.size);
	const char *s = e->dynstr.data + sym->st_name;
	ck_assert_ptr_nonnull(memchr(s, 0, e->dynstr.size - sym->st_name));
	return s;
}

TCase *add_tcase(Suite *s, const char *name, SFun setup, SFun teardown,
		 const TTest *const *tests, size_t n)
{
	TCase *tc = tcase_create(name);
	if (setup || teardown)
		tcase_add_checked_fixture(tc, setup, teardown);
	for (size_t i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	return tc;
}

int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
