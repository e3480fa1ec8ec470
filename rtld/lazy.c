/* Binding PLT entries on first call (see arch/x86_64/plt.S). */
#include "core.h"
#include "out.h"

void rtld_plt_resolve(void);

void lazy_setup(struct obj *o)
{
	if (!o->has_plt_lazy || !o->dyn[DT_PLTGOT])
		return;
	Addr *got = (Addr *)(o->l_addr + o->dyn[DT_PLTGOT]);
	got[1] = (Addr)o;
	got[2] = (Addr)rtld_plt_resolve;
}

Addr lazy_fixup(struct obj *o, size_t index)
{
	size_t n = o->dyn[DT_PLTRELSZ] / sizeof(Rela);
	if (index >= n)
		fatal("%s: invalid PLT relocation index %lu", obj_name(o), (unsigned long)index);
	const Rela *r = (const Rela *)o->dyn[DT_JMPREL] + index;
	struct symdef d;
	/* dlopen may be changing the scopes in another thread. */
	rtld_lock();
	if (resolve_sym(o, ELF64_R_SYM(r->r_info), LOOKUP_PLT, &d))
		fatal("symbol lookup error: %s", last_error());
	rtld_unlock();
	Addr v = sym_addr(&d);
	if (d.sym && ELF64_ST_TYPE(d.sym->st_info) == 10 /* STT_GNU_IFUNC */ &&
	    d.sym->st_shndx != SHN_UNDEF)
		v = arch_call_ifunc(v);
	__atomic_store_n((Addr *)(o->l_addr + r->r_offset), v, __ATOMIC_RELEASE);
	return v;
}
