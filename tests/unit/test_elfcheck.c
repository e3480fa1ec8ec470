/* elfchk_* on real binaries and on systematic corruptions of their ELF
 * header and program headers. */
#include "testutil.h"
#include "rtld/elfcheck.h"

#include <stdlib.h>
#include <string.h>

#define PAGE 4096

/* The ELF header and program header table of a real file, copied into an
 * exactly-sized buffer so that a check reading too far is caught. */
struct hdr {
	char *img;
	size_t len;		/* 64 + phnum * 56 */
	uint64_t file_size;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
};

static struct hdr ls, libc;

static void load_hdr(struct hdr *h, const char *path)
{
	size_t size;
	char *file = read_file(path, &size);
	ck_assert_msg(file != NULL, "cannot read %s", path);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;
	/* Both files keep their program headers right after the ELF header. */
	ck_assert_uint_eq(eh->e_phoff, sizeof(Elf64_Ehdr));
	h->len = sizeof(Elf64_Ehdr) + eh->e_phnum * sizeof(Elf64_Phdr);
	h->img = dup_exact(file, h->len);
	h->file_size = size;
	h->eh = (Elf64_Ehdr *)h->img;
	h->ph = (Elf64_Phdr *)(h->img + sizeof(Elf64_Ehdr));
	free(file);
}

static void setup(void)
{
	load_hdr(&ls, LS_PATH);
	load_hdr(&libc, LIBC_PATH);
}

static void teardown(void)
{
	free(ls.img);
	free(libc.img);
}

/* Both checks, as a loader runs them. */
static int check(const struct hdr *h)
{
	int err = elfchk_header(h->img, h->len, h->file_size, EM_X86_64);
	return err ? err : elfchk_phdrs(h->eh, h->ph, h->file_size, PAGE);
}

/* The nth program header of a type (0-based). */
static Elf64_Phdr *phdr(const struct hdr *h, uint32_t type, int nth)
{
	for (size_t i = 0; i < h->eh->e_phnum; i++)
		if (h->ph[i].p_type == type && nth-- == 0)
			return &h->ph[i];
	ck_abort_msg("no program header of type %u", type);
	return NULL;
}

/* Runs check() on a corrupted copy of h made by fn, then restores h. */
#define EXPECT(h, err, stmt)						\
	do {								\
		char *saved_ = dup_exact((h).img, (h).len);		\
		stmt;							\
		ck_assert_int_eq(check(&(h)), (err));			\
		memcpy((h).img, saved_, (h).len);			\
		free(saved_);						\
	} while (0)

START_TEST(real_files_pass)
{
	ck_assert_int_eq(check(&ls), ELFCHK_OK);
	ck_assert_int_eq(check(&libc), ELFCHK_OK);
	/* The span is that of the PT_LOADs. */
	uint64_t lo, hi;
	ck_assert_int_eq(elfchk_load_span(ls.ph, ls.eh->e_phnum, PAGE, &lo, &hi), ELFCHK_OK);
	const Elf64_Phdr *first = phdr(&ls, PT_LOAD, 0), *last = phdr(&ls, PT_LOAD, 3);
	ck_assert_uint_eq(lo, first->p_vaddr & ~(uint64_t)(PAGE - 1));
	ck_assert_uint_eq(hi, last->p_vaddr + last->p_memsz);
	const Elf64_Phdr *dyn = phdr(&ls, PT_DYNAMIC, 0);
	ck_assert(elfchk_in_load(ls.ph, ls.eh->e_phnum, dyn->p_vaddr, dyn->p_memsz));
}
END_TEST

START_TEST(every_truncation)
{
	const struct hdr *files[] = { &ls, &libc };
	for (size_t f = 0; f < 2; f++) {
		const struct hdr *h = files[f];
		for (size_t len = 0; len < h->len; len++) {
			char *cut = dup_exact(h->img, len);
			int want = len < sizeof(Elf64_Ehdr) ? ELFCHK_E_SHORT : ELFCHK_E_PHOFF;
			/* The file itself is that short... */
			ck_assert_int_eq(elfchk_header(cut, len, len, EM_X86_64), want);
			/* ...or only the buffer is. */
			if (len < sizeof(Elf64_Ehdr))
				ck_assert_int_eq(elfchk_header(cut, len, h->file_size, EM_X86_64),
						 ELFCHK_E_SHORT);
			free(cut);
		}
		/* Headers complete, segments cut off. */
		ck_assert_int_eq(elfchk_header(h->img, h->len, h->len, EM_X86_64), ELFCHK_OK);
		ck_assert_int_eq(elfchk_phdrs(h->eh, h->ph, h->len, PAGE), ELFCHK_E_LOADFILE);
	}
}
END_TEST

START_TEST(ident_corruptions)
{
	for (int i = 0; i < SELFMAG; i++)
		EXPECT(ls, ELFCHK_E_MAGIC, ls.eh->e_ident[i] ^= 0x20);
	EXPECT(ls, ELFCHK_E_CLASS32, ls.eh->e_ident[EI_CLASS] = ELFCLASS32);
	EXPECT(ls, ELFCHK_E_CLASS, ls.eh->e_ident[EI_CLASS] = ELFCLASSNONE);
	EXPECT(ls, ELFCHK_E_CLASS, ls.eh->e_ident[EI_CLASS] = 3);
	EXPECT(ls, ELFCHK_E_DATA, ls.eh->e_ident[EI_DATA] = ELFDATA2MSB);
	EXPECT(ls, ELFCHK_E_DATA, ls.eh->e_ident[EI_DATA] = ELFDATANONE);
	EXPECT(ls, ELFCHK_E_IDVERSION, ls.eh->e_ident[EI_VERSION] = EV_NONE);
	EXPECT(ls, ELFCHK_E_IDVERSION, ls.eh->e_ident[EI_VERSION] = 2);
	EXPECT(ls, ELFCHK_OK, ls.eh->e_ident[EI_OSABI] = ELFOSABI_GNU);
	EXPECT(ls, ELFCHK_E_OSABI, ls.eh->e_ident[EI_OSABI] = ELFOSABI_HPUX);
	EXPECT(ls, ELFCHK_E_OSABI, ls.eh->e_ident[EI_OSABI] = ELFOSABI_ARM);
	EXPECT(ls, ELFCHK_E_ABIVERSION, ls.eh->e_ident[EI_ABIVERSION] = 1);
	for (int i = EI_PAD; i < EI_NIDENT; i++)
		EXPECT(ls, ELFCHK_E_PAD, ls.eh->e_ident[i] = 1);
	/* The first problem in e_ident order is the one reported. */
	EXPECT(ls, ELFCHK_E_MAGIC, (ls.eh->e_ident[0] = 0, ls.eh->e_ident[EI_CLASS] = 1));
	EXPECT(ls, ELFCHK_E_CLASS32,
	       (ls.eh->e_ident[EI_CLASS] = ELFCLASS32, ls.eh->e_ident[EI_DATA] = ELFDATA2MSB));
}
END_TEST

START_TEST(header_field_corruptions)
{
	EXPECT(ls, ELFCHK_E_VERSION, ls.eh->e_version = EV_NONE);
	EXPECT(ls, ELFCHK_E_VERSION, ls.eh->e_version = 2);
	EXPECT(ls, ELFCHK_E_MACHINE, ls.eh->e_machine = EM_386);
	EXPECT(ls, ELFCHK_E_MACHINE, ls.eh->e_machine = EM_AARCH64);
	ck_assert_int_eq(elfchk_header(ls.img, ls.len, ls.file_size, EM_AARCH64),
			 ELFCHK_E_MACHINE);
	EXPECT(ls, ELFCHK_E_TYPE, ls.eh->e_type = ET_REL);
	EXPECT(ls, ELFCHK_E_TYPE, ls.eh->e_type = ET_CORE);
	EXPECT(ls, ELFCHK_E_TYPE, ls.eh->e_type = ET_NONE);
	EXPECT(ls, ELFCHK_OK, ls.eh->e_type = ET_EXEC);
	EXPECT(ls, ELFCHK_E_PHENTSIZE, ls.eh->e_phentsize = sizeof(Elf32_Phdr));
	EXPECT(ls, ELFCHK_E_PHENTSIZE, ls.eh->e_phentsize = 0);
	EXPECT(ls, ELFCHK_E_PHENTSIZE, ls.eh->e_phentsize = sizeof(Elf64_Phdr) + 8);
}
END_TEST

/* e_phnum and e_phoff, checked by elfchk_header alone (it does not read
 * the table itself). */
static int header_with(uint16_t phnum, uint64_t phoff, uint64_t file_size)
{
	Elf64_Ehdr eh = *ls.eh;
	eh.e_phnum = phnum;
	eh.e_phoff = phoff;
	char *buf = dup_exact(&eh, sizeof eh);
	int err = elfchk_header(buf, sizeof eh, file_size, EM_X86_64);
	free(buf);
	return err;
}

START_TEST(phnum_and_phoff)
{
	const uint64_t big = 1 << 20, max = 65535 / sizeof(Elf64_Phdr);
	ck_assert_int_eq(header_with(0, 64, big), ELFCHK_E_PHNUM);
	ck_assert_int_eq(header_with(PN_XNUM, 64, big), ELFCHK_E_PHNUM);
	ck_assert_int_eq(header_with(max + 1, 64, big), ELFCHK_E_PHNUM);
	ck_assert_int_eq(header_with(max, 64, big), ELFCHK_OK);
	ck_assert_int_eq(header_with(1, 64, big), ELFCHK_OK);
	/* The table must end inside the file. */
	ck_assert_int_eq(header_with(13, big - 13 * 56, big), ELFCHK_OK);
	ck_assert_int_eq(header_with(13, big - 13 * 56 + 1, big), ELFCHK_E_PHOFF);
	ck_assert_int_eq(header_with(13, big, big), ELFCHK_E_PHOFF);
	ck_assert_int_eq(header_with(13, big + 4096, big), ELFCHK_E_PHOFF);
	ck_assert_int_eq(header_with(13, UINT64_MAX - 100, big), ELFCHK_E_PHOFF);
	ck_assert_int_eq(header_with(max, UINT64_MAX - 56 * max + 1, UINT64_MAX), ELFCHK_E_PHOFF);
	ck_assert_int_eq(header_with(13, 64, 64 + 13 * 56 - 1), ELFCHK_E_PHOFF);
}
END_TEST

START_TEST(load_order)
{
	Elf64_Phdr *l1 = phdr(&ls, PT_LOAD, 1), *l2 = phdr(&ls, PT_LOAD, 2);
	Elf64_Phdr tmp;
	EXPECT(ls, ELFCHK_E_LOADORDER, (tmp = *l1, *l1 = *l2, *l2 = tmp));
	/* Overlapping by one byte, then exactly touching. */
	EXPECT(ls, ELFCHK_E_LOADORDER, l1->p_memsz = l2->p_vaddr - l1->p_vaddr + 1);
	EXPECT(ls, ELFCHK_OK, l1->p_memsz = l2->p_vaddr - l1->p_vaddr);
	/* Same start. */
	EXPECT(ls, ELFCHK_E_LOADORDER, (l2->p_vaddr = l1->p_vaddr, l2->p_offset = l1->p_offset));
	/* No PT_LOAD at all. */
	EXPECT(ls, ELFCHK_E_NOLOAD, for (int i = 0; i < ls.eh->e_phnum; i++)
		       if (ls.ph[i].p_type == PT_LOAD) ls.ph[i].p_type = PT_NULL);
}
END_TEST

START_TEST(load_sizes)
{
	Elf64_Phdr *l3 = phdr(&ls, PT_LOAD, 3);
	EXPECT(ls, ELFCHK_E_LOADSIZE, l3->p_filesz = l3->p_memsz + 1);
	EXPECT(ls, ELFCHK_OK, l3->p_memsz = l3->p_filesz);
	/* Past the end of the file, by one byte or by wrapping around. */
	EXPECT(ls, ELFCHK_E_LOADFILE,
	       (l3->p_filesz = ls.file_size - l3->p_offset + 1, l3->p_memsz = l3->p_filesz));
	EXPECT(ls, ELFCHK_OK,
	       (l3->p_filesz = ls.file_size - l3->p_offset, l3->p_memsz = l3->p_filesz));
	EXPECT(ls, ELFCHK_E_LOADFILE,
	       l3->p_offset = (UINT64_MAX & ~(uint64_t)(PAGE - 1)) | (l3->p_vaddr & (PAGE - 1)));
	EXPECT(ls, ELFCHK_E_LOADFILE,
	       l3->p_offset += (ls.file_size + PAGE) & ~(uint64_t)(PAGE - 1));
	/* Address arithmetic that wraps or exceeds 47 bits. */
	EXPECT(ls, ELFCHK_E_SPAN, l3->p_memsz = UINT64_MAX - l3->p_vaddr + 1);
	EXPECT(ls, ELFCHK_E_SPAN, l3->p_memsz = (uint64_t)1 << 47);
	EXPECT(ls, ELFCHK_E_SPAN, l3->p_vaddr = (UINT64_MAX & ~(uint64_t)(PAGE - 1)) |
					       (l3->p_offset & (PAGE - 1)));
	EXPECT(ls, ELFCHK_E_SPAN, l3->p_vaddr += (uint64_t)1 << 47);
}
END_TEST

START_TEST(load_alignment)
{
	Elf64_Phdr *l1 = phdr(&ls, PT_LOAD, 1);
	EXPECT(ls, ELFCHK_E_LOADADDR, l1->p_vaddr += 8);
	EXPECT(ls, ELFCHK_E_LOADADDR, l1->p_offset += 0x10);
	EXPECT(ls, ELFCHK_OK, (l1->p_offset += PAGE));
	EXPECT(ls, ELFCHK_E_LOADALIGN, l1->p_align = PAGE / 2);
	EXPECT(ls, ELFCHK_E_LOADALIGN, l1->p_align = 3 * PAGE);
	EXPECT(ls, ELFCHK_OK, l1->p_align = 0x200000);
	EXPECT(ls, ELFCHK_OK, l1->p_align = 0);
	EXPECT(ls, ELFCHK_OK, l1->p_align = 1);
	EXPECT(ls, ELFCHK_E_LOADADDR, (l1->p_align = 0, l1->p_vaddr += 1));
	/* A page size that is no power of two is refused, not divided by. */
	ck_assert_int_eq(elfchk_phdrs(ls.eh, ls.ph, ls.file_size, 3000), ELFCHK_E_LOADALIGN);
	ck_assert_int_eq(elfchk_phdrs(ls.eh, ls.ph, ls.file_size, 0), ELFCHK_E_LOADALIGN);
	/* 4 KiB alignment is not enough on 64 KiB pages; 2 KiB pages are fine. */
	ck_assert_int_eq(elfchk_phdrs(ls.eh, ls.ph, ls.file_size, 0x10000), ELFCHK_E_LOADALIGN);
	ck_assert_int_eq(elfchk_phdrs(ls.eh, ls.ph, ls.file_size, 0x800), ELFCHK_OK);
}
END_TEST

START_TEST(dynamic_placement)
{
	Elf64_Phdr *dyn = phdr(&ls, PT_DYNAMIC, 0), *l3 = phdr(&ls, PT_LOAD, 3);
	uint64_t file_end = l3->p_vaddr + l3->p_filesz;
	EXPECT(ls, ELFCHK_E_DYNAMIC, dyn->p_vaddr = 0x40000000);
	EXPECT(ls, ELFCHK_E_DYNAMIC, dyn->p_vaddr = file_end);	/* zero fill (.bss) */
	EXPECT(ls, ELFCHK_E_DYNAMIC, dyn->p_vaddr = file_end - dyn->p_filesz + 8);
	EXPECT(ls, ELFCHK_OK, dyn->p_vaddr = file_end - dyn->p_filesz);
	EXPECT(ls, ELFCHK_E_DYNAMIC, dyn->p_filesz = UINT64_MAX);
	EXPECT(ls, ELFCHK_E_DYNAMIC, dyn->p_vaddr = UINT64_MAX - 8);
	/* PT_DYNAMIC before the PT_LOADs in the table is fine. */
	Elf64_Phdr tmp;
	EXPECT(ls, ELFCHK_OK, (tmp = ls.ph[0], ls.ph[0] = *dyn, *dyn = tmp));
}
END_TEST

START_TEST(interp_bounds)
{
	Elf64_Phdr *in = phdr(&ls, PT_INTERP, 0);
	EXPECT(ls, ELFCHK_E_INTERP, in->p_filesz = 0);
	EXPECT(ls, ELFCHK_E_INTERP, in->p_filesz = 1);
	EXPECT(ls, ELFCHK_OK, in->p_filesz = 2);
	EXPECT(ls, ELFCHK_OK, in->p_filesz = 4096);
	EXPECT(ls, ELFCHK_E_INTERP, in->p_filesz = 4097);
	EXPECT(ls, ELFCHK_E_INTERP, in->p_offset = ls.file_size - 4);
	EXPECT(ls, ELFCHK_E_INTERP, in->p_offset = UINT64_MAX - 4);
	EXPECT(ls, ELFCHK_OK, in->p_offset = ls.file_size - in->p_filesz);
}
END_TEST

START_TEST(tls_segment)
{
	Elf64_Phdr *tls = phdr(&libc, PT_TLS, 0);
	EXPECT(libc, ELFCHK_E_TLS, tls->p_filesz = tls->p_memsz + 1);
	EXPECT(libc, ELFCHK_E_TLS, tls->p_align = 3);
	EXPECT(libc, ELFCHK_E_TLS, tls->p_align = 24);
	EXPECT(libc, ELFCHK_OK, tls->p_align = 64);
	EXPECT(libc, ELFCHK_OK, tls->p_align = 0);
	EXPECT(libc, ELFCHK_OK, tls->p_align = 1);
	EXPECT(libc, ELFCHK_E_TLS, tls->p_offset = libc.file_size - 1);
	EXPECT(libc, ELFCHK_E_TLS, tls->p_offset = UINT64_MAX);
	EXPECT(libc, ELFCHK_OK, (tls->p_filesz = 0, tls->p_offset = libc.file_size));
	/* The image is copied from the mapping: it must lie in a segment's
	 * file bytes, unless it is all zeros. */
	EXPECT(libc, ELFCHK_E_TLS, tls->p_vaddr = UINT64_MAX - 8);
	EXPECT(libc, ELFCHK_E_TLS, tls->p_vaddr += (uint64_t)1 << 32);
	EXPECT(libc, ELFCHK_OK, (tls->p_filesz = 0, tls->p_vaddr = UINT64_MAX - 8));
	ck_assert_int_eq(elfchk_images(libc.ph, libc.eh->e_phnum), ELFCHK_OK);
}
END_TEST

/* PT_GNU_RELRO inside the writable segments: libc's passes, a RELRO that
 * grows past them (over other mappings) or onto the code does not. */
START_TEST(relro_segment)
{
	Elf64_Phdr *relro = phdr(&libc, PT_GNU_RELRO, 0);
	ck_assert_ptr_nonnull(relro);
	EXPECT(libc, ELFCHK_E_RELRO, relro->p_memsz = (uint64_t)1 << 30);
	EXPECT(libc, ELFCHK_E_RELRO, relro->p_memsz = UINT64_MAX);
	EXPECT(libc, ELFCHK_E_RELRO, relro->p_vaddr = 0);
	EXPECT(libc, ELFCHK_OK, relro->p_memsz = 0);
	EXPECT(libc, ELFCHK_OK, relro->p_memsz = 8);
}
END_TEST

/* PT_PHDR where its segment puts that file offset: the load bias of a
 * program the kernel mapped comes from it. */
START_TEST(phdr_segment)
{
	ck_assert_int_eq(elfchk_phdr_segment(ls.ph, ls.eh->e_phnum), ELFCHK_OK);
	Elf64_Phdr *ph = phdr(&ls, PT_PHDR, 0);
	uint64_t vaddr = ph->p_vaddr, offset = ph->p_offset;
	ph->p_vaddr += 0x1000;
	ck_assert_int_eq(elfchk_phdr_segment(ls.ph, ls.eh->e_phnum), ELFCHK_E_PHDR);
	ph->p_vaddr = vaddr;
	ph->p_offset = UINT64_MAX - 8;
	ck_assert_int_eq(elfchk_phdr_segment(ls.ph, ls.eh->e_phnum), ELFCHK_E_PHDR);
	ph->p_offset = offset;
	ph->p_type = PT_NULL;	/* none at all: nothing to check */
	ck_assert_int_eq(elfchk_phdr_segment(ls.ph, ls.eh->e_phnum), ELFCHK_OK);
	ph->p_type = PT_PHDR;
}
END_TEST

/* The dynamic section must be readable: with protection keys an
 * execute-only segment cannot be read. */
START_TEST(dynamic_readable)
{
	Elf64_Phdr *dyn = phdr(&libc, PT_DYNAMIC, 0);
	for (size_t i = 0; i < libc.eh->e_phnum; i++) {
		Elf64_Phdr *p = &libc.ph[i];
		if (p->p_type == PT_LOAD && dyn->p_vaddr >= p->p_vaddr &&
		    dyn->p_vaddr < p->p_vaddr + p->p_filesz) {
			EXPECT(libc, ELFCHK_E_DYNAMIC, p->p_flags = PF_X);
			EXPECT(libc, ELFCHK_OK, p->p_flags = PF_W);
		}
	}
}
END_TEST

/* ---- load_span and in_load on hand-made tables ---- */

static Elf64_Phdr load(uint64_t vaddr, uint64_t memsz)
{
	Elf64_Phdr p = { .p_type = PT_LOAD, .p_vaddr = vaddr, .p_offset = vaddr,
			 .p_filesz = memsz, .p_memsz = memsz, .p_align = PAGE };
	return p;
}

START_TEST(load_span)
{
	Elf64_Phdr ph[4] = { { .p_type = PT_PHDR, .p_vaddr = 0x40 },
			     load(0x1234, 0x100), load(0x5000, 0x2000),
			     { .p_type = PT_DYNAMIC, .p_vaddr = 0x900000, .p_memsz = 16 } };
	uint64_t lo = 1, hi = 1;
	ck_assert_int_eq(elfchk_load_span(ph, 4, PAGE, &lo, &hi), ELFCHK_OK);
	ck_assert_uint_eq(lo, 0x1000);
	ck_assert_uint_eq(hi, 0x7000);
	ck_assert_int_eq(elfchk_load_span(ph, 4, 0x10000, &lo, &hi), ELFCHK_OK);
	ck_assert_uint_eq(lo, 0);
	/* Order does not matter for the span. */
	Elf64_Phdr swapped[2] = { ph[2], ph[1] };
	ck_assert_int_eq(elfchk_load_span(swapped, 2, PAGE, &lo, &hi), ELFCHK_OK);
	ck_assert_uint_eq(lo, 0x1000);
	ck_assert_uint_eq(hi, 0x7000);
	ck_assert_int_eq(elfchk_load_span(ph, 1, PAGE, &lo, &hi), ELFCHK_E_NOLOAD);
	ck_assert_int_eq(elfchk_load_span(ph, 0, PAGE, &lo, &hi), ELFCHK_E_NOLOAD);

	Elf64_Phdr big[2] = { load(0, PAGE), load(PAGE, ((uint64_t)1 << 47) - PAGE - 1) };
	ck_assert_int_eq(elfchk_load_span(big, 2, PAGE, &lo, &hi), ELFCHK_OK);
	ck_assert_uint_eq(hi, ((uint64_t)1 << 47) - 1);
	big[1].p_memsz++;
	ck_assert_int_eq(elfchk_load_span(big, 2, PAGE, &lo, &hi), ELFCHK_E_SPAN);
	big[1].p_memsz = UINT64_MAX;
	ck_assert_int_eq(elfchk_load_span(big, 2, PAGE, &lo, &hi), ELFCHK_E_SPAN);
	/* High but narrow is fine: only the span is limited. */
	Elf64_Phdr high[1] = { load(0x7f0000000000, PAGE) };
	ck_assert_int_eq(elfchk_load_span(high, 1, PAGE, &lo, &hi), ELFCHK_OK);
}
END_TEST

START_TEST(in_load)
{
	Elf64_Phdr ph[3] = { load(0x1234, 0x100), load(0x5000, 0x2000),
			     { .p_type = PT_DYNAMIC, .p_vaddr = 0x900000, .p_memsz = 16 } };
	ck_assert(elfchk_in_load(ph, 3, 0x1234, 0x100));
	ck_assert(elfchk_in_load(ph, 3, 0x1333, 1));
	ck_assert(!elfchk_in_load(ph, 3, 0x1233, 1));
	ck_assert(!elfchk_in_load(ph, 3, 0x1334, 1));
	ck_assert(!elfchk_in_load(ph, 3, 0x1300, 0x100));
	ck_assert(elfchk_in_load(ph, 3, 0x5000, 0x2000));
	ck_assert(!elfchk_in_load(ph, 3, 0x4fff, 2));
	ck_assert(!elfchk_in_load(ph, 3, 0x6fff, 2));
	/* Not across two loads, not in non-load segments, no wrap-around. */
	ck_assert(!elfchk_in_load(ph, 3, 0x1300, 0x4000));
	ck_assert(!elfchk_in_load(ph, 3, 0x900000, 8));
	ck_assert(!elfchk_in_load(ph, 3, 0x5000, UINT64_MAX));
	ck_assert(!elfchk_in_load(ph, 3, UINT64_MAX, 2));
	ck_assert(!elfchk_in_load(ph, 0, 0x1234, 1));
	/* memsz counts, not filesz: .bss is addressable. */
	ph[1].p_filesz = 0x10;
	ck_assert(elfchk_in_load(ph, 3, 0x6000, 0x100));
}
END_TEST

START_TEST(strerror_messages)
{
	static const struct { int code; const char *msg; } want[] = {
		{ ELFCHK_E_SHORT, "file too short" },
		{ ELFCHK_E_MAGIC, "invalid ELF header" },
		{ ELFCHK_E_CLASS32, "wrong ELF class: ELFCLASS32" },
		{ ELFCHK_E_CLASS, "wrong ELF class" },
		{ ELFCHK_E_DATA, "ELF file data encoding not little-endian" },
		{ ELFCHK_E_IDVERSION, "ELF file version ident does not match current one" },
		{ ELFCHK_E_OSABI, "ELF file OS ABI invalid" },
		{ ELFCHK_E_ABIVERSION, "ELF file ABI version invalid" },
		{ ELFCHK_E_PAD, "nonzero padding in e_ident" },
		{ ELFCHK_E_VERSION, "ELF file version does not match current one" },
		{ ELFCHK_E_MACHINE, "ELF file machine does not match" },
		{ ELFCHK_E_TYPE, "only ET_DYN and ET_EXEC can be loaded" },
		{ ELFCHK_E_PHENTSIZE, "ELF file's phentsize not the expected size" },
		{ ELFCHK_E_PHOFF, "program headers outside the file" },
		{ ELFCHK_E_PHNUM, "invalid number of program headers" },
		{ ELFCHK_E_NOLOAD, "object file has no loadable segments" },
		{ ELFCHK_E_LOADALIGN, "ELF load command alignment not page-aligned" },
		{ ELFCHK_E_LOADADDR, "ELF load command address/offset not properly aligned" },
		{ ELFCHK_E_LOADORDER, "ELF load commands not in ascending order or overlapping" },
		{ ELFCHK_E_LOADSIZE, "ELF load command with memsz smaller than filesz" },
		{ ELFCHK_E_LOADFILE, "ELF load command extends past the end of the file" },
		{ ELFCHK_E_SPAN, "ELF load commands span too large an address range" },
		{ ELFCHK_E_DYNAMIC, "dynamic section outside any loadable segment" },
		{ ELFCHK_E_INTERP, "invalid PT_INTERP" },
		{ ELFCHK_E_TLS, "invalid PT_TLS segment" },
		{ ELFCHK_E_RELRO, "invalid PT_GNU_RELRO segment" },
		{ ELFCHK_E_PHDR, "invalid PT_PHDR segment" },
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		ck_assert_str_eq(elfchk_strerror(want[i].code), want[i].msg);
	for (int code = 0; code < ELFCHK_E_NCODES; code++)
		ck_assert_uint_gt(strlen(elfchk_strerror(code)), 0);
	ck_assert_ptr_nonnull(elfchk_strerror(-1));
	ck_assert_ptr_nonnull(elfchk_strerror(ELFCHK_E_NCODES));
	ck_assert_ptr_nonnull(elfchk_strerror(1 << 30));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("elfcheck");
	ADD_TCASE(s, "real", setup, teardown, real_files_pass, every_truncation,
		  ident_corruptions, header_field_corruptions, phnum_and_phoff, load_order,
		  load_sizes, load_alignment, dynamic_placement, interp_bounds, tls_segment,
		  relro_segment, dynamic_readable, phdr_segment);
	ADD_TCASE(s, "tables", NULL, NULL, load_span, in_load, strerror_messages);
	return run_suite(s);
}
