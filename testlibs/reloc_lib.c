/* libreloc.so: the data relocations of a position-independent library.
 * The comments name the dynamic relocation each definition produces;
 * tests/diff checks with readelf that they are really there. */
#include "reloc.h"
#include "rt.h"

/* R_X86_64_64 against symbols of other objects, with addends */
int *reloc_p_exe_counter = &exe_counter;		/* symbol of the executable */
int *reloc_p_dep_elem = &dep_array[5];			/* dep_array + 20 */
int (*reloc_p_dep_func)(int) = dep_func;		/* a function */
const char *reloc_p_dep_str = dep_string + 4;		/* dep_string + 4 */

/* R_X86_64_RELATIVE: pointers to our own local data */
static const char *const words[] = {"zero", "one", "two", "three"};
static int local_table[8];
static int *const local_ptrs[] = {&local_table[0], &local_table[3], &local_table[7]};

const char *reloc_word(int i)
{
	return RT_LOAD(words[i]);
}

int reloc_local_ok(void)
{
	return RT_LOAD(local_ptrs[0]) == &local_table[0] && RT_LOAD(local_ptrs[1]) == &local_table[3] &&
	       RT_LOAD(local_ptrs[2]) == &local_table[7];
}

/* R_X86_64_GLOB_DAT: data of other objects, read through the GOT */
int reloc_read_exe_counter(void)
{
	return exe_counter;
}

int reloc_read_dep_value(void)
{
	return dep_value;
}

int reloc_set_dep_value(int v)
{
	return dep_value = v;
}

/* Initialised data that t_reloc copies (R_X86_64_COPY in t_reloc).  Its
 * pointers are relocated here first (RELATIVE, R_X86_64_64), so the copy
 * is only right if this library is relocated before the executable. */
struct reloc_config reloc_config = {
	0x5eed,
	"config-name",
	&dep_value,
	{1, 2, 3, 4},
};
const char reloc_message[] = "message from libreloc";

/* Our own default-visibility data is also reached through the GOT
 * (GLOB_DAT), which must point at t_reloc's copy. */
int reloc_config_magic(void)
{
	return reloc_config.magic;
}

const char *reloc_config_name(void)
{
	return reloc_config.name;
}

/* R_X86_64_JUMP_SLOT */
int reloc_call_dep(int x)
{
	return dep_func(x) + 1;
}
