/* Applying an object's relocations: DT_RELR, then DT_RELA, then DT_JMPREL
 * (lazily or now), then the IRELATIVE ones, whose resolvers may call into
 * code that needs everything else in place. */
#include "core.h"
#include "relr.h"
#include "reloc_arch.h"
#include "out.h"
#include "sys.h"
#include "util.h"

/* A RELR word outside the window: checked against the segments. */
static bool relr_outside(Elf64_Addr off, const void *o)
{
	return reloc_target_ok(o, off, 8);
}

static int apply_relr(struct obj *o)
{
	size_t n = o->relrsz / 8;
	R.nrelative += n;	/* entries, as ld.so counts them */
	Addr bad;
	if (!relr_apply(o->l_addr, o->relr, n, o->wr_lo, o->wr_len, relr_outside, o, &bad))
		return 0;
	set_error("%s: RELR relocation at %p outside the object's writable pages", obj_name(o),
		  (void *)bad);
	return -1;
}

/* DT_TEXTREL: make read-only segments writable while relocating. */
static void textrel_protect(struct obj *o, bool writable)
{
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		if (p->p_type != PT_LOAD || (p->p_flags & PF_W))
			continue;
		Addr start = (o->l_addr + p->p_vaddr) & ~(R.pagesz - 1);
		Addr end = o->l_addr + p->p_vaddr + p->p_memsz;
		int prot = ((p->p_flags & PF_R) ? 1 : 0) | ((p->p_flags & PF_X) ? 4 : 0);
		if (writable)
			prot |= 2;
		sys_mprotect((void *)start, end - start, prot);
	}
}

/* LD_WARN while tracing (ldd -r, -d): a relocation that fails is reported
 * as ld.so's print_unresolved reports it, the error without the object's
 * name and the name after it, and the next one is tried. */
static void report_unresolved(const struct obj *o)
{
	const char *msg = last_error(), *name = obj_name(o);
	size_t n = r_strlen(name);
	if (r_strncmp(msg, name, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
		msg += n + 2;
	r_dprintf(2, "%s\t(%s)\n", msg, name);
}

/* Applies the entries whose IRELATIVE-ness is irel; counts, in *skipped,
 * the ones left for the other pass. */
static int apply_table(struct obj *o, const Rela *r, size_t n, bool lazy, bool irel,
		       size_t *skipped)
{
	if (!lazy && !irel) {
		int b = bind_table(o, r, n, skipped);
		if (b)
			return b < 0 ? -1 : 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!irel && arch_reloc_simple(&r[i], lazy)) {
			i += arch_reloc_run(o, r + i, n - i, lazy);
			if (i == n)
				break;
		}
		if (arch_reloc_is_irelative(&r[i]) != irel) {
			++*skipped;
			continue;
		}
		if (arch_reloc(o, &r[i], lazy)) {
			if (!R.trace)
				return -1;
			/* ldd -u (LD_DEBUG=unused) reports none, as ld.so. */
			if (!(R.debug & DBG_UNUSED))
				report_unresolved(o);
		}
	}
	return 0;
}

int relocate_object(struct obj *o, bool now)
{
	if (o->relocated)
		return 0;
	arch_reloc_begin();
	if (o->textrel)
		textrel_protect(o, true);
	if (o->relr && apply_relr(o))
		return -1;
	const Rela *rela = (const Rela *)o->dyn[DT_RELA];
	size_t nrela = rela ? o->dyn[DT_RELASZ] / sizeof(Rela) : 0;
	const Rela *plt = (const Rela *)o->dyn[DT_JMPREL];
	size_t nplt = plt ? o->dyn[DT_PLTRELSZ] / sizeof(Rela) : 0;
	/* Some linkers make DT_RELA cover .rela.plt too: do not apply twice. */
	if (plt && rela && plt >= rela && plt + nplt <= rela + nrela)
		nrela = (size_t)(plt - rela);
	bool lazy = !now && !o->bind_now && nplt;
	R.nrelocs += nrela + nplt;
	/* IRELATIVE entries are rare: walk the tables again only for them. */
	size_t nirel = 0, unused = 0;
	if (apply_table(o, rela, nrela, false, false, &nirel) ||
	    apply_table(o, plt, nplt, lazy, false, &nirel) ||
	    (nirel && (apply_table(o, rela, nrela, false, true, &unused) ||
		       apply_table(o, plt, nplt, lazy, true, &unused))))
		return -1;
	if (lazy && lazy_setup(o))
		return -1;
	if (o->textrel)
		textrel_protect(o, false);
	o->relocated = true;
	return 0;
}

/* Dependencies before their users, in the same order as initialisers
 * (ld.so relocates in that order): an IFUNC resolver called for a user
 * then runs in an object that is already relocated. */
int relocate_scope(const struct scope *sc, bool now)
{
	struct obj **order = r_calloc(sc->n + 1, sizeof *order);
	if (!order) {
		set_error("cannot allocate memory");
		return -1;
	}
	size_t n = init_order(sc, order);
	int r = 0;
	for (size_t i = 0; i < n && !r; i++) {
		struct obj *o = order[i];
		if (o->is_rtld || o->faked || o->is_vdso || o->relocated)
			continue;
		if (R.debug & DBG_RELOC)
			dbg("\nrelocation processing: %s%s\n", obj_name(o),
			    now || o->bind_now ? "" : " (lazy)");
		r = relocate_object(o, now);
		if (!r)
			obj_protect_relro(o);
	}
	r_free(order);
	return r;
}

/* ld.so names the failure as it does: an undefined symbol is a "symbol
 * lookup error", anything else (a bad relocation) an error while loading. */
void relocate_all(void)
{
	R.lookup_failed = false;
	if (!relocate_scope(&R.global, R.bind_now))
		return;
	if (R.lookup_failed)
		fatal("symbol lookup error: %s", last_error());
	fatal("error while loading shared libraries: %s", last_error());
}
