/* t_dlctor: libdlre.so is loaded at start-up and its constructor dlopens
 * libdlre2.so while the dynamic linker is still running the initialisers. */
#include "dlt.h"

int dlre_func(void);

int main(void)
{
	rt_printf("main: dlre_func() = %d\n", dlre_func());
	rt_check(dlt_listed("libdlre2.so"), "main: libdlre2.so is loaded");
	void *h = dlopen("libdlre2.so", RTLD_NOLOAD | RTLD_NOW);
	rt_check(h != 0, "main: RTLD_NOLOAD finds it");
	rt_exit(rt_failures());
}
