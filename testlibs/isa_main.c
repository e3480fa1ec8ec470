/* t_isa: needs libisa2.so and libisa4.so, marked as needing x86-64-v2 and
 * v4 (built from glibc/isa_lib.c): it starts only on a processor with
 * both levels.  t_isa_main4 (-DNO_LIBS) is marked as needing v4 itself.
 * The ISA level notes are read and checked by the dynamic linker before
 * anything of the program runs. */
#include "rt.h"

#ifndef NO_LIBS
const char *isa_level_name(void);
#endif

int main(void)
{
#ifndef NO_LIBS
	rt_printf("libraries: %s\n", isa_level_name());
#endif
	rt_printf("main done\n");
	return rt_failures();
}
