/* libweak.so: weak undefined references from a library: through the GOT
 * (GLOB_DAT), a data pointer (R_X86_64_64) and a PLT call (JUMP_SLOT). */
#include "rt.h"

extern int weak_fn(int) __attribute__((weak));
extern int weak_var __attribute__((weak));

int (*weak_fn_ptr)(int) = weak_fn;
int *weak_var_ptr = &weak_var;

void weak_lib_report(void)
{
	rt_printf("lib: &weak_fn %s, &weak_var %s\n", &weak_fn ? "set" : "null",
		  &weak_var ? "set" : "null");
	rt_printf("lib: pointers %s, %s\n", weak_fn_ptr ? "set" : "null",
		  weak_var_ptr ? "set" : "null");
	rt_check(weak_fn_ptr == weak_fn && weak_var_ptr == &weak_var, "lib: GOT and data pointers agree");
	if (weak_fn)
		rt_printf("lib: weak_fn(2) = %d\n", weak_fn(2));
	if (&weak_var)
		rt_printf("lib: weak_var = %d\n", weak_var);
}
