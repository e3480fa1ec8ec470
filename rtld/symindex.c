/* An index of the global scope's definitions, for programs that look up
 * many symbols.
 *
 * Walking the scope costs one bloom-filter probe per object per lookup,
 * so eager binding of a program with L libraries costs O(L) per symbol:
 * glibc takes 0.4 s for 200 libraries of 1000 symbols.  When that walk
 * would cost more than building (worth_building), rtld builds this table
 * once: every definition a scope walk can see, grouped by name, in scope
 * order, each with a copy of its name (symindex.h).  A lookup is then one hash probe and a walk
 * over the objects that define the name, with the same checks (version,
 * type, PLT class) as the scope walk, so the answer is the same.  What
 * those checks say for an unversioned reference is worked out here, once
 * per definition, for the eager binder (bindrun.c).  Any change to the
 * global scope (dlopen RTLD_GLOBAL, dlclose) drops the index; it is built
 * again when needed.  Lock-free readers (readers.c) use it too: it is
 * published complete, and freed only once no reader can be using it. */
#include "lookup.h"
#include "symindex.h"
#include "sys.h"

/* When building pays.  Walking the scope costs a bloom-filter probe per
 * object and lookup (a few ns); building costs about one cache miss per
 * symbol in the scope, some 32 probes' worth.  So the index is built when
 * the probes made (or, for a run of relocations, the probes ahead) reach
 * 32 times the symbols it would hold; past that point walking on would
 * cost more than the build, and the first rule can at most double the
 * cost (the ski-rental rule). */
#define PROBES_PER_SYMBOL 32
#define BUILD_MIN 100000ul	/* below this, never worth a table */

struct slot *si_slots;
char *si_arena;
size_t si_nslots;
/* Every change to the global scope drops the index (symindex_changed),
 * so a built index is always current. */
static bool built;
static unsigned long probes;
static unsigned scope_gen;		/* bumped when the global scope changes */
static unsigned failed_gen = ~0u;	/* a build failed for this scope: no retry */
static unsigned long scope_syms;	/* symbols of the global scope ... */
static unsigned scope_syms_gen = ~0u;	/* ... as of this generation */

static size_t first_visible(const struct obj *o);

/* What a build would have to index (an upper bound: all the dynamic
 * symbols a scope walk can see). */
static unsigned long syms_in_scope(void)
{
	if (scope_syms_gen != scope_gen) {
		unsigned long n = 0;
		for (size_t k = 0; k < R.global.n; k++) {
			const struct obj *o = R.global.objs[k];
			size_t ns = o->symtab ? obj_nsyms(o) : 0;
			n += ns > first_visible(o) ? ns - first_visible(o) : 0;
		}
		scope_syms = n;
		scope_syms_gen = scope_gen;
	}
	return scope_syms;
}

static bool worth_building(unsigned long probes_ahead)
{
	return probes_ahead >= BUILD_MIN && failed_gen != scope_gen &&
	       probes_ahead >= PROBES_PER_SYMBOL * syms_in_scope();
}

static bool indexable(const struct obj *o, const Sym *s)
{
	unsigned bind = ELF64_ST_BIND(s->st_info);
	return s->st_name && s->st_name < o->strsz &&
	       (bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE_) &&
	       !(s->st_shndx == SHN_UNDEF && s->st_value == 0);
}

/* A scope walk finds in an object with a GNU hash table only the symbols
 * the table lists, from gnu_symoffset on (as ld.so's does): an executable's
 * undefined symbols, often most of its symbol table, lie below. */
static size_t first_visible(const struct obj *o)
{
	return o->gnu_buckets && o->gnu_symoffset > 1 ? o->gnu_symoffset : 1;
}

/* What definition i of o is good for (USE_*), for the binder. */
static uint16_t use_of(const struct obj *o, size_t i)
{
	const Sym *s = &o->symtab[i];
	unsigned type = ELF64_ST_TYPE(s->st_info);
	uint16_t use = 0;
	int v = o->versym ? def_version(o, i, 0, false) : VER_ACCEPT;
	/* The PLT class differs only in refusing undefined entries. */
	if (v != VER_REJECT && sym_usable(o, s, 0)) {
		bool accept = v == VER_ACCEPT;
		use = accept ? USE_DATA : USE_DATA_VERSIONED;
		if (s->st_shndx != SHN_UNDEF)
			use |= accept ? USE_PLT : USE_PLT_VERSIONED;
	}
	if (type == STT_GNU_IFUNC_ || type == STT_TLS ||
	    ELF64_ST_BIND(s->st_info) == STB_GNU_UNIQUE_ || o->dlopened)
		use |= USE_SLOW;
	return use;
}

/* Frees an index no reader has seen. */
static void discard(void)
{
	r_free(si_slots);
	r_free(si_arena);
	si_slots = 0;
	si_arena = 0;
}

/* The global scope changed (the caller holds the lock). */
void symindex_changed(void)
{
	scope_gen++;
	if (!built)
		return;
	__atomic_store_n(&built, false, __ATOMIC_RELEASE);
	readers_wait();
	discard();
}

/* Room for every definition of the scope, unless many symbols share
 * long names (then the build gives up: lookups walk the scope).  *slack:
 * room for any one record, kept free at the end. */
static size_t arena_bound(size_t *slack)
{
	size_t n = 8, most = 0;
	for (size_t k = 0; k < R.global.n; k++) {
		const struct obj *o = R.global.objs[k];
		if (!o->symtab)
			continue;
		n += obj_nsyms(o) * (record_size(8) + 56) + o->strsz;	/* 56: line_up */
		most = o->strsz > most ? o->strsz : most;
	}
	*slack = record_size(most);
	return n + *slack;
}

/* Moves the record of size bytes at *at to the next cache line if it
 * would straddle two and fits in one: a lookup then misses once, not
 * twice.  The wasted room costs less than the second miss. */
static void line_up(size_t *at, size_t size)
{
	uintptr_t from = (uintptr_t)si_arena + *at;
	if ((from & 63) + size <= 64 || size > 64)
		return;
	uintptr_t to = (from + 63) & ~(uintptr_t)63;
	uint64_t *d = (uint64_t *)to, *s = (uint64_t *)from;
	for (size_t k = size / 8; k-- > 0;)	/* backwards: they may overlap */
		d[k] = s[k];
	*at += to - from;
}

/* A definition waits DELAY others between being hashed, when its slot is
 * prefetched, and being linked in. */
enum { DELAY = 32 };

/* Pushes candidate id in front of its name's chain. */
static inline __attribute__((always_inline)) void link_in(uint32_t id, uint32_t h)
{
	struct cand *c = (struct cand *)cand_at(id);
	size_t i = slot_index(h);
	for (;; i = slot_next(i)) {
		struct slot *s = &si_slots[i];
		if (!s->head) {
			s->hash = h;
			break;
		}
		if (s->hash == h && cand_is(cand_at(s->head), c->name, c->len))
			break;
	}
	c->next = si_slots[i].head;
	si_slots[i].head = id;
}

/* One pass over the definitions, objects last to first and each
 * backwards, each pushed in front of its name's chain: the chains come out
 * in scope order.  Returns how many, or 0 when out of room. */
static uint32_t collect(size_t limit, size_t most)
{
	struct {
		uint32_t id, hash;
	} wait[DELAY];
	const struct scope *sc = &R.global;
	size_t at = 8;		/* record 0 stands for "none" */
	if (limit > (size_t)UINT32_MAX * 8)
		limit = (size_t)UINT32_MAX * 8;	/* ids are 32 bits */
	uint32_t n = 0;
	for (size_t k = sc->n; k-- > 0;) {
		struct obj *o = sc->objs[k];
		size_t ns = o->symtab ? obj_nsyms(o) : 0, first = first_visible(o);
		for (size_t i = ns; i-- > first;) {
			/* Names are in string-table order, not symbol order. */
			if (i > 32)
				__builtin_prefetch(&o->symtab[i - 32]);
			if (i > 16 && o->symtab[i - 16].st_name < o->strsz)
				__builtin_prefetch(o->strtab + o->symtab[i - 16].st_name);
			const Sym *s = &o->symtab[i];
			if (!indexable(o, s))
				continue;
			if (at > limit || n == most)
				return 0;
			struct cand *c = (struct cand *)(si_arena + at);
			size_t len;
			uint32_t h = name_hash(o->strtab + s->st_name, &len, c->name);
			*c = (struct cand){ .obj = o, .addr = def_addr(o, s), .sym = (uint32_t)i,
					    .len = (uint32_t)len, .use = use_of(o, i) };
			__builtin_prefetch(&si_slots[slot_index(h)], 1);
			line_up(&at, record_size(len));
			if (n >= DELAY)
				link_in(wait[n % DELAY].id, wait[n % DELAY].hash);
			wait[n % DELAY].id = (uint32_t)(at / 8);
			wait[n % DELAY].hash = h;
			n++;
			at += record_size(len);
		}
	}
	for (uint32_t k = n > DELAY ? n - DELAY : 0; k < n; k++)
		link_in(wait[k % DELAY].id, wait[k % DELAY].hash);
	return n;
}

/* The slots: at most half full once every symbol a scope walk could find
 * is in, so that linear probing stays short (a table two thirds full took
 * 3% more instructions for the 200x1000 benchmark, with no gain in time
 * to show for its smaller size). */
static bool alloc_slots(size_t most)
{
	si_nslots = 2 * most + 16;
	if (si_nslots > UINT32_MAX)
		return false;
	si_slots = r_calloc_large(si_nslots, sizeof *si_slots);
	return si_slots != 0;
}

static void build(void)
{
	size_t slack, cap = arena_bound(&slack), most = syms_in_scope();
	probes = 0;
	si_arena = r_calloc_large(cap, 1);
	uint32_t n = si_arena && alloc_slots(most) ? collect(cap - slack, most) : 0;
	if (!n) {
		discard();
		failed_gen = scope_gen;
		return;
	}
	R.nindexed = n;
	__atomic_store_n(&built, true, __ATOMIC_RELEASE);
}

bool symindex_ready(void)
{
	return __atomic_load_n(&built, __ATOMIC_ACQUIRE);
}

/* A run of n eager relocations is about to be bound (lock held): if
 * walking the scope for all of them would cost more than building, build
 * now rather than after the first rule's share of them. */
bool symindex_plan(size_t n)
{
	if (!symindex_ready() && worth_building((unsigned long)n * R.global.n))
		build();
	return symindex_ready();
}

/* Builds the index once lookups are many.  A lock-free reader builds it
 * only if it can take the lock without waiting (readers.c). */
static bool build_if_due(const struct query *q)
{
	/* A heuristic: lost updates from racing readers do not matter. */
	unsigned long p = __atomic_load_n(&probes, __ATOMIC_RELAXED) + R.global.n;
	__atomic_store_n(&probes, p, __ATOMIC_RELAXED);
	if (p < BUILD_MIN)
		return false;
	if ((q->flags & LOOKUP_SHARED) && !rtld_trylock())
		return false;
	if (!worth_building(p)) {
		if (q->flags & LOOKUP_SHARED)
			rtld_unlock();
		return false;
	}
	if (!symindex_ready())
		build();
	if (q->flags & LOOKUP_SHARED)
		rtld_unlock();
	return symindex_ready();
}

int symindex_lookup(struct query *q, const struct obj *skip, struct symdef *out)
{
	if (!symindex_ready() && !build_if_due(q))
		return 0;
	size_t len;
	uint32_t h = name_hash(q->name, &len, 0);
	const struct slot *s = si_find(q->name, h, len);
	if (!s)
		return 0;
	/* Per object, as a scope walk: the first acceptable definition, or
	 * else the only versioned candidate (version.h). */
	struct obj *cur = 0, *done = 0;	/* done: an object whose answer was weak */
	for (uint32_t k = s->head;; k = cand_at(k)->next) {
		struct obj *o = k ? cand_at(k)->obj : 0;
		if (o != cur) {
			if (cur && cur != done && q->ncand == 1 && !held_back(q, cur, q->cand)) {
				out->sym = q->cand;
				out->obj = cur;
				return 1;
			}
			cur = o;
			q->ncand = 0;
			q->cand = 0;
		}
		if (!o)
			break;
		if (o == skip || o == done)
			continue;
		const Sym *sym = lookup_check(o, cand_at(k)->sym, q, true);	/* si_find compared it */
		if (sym && held_back(q, o, sym)) {
			done = o;	/* a scope walk looks no further in o */
		} else if (sym) {
			out->sym = sym;
			out->obj = o;
			return 1;
		}
	}
	return 0;
}
