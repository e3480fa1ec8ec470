/* x86_64 relocation facts the machine-independent loop needs inline. */
#ifndef RTLD_ARCH_RELOC_ARCH_H
#define RTLD_ARCH_RELOC_ARCH_H

#include <elf.h>
#include <stdbool.h>

/* Whether arch_reloc_run applies r: RELATIVE, or JUMP_SLOT when lazy. */
static inline bool arch_reloc_simple(const Elf64_Rela *r, bool lazy)
{
	unsigned type = ELF64_R_TYPE(r->r_info);
	return type == R_X86_64_RELATIVE || (lazy && type == R_X86_64_JUMP_SLOT);
}

/* Entries that store a symbol's address, 8 bytes: the eager binder
 * (bindrun.c) applies them itself.  RELOC_PLT: looked up in the PLT class
 * (undefined entries do not match); RELOC_ADDEND: S + A, else S. */
enum { RELOC_SYMBOL = 1, RELOC_PLT = 2, RELOC_ADDEND = 4 };
static inline unsigned arch_reloc_class(const Elf64_Rela *r)
{
	switch (ELF64_R_TYPE(r->r_info)) {
	case R_X86_64_JUMP_SLOT:
		return RELOC_SYMBOL | RELOC_PLT;
	case R_X86_64_GLOB_DAT:
		return RELOC_SYMBOL;
	case R_X86_64_64:
		return RELOC_SYMBOL | RELOC_ADDEND;
	default:
		return 0;
	}
}

/* IFUNC results, applied after everything else. */
static inline bool arch_reloc_is_irelative(const Elf64_Rela *r)
{
	return ELF64_R_TYPE(r->r_info) == R_X86_64_IRELATIVE;
}

#endif
