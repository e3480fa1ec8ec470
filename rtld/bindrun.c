/* Eager binding of a relocation table through the symbol index.
 *
 * Under LD_BIND_NOW a program with many libraries binds hundreds of
 * thousands of names before it starts, each a lookup in a table far larger
 * than the caches: the slot, the candidate and the definer's name are
 * three cache misses in a row, and the referencing object's names (in
 * string-table order, not relocation order) a fourth.  The relocations are
 * known in advance, so they go through a pipeline: D_REF entries ahead the
 * referenced name is prefetched, D_HASH ahead it is hashed and its slot
 * prefetched, D_SLOT ahead the slot is read and its candidate (with a
 * copy of the name) prefetched.  When an entry's turn comes its data are
 * in the cache, and binding it takes a name comparison and a store.
 *
 * Only the common case is bound here: JUMP_SLOT, GLOB_DAT or 64 against a
 * default-visibility symbol that the index resolves to a plain definition
 * whose version check passes outright.  Everything else (an error, a weak
 * undefined reference, an IFUNC, TLS, a protected or hidden reference, a
 * version that needs ld.so's sole-candidate rule, LD_DEBUG=bindings,
 * LD_DYNAMIC_WEAK, tracing, DT_SYMBOLIC, RTLD_DEEPBIND) goes to arch_reloc,
 * whose general lookup decides; where the binder decides, it decides as
 * that lookup would. */
#include "lookup.h"
#include "symindex.h"
#include "reloc_arch.h"

enum { D_REF = 24, D_HASH = 16, D_SLOT = 8, RING = 32 };

/* The stages and the binding are inlined into the pipeline's loop. */
#define INLINE static inline __attribute__((always_inline))

/* One entry on its way through the pipeline. */
struct pending {
	const char *name;
	const struct vername *ver;
	size_t len;
	uint32_t hash;
	uint32_t head;		/* the slot's first candidate (0: none) */
	unsigned cls;		/* arch_reloc_class; 0: the general path's */
};

static bool binds_here(const struct obj *o)
{
	return !(R.debug & (DBG_BINDINGS | DBG_SYMBOLS)) && !R.dynamic_weak && !R.trace && !o->deepbind &&
	       !o->dyn[DT_SYMBOLIC] && !(o->flags & DF_SYMBOLIC);
}

/* Stage 1: the referenced name, prefetched. */
INLINE void stage_ref(const struct obj *o, const Rela *e, struct pending *p)
{
	p->cls = arch_reloc_class(e);
	p->head = 0;
	if (!p->cls)
		return;
	size_t idx = ELF64_R_SYM(e->r_info);
	const Sym *ref = &o->symtab[idx];
	if (!idx || idx >= o->symlimit || ELF64_ST_BIND(ref->st_info) == STB_LOCAL ||
	    ELF64_ST_VISIBILITY(ref->st_other) != STV_DEFAULT || ref->st_name >= o->strsz) {
		p->cls = 0;
		return;
	}
	p->name = o->strtab + ref->st_name;
	p->ver = sym_version_req(o, idx);
	__builtin_prefetch(p->name);
}

/* Stage 2: the name hashed, its slot prefetched. */
INLINE void stage_hash(struct pending *p)
{
	if (!p->cls)
		return;
	p->hash = name_hash(p->name, &p->len, 0);
	__builtin_prefetch(&si_slots[slot_index(p->hash)]);
}

/* Stage 3: the first slot with the name's hash (the name is compared
 * when the entry is bound); its candidate prefetched, both lines of a
 * typical record. */
INLINE void stage_slot(struct pending *p)
{
	if (!p->cls)
		return;
	for (size_t i = slot_index(p->hash);; i = slot_next(i)) {
		const struct slot *s = &si_slots[i];
		if (!s->head || s->hash == p->hash) {
			p->head = s->head;
			break;
		}
	}
	if (p->head) {
		__builtin_prefetch(cand_at(p->head));
		if (record_size(p->len) > 64)
			__builtin_prefetch((const char *)cand_at(p->head) + 63);
	}
}

/* What the general lookup would say of candidate c (VER_*). */
INLINE int verdict(const struct cand *c, const struct pending *p)
{
	bool plt = p->cls & RELOC_PLT;
	if (!p->ver)
		return c->use & (plt ? USE_PLT : USE_DATA) ? VER_ACCEPT :
		       c->use & (plt ? USE_PLT_VERSIONED : USE_DATA_VERSIONED) ? VER_CANDIDATE :
		       VER_REJECT;
	if (!sym_usable(c->obj, &c->obj->symtab[c->sym], plt ? LOOKUP_PLT : 0))
		return VER_REJECT;
	return def_version(c->obj, c->sym, p->ver, false);
}

/* The definition the scope gives p, or 0 when that takes the general
 * lookup's rules. */
INLINE const struct cand *definition(const struct pending *p)
{
	if (!p->cls || !p->head)
		return 0;
	const struct cand *c = cand_at(p->head);
	if (!cand_is(c, p->name, p->len)) {
		/* Another name with the same hash: look further. */
		const struct slot *s = si_find(p->name, p->hash, p->len);
		if (!s)
			return 0;
		c = cand_at(s->head);
	}
	for (;; c = cand_at(c->next)) {
		int v = verdict(c, p);
		if (v == VER_ACCEPT)
			return c->use & USE_SLOW ? 0 : c;
		if (v == VER_CANDIDATE || !c->next)
			return 0;
	}
}

/* The run's state: the object, where its relocations may write (r_offset
 * - lo <= lim, one comparison), and the entries bound here. */
struct run {
	struct obj *o;
	const Rela *r;
	size_t n;
	Addr lo, lim;
	unsigned long bound;
	size_t *skipped;
	struct pending ring[RING];
};

INLINE int bind_one(struct run *b, const Rela *e, const struct pending *p)
{
	if (!p->cls && arch_reloc_simple(e, false) && arch_reloc_run(b->o, e, 1, false))
		return 0;
	const struct cand *c = definition(p);
	if (!c || e->r_offset - b->lo > b->lim)	/* outside the window: arch_reloc reports it */
		return arch_reloc(b->o, e, false);
	*(Addr *)(b->o->l_addr + e->r_offset) =
		c->addr + (p->cls & RELOC_ADDEND ? (Addr)e->r_addend : 0);
	b->bound++;
	return 0;
}

/* Step k: entry k enters the pipeline, the others move on, and entry
 * k - D_REF is bound.  Guarded: at the ends of the table, where some of
 * those entries do not exist. */
INLINE int step(struct run *b, size_t k, bool guarded)
{
	if (!guarded || k < b->n)
		stage_ref(b->o, &b->r[k], &b->ring[k % RING]);
	size_t h = k - (D_REF - D_HASH), s = k - (D_REF - D_SLOT), i = k - D_REF;
	if (!guarded || (k >= D_REF - D_HASH && h < b->n))
		stage_hash(&b->ring[h % RING]);
	if (!guarded || (k >= D_REF - D_SLOT && s < b->n))
		stage_slot(&b->ring[s % RING]);
	if (guarded && (k < D_REF || i >= b->n))
		return 0;
	if (arch_reloc_is_irelative(&b->r[i])) {
		++*b->skipped;
		return 0;
	}
	return bind_one(b, &b->r[i], &b->ring[i % RING]);
}

/* The two ends of the table: one copy of the pipeline, out of the way. */
static __attribute__((noinline)) int step_guarded(struct run *b, size_t k)
{
	return step(b, k, true);
}

int bind_table(struct obj *o, const Rela *r, size_t n, size_t *skipped)
{
	if (n <= 64 || o->wr_len < sizeof(Addr) || !binds_here(o) || !symindex_plan(n))
		return 0;
	struct run b = { .o = o, .r = r, .n = n, .lo = o->wr_lo, .lim = o->wr_len - sizeof(Addr),
			 .skipped = skipped };
	/* Filling, the steady state (n > D_REF), draining. */
	size_t k = 0;
	int e = 0;
	for (; k < D_REF && !e; k++)
		e = step_guarded(&b, k);
	for (; k < n && !e; k++)
		e = step(&b, k, false);
	for (; k < n + D_REF && !e; k++)
		e = step_guarded(&b, k);
	R.nlookups += b.bound;
	R.nindex_bound += b.bound;
	return e ? -1 : 1;
}
