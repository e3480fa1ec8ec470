/* t_dlgdb: dlopens libdlgdb.so and calls dlgdb_target, where
 * tests/dl/gdb.py has gdb stop (a pending breakpoint). */
#include "dlt.h"

int main(void)
{
	void *h = dlopen("libdlgdb.so", RTLD_NOW);
	if (!h) {
		rt_printf("dlopen: %s\n", dlerror());
		rt_exit(1);
	}
	int (*f)(int) = (int (*)(int))dlsym(h, "dlgdb_target");
	rt_printf("dlgdb_target returned %d\n", f ? f(41) : -1);
	rt_exit(0);
}
