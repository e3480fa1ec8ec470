/* The SVR4 debugger interface.  Debuggers find _r_debug (through the
 * executable's DT_DEBUG or rtld's symbol table), walk r_map, whose entries
 * begin like struct link_map, and put a breakpoint on r_brk to hear about
 * every change: r_state says RT_ADD or RT_DELETE while a change is under
 * way and RT_CONSISTENT once the list may be read. */
#include "core.h"

enum { RT_CONSISTENT, RT_ADD, RT_DELETE };

struct r_debug_abi {
	int r_version;
	struct obj *r_map;
	Addr r_brk;
	int r_state;
	Addr r_ldbase;
};

__attribute__((visibility("default"))) struct r_debug_abi _r_debug;

/* Its address is what matters; the asm keeps calls to it from being
 * optimised away or merged. */
__attribute__((visibility("default"), noinline)) void _dl_debug_state(void)
{
	__asm__ volatile("" ::: "memory");
}

static void notify(int state)
{
	_r_debug.r_state = state;
	_dl_debug_state();
}

/* Before loading the dependencies: announce the change in progress. */
void debugger_begin(void)
{
	extern const Ehdr __ehdr_start __attribute__((visibility("hidden")));
	_r_debug.r_version = 1;
	_r_debug.r_map = R.head;
	_r_debug.r_brk = (Addr)_dl_debug_state;
	_r_debug.r_ldbase = (Addr)&__ehdr_start;
	for (Dyn *d = R.main->l_ld; d && d->d_tag != DT_NULL; d++)
		if (d->d_tag == DT_DEBUG &&
		    reloc_target_ok(R.main, (Addr)&d->d_un - R.main->l_addr, sizeof(Addr)))
			d->d_un.d_ptr = (Addr)&_r_debug;
	notify(RT_ADD);
}

void debugger_add(void)
{
	notify(RT_ADD);
}

void debugger_end(void)
{
	_r_debug.r_map = R.head;
	notify(RT_CONSISTENT);
}

void debugger_delete(void)
{
	notify(RT_DELETE);
}
