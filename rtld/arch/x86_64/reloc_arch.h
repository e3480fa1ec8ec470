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

#endif
