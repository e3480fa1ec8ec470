/* libgone.so as found at run time: gone_func and gone_var are missing
 * (t_err_* were linked against stubs/libgone.so, which has them). */
#include "rt.h"

int present_func(void)
{
	rt_puts("present_func called");
	return 1;
}
