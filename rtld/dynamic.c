/* Decoding and validating an object's dynamic section.  Every address taken
 * from it is checked against the object's PT_LOAD segments before use, so a
 * corrupted library gives an error instead of a fault. */
#include "core.h"
#include "out.h"
#include "util.h"
#include "rtld/elfcheck.h"

#define DT_GNU_HASH_ 0x6ffffef5
#define DT_VERSYM_ 0x6ffffff0
#define DT_FLAGS_1_ 0x6ffffffb
#define DT_VERDEF_ 0x6ffffffc
#define DT_VERDEFNUM_ 0x6ffffffd
#define DT_VERNEED_ 0x6ffffffe
#define DT_VERNEEDNUM_ 0x6fffffff

const char *obj_name(const struct obj *o)
{
	if (o->is_main && (!o->l_name || !o->l_name[0]))
		return R.progname;
	return o->l_name;
}

/* Whether a segment with these flags can be read: writable pages can
 * (on x86 and arm64 alike), execute-only ones cannot where protection
 * keys enforce them. */
static bool readable(uint32_t flags)
{
	return flags & (PF_R | PF_W);
}

/* Bytes of the loaded image from vaddr to the end of its segment's file
 * data: bounds arrays whose length the dynamic section does not give. */
static size_t avail_bytes(const struct obj *o, uintptr_t vaddr)
{
	for (unsigned i = 0; i < o->nload; i++) {
		const struct load_range *l = &o->load[i];
		if (readable(l->flags) && vaddr >= l->vaddr && vaddr < l->vaddr + l->filesz)
			return l->vaddr + l->filesz - vaddr;
	}
	if (o->nload)
		return 0;
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		if (p->p_type == PT_LOAD && readable(p->p_flags) && vaddr >= p->p_vaddr &&
		    vaddr < p->p_vaddr + p->p_filesz)
			return p->p_vaddr + p->p_filesz - vaddr;
	}
	return 0;
}

/* The flags of the segment whose memory image holds [vaddr, vaddr +
 * size), or -1 if none does (segments do not overlap: elfcheck.c). */
static inline long segment_flags(const struct obj *o, uintptr_t vaddr, size_t size)
{
	for (unsigned i = 0; i < o->nload; i++) {
		const struct load_range *l = &o->load[i];
		if (vaddr >= l->vaddr && size <= l->memsz && vaddr - l->vaddr <= l->memsz - size)
			return l->flags;
	}
	if (o->nload)
		return -1;
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		if (p->p_type == PT_LOAD && elfchk_in_load(p, 1, vaddr, size))
			return p->p_flags;
	}
	return -1;
}

/* Whether [vaddr, vaddr + size) lies in one segment that rtld can read
 * (code: that can be executed). */
static inline int in_segment(const struct obj *o, uintptr_t vaddr, size_t size, bool code)
{
	long f = segment_flags(o, vaddr, size);
	return f >= 0 && (code ? (f & PF_X) != 0 : readable((uint32_t)f));
}

bool obj_readable(const struct obj *o, Addr vaddr, size_t size)
{
	return in_segment(o, vaddr, size, false);
}

/* Before rtld calls or enters code at an address a file gave (an IFUNC
 * resolver, the entry point): it must lie in the code of o, the object
 * that gave it, so that a damaged object gets an error, not a jump into
 * the void (or into rtld).  what: what the address is, for the message. */
void check_code(const struct obj *o, Addr a, const char *what)
{
	if (o->is_rtld || o->is_vdso || in_segment(o, a - o->l_addr, 1, true))
		return;
	if (o->is_main)		/* fatal's message names it already */
		fatal("%s at %p outside the program's code", what, (void *)(a - o->l_addr));
	fatal("%s: %s at %p outside the object's code", obj_name(o), what, (void *)(a - o->l_addr));
}

static int bad(const char *what)
{
	set_error("%s", what);
	return -1;
}

static int decode_gnu_hash(struct obj *o, uintptr_t vaddr)
{
	if (!obj_readable(o, vaddr, 16))
		return bad("invalid DT_GNU_HASH");
	const uint32_t *h = (const uint32_t *)(o->l_addr + vaddr);
	o->gnu_nbuckets = h[0];
	o->gnu_symoffset = h[1];
	o->gnu_bloom_size = h[2];
	o->gnu_bloom_shift = h[3];
	size_t bloom_bytes = (size_t)o->gnu_bloom_size * 8;
	size_t bucket_bytes = (size_t)o->gnu_nbuckets * 4;
	if (!o->gnu_nbuckets || !o->gnu_bloom_size ||
	    (o->gnu_bloom_size & (o->gnu_bloom_size - 1)) ||
	    !obj_readable(o, vaddr + 16, bloom_bytes + bucket_bytes))
		return bad("invalid DT_GNU_HASH");
	if (o->gnu_bloom_shift >= 32)
		return bad("invalid DT_GNU_HASH");
	o->gnu_bloom = (const uint64_t *)(h + 4);
	o->gnu_buckets = (const uint32_t *)((const char *)o->gnu_bloom + bloom_bytes);
	o->gnu_chain = o->gnu_buckets + o->gnu_nbuckets - o->gnu_symoffset;
	/* Chain words end where the segment does: bound the walk by that. */
	o->gnu_chain_end = o->gnu_symoffset +
			   avail_bytes(o, vaddr + 16 + bloom_bytes + bucket_bytes) / 4;
	return 0;
}

static int decode_versions(struct obj *o, uintptr_t verdef, size_t ndef, uintptr_t verneed,
			   size_t nneed)
{
	/* Version sections are small; checking they start inside the image
	 * and then walking with an upper bound of the segment keeps reads in
	 * bounds. */
	/* Each table is bounded by the end of its own segment. */
	size_t vd_avail = verdef ? avail_bytes(o, verdef) : 0;
	size_t vn_avail = verneed ? avail_bytes(o, verneed) : 0;
	if ((verdef && !vd_avail) || (verneed && !vn_avail))
		return bad("invalid version section");
	const Elf64_Verdef *vd = verdef ? (const void *)(o->l_addr + verdef) : 0;
	const Elf64_Verneed *vn = verneed ? (const void *)(o->l_addr + verneed) : 0;
	o->has_verdef = vd != 0;
	long n1 = vd ? version_max_index(vd, ndef, 0, 0, vd_avail) : 1;
	long n2 = vn ? version_max_index(0, 0, vn, nneed, vn_avail) : 1;
	if (n1 < 0 || n2 < 0)
		return bad("invalid version section");
	size_t n = (size_t)(n1 > n2 ? n1 : n2);
	o->vers = r_calloc(n, sizeof *o->vers);
	if (!o->vers)
		return bad("cannot allocate version table");
	o->nvers = n;
	if ((vd && version_defs(vd, ndef, vd_avail, o->strtab, o->strsz, o->vers, n) < 0) ||
	    (vn && version_needs(vn, nneed, vn_avail, o->strtab, o->strsz, o->vers, n) < 0))
		return bad("invalid version section");
	o->verneed = vn;
	o->nverneed = vn ? nneed : 0;
	o->verneed_avail = vn_avail;
	return 0;
}

int dynamic_parse(struct obj *o)
{
	uintptr_t gnu_hash = 0, versym = 0, verdef = 0, verneed = 0;
	size_t verdefnum = 0, verneednum = 0;
	const Dyn *d = o->l_ld;
	if (!d)
		return 0;
	/* The section's length is not given: check it entry by entry. */
	for (;; d++) {
		/* The vDSO and rtld itself are trusted; a program the kernel
		 * mapped is not: the kernel does not look at its PT_DYNAMIC. */
		if (!o->is_vdso && !o->is_rtld &&
		    !obj_readable(o, (uintptr_t)d - o->l_addr, sizeof *d))
			return bad("dynamic section not terminated");
		if (d->d_tag == DT_NULL)
			break;
		if (d->d_tag >= 0 && d->d_tag < DT_NUM) {
			o->dyn[d->d_tag] = d->d_un.d_val;
			continue;
		}
		switch (d->d_tag) {
		case DT_GNU_HASH_: gnu_hash = d->d_un.d_ptr; break;
		case DT_VERSYM_: versym = d->d_un.d_ptr; break;
		case DT_VERDEF_: verdef = d->d_un.d_ptr; break;
		case DT_VERDEFNUM_: verdefnum = d->d_un.d_val; break;
		case DT_VERNEED_: verneed = d->d_un.d_ptr; break;
		case DT_VERNEEDNUM_: verneednum = d->d_un.d_val; break;
		case DT_FLAGS_1_: o->flags_1 = (uint32_t)d->d_un.d_val; break;
		}
	}
	uintptr_t *v = o->dyn;
	if (v[DT_REL] || (v[DT_PLTREL] && v[DT_PLTREL] != DT_RELA))
		return bad("DT_REL relocations are not used on x86_64");
	if (v[DT_RELAENT] && v[DT_RELAENT] != sizeof(Rela))
		return bad("unexpected DT_RELAENT");
	if (v[DT_SYMENT] && v[DT_SYMENT] != sizeof(Sym))
		return bad("unexpected DT_SYMENT");
	if (!v[DT_STRTAB] || !v[DT_SYMTAB]) {
		if (v[DT_NEEDED] || v[DT_RELASZ] || v[DT_PLTRELSZ])
			return bad("object has no symbol or string table");
	} else {
		if (!obj_readable(o, v[DT_STRTAB], v[DT_STRSZ]) || !v[DT_STRSZ] ||
		    !obj_readable(o, v[DT_SYMTAB], sizeof(Sym)))
			return bad("invalid string or symbol table");
		o->strtab = (const char *)(o->l_addr + v[DT_STRTAB]);
		o->strsz = v[DT_STRSZ];
		if (o->strtab[o->strsz - 1] != 0)
			return bad("string table not terminated");
		o->symtab = (const Sym *)(o->l_addr + v[DT_SYMTAB]);
		o->symlimit = avail_bytes(o, v[DT_SYMTAB]) / sizeof(Sym);
	}
	if (v[DT_HASH]) {
		if (!obj_readable(o, v[DT_HASH], 8))
			return bad("invalid DT_HASH");
		const uint32_t *h = (const uint32_t *)(o->l_addr + v[DT_HASH]);
		if (!obj_readable(o, v[DT_HASH] + 8, ((size_t)h[0] + h[1]) * 4) || !h[0])
			return bad("invalid DT_HASH");
		o->sysv_hash = h;
	}
	if (gnu_hash && decode_gnu_hash(o, gnu_hash))
		return -1;
	struct { int tag, sz; } tables[] = {
		{ DT_RELA, DT_RELASZ }, { DT_JMPREL, DT_PLTRELSZ }, { DT_RELR, DT_RELRSZ },
		{ DT_INIT_ARRAY, DT_INIT_ARRAYSZ }, { DT_FINI_ARRAY, DT_FINI_ARRAYSZ },
		{ DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ },
	};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		if (v[tables[i].tag] && v[tables[i].sz] &&
		    !obj_readable(o, v[tables[i].tag], v[tables[i].sz]))
			return bad("dynamic section entry points outside the object");
		if (v[tables[i].tag] && v[tables[i].sz])
			v[tables[i].tag] += o->l_addr;
	}
	if ((v[DT_RELASZ] % sizeof(Rela)) || (v[DT_PLTRELSZ] % sizeof(Rela)) ||
	    (v[DT_RELRSZ] % 8))
		return bad("relocation table size is not a multiple of its entry size");
	o->relr = (const Elf64_Relr *)v[DT_RELR];
	o->relrsz = v[DT_RELRSZ];
	if (v[DT_INIT] && !in_segment(o, v[DT_INIT], 1, true))
		return bad("DT_INIT outside the object");
	if (v[DT_FINI] && !in_segment(o, v[DT_FINI], 1, true))
		return bad("DT_FINI outside the object");
	if (v[DT_PLTGOT] && !obj_readable(o, v[DT_PLTGOT], 24))
		return bad("DT_PLTGOT outside the object");
	o->flags = (uint32_t)v[DT_FLAGS];
	o->textrel = v[DT_TEXTREL] || (o->flags & DF_TEXTREL);
	reloc_window(o);
	o->bind_now = v[DT_BIND_NOW] || (o->flags & DF_BIND_NOW) || (o->flags_1 & DF_1_NOW);
	size_t strsz = o->strsz;
	if (v[DT_SONAME]) {
		if (v[DT_SONAME] >= strsz)
			return bad("invalid DT_SONAME");
		o->soname = o->strtab + v[DT_SONAME];
	}
	if (v[DT_RPATH] && v[DT_RPATH] < strsz)
		o->rpath = o->strtab + v[DT_RPATH];
	if (v[DT_RUNPATH] && v[DT_RUNPATH] < strsz)
		o->runpath = o->strtab + v[DT_RUNPATH];
	if (versym) {
		if (!obj_readable(o, versym, 2))
			return bad("invalid DT_VERSYM");
		o->versym = (const Elf64_Versym *)(o->l_addr + versym);
		size_t vl = avail_bytes(o, versym) / 2;
		if (vl < o->symlimit)
			o->symlimit = vl;
	}
	if ((verdef || verneed) && o->strtab &&
	    decode_versions(o, verdef, verdefnum, verneed, verneednum))
		return -1;
	if (!o->sysv_hash && !o->gnu_buckets && o->symtab)
		return bad("object has no hash table");
	return 0;
}

/* Number of dynamic symbols: DT_HASH says it; with only DT_GNU_HASH it is
 * one past the end of the longest chain. */
static size_t count_syms(const struct obj *o)
{
	if (o->sysv_hash)
		return o->sysv_hash[1] < o->symlimit ? o->sysv_hash[1] : o->symlimit;
	if (!o->gnu_buckets)
		return 0;
	size_t last = 0;
	for (uint32_t b = 0; b < o->gnu_nbuckets; b++)
		if (o->gnu_buckets[b] > last)
			last = o->gnu_buckets[b];
	if (last < o->gnu_symoffset)
		return o->gnu_symoffset;
	while (last < o->symlimit && last < o->gnu_chain_end && !(o->gnu_chain[last] & 1))
		last++;
	return last + 1 < o->symlimit ? last + 1 : o->symlimit;
}

/* Remembered: the symbol index asks for every object of the scope, each
 * time it is built (a walk over the GNU hash buckets).  Racing callers
 * store the same value. */
size_t obj_nsyms(const struct obj *o)
{
	size_t n = __atomic_load_n(&o->nsyms, __ATOMIC_RELAXED);
	if (!n) {
		n = count_syms(o);
		__atomic_store_n(&((struct obj *)o)->nsyms, n, __ATOMIC_RELAXED);
	}
	return n;
}

