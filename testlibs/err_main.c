/* t_err_*: programs whose libraries or symbols are missing at run time.
 * ERR_CALL is the missing function called after some output; ERR_DATA
 * makes the program read gone_var through the GOT (a GLOB_DAT relocation,
 * always bound at start-up). */
#include "rt.h"

#define ERR_NAME RT_STR(ERR_CALL)

int ERR_CALL(void);
int present_func(void);

int main(void)
{
	rt_puts("main started");
#ifdef ERR_DATA
	int *p;
	__asm__("movq gone_var@GOTPCREL(%%rip), %0" : "=r"(p));
	rt_printf("gone_var = %d\n", *p);
#endif
#ifdef ERR_PRESENT
	present_func();
#endif
	rt_puts("calling " ERR_NAME);
	int r = ERR_CALL();
	rt_printf("FAIL: %s returned %d\n", ERR_NAME, r);
	return 1;
}
