/* Stage 1 of start-up: relocating rtld itself.
 *
 * Until the loop below has run, no global that holds an address may be
 * read: such words still contain link-time values (rtld is linked at 0).
 * Everything here therefore uses only locals and PC-relative references to
 * hidden symbols, which are correct wherever the kernel put us.  rtld is
 * built so that it has no symbolic relocations (every symbol is hidden),
 * leaving only RELATIVE entries in DT_RELA and the packed DT_RELR table.
 *
 * Stage 2 (main.c) may then use globals freely. */
#include "core.h"
#include "relr.h"
#include "sys.h"

extern const Dyn _DYNAMIC[] __attribute__((visibility("hidden")));
extern const Ehdr __ehdr_start __attribute__((visibility("hidden")));

struct handover {
	uintptr_t entry;
	uintptr_t *sp;
};

struct handover rtld_main(uintptr_t *sp, Addr base);

static inline void self_relocate(Addr base)
{
	const Rela *rela = 0;
	const Elf64_Relr *relr = 0;
	size_t relasz = 0, relrsz = 0;
	for (const Dyn *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
		if (d->d_tag == DT_RELA)
			rela = (const Rela *)(base + d->d_un.d_ptr);
		else if (d->d_tag == DT_RELASZ)
			relasz = d->d_un.d_val;
		else if (d->d_tag == DT_RELR)
			relr = (const Elf64_Relr *)(base + d->d_un.d_ptr);
		else if (d->d_tag == DT_RELRSZ)
			relrsz = d->d_un.d_val;
	}
	for (size_t i = 0; rela && i < relasz / sizeof(Rela); i++)
		if (ELF64_R_TYPE(rela[i].r_info) == R_X86_64_RELATIVE)
			*(Addr *)(base + rela[i].r_offset) = base + rela[i].r_addend;
	Addr bad;
	if (relr)
		relr_apply(base, relr, relrsz / 8, 0, ~(Addr)0, 0, 0, &bad);
}

/* Weak: ulexec shares this file and has no such arena. */
extern char rtld_first_arena[] __attribute__((weak, visibility("hidden")));

/* rtld's writable pages that every start-up writes: RELRO (.dynamic is
 * read, then the relocations below write the same page), .data, the bss
 * and the start of the first heap arena (alloc.c), copied or zeroed by
 * one madvise instead of one or two page faults each.  Failure (an older
 * kernel) only leaves them to faults. */
static inline void prefault_own(Addr base)
{
	if (!rtld_first_arena)
		return;
	const Ehdr *eh = &__ehdr_start;
	const Phdr *ph = (const Phdr *)(base + eh->e_phoff);
	for (size_t i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_W))
			continue;
		Addr start = (base + ph[i].p_vaddr) & ~(Addr)4095;
		Addr end = ((Addr)rtld_first_arena + 4 * 4096) & ~(Addr)4095;
		if (end > start)
			rsys3(__NR_madvise, (long)start, (long)(end - start), 23 /* MADV_POPULATE_WRITE */);
	}
}

struct handover rtld_boot(uintptr_t *sp)
{
	Addr base = (Addr)&__ehdr_start;
	prefault_own(base);
	self_relocate(base);
	/* Keep the compiler from moving loads of globals above the loop. */
	__asm__ volatile("" ::: "memory");
	return rtld_main(sp, base);
}
