/* Binding PLT entries on first call (see arch/x86_64/plt.S). */
#include "core.h"
#include "out.h"

void rtld_plt_resolve(void);

int lazy_setup(struct obj *o)
{
	if (!o->has_plt_lazy || !o->dyn[DT_PLTGOT])
		return 0;
	if (!reloc_target_ok(o, o->dyn[DT_PLTGOT] + 8, 16)) {
		set_error("%s: DT_PLTGOT outside the object's writable pages", obj_name(o));
		return -1;
	}
	Addr *got = (Addr *)(o->l_addr + o->dyn[DT_PLTGOT]);
	got[1] = (Addr)o;
	got[2] = (Addr)rtld_plt_resolve;
	return 0;
}

Addr lazy_fixup(struct obj *o, size_t index)
{
	size_t n = o->dyn[DT_PLTRELSZ] / sizeof(Rela);
	if (index >= n)
		fatal("%s: invalid PLT relocation index %lu", obj_name(o), (unsigned long)index);
	const Rela *r = (const Rela *)o->dyn[DT_JMPREL] + index;
	struct symdef d;
	/* Without the lock: its holder may be a constructor waiting for this
	 * thread (readers.c).  Only a binding that changes the loader's state
	 * takes it. */
	readers_enter();
	int e = resolve_sym(o, ELF64_R_SYM(r->r_info), LOOKUP_PLT | LOOKUP_SHARED, &d);
	readers_leave();
	if (e == LOOKUP_BUSY) {
		rtld_lock();
		e = resolve_sym(o, ELF64_R_SYM(r->r_info), LOOKUP_PLT, &d);
		rtld_unlock();
	}
	if (e)
		fatal("symbol lookup error: %s", last_error());
	Addr v = sym_addr(&d);
	if (d.sym && ELF64_ST_TYPE(d.sym->st_info) == 10 /* STT_GNU_IFUNC */ &&
	    d.sym->st_shndx != SHN_UNDEF) {
		check_code(d.obj, v, "IFUNC resolver");
		v = arch_call_ifunc_preserving(v);
	}
	/* LD_BIND_NOT: every call comes back here, as under ld.so. */
	if (!R.bind_not)
		__atomic_store_n((Addr *)(o->l_addr + r->r_offset), v, __ATOMIC_RELEASE);
	return v;
}
