/* ELF validation shared by rtld, the userland loader, the tools and the unit
 * tests.  Pure functions over bytes already read from a file: no I/O, no
 * allocation, no libc (safe inside the freestanding rtld).
 *
 * Every check returns 0 on success or a positive ELFCHK_E_* code;
 * elfchk_strerror() turns a code into ld.so's wording. */
#ifndef RTLD_ELFCHECK_H
#define RTLD_ELFCHECK_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

enum {
	ELFCHK_OK = 0,
	ELFCHK_E_SHORT,		/* "file too short" */
	ELFCHK_E_MAGIC,		/* "invalid ELF header" */
	ELFCHK_E_CLASS32,	/* "wrong ELF class: ELFCLASS32" */
	ELFCHK_E_CLASS,		/* "wrong ELF class" (neither 32 nor 64) */
	ELFCHK_E_DATA,		/* "ELF file data encoding not little-endian" */
	ELFCHK_E_IDVERSION,	/* "ELF file version ident does not match current one" */
	ELFCHK_E_OSABI,		/* "ELF file OS ABI invalid" */
	ELFCHK_E_ABIVERSION,	/* "ELF file ABI version invalid" */
	ELFCHK_E_PAD,		/* "nonzero padding in e_ident" */
	ELFCHK_E_VERSION,	/* "ELF file version does not match current one" */
	ELFCHK_E_MACHINE,	/* "ELF file machine does not match" (wrong e_machine) */
	ELFCHK_E_TYPE,		/* "only ET_DYN and ET_EXEC can be loaded" */
	ELFCHK_E_PHENTSIZE,	/* "ELF file's phentsize not the expected size" */
	ELFCHK_E_PHOFF,		/* "program headers outside the file" */
	ELFCHK_E_PHNUM,		/* "invalid number of program headers" */
	ELFCHK_E_NOLOAD,	/* "object file has no loadable segments" */
	ELFCHK_E_LOADALIGN,	/* "ELF load command alignment not page-aligned" */
	ELFCHK_E_LOADADDR,	/* "ELF load command address/offset not properly aligned" */
	ELFCHK_E_LOADORDER,	/* "ELF load commands not in ascending order or overlapping" */
	ELFCHK_E_LOADSIZE,	/* "ELF load command with memsz smaller than filesz" */
	ELFCHK_E_LOADFILE,	/* "ELF load command extends past the end of the file" */
	ELFCHK_E_SPAN,		/* "ELF load commands span too large an address range" */
	ELFCHK_E_DYNAMIC,	/* "dynamic section outside any loadable segment" */
	ELFCHK_E_INTERP,	/* "invalid PT_INTERP" (size, bounds or missing NUL) */
	ELFCHK_E_TLS,		/* "invalid PT_TLS segment" */
	ELFCHK_E_NOTE,		/* reserved */
	ELFCHK_E_RELRO,		/* "invalid PT_GNU_RELRO segment" */
	ELFCHK_E_PHDR,		/* "invalid PT_PHDR segment" */
	ELFCHK_E_NCODES
};

const char *elfchk_strerror(int code);

/* Checks e_ident (magic, class 64, little-endian, versions, OS ABI SYSV or
 * GNU with ABI version 0, zero padding), e_version, e_type (ET_EXEC or
 * ET_DYN), e_machine == machine, e_phentsize == sizeof(Elf64_Phdr),
 * e_phnum (1..65535/sizeof, not PN_XNUM) and that e_phoff + e_phnum *
 * e_phentsize fits in file_size without overflow.  len is how many bytes
 * of the file buf holds (at least sizeof(Elf64_Ehdr) or ELFCHK_E_SHORT). */
int elfchk_header(const void *buf, size_t len, uint64_t file_size, unsigned machine);

/* Checks the program headers of an object whose header passed
 * elfchk_header: at least one PT_LOAD; PT_LOADs in ascending p_vaddr order
 * and not overlapping; p_align a power of two and >= pagesz (0/1 allowed
 * only when everything is page-congruent); p_vaddr ≡ p_offset mod
 * pagesz; p_filesz <= p_memsz; p_offset + p_filesz <= file_size and no
 * overflow anywhere; total span below 2^47; PT_DYNAMIC (if any) lies inside
 * the file image of some readable (PF_R or PF_W) PT_LOAD; PT_INTERP (if
 * any) has 2..4096 bytes in the file and ends in NUL (needs interp_buf:
 * the bytes at its offset, or NULL to skip that last check); PT_TLS has
 * p_filesz <= p_memsz, a power-of-two alignment and lies in the file;
 * elfchk_images and elfchk_relro pass. */
int elfchk_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, uint64_t file_size,
		 uint64_t pagesz);

/* Checks that a PT_GNU_RELRO (if any) lies within the extent of the
 * writable PT_LOADs, so that making it read-only after relocation touches
 * neither code nor anything outside the object.  For programs the kernel
 * mapped, whose headers elfchk_phdrs does not see.  0 or ELFCHK_E_RELRO. */
int elfchk_relro(const Elf64_Phdr *ph, size_t phnum);

/* Checks that what a loader reads through the mapping right after
 * loading, the dynamic section and the TLS initialisation image, lies in
 * the file image of a readable PT_LOAD (part of elfchk_phdrs; for
 * programs the kernel mapped too).  0, ELFCHK_E_DYNAMIC or ELFCHK_E_TLS. */
int elfchk_images(const Elf64_Phdr *ph, size_t phnum);

/* Checks that a PT_PHDR (if any) lies in the file image of one PT_LOAD
 * (and no other), at the address that segment gives its file offset.  The load bias of a
 * program the kernel mapped is AT_PHDR minus PT_PHDR's p_vaddr: a damaged
 * p_vaddr would send every later read astray.  0 or ELFCHK_E_PHDR. */
int elfchk_phdr_segment(const Elf64_Phdr *ph, size_t phnum);

/* Checks the contents of a PT_INTERP that passed elfchk_phdrs, which sees
 * only its size and bounds: bytes holds its p_filesz bytes from the file.
 * The path must be non-empty and end in a NUL, as the kernel and ld.so
 * require.  Returns 0 or ELFCHK_E_INTERP. */
int elfchk_interp(const Elf64_Phdr *p, const char *bytes);

/* Bounds of the PT_LOADs: lowest page-aligned p_vaddr and highest
 * p_vaddr + p_memsz.  Returns 0 and fills *lo and *hi, or an error code. */
int elfchk_load_span(const Elf64_Phdr *ph, size_t phnum, uint64_t pagesz,
		     uint64_t *lo, uint64_t *hi);

/* True when [addr, addr+size) lies inside the memory image of one PT_LOAD
 * (virtual addresses, before load bias).  Used to validate every
 * dynamic-section pointer before it is dereferenced. */
int elfchk_in_load(const Elf64_Phdr *ph, size_t phnum, uint64_t addr, uint64_t size);

#endif
