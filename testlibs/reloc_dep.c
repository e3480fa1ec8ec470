/* librelocdep.so: definitions that libreloc.so and t_reloc refer to. */
#include "reloc.h"

int dep_array[8] = {10, 11, 12, 13, 14, 15, 16, 17};
int dep_value = 77;
const char dep_string[] = "dep-string";

int dep_func(int x)
{
	return x * 3;
}

/* dep_array is default-visibility data, so this goes through the GOT
 * (R_X86_64_GLOB_DAT against our own symbol). */
int *dep_elem_addr(int i)
{
	return &dep_array[i];
}
