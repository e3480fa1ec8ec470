/* What objects need of the processor (on x86_64, the ISA level of their
 * GNU property note), read from their PT_NOTE segments by the arch's
 * rules, and checked where ld.so checks it: after loading, before
 * relocation, at start-up and for each dlopen.
 *
 * ld.so reads the notes in the mapped image.  Where a PT_LOAD maps them,
 * the file has the same bytes, and a property note lies in the first KiB,
 * which map_object read anyway with the ELF header: those bytes are used,
 * so that no page of the object is touched for its notes; the mapping
 * only when the note reaches past them. */
#include "core.h"
#include "out.h"
#include "sys.h"
#include "util.h"

/* The PT_LOAD whose file data hold vaddr, or 0. */
static const Phdr *load_holding(const Phdr *ph, size_t phnum, Addr vaddr)
{
	for (size_t i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_LOAD && vaddr >= ph[i].p_vaddr &&
		    vaddr - ph[i].p_vaddr < ph[i].p_filesz)
			return &ph[i];
	return 0;
}

void read_cpu_needs(struct obj *o, const Phdr *ph, size_t phnum, const struct filehead *head)
{
	for (size_t i = phnum; i-- > 0 && !o->props.decided;) {
		const Phdr *n = &ph[i];
		if (n->p_type != PT_NOTE)
			continue;
		/* Bytes outside the file data of a readable segment: ld.so
		 * would read zeros or fault there, and finds no note. */
		const Phdr *l = load_holding(ph, phnum, n->p_vaddr);
		size_t total = 0;
		if (l && (l->p_flags & (PF_R | PF_W | PF_X)))
			total = l->p_filesz - (n->p_vaddr - l->p_vaddr);
		const unsigned char *mem = total ? (const unsigned char *)(o->l_addr + n->p_vaddr) : 0;
		if (head && total) {
			uint64_t at = l->p_offset + (n->p_vaddr - l->p_vaddr);
			bool in = at < (uint64_t)head->len;
			const unsigned char *b = (const unsigned char *)head->buf + (in ? at : 0);
			if (arch_prop_note(&o->props, b, in ? (size_t)head->len - at : 0, total,
					   n->p_memsz, n->p_align) == PROP_DONE)
				continue;
		}
		arch_prop_note(&o->props, mem, total, total, n->p_memsz, n->p_align);
	}
}

static bool skipped(const struct obj *o)
{
	/* ld.so skips itself, and the objects whose initialisers ran. */
	return o->is_rtld || o->is_vdso || o->faked || o->init_called;
}

struct obj *cpu_needs_unmet(const struct scope *sc)
{
	bool any = false;
	for (size_t i = 0; i < sc->n && !any; i++)
		any = !skipped(sc->objs[i]) && !arch_props_met(&sc->objs[i]->props);
	if (!any)
		return 0;
	/* ld.so names the first in the order of initialisation. */
	struct obj **order = r_calloc(sc->n + 1, sizeof *order);
	if (!order)
		fatal("cannot allocate memory");
	struct obj *bad = 0;
	size_t n = init_order(sc, order);
	for (size_t i = 0; i < n && !bad; i++)
		if (!skipped(order[i]) && !arch_props_met(&order[i]->props))
			bad = order[i];
	r_free(order);
	return bad;
}

void check_cpu_needs_at_start(void)
{
	struct obj *bad = cpu_needs_unmet(&R.global);
	if (!bad)
		return;
	/* ld.so's _dl_fatal_printf: no "error while loading" prefix. */
	r_dprintf(2, "%s: %s\n", obj_name(bad), ARCH_PROPS_UNMET);
	sys_exit_group(127);
}
