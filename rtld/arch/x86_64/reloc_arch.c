/* x86_64 relocation types (System V psABI, AMD64 supplement, table 4.9). */
#include "core.h"
#include "out.h"
#include "util.h"
#include "rtld/tls.h"

#define STT_GNU_IFUNC_ 10

Addr arch_call_ifunc(const struct obj *def, Addr resolver)
{
	/* Tracing (ldd -r) relocates but runs none of the program's code. */
	if (R.trace)
		return resolver;
	check_code(def, resolver, "IFUNC resolver");
	return ((Addr(*)(void))resolver)();
}

/* The address a symbol reference from o resolves to, IFUNCs resolved.  An
 * IFUNC of the executable cannot be resolved for a library relocated
 * before it (its resolver would run unrelocated): ld.so refuses that. */
static Addr value_of(struct obj *o, const struct symdef *d)
{
	Addr v = sym_addr(d);
	/* Tracing (ldd -r) runs no resolver: the value is never used. */
	if (d->sym && ELF64_ST_TYPE(d->sym->st_info) == STT_GNU_IFUNC_ &&
	    d->sym->st_shndx != SHN_UNDEF && !R.trace) {
		if (d->obj != o && d->obj->is_main && !d->obj->relocated)
			fatal("IFUNC symbol '%s' referenced in '%s' is defined in the executable and creates an unsatisfiable circular dependency.",
			      d->obj->strtab + d->sym->st_name, obj_name(o));
		v = arch_call_ifunc(d->obj, v);
	}
	return v;
}

static int overflow(struct obj *o, const Rela *r, const char *type)
{
	size_t idx = ELF64_R_SYM(r->r_info);
	const char *name = idx < o->symlimit && o->symtab[idx].st_name < o->strsz
				   ? o->strtab + o->symtab[idx].st_name : "?";
	set_error("%s: Symbol `%s' causes overflow in %s relocation", obj_name(o), name, type);
	return -1;
}

static int copy_reloc(struct obj *o, const Rela *r, void *where)
{
	struct symdef d;
	size_t idx = ELF64_R_SYM(r->r_info);
	if (resolve_sym(o, idx, LOOKUP_COPY, &d))
		return -1;
	if (!d.sym)
		return 0;
	const Sym *ref = &o->symtab[idx];
	size_t n = d.sym->st_size < ref->st_size ? d.sym->st_size : ref->st_size;
	Addr src = sym_addr(&d);
	if (!reloc_target_ok(o, (Addr)where - o->l_addr, n) ||
	    !obj_readable(d.obj, src - d.obj->l_addr, n)) {
		set_error("%s: COPY relocation of `%s' outside the objects", obj_name(o),
			  o->strtab + ref->st_name);
		return -1;
	}
	if (d.sym->st_size > ref->st_size)
		r_dprintf(2, "%s: Symbol `%s' has different size in shared object, consider re-linking\n",
			  R.progname, o->strtab + ref->st_name);
	r_memcpy(where, (const void *)src, n);
	return 0;
}

/* Cache of the last symbol resolved per object: relocations against one
 * symbol tend to come together (as in ld.so's l_lookup_cache). */
static const Sym *cache_ref;
static int cache_flags;
static struct symdef cache_def;

/* A new object (or a freed one's reused memory) must not hit the cache. */
void arch_reloc_begin(void)
{
	cache_ref = 0;
}

static int resolve_cached(struct obj *o, size_t idx, int flags, struct symdef *d)
{
	const Sym *ref = idx < o->symlimit ? &o->symtab[idx] : 0;
	if (ref && ref == cache_ref && flags == cache_flags) {
		*d = cache_def;
		R.ncached++;
		return 0;
	}
	if (resolve_sym(o, idx, flags, d))
		return -1;
	cache_ref = ref;
	cache_flags = flags;
	cache_def = *d;
	return 0;
}


void rtld_tlsdesc_static(void);
void rtld_tlsdesc_dynamic(void);

/* TLS relocations: d is the resolved symbol (obj NULL for index 0, which
 * means the relocating object's own block). */
static int tls_reloc(struct obj *o, const Rela *r, unsigned type, const struct symdef *d,
		     Addr where)
{
	struct obj *def = d->obj ? d->obj : o;
	Addr v = (d->sym ? d->sym->st_value : 0) + r->r_addend;
	if (d->sym == 0 && ELF64_R_SYM(r->r_info) != 0)
		def = 0;	/* undefined weak: no module */
	bool need_static = type == R_X86_64_TPOFF64 || type == R_X86_64_TPOFF32;
	if (def && !def->has_tls) {
		set_error("%s: TLS relocation against an object without TLS", obj_name(o));
		return -1;
	}
	if (need_static && def && !def->tls_static) {
		set_error("%s: cannot allocate memory in static TLS block", obj_name(def));
		return -1;
	}
	int64_t tpoff = def ? (int64_t)v - def->tls_offset : 0;
	switch (type) {
	case R_X86_64_DTPMOD64:
		*(Addr *)where = def ? def->tls_modid : 0;
		return 0;
	case R_X86_64_DTPOFF64:
		*(Addr *)where = v;
		return 0;
	case R_X86_64_DTPOFF32:
		*(int32_t *)where = (int32_t)v;
		return 0;
	case R_X86_64_TPOFF64:
		*(int64_t *)where = tpoff;
		return 0;
	case R_X86_64_TPOFF32:
		if (tpoff != (int32_t)tpoff)
			return overflow(o, r, "R_X86_64_TPOFF32");
		*(int32_t *)where = (int32_t)tpoff;
		return 0;
	}
	/* R_X86_64_TLSDESC: a function and its argument. */
	Addr *desc = (Addr *)where;
	if (!def || def->tls_static) {
		desc[1] = (Addr)tpoff;
		desc[0] = (Addr)rtld_tlsdesc_static;
		return 0;
	}
	struct rtld_tls_index *ti = r_malloc(sizeof *ti);
	if (!ti) {
		set_error("cannot allocate TLS descriptor");
		return -1;
	}
	ti->module = def->tls_modid;
	ti->offset = v;
	desc[1] = (Addr)ti;
	desc[0] = (Addr)rtld_tlsdesc_dynamic;
	return 0;
}

static bool is_tls_type(unsigned type)
{
	return type == R_X86_64_DTPMOD64 || type == R_X86_64_DTPOFF64 ||
	       type == R_X86_64_DTPOFF32 || type == R_X86_64_TPOFF64 ||
	       type == R_X86_64_TPOFF32 || type == R_X86_64_TLSDESC;
}

/* The common entries of a run, in a tight loop: RELATIVE, and lazy
 * JUMP_SLOT (a program with 100,000 PLT slots spends most of its start
 * here).  Returns how many entries from r it applied; the first entry it
 * leaves (another type, or out of bounds) goes to arch_reloc. */
size_t arch_reloc_run(struct obj *o, const Rela *r, size_t n, bool lazy_plt)
{
	/* r_offset must lie in the writable window (window.c): one unsigned
	 * comparison of r_offset - lo.  Entries that fail go to arch_reloc,
	 * which checks and reports them. */
	if (o->wr_len < 8)
		return 0;
	Addr base = o->l_addr, lo = o->wr_lo, lim = o->wr_len - 8;
	size_t i = 0, nrel = 0;
	for (; i < n; i++) {
		Addr off = r[i].r_offset;
		if (off - lo > lim)
			break;
		Addr *where = (Addr *)(base + off);
		uint32_t type = (uint32_t)r[i].r_info;
		if (type == R_X86_64_JUMP_SLOT && lazy_plt) {
			*where += base;
		} else if (type == R_X86_64_RELATIVE) {
			*where = base + r[i].r_addend;
			nrel++;
		} else {
			break;
		}
	}
	if (lazy_plt && i > nrel)
		o->has_plt_lazy = true;
	R.nrelative += nrel;
	return i;
}

int arch_reloc(struct obj *o, const Rela *r, bool lazy_plt)
{
	unsigned type = ELF64_R_TYPE(r->r_info);
	size_t idx = ELF64_R_SYM(r->r_info);
	Addr where = o->l_addr + r->r_offset;
	struct symdef d = { 0, 0 };

	if (type == R_X86_64_NONE)
		return 0;
	size_t width = type == R_X86_64_TLSDESC ? 16 :
		       type == R_X86_64_PC32 || type == R_X86_64_32 || type == R_X86_64_32S ||
		       type == R_X86_64_TPOFF32 || type == R_X86_64_DTPOFF32 ? 4 : 8;
	if (!reloc_target_ok(o, r->r_offset, width)) {
		set_error("%s: relocation at %p outside the object's writable pages", obj_name(o),
			  (void *)r->r_offset);
		return -1;
	}
	switch (type) {
	case R_X86_64_RELATIVE:
		R.nrelative++;
		*(Addr *)where = o->l_addr + r->r_addend;
		return 0;
	case R_X86_64_IRELATIVE:
		*(Addr *)where = arch_call_ifunc(o, o->l_addr + r->r_addend);
		return 0;
	case R_X86_64_JUMP_SLOT:
		if (lazy_plt) {
			/* The slot holds the address of the PLT's push; make it
			 * absolute and let the trampoline bind on first call. */
			*(Addr *)where += o->l_addr;
			o->has_plt_lazy = true;
			return 0;
		}
		if (resolve_cached(o, idx, LOOKUP_PLT, &d))
			return -1;
		*(Addr *)where = value_of(o, &d);
		return 0;
	case R_X86_64_COPY:
		return copy_reloc(o, r, (void *)where);
	}
	/* ld.so looks TLS symbols up in the PLT class: undefined entries
	 * (which SysV hash tables list) must not match. */
	if (idx && resolve_cached(o, idx, is_tls_type(type) ? LOOKUP_PLT : 0, &d))
		return -1;
	if (is_tls_type(type))
		return tls_reloc(o, r, type, &d, where);
	Addr s = value_of(o, &d);
	switch (type) {
	case R_X86_64_GLOB_DAT:
		*(Addr *)where = s;
		return 0;
	case R_X86_64_64:
		*(Addr *)where = s + r->r_addend;
		return 0;
	case R_X86_64_PC32: {
		int64_t v = (int64_t)(s + r->r_addend - where);
		if (v != (int32_t)v)
			return overflow(o, r, "R_X86_64_PC32");
		*(int32_t *)where = (int32_t)v;
		return 0;
	}
	case R_X86_64_32: {
		uint64_t v = s + r->r_addend;
		if (v > 0xffffffffu)
			return overflow(o, r, "R_X86_64_32");
		*(uint32_t *)where = (uint32_t)v;
		return 0;
	}
	case R_X86_64_32S: {
		int64_t v = (int64_t)(s + r->r_addend);
		if (v != (int32_t)v)
			return overflow(o, r, "R_X86_64_32S");
		*(int32_t *)where = (int32_t)v;
		return 0;
	}
	case R_X86_64_SIZE64:
		*(Addr *)where = (d.sym ? d.sym->st_size : 0) + r->r_addend;
		return 0;
	case R_X86_64_SIZE32:
		*(uint32_t *)where = (uint32_t)((d.sym ? d.sym->st_size : 0) + r->r_addend);
		return 0;
	}
	set_error("%s: unexpected reloc type 0x%x", obj_name(o), type);
	return -1;
}
