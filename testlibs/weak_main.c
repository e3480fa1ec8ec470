/* t_weak: weak undefined symbols resolve to 0, or to a definition that a
 * later object (here LD_PRELOAD=libpre.so) provides.  The executable is
 * linked with -z dynamic-undefined-weak so that its references stay
 * dynamic. */
#include "rt.h"

extern int weak_fn(int) __attribute__((weak));
extern int weak_var __attribute__((weak));
void weak_lib_report(void);

int main(void)
{
	rt_printf("exe: &weak_fn %s, &weak_var %s\n", &weak_fn ? "set" : "null",
		  &weak_var ? "set" : "null");
	if (weak_fn)
		rt_printf("exe: weak_fn(1) = %d\n", weak_fn(1));
	if (&weak_var)
		rt_printf("exe: weak_var = %d\n", weak_var);
	weak_lib_report();
	return rt_failures();
}
