/* Where an object's relocations may write.
 *
 * A relocation's target comes from the file: r_offset, or a RELR entry.
 * Checking it against the whole reservation is not enough, since a target
 * in the text, in read-only data or in the hole between two segments
 * would make rtld itself fault on a damaged file.  So a target must lie
 * in the pages of a writable segment (of any segment for DT_TEXTREL,
 * whose read-only segments are made writable while it is relocated).
 * Nearly every target lies in the first run of these pages, checked by
 * one unsigned comparison in the relocation loops; one outside it is
 * checked against the segments. */
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
 * window is the first run of target pages, from the lowest on; any
 * target segment beyond it makes the object split, its targets outside
 * the window then checked one by one (patchelf, for one, appends a
 * writable segment far above the others).  The segments' ranges were
 * checked when the object was mapped (no overflow, a bounded span). */
void reloc_window(struct obj *o)
{
	Addr lo = ~(Addr)0;
	for (size_t i = 0; i < o->phnum; i++)
		if (target_segment(o, &o->phdr[i]) && page_down(o->phdr[i].p_vaddr) < lo)
			lo = page_down(o->phdr[i].p_vaddr);
	o->wr_split = false;
	o->wr_lo = lo;
	o->wr_len = 0;
	if (lo == ~(Addr)0)
		return;		/* nothing writable: every target is refused */
	/* Grow the run while a target segment starts inside it. */
	Addr hi = lo;
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t i = 0; i < o->phnum; i++) {
			const Phdr *p = &o->phdr[i];
			Addr end = page_up(p->p_vaddr + p->p_memsz);
			if (target_segment(o, p) && page_down(p->p_vaddr) <= hi && end > hi) {
				hi = end;
				grew = true;
			}
		}
	}
	for (size_t i = 0; i < o->phnum; i++)
		if (target_segment(o, &o->phdr[i]) && page_down(o->phdr[i].p_vaddr) >= hi)
			o->wr_split = true;
	/* A read-only segment among the run's pages: no fast window at all. */
	if (meets_other(o, lo, hi)) {
		o->wr_split = true;
		return;
	}
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
