/* Where an object's relocations may write.
 *
 * A relocation's target comes from the file: r_offset, or a RELR entry.
 * Checking it against the whole reservation is not enough, since a target
 * in the text, in read-only data or in the hole between two segments
 * would make rtld itself fault on a damaged file.  So a target must lie
 * in the pages of a writable segment (of any segment for DT_TEXTREL,
 * whose read-only segments are made writable while it is relocated).
 * These pages nearly always form one run, checked by one unsigned
 * comparison in the relocation loops; otherwise every target is checked
 * against the segments. */
#include "core.h"

static Addr page_down(Addr a)
{
	return a & ~(R.pagesz - 1);
}

static Addr page_up(Addr a)
{
	return (a + R.pagesz - 1) & ~(R.pagesz - 1);
}

/* Whether relocations may write to segment p. */
static bool target_segment(const struct obj *o, const Phdr *p)
{
	return p->p_type == PT_LOAD && ((p->p_flags & PF_W) || o->textrel);
}

/* Whether some target segment's pages contain a (so that a run of them
 * does not end at a). */
static bool covered(const struct obj *o, Addr a)
{
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		if (target_segment(o, p) && page_down(p->p_vaddr) <= a &&
		    a < page_up(p->p_vaddr + p->p_memsz))
			return true;
	}
	return false;
}

/* Whether the pages of another segment (which stays read-only) meet
 * [lo, hi). */
static bool meets_other(const struct obj *o, Addr lo, Addr hi)
{
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		if (p->p_type == PT_LOAD && !target_segment(o, p) &&
		    page_down(p->p_vaddr) < hi && lo < page_up(p->p_vaddr + p->p_memsz))
			return true;
	}
	return false;
}

/* After dynamic_parse (DT_TEXTREL) and before any relocation.  The
 * segments' ranges were checked when the object was mapped (no overflow,
 * a bounded span). */
void reloc_window(struct obj *o)
{
	Addr lo = ~(Addr)0, hi = 0;
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		if (!target_segment(o, p))
			continue;
		if (page_down(p->p_vaddr) < lo)
			lo = page_down(p->p_vaddr);
		if (page_up(p->p_vaddr + p->p_memsz) > hi)
			hi = page_up(p->p_vaddr + p->p_memsz);
	}
	o->wr_split = false;
	o->wr_lo = lo;
	o->wr_len = 0;
	if (lo >= hi)
		return;		/* nothing writable: every target is refused */
	/* One run when no target segment's pages end inside [lo, hi) without
	 * another's taking over, and no read-only segment lies among them. */
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		Addr end = page_up(p->p_vaddr + p->p_memsz);
		if (target_segment(o, p) && end < hi && !covered(o, end))
			o->wr_split = true;
	}
	if (meets_other(o, lo, hi))
		o->wr_split = true;
	o->wr_len = hi - lo;
}

/* The check for objects whose writable pages are not one run: the target
 * lies in one target segment's pages and in no other segment's. */
bool reloc_target_split(const struct obj *o, Addr off, size_t width)
{
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		Addr lo = page_down(p->p_vaddr), len = page_up(p->p_vaddr + p->p_memsz) - lo;
		if (target_segment(o, p) && len >= width && off - lo <= len - width)
			return !meets_other(o, off, off + width);
	}
	return false;
}
