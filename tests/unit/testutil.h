/* Helpers shared by the unit tests: file reading into exactly-sized
 * buffers (so that ASan or valgrind catch any overread by the code under
 * test) and a small, independent ELF section reader used to obtain real
 * data to test against. */
#ifndef UNIT_TESTUTIL_H
#define UNIT_TESTUTIL_H

#include <check.h>
#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#define LIBC_PATH "/lib/x86_64-linux-gnu/libc.so.6"
#define LS_PATH "/bin/ls"

/* The whole file in a malloc'ed buffer of exactly its size, or NULL. */
void *read_file(const char *path, size_t *size);

/* Copy of buf[0..n) in a malloc'ed buffer of exactly n bytes. */
void *dup_exact(const void *buf, size_t n);

/* A section located through the section header table. */
struct tsec {
	const char *data;	/* NULL when the file has no such section */
	size_t size;
	size_t offset;		/* in the file */
	uint32_t info;		/* sh_info: entry count for verdef/verneed */
};

/* An ELF file read whole, with the sections the tests need. */
struct telf {
	char *buf;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	struct tsec dynsym, dynstr, gnu_hash, verdef, verneed;
};

/* Reads path and finds its sections; fails the current test on error. */
void telf_open(struct telf *e, const char *path);
void telf_close(struct telf *e);

/* Name of dynamic symbol i (bounds-checked against .dynstr). */
const char *telf_symname(const struct telf *e, size_t i);
size_t telf_nsyms(const struct telf *e);

/* Adds a test case with an optional checked fixture and the given tests:
 * ADD_TCASE(suite, "name", setup, teardown, test1, test2, ...). */
TCase *add_tcase(Suite *s, const char *name, SFun setup, SFun teardown,
		 const TTest *const *tests, size_t n);
#define ADD_TCASE(s, name, setup, teardown, ...)				\
	add_tcase(s, name, setup, teardown, (const TTest *const[]){ __VA_ARGS__ }, \
		  sizeof((const TTest *const[]){ __VA_ARGS__ }) / sizeof(const TTest *))

/* Runs a suite with Check's normal output; returns the process status. */
int run_suite(Suite *s);

#endif
