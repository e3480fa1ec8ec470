/* libgoneuser.so: calls gone_func, which libgone.so lacks at run time. */
#include "rt.h"

int gone_func(void);

int goneuser_call(void)
{
	rt_puts("libgoneuser calls gone_func");
	return gone_func();
}
