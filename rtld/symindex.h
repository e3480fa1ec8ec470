/* The layout of the global scope's symbol index (symindex.c), shared with
 * the eager binder (bindrun.c), which reads it directly to keep its
 * pipeline free of calls. */
#ifndef RTLD_SYMINDEX_H
#define RTLD_SYMINDEX_H

#include "core.h"
#include "namehash.h"

/* 8 bytes: a name's index hash and its first candidate (0: empty slot). */
struct slot {
	uint32_t hash, head;
};

/* What a candidate is good for, decided when the index is built.  For an
 * unversioned reference of each class (PLT or data): ACCEPT, or VERSIONED
 * (usable only as the object's sole versioned candidate, version.h). */
enum {
	USE_PLT = 1, USE_DATA = 2,
	USE_PLT_VERSIONED = 4, USE_DATA_VERSIONED = 8,
	USE_SLOW = 16,		/* IFUNC, TLS, unique or dlopen'ed: the general path's */
};

/* One definition, with a copy of its name: a lookup that finds the
 * candidate has the name to compare in the same cache lines, and the
 * copies lie together in a few huge pages where the objects' string
 * tables would cost a TLB miss each.  Candidates are 8-byte aligned
 * records in one arena, named by their offset / 8 (0: none).  The
 * definitions of a name are chained in scope order. */
struct cand {
	struct obj *obj;
	Addr addr;		/* the definition's address (an IFUNC's resolver) */
	uint32_t sym;		/* index in obj's symbol table */
	uint32_t next;
	uint32_t len;
	uint16_t use, pad;
	char name[];		/* NUL-padded to the record's end */
};

/* The header and the name in whole words (name_hash's copy). */
static inline size_t record_size(size_t len)
{
	return offsetof(struct cand, name) + (len & ~(size_t)7) + 8;
}

extern char *si_arena;
extern struct slot *si_slots;
extern size_t si_nslots;	/* any number: slot_index scales, it does not mask */

static inline const struct cand *cand_at(uint32_t id)
{
	return (const struct cand *)(si_arena + (size_t)id * 8);
}

/* The hash scaled to the table (its high bits decide: name_hash's are
 * well mixed), so the table need not be a power of two in size: on
 * average a quarter smaller than the power of two above. */
static inline size_t slot_index(uint32_t h)
{
	return (size_t)(((uint64_t)h * si_nslots) >> 32);
}

static inline size_t slot_next(size_t i)
{
	return i + 1 == si_nslots ? 0 : i + 1;
}

/* Whether candidate c is named name (of length len). */
static inline bool cand_is(const struct cand *c, const char *name, size_t len)
{
	return c->len == len && names_equal(c->name, name, len);
}

/* The slot of a name (0 when the scope does not define it). */
static inline const struct slot *si_find(const char *name, uint32_t h, size_t len)
{
	for (size_t i = slot_index(h);; i = slot_next(i)) {
		const struct slot *s = &si_slots[i];
		if (!s->head)
			return 0;
		if (s->hash == h && cand_is(cand_at(s->head), name, len))
			return s;
	}
}

/* Built for a run of n eager lookups if that pays; whether it is ready. */
bool symindex_plan(size_t n);

#endif
