/* Mapping an ELF object into memory.
 *
 * One read of the headers (they almost always fit in the first KiB), one
 * mapping that both reserves the whole address span and maps the first
 * segment, then MAP_FIXED for the other segments: the fewest system calls
 * that still keep the object's segments contiguous, as the kernel does. */
#include "core.h"
#include "out.h"
#include "sys.h"
#include "util.h"
#include "rtld/elfcheck.h"

static int seg_prot(uint32_t pf)
{
	return ((pf & PF_R) ? R_PROT_READ : 0) | ((pf & PF_W) ? R_PROT_WRITE : 0) |
	       ((pf & PF_X) ? R_PROT_EXEC : 0);
}

void obj_append(struct obj *o)
{
	o->l_prev = R.tail;
	o->l_next = 0;
	if (R.tail)
		R.tail->l_next = o;
	else
		R.head = o;
	R.tail = o;
}

/* Reads the headers: into buf when they fit, else into the heap. */
static const Phdr *read_phdrs(int fd, const char *buf, long got, const Ehdr *eh)
{
	size_t end = eh->e_phoff + (size_t)eh->e_phnum * sizeof(Phdr);
	if (end <= (size_t)got)
		return (const Phdr *)(buf + eh->e_phoff);
	size_t len = (size_t)eh->e_phnum * sizeof(Phdr);
	Phdr *ph = r_malloc(len);
	if (!ph || sys_pread(fd, ph, len, (long)eh->e_phoff) != (long)len) {
		r_free(ph);
		return 0;
	}
	return ph;
}

/* Zeroes the bss part of a segment: the tail of the last file page, then
 * anonymous pages for the rest. */
static int map_bss(Addr base, const Phdr *p)
{
	Addr file_end = base + p->p_vaddr + p->p_filesz;
	Addr mem_end = base + p->p_vaddr + p->p_memsz;
	Addr page_end = (file_end + R.pagesz - 1) & ~(R.pagesz - 1);
	if (page_end > file_end && (p->p_flags & PF_W))
		r_memset((void *)file_end, 0, page_end - file_end);
	if (mem_end > page_end) {
		void *m = sys_mmap((void *)page_end, mem_end - page_end, seg_prot(p->p_flags),
				   R_MAP_PRIVATE | R_MAP_ANONYMOUS | R_MAP_FIXED, -1, 0);
		if (R_MAP_FAILED(m))
			return -1;
	}
	return 0;
}

/* A small writable segment is copied in by the mmap itself: relocation
 * writes nearly all of its pages (GOT, .data.rel.ro), after reading the
 * dynamic section on one of them, which costs two faults a page
 * otherwise.  A large one (an executable's .data) is left to faults. */
#define POPULATE_MAX_PAGES 8
#define R_MAP_POPULATE 0x8000
static int populate(const Phdr *p)
{
	return (p->p_flags & PF_W) && p->p_filesz <= POPULATE_MAX_PAGES * R.pagesz ? R_MAP_POPULATE : 0;
}

#define R_MADV_POPULATE_WRITE 23

/* The same for a segment the kernel mapped (the program's): its RELRO
 * part and the page after it (the PLT's GOT) at least, by one madvise
 * (an older kernel refuses it, and faults do the work instead). */
static void prefault_writable(const struct obj *o, const Phdr *p)
{
	Addr start = (o->l_addr + p->p_vaddr) & ~(R.pagesz - 1);
	Addr end = (o->l_addr + p->p_vaddr + p->p_filesz + R.pagesz - 1) & ~(R.pagesz - 1);
	if (!populate(p)) {
		if (!o->relro_size || o->relro_start < start)
			return;
		end = o->relro_start + o->relro_size + R.pagesz;
	}
	rsys3(__NR_madvise, (long)start, (long)(end - start), R_MADV_POPULATE_WRITE);
}

static int map_segments(struct obj *o, int fd, const Ehdr *eh, const Phdr *ph)
{
	uint64_t lo, hi;
	int e = elfchk_load_span(ph, eh->e_phnum, R.pagesz, &lo, &hi);
	if (e) {
		set_error("%s", elfchk_strerror(e));
		return -1;
	}
	const Phdr *first = 0;
	for (size_t i = 0; i < eh->e_phnum && !first; i++)
		if (ph[i].p_type == PT_LOAD)
			first = &ph[i];

	size_t span = hi - lo;
	bool fixed = eh->e_type == ET_EXEC;
	Addr hint = fixed ? lo : 0;
	Addr off0 = first->p_offset & ~(R.pagesz - 1);
	char *m = sys_mmap((void *)hint, span, seg_prot(first->p_flags),
			   R_MAP_PRIVATE | (fixed ? R_MAP_FIXED_NOREPLACE : 0), fd, (long)off0);
	if (R_MAP_FAILED(m)) {
		set_error("failed to map segment from shared object");
		return -1;
	}
	Addr base = (Addr)m - lo;
	o->l_addr = base;
	o->map_start = (Addr)m;
	o->map_len = span;

	Addr prev_end = 0;
	for (size_t i = 0; i < eh->e_phnum; i++) {
		const Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		Addr start = (base + p->p_vaddr) & ~(R.pagesz - 1);
		Addr fend = (base + p->p_vaddr + p->p_filesz + R.pagesz - 1) & ~(R.pagesz - 1);
		/* A hole between segments must not stay mapped from the file. */
		if (prev_end && start > prev_end)
			sys_mprotect((void *)prev_end, start - prev_end, R_PROT_NONE);
		if (p != first && p->p_filesz) {
			void *s = sys_mmap((void *)start, fend - start, seg_prot(p->p_flags),
					   R_MAP_PRIVATE | R_MAP_FIXED | populate(p), fd,
					   (long)(p->p_offset & ~(R.pagesz - 1)));
			if (R_MAP_FAILED(s))
				goto fail;
		}
		if (p->p_memsz > p->p_filesz && map_bss(base, p))
			goto fail;
		prev_end = (base + p->p_vaddr + p->p_memsz + R.pagesz - 1) & ~(R.pagesz - 1);
	}
	return 0;
fail:
	sys_munmap(m, span);
	set_error("failed to map segment from shared object");
	return -1;
}

/* Fills the fields that come from the program headers. */
static void scan_phdrs(struct obj *o, const Phdr *ph, size_t phnum)
{
	/* Without PT_GNU_STACK an object may need an executable stack: the
	 * x86_64 default, as ld.so reads it. */
	o->exec_stack = true;
	o->nload = 0;
	for (size_t i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (o->nload == sizeof o->load / sizeof o->load[0]) {
			o->nload = 0;	/* too many: checks read the headers */
			break;
		}
		o->load[o->nload++] = (struct load_range){ ph[i].p_vaddr, ph[i].p_filesz, ph[i].p_memsz,
							   ph[i].p_flags };
	}
	for (size_t i = 0; i < phnum; i++) {
		const Phdr *p = &ph[i];
		switch (p->p_type) {
		case PT_DYNAMIC:
			o->l_ld = (Dyn *)(o->l_addr + p->p_vaddr);
			break;
		case PT_GNU_RELRO:
			o->relro_start = (o->l_addr + p->p_vaddr) & ~(R.pagesz - 1);
			o->relro_size = ((o->l_addr + p->p_vaddr + p->p_memsz) & ~(R.pagesz - 1)) -
					o->relro_start;
			break;
		case PT_TLS:
			o->tls_image = (const void *)(o->l_addr + p->p_vaddr);
			o->tls_filesz = p->p_filesz;
			o->tls_memsz = p->p_memsz;
			o->tls_align = p->p_align ? p->p_align : 1;
			o->tls_firstbyte = p->p_vaddr & (o->tls_align - 1);
			o->has_tls = true;
			break;
		case PT_GNU_STACK:
			o->exec_stack = (p->p_flags & PF_X) != 0;
			break;
		}
	}
}

static const Phdr *phdrs_in_image(struct obj *o, const Ehdr *eh, const Phdr *ph)
{
	for (size_t i = 0; i < eh->e_phnum; i++) {
		const Phdr *p = &ph[i];
		if (p->p_type == PT_LOAD && (p->p_flags & (PF_R | PF_W)) && eh->e_phoff >= p->p_offset &&
		    eh->e_phoff + eh->e_phnum * sizeof(Phdr) <= p->p_offset + p->p_filesz)
			return (const Phdr *)(o->l_addr + p->p_vaddr + (eh->e_phoff - p->p_offset));
	}
	return 0;
}

/* Reads the file's first bytes (ELF header and usually the phdrs). */
int read_head(int fd, struct filehead *h)
{
	h->len = sys_pread(fd, h->buf, sizeof h->buf, 0);
	if (h->len < 0) {
		set_error("cannot read file data: %s", errno_str((int)-h->len));
		return -1;
	}
	return 0;
}

struct obj *map_object(int fd, const char *path, const struct kstat *st, bool is_main,
		       const struct filehead *head)
{
	const char *buf = head->buf;
	long got = head->len;
	const Ehdr *eh = (const Ehdr *)buf;
	int e = elfchk_header(buf, (size_t)got, (uint64_t)st->st_size, EM_X86_64);
	if (e == ELFCHK_E_PHNUM && eh->e_phnum == 0) {
		set_error("object file has no loadable segments");
		return 0;
	}
	if (e) {
		/* ld.so's wording when the headers are cut off. */
		set_error("%s", e == ELFCHK_E_PHOFF ? "cannot read file data" : elfchk_strerror(e));
		return 0;
	}
	if (eh->e_type == ET_EXEC && !is_main) {
		set_error("cannot dynamically load executable");
		return 0;
	}
	const Phdr *ph = read_phdrs(fd, buf, got, eh);
	if (!ph) {
		set_error("cannot read file data");
		return 0;
	}
	struct obj *o = 0;
	e = elfchk_phdrs(eh, ph, (uint64_t)st->st_size, R.pagesz);
	if (e) {
		set_error("%s", elfchk_strerror(e));
		goto out;
	}
	o = r_calloc(1, sizeof *o);
	if (!o) {
		set_error("cannot allocate memory");
		goto out;
	}
	if (map_segments(o, fd, eh, ph)) {
		r_free(o);
		o = 0;
		goto out;
	}
	o->path = r_strdup(path);
	o->l_name = o->path;
	o->dev = st->st_dev;
	o->ino = st->st_ino;
	o->phnum = eh->e_phnum;
	o->entry = eh->e_entry + o->l_addr;
	o->phdr = phdrs_in_image(o, eh, ph);
	if (!o->phdr) {
		/* Unusual: headers outside every segment.  Keep a copy so that
		 * dl_iterate_phdr and friends still have them. */
		Phdr *copy = r_malloc(eh->e_phnum * sizeof(Phdr));
		if (copy)
			r_memcpy(copy, ph, eh->e_phnum * sizeof(Phdr));
		o->phdr = copy;
		o->phdr_copied = true;
	}
	scan_phdrs(o, ph, eh->e_phnum);
	read_cpu_needs(o, ph, eh->e_phnum, head);
	if (!o->l_ld && !is_main) {
		set_error("object file has no dynamic section");
		obj_unmap(o);
		o = 0;
	}
out:
	if (ph && (const char *)ph != buf + eh->e_phoff)
		r_free((void *)ph);
	return o;
}

Addr phdr_bias(const Phdr *phdr, size_t phnum)
{
	for (size_t i = 0; i < phnum; i++)
		if (phdr[i].p_type == PT_PHDR)	/* the first: elfchk_phdr_segment's */
			return (Addr)phdr - phdr[i].p_vaddr;
	return 0;
}

struct obj *obj_from_phdrs(const Phdr *phdr, size_t phnum, Addr entry)
{
	struct obj *o = r_calloc(1, sizeof *o);
	if (!o)
		return 0;
	o->phdr = phdr;
	o->phnum = phnum;
	o->entry = entry;
	o->l_addr = phdr_bias(phdr, phnum);
	Addr lo = (Addr)-1, hi = 0;
	for (size_t i = 0; i < phnum; i++) {
		if (phdr[i].p_type != PT_LOAD)
			continue;
		if (phdr[i].p_vaddr < lo)
			lo = phdr[i].p_vaddr;
		if (phdr[i].p_vaddr + phdr[i].p_memsz > hi)
			hi = phdr[i].p_vaddr + phdr[i].p_memsz;
	}
	o->map_start = o->l_addr + (lo & ~(R.pagesz - 1));
	o->map_len = hi - (lo & ~(R.pagesz - 1));
	o->kernel_mapped = true;
	scan_phdrs(o, phdr, phnum);
	read_cpu_needs(o, phdr, phnum, 0);
	for (size_t i = 0; i < phnum; i++)
		if (phdr[i].p_type == PT_LOAD && (phdr[i].p_flags & PF_W))
			prefault_writable(o, &phdr[i]);
	return o;
}

void obj_protect_relro(struct obj *o)
{
	if (o->relro_size)
		sys_mprotect((void *)o->relro_start, o->relro_size, R_PROT_READ);
}

/* Undoes map_object and everything hung on the object since, so a load
 * that fails half-way leaves nothing behind. */
void obj_unmap(struct obj *o)
{
	if (o->map_len && !o->kernel_mapped)
		sys_munmap((void *)o->map_start, o->map_len);
	for (struct objname *n = o->names, *next; n; n = next) {
		next = n->next;
		r_free(n);
	}
	if (o->phdr_copied)
		r_free((void *)o->phdr);
	r_free(o->vers);
	r_free(o->deps);
	r_free(o->origin);
	r_free(o->path);
	r_free(o);
}
