/* Symbol version tables and matching (see version.h). */
#include "version.h"
#include "hash.h"
#include "util.h"

int version_check(int def_versym, const struct vername *defs, size_t ndefs,
		  const struct vername *req, int newest)
{
	if (def_versym < 0)
		return VER_ACCEPT;	/* definer has no version information */
	unsigned ndx = (unsigned)def_versym & 0x7fff;
	int hidden = (def_versym & 0x8000) != 0;

	if (req) {
		const struct vername *d = ndx < ndefs ? &defs[ndx] : 0;
		int same = d && d->name && d->hash == req->hash &&
			   r_strcmp(d->name, req->name) == 0;
		if (same)
			return VER_ACCEPT;
		/* Indexes 0 and 1 (local, global) carry no name: a definition
		 * there satisfies any version unless the reference or the
		 * definition is hidden, as in ld.so. */
		if (!req->hidden && !hidden && !(d && d->name && d->hash))
			return VER_ACCEPT;
		return VER_REJECT;
	}
	if (ndx >= (newest ? 2u : 3u)) {
		/* A versioned definition met by an unversioned reference. */
		return hidden ? VER_REJECT : VER_CANDIDATE;
	}
	return VER_ACCEPT;
}

/* Walks a vd_next/vn_next chain safely: each step must stay inside avail. */
static int in_bounds(size_t off, size_t len, size_t avail)
{
	return off <= avail && len <= avail - off;
}

int verneed_each(const Elf64_Verneed *vn, size_t num, size_t avail,
		 int (*each)(const Elf64_Verneed *n, const Elf64_Vernaux *a, void *ctx), void *ctx)
{
	size_t off = 0;
	const char *base = (const char *)vn;
	for (size_t i = 0; vn && i < num; i++) {
		if (!in_bounds(off, sizeof(Elf64_Verneed), avail))
			return -1;
		const Elf64_Verneed *n = (const void *)(base + off);
		int r = each(n, 0, ctx);
		if (r)
			return r;
		size_t aoff = off + n->vn_aux;
		for (size_t j = 0; j < n->vn_cnt; j++) {
			if (aoff < off || !in_bounds(aoff, sizeof(Elf64_Vernaux), avail))
				return -1;
			const Elf64_Vernaux *a = (const void *)(base + aoff);
			r = each(n, a, ctx);
			if (r)
				return r;
			if (!a->vna_next)
				break;
			aoff += a->vna_next;
		}
		if (!n->vn_next)
			break;
		off += n->vn_next;
	}
	return 0;
}

static int note_index(const Elf64_Verneed *n, const Elf64_Vernaux *a, void *ctx)
{
	(void)n;
	long *max = ctx;
	if (a && (a->vna_other & 0x7fff) > *max)
		*max = a->vna_other & 0x7fff;
	return 0;
}

long version_max_index(const Elf64_Verdef *vd, size_t vdnum,
		       const Elf64_Verneed *vn, size_t vnnum, size_t avail)
{
	long max = 1;
	size_t off = 0;
	const char *base = (const char *)vd;
	for (size_t i = 0; vd && i < vdnum; i++) {
		if (!in_bounds(off, sizeof(Elf64_Verdef), avail))
			return -1;
		const Elf64_Verdef *d = (const void *)(base + off);
		if ((d->vd_ndx & 0x7fff) > max)
			max = d->vd_ndx & 0x7fff;
		if (!d->vd_next)
			break;
		off += d->vd_next;
	}
	if (verneed_each(vn, vnnum, avail, note_index, &max) < 0)
		return -1;
	return max + 1;
}

static const char *str_at(const char *strtab, size_t strsz, size_t off)
{
	if (off >= strsz || r_strnlen(strtab + off, strsz - off) == strsz - off)
		return 0;
	return strtab + off;
}

long version_defs(const Elf64_Verdef *vd, size_t num, size_t avail,
		  const char *strtab, size_t strsz, struct vername *tab, size_t tabsz)
{
	long top = 0;
	size_t off = 0;
	const char *base = (const char *)vd;
	for (size_t i = 0; i < num; i++) {
		if (!in_bounds(off, sizeof(Elf64_Verdef), avail))
			return -1;
		const Elf64_Verdef *d = (const void *)(base + off);
		unsigned ndx = d->vd_ndx & 0x7fff;
		if (d->vd_version != 1 || ndx >= tabsz || d->vd_cnt == 0 ||
		    !in_bounds(off + d->vd_aux, sizeof(Elf64_Verdaux), avail))
			return -1;
		const Elf64_Verdaux *a = (const void *)(base + off + d->vd_aux);
		const char *name = str_at(strtab, strsz, a->vda_name);
		if (!name)
			return -1;
		/* The base version (the file's own name) is not a version a
		 * symbol can be bound to, as in ld.so. */
		if (d->vd_flags & VER_FLG_BASE)
			goto next;
		tab[ndx].name = name;
		tab[ndx].hash = d->vd_hash;
		tab[ndx].hidden = 0;
		tab[ndx].file = 0;
		tab[ndx].weak = (d->vd_flags & VER_FLG_WEAK) != 0;
		if ((long)ndx + 1 > top)
			top = ndx + 1;
next:
		if (!d->vd_next)
			break;
		off += d->vd_next;
	}
	return top;
}

struct needs {
	const char *strtab;
	size_t strsz;
	struct vername *tab;
	size_t tabsz;
	long top;
};

static int note_need(const Elf64_Verneed *n, const Elf64_Vernaux *a, void *ctx)
{
	struct needs *c = ctx;
	const char *file = str_at(c->strtab, c->strsz, n->vn_file);
	if (n->vn_version != 1 || !file)
		return -1;
	if (!a)
		return 0;
	unsigned ndx = a->vna_other & 0x7fff;
	const char *name = str_at(c->strtab, c->strsz, a->vna_name);
	if (ndx >= c->tabsz || !name)
		return -1;
	c->tab[ndx].name = name;
	c->tab[ndx].hash = a->vna_hash;
	c->tab[ndx].hidden = (a->vna_other & 0x8000) != 0;
	c->tab[ndx].file = file;
	c->tab[ndx].weak = (a->vna_flags & VER_FLG_WEAK) != 0;
	if ((long)ndx + 1 > c->top)
		c->top = ndx + 1;
	return 0;
}

long version_needs(const Elf64_Verneed *vn, size_t num, size_t avail,
		   const char *strtab, size_t strsz, struct vername *tab, size_t tabsz)
{
	struct needs c = { strtab, strsz, tab, tabsz, 0 };
	return verneed_each(vn, num, avail, note_need, &c) < 0 ? -1 : c.top;
}
