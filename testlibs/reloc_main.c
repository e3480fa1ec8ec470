/* t_reloc: relocations between a PIE and its libraries.
 * usage: t_reloc [64|relative|globdat|jumpslot|copy]...  (default: all) */
#include "reloc.h"
#include "rt.h"

int exe_counter = 100;

/* R_X86_64_64 in the executable: a pointer to a library function */
int (*exe_p_dep_func)(int) = dep_func;
/* R_X86_64_RELATIVE in the executable */
static const char *const exe_words[] = {"alpha", "beta", "gamma"};

static void test_64(void)
{
	rt_check(reloc_p_exe_counter == &exe_counter, "64: lib pointer to exe variable");
	rt_check(reloc_p_dep_elem == dep_elem_addr(5), "64: lib pointer with addend (dep_array+20)");
	rt_check_long(*reloc_p_dep_elem, 15, "64: value through it");
	rt_check(reloc_p_dep_func == exe_p_dep_func, "64: function pointers agree (lib, exe)");
	rt_check(reloc_p_dep_func == &dep_func, "64: function pointer equals address in code");
	rt_check_long(reloc_p_dep_func(7), 21, "64: call through lib pointer");
	rt_check_long(exe_p_dep_func(8), 24, "64: call through exe pointer");
	rt_check_str(reloc_p_dep_str, "string", "64: string pointer with addend");
}

static void test_relative(void)
{
	rt_check_str(reloc_word(0), "zero", "relative: lib table[0]");
	rt_check_str(reloc_word(3), "three", "relative: lib table[3]");
	rt_check(reloc_local_ok(), "relative: lib pointers to own data");
	rt_check_str(RT_LOAD(exe_words[0]), "alpha", "relative: exe table[0]");
	rt_check_str(RT_LOAD(exe_words[2]), "gamma", "relative: exe table[2]");
}

static void test_globdat(void)
{
	rt_check_long(reloc_read_exe_counter(), 100, "globdat: lib reads exe variable");
	exe_counter = 101;
	rt_check_long(reloc_read_exe_counter(), 101, "globdat: lib sees exe's store");
	rt_check_long(reloc_read_dep_value(), 77, "globdat: lib reads dep variable");
	rt_check(dep_elem_addr(2) == reloc_p_dep_elem - 3, "globdat: dep's own GOT entry");
}

static void test_jumpslot(void)
{
	rt_check_long(dep_func(2), 6, "jumpslot: exe calls dep");
	rt_check_long(reloc_call_dep(5), 16, "jumpslot: exe calls lib calls dep");
}

static void test_copy(void)
{
	rt_check_long(reloc_config.magic, 0x5eed, "copy: int member");
	rt_check_str(reloc_config.name, "config-name", "copy: pointer member (relocated before the copy)");
	rt_check(reloc_config.dep_ptr && *reloc_config.dep_ptr == 77, "copy: pointer to other lib's data");
	rt_check_long(reloc_config.values[0] + reloc_config.values[3], 5, "copy: array member");
	rt_check_str(reloc_message, "message from libreloc", "copy: const char array");
	reloc_config.magic = 0xbeef;
	rt_check_long(reloc_config_magic(), 0xbeef, "copy: lib uses the exe's copy");
	rt_check(reloc_config_name() == reloc_config.name, "copy: lib and exe see the same object");
	reloc_set_dep_value(78);
	rt_check_long(*reloc_config.dep_ptr, 78, "copy: copied pointer still points at dep");
}

static const struct rt_group groups[] = {
	{"64", test_64}, {"relative", test_relative}, {"globdat", test_globdat},
	{"jumpslot", test_jumpslot}, {"copy", test_copy},
};

int main(int argc, char **argv)
{
	return RT_RUN_GROUPS(argc, argv, groups);
}
