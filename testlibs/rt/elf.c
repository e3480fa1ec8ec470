/* Self-inspection of the module (executable or library) that links this
 * copy of the runtime, through linker-defined symbols. */
#include <elf.h>
#include "rt.h"

extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));
extern Elf64_Dyn _DYNAMIC[] __attribute__((visibility("hidden")));
extern char _end[] __attribute__((visibility("hidden")));

uintptr_t rt_self_base(void)
{
	/* ld puts the ELF header at the start of the first PT_LOAD, at
	 * virtual address 0 for ET_DYN; an ET_EXEC is not relocated. */
	return __ehdr_start.e_type == ET_EXEC ? 0 : (uintptr_t)&__ehdr_start;
}

int rt_in_self(const void *p)
{
	return (const char *)p >= (const char *)&__ehdr_start && (const char *)p < _end;
}

/* glibc rewrites the address-valued entries of a writable .dynamic to
 * absolute addresses; another dynamic linker may leave them alone. */
static uintptr_t dyn_ptr(uintptr_t v)
{
	uintptr_t base = rt_self_base();

	return v < base ? v + base : v;
}

void **rt_plt_slot(const char *name)
{
	const Elf64_Rela *jmprel = NULL;
	const Elf64_Sym *symtab = NULL;
	const char *strtab = NULL;
	size_t relsz = 0;

	for (Elf64_Dyn *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
		switch (d->d_tag) {
		case DT_JMPREL: jmprel = (const Elf64_Rela *)dyn_ptr(d->d_un.d_ptr); break;
		case DT_PLTRELSZ: relsz = d->d_un.d_val; break;
		case DT_SYMTAB: symtab = (const Elf64_Sym *)dyn_ptr(d->d_un.d_ptr); break;
		case DT_STRTAB: strtab = (const char *)dyn_ptr(d->d_un.d_ptr); break;
		}
	}
	if (!jmprel || !symtab || !strtab)
		return NULL;
	for (size_t i = 0; i < relsz / sizeof *jmprel; i++) {
		const Elf64_Rela *r = &jmprel[i];
		if (ELF64_R_TYPE(r->r_info) != R_X86_64_JUMP_SLOT)
			continue;
		if (rt_strcmp(strtab + symtab[ELF64_R_SYM(r->r_info)].st_name, name) == 0)
			return (void **)(rt_self_base() + r->r_offset);
	}
	return NULL;
}
