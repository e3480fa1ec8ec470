/* Checking ELF headers and mapping the program and its interpreter where
 * fs/binfmt_elf.c's load_elf_binary and load_elf_interp put them:
 *
 *   ET_EXEC          at its own addresses;
 *   ET_DYN + interp  (a PIE) at ELF_ET_DYN_BASE + arch_mmap_rnd(), aligned
 *                    down to the largest p_align;
 *   ET_DYN alone     (a static PIE, or ld.so run as a program) wherever
 *                    mmap puts it, aligned to the largest p_align;
 *   the interpreter  wherever mmap puts it: top-down, with no alignment.
 *
 * Each image is one PROT_NONE reservation of its whole span, mapped with
 * MAP_FIXED_NOREPLACE when the address is fixed (so it never lands on
 * ulexec, its stack or the vDSO), then its segments inside it with
 * MAP_FIXED as elf_load does: the file part with the segment's protection,
 * the rest of the last file page zeroed when writable, whole pages beyond
 * it anonymous (read-write, plus exec if PF_X, as vm_brk_flags makes
 * them).  What the segments leave of the reservation is unmapped again. */
#include "ulexec.h"

int elf_read(struct elf *e, const char *head, long len)
{
	int err = elfchk_header(head, (size_t)len, e->size, EM_X86_64);
	if (err)
		return err;
	r_memcpy(&e->eh, head, sizeof e->eh);
	size_t phsz = (size_t)e->eh.e_phnum * sizeof(Elf64_Phdr);
	/* load_elf_phdrs refuses a table larger than a page. */
	if (phsz > S.pagesz || phsz > sizeof e->ph)
		return ELFCHK_E_PHNUM;
	if (e->eh.e_phoff + phsz <= (uint64_t)len) {
		r_memcpy(e->ph, head + e->eh.e_phoff, phsz);
	} else {
		long n = sys_pread(e->fd, e->ph, phsz, (long)e->eh.e_phoff);
		if (n < 0)
			return (int)n;
		if ((size_t)n != phsz)
			return ELFCHK_E_PHOFF;
	}
	err = elfchk_phdrs(&e->eh, e->ph, e->size, S.pagesz);
	if (err)
		return err;
	/* The kernel would jump anywhere; we would rather not die of SIGSEGV. */
	if (!elfchk_in_load(e->ph, e->eh.e_phnum, e->eh.e_entry, 1))
		return ELF_E_ENTRY;
	for (size_t i = 0; i < e->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &e->ph[i];
		if (p->p_type == PT_GNU_STACK)
			e->exec_stack = (p->p_flags & PF_X) != 0;
		if (p->p_type != PT_INTERP)
			continue;
		long n = sys_pread(e->fd, e->interp_buf, p->p_filesz, (long)p->p_offset);
		if (n < 0)
			return (int)n;
		if ((uint64_t)n != p->p_filesz || elfchk_interp(p, e->interp_buf))
			return ELFCHK_E_INTERP;
		e->interp = e->interp_buf;
	}
	return 0;
}

static int seg_prot(uint32_t flags)
{
	return (flags & PF_R ? R_PROT_READ : 0) | (flags & PF_W ? R_PROT_WRITE : 0) |
	       (flags & PF_X ? R_PROT_EXEC : 0);
}

/* One PT_LOAD, inside the reservation (elf_load). */
static long map_segment(const struct elf *e, const Elf64_Phdr *p)
{
	uint64_t pg = S.pagesz;
	uintptr_t addr = e->bias + p->p_vaddr;
	uintptr_t start = page_down(addr, pg);
	int prot = seg_prot(p->p_flags);
	uintptr_t zero_start = start;
	if (p->p_filesz) {
		size_t len = page_up(addr + p->p_filesz, pg) - start;
		long off = (long)(p->p_offset - (addr - start));
		void *m = sys_mmap((void *)start, len, prot, R_MAP_PRIVATE | R_MAP_FIXED, e->fd, off);
		if (R_MAP_FAILED(m))
			return (long)m;
		zero_start = addr + p->p_filesz;
		/* padzero: only a writable segment gets its last page cleaned. */
		if (p->p_memsz > p->p_filesz && (prot & R_PROT_WRITE))
			r_memset((void *)zero_start, 0, page_up(zero_start, pg) - zero_start);
	}
	uintptr_t zs = page_up(zero_start, pg), ze = page_up(addr + p->p_memsz, pg);
	if (p->p_memsz > p->p_filesz && ze > zs) {
		int bss = R_PROT_READ | R_PROT_WRITE | (prot & R_PROT_EXEC);
		void *m = sys_mmap((void *)zs, ze - zs, bss,
				   R_MAP_PRIVATE | R_MAP_ANONYMOUS | R_MAP_FIXED, -1, 0);
		if (R_MAP_FAILED(m))
			return (long)m;
	}
	return 0;
}

/* The values load_elf_binary computes from the segments. */
static void note_segments(struct elf *e)
{
	uintptr_t b = e->bias, brk = 0, phdr = 0;
	e->start_code = UINTPTR_MAX;
	e->end_code = e->start_data = e->end_data = 0;
	for (size_t i = 0; i < e->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &e->ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		uintptr_t v = p->p_vaddr, fend = v + p->p_filesz;
		if ((p->p_flags & PF_X) && v < e->start_code)
			e->start_code = v;
		if (e->start_data < v)
			e->start_data = v;
		if ((p->p_flags & PF_X) && e->end_code < fend)
			e->end_code = fend;
		if (e->end_data < fend)
			e->end_data = fend;
		if (v + p->p_memsz > brk)
			brk = v + p->p_memsz;
		/* AT_PHDR: the segment whose file image holds e_phoff. */
		if (p->p_offset <= e->eh.e_phoff && e->eh.e_phoff < p->p_offset + p->p_filesz)
			phdr = e->eh.e_phoff - p->p_offset + v;
	}
	e->start_code += b;
	e->end_code += b;
	e->start_data += b;
	e->end_data += b;
	e->phdr = phdr + b;
	e->brk = page_up(brk + b, S.pagesz);
	e->entry = e->eh.e_entry + b;
}

/* Maps e with its lowest page at addr: exactly there when fixed, else
 * where mmap chooses (addr is then only a hint, 0 for top-down).
 * Returns 0 or -errno (-EEXIST: something is there already). */
static long elf_map(struct elf *e, uintptr_t addr, int fixed)
{
	uint64_t lo, hi;
	elfchk_load_span(e->ph, e->eh.e_phnum, S.pagesz, &lo, &hi);
	size_t total = page_up(hi, S.pagesz) - lo;
	int flags = R_MAP_PRIVATE | R_MAP_ANONYMOUS | R_MAP_NORESERVE;
	void *r = sys_mmap((void *)addr, total, R_PROT_NONE,
			   flags | (fixed ? R_MAP_FIXED_NOREPLACE : 0), -1, 0);
	if (R_MAP_FAILED(r))
		return (long)r;
	if (fixed && (uintptr_t)r != addr) {	/* a kernel before 4.17 */
		sys_munmap(r, total);
		return -EEXIST;
	}
	e->bias = (uintptr_t)r - lo;
	e->map_lo = (uintptr_t)r;
	e->map_hi = (uintptr_t)r + total;
	uintptr_t covered = e->map_lo;
	for (size_t i = 0; i < e->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &e->ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		long err = map_segment(e, p);
		if (err) {
			sys_munmap(r, total);
			return err;
		}
		/* The holes between segments stay unmapped, as in the kernel. */
		uintptr_t start = page_down(e->bias + p->p_vaddr, S.pagesz);
		if (start > covered)
			sys_munmap((void *)covered, start - covered);
		uintptr_t end = page_up(e->bias + p->p_vaddr + p->p_memsz, S.pagesz);
		if (end > covered)
			covered = end;
	}
	note_segments(e);
	return 0;
}

/* maximum_alignment(): the largest power-of-two p_align, at least a page. */
static uint64_t max_align(const struct elf *e)
{
	uint64_t a = S.pagesz;
	for (size_t i = 0; i < e->eh.e_phnum; i++) {
		uint64_t pa = e->ph[i].p_align;
		if (e->ph[i].p_type == PT_LOAD && pa && !(pa & (pa - 1)) && pa > a)
			a = pa;
	}
	return a;
}

static uintptr_t first_vaddr(const struct elf *e)
{
	for (size_t i = 0; i < e->eh.e_phnum; i++)
		if (e->ph[i].p_type == PT_LOAD)
			return e->ph[i].p_vaddr;
	return 0;
}

/* A PIE: ELF_ET_DYN_BASE plus arch_mmap_rnd() pages, aligned.  The kernel
 * has an empty address space; we have ulexec in it, so a collision draws
 * another random base instead of failing. */
static long map_pie(struct elf *e)
{
	uint64_t align = max_align(e);
	uintptr_t lo = page_down(first_vaddr(e), S.pagesz);
	long err = -EEXIST;
	for (int tries = 0; err == -EEXIST && tries < 16; tries++) {
		uintptr_t bias = ELF_ET_DYN_BASE;
		if (S.aslr)
			bias += (random_u64() & ((1UL << S.mmap_rnd_bits) - 1)) * S.pagesz;
		bias &= ~(align - 1);
		bias = page_down(bias - first_vaddr(e), S.pagesz);
		err = elf_map(e, bias + lo, 1);
		if (!S.aslr)
			break;
	}
	return err;
}

/* A static PIE: where mmap puts it; with p_align above a page, the kernel
 * finds room for span + alignment, then maps at the aligned address. */
static long map_anywhere(struct elf *e)
{
	uint64_t align = max_align(e), lo, hi;
	if (align <= S.pagesz)
		return elf_map(e, 0, 0);
	elfchk_load_span(e->ph, e->eh.e_phnum, S.pagesz, &lo, &hi);
	size_t len = page_up(hi, S.pagesz) - lo + align;
	void *r = sys_mmap(0, len, R_PROT_NONE, R_MAP_PRIVATE | R_MAP_ANONYMOUS | R_MAP_NORESERVE,
			   -1, 0);
	if (R_MAP_FAILED(r))
		return (long)r;
	sys_munmap(r, len);
	return elf_map(e, ((uintptr_t)r + align - 1) & ~(align - 1), 1);
}

static void map_failed(const struct elf *e, const char *what, long err)
{
	if (err == -EEXIST)
		die(ST_NOEXEC, "%s: cannot map the %s at 0x%lx: the address range is in use "
		    "(by %sulexec, its stack or the vDSO)", e->path, what,
		    (unsigned long)page_down(first_vaddr(e) + e->bias, S.pagesz),
		    r_strcmp(what, "interpreter") ? "" : "the program, ");
	die(ST_NOEXEC, "%s: cannot map the %s: %s", e->path, what, errno_text((int)-err));
}

/* randomize_page(start, range) */
static uintptr_t randomize_page(uintptr_t start, uint64_t range)
{
	uint64_t pages = range / S.pagesz;
	return start + (random_u64() % pages) * S.pagesz;
}

uintptr_t map_all(struct request *rq)
{
	struct elf *p = &rq->prog;
	long err;
	if (p->eh.e_type == ET_EXEC)
		err = elf_map(p, page_down(first_vaddr(p), S.pagesz), 1);
	else if (rq->has_interp)
		err = map_pie(p);
	else
		err = map_anywhere(p);
	if (err)
		map_failed(p, "program", err);
	if (rq->has_interp) {
		struct elf *i = &rq->interp;
		err = i->eh.e_type == ET_EXEC ? elf_map(i, page_down(first_vaddr(i), S.pagesz), 1)
					      : elf_map(i, 0, 0);
		if (err)
			map_failed(i, "interpreter", err);
	}

	/* brk: after the program, or moved to ELF_ET_DYN_BASE for a static
	 * PIE; then a page of gap and arch_randomize_brk(). */
	uintptr_t brk = p->brk;
	int moved = p->eh.e_type == ET_DYN && !rq->has_interp;
	if (moved)
		brk = page_up(ELF_ET_DYN_BASE, S.pagesz);
	if (S.aslr && S.aslr_brk) {
		if (!moved)
			brk += S.pagesz;
		brk = randomize_page(brk, BRK_RND_RANGE);
	}
	return brk;
}

uintptr_t entry_point(const struct request *rq)
{
	return rq->has_interp ? rq->interp.entry : rq->prog.entry;
}
