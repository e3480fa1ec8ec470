/* t_nopie: a non-PIE executable (ET_EXEC at a fixed address) whose
 * absolute relocations (R_X86_64_32, 32S, 64) are resolved by the static
 * linker, with copy relocations and canonical PLT entries, and which loads
 * libtextrel.so (text relocations against this executable's symbols).
 * usage: t_nopie [exe|textrel]... */
#include "rt.h"

int exe_var = 0x1234;
int exe_arr[4] = {5, 6, 7, 8};

int exe_func(int x)
{
	return x * 7;
}

long tr_text32(void);
long tr_text64(void);
long tr_data32_value(void);
void *tr_pc32_target(void);
void *tr_target_addr(void);
void *tr_exe_func_addr(void);
int tr_func(int x);
void *tr_func_addr(void);
int tr_copy_read(void);
extern struct {
	int v, pad;
	const char *s;
} tr_copy_obj;

/* An absolute pointer to a library function in non-PIC data: the static
 * linker points it at a canonical PLT entry of this executable. */
int (*exe_p_tr_func)(int) = tr_func;

static void test_exe(void)
{
	long v32, v32s, v64;

	__asm__("movl $exe_arr+4, %k0" : "=r"(v32));	/* R_X86_64_32 */
	__asm__("movq $exe_arr+8, %0" : "=r"(v32s));	/* R_X86_64_32S */
	__asm__("movabsq $exe_arr+12, %0" : "=r"(v64));	/* R_X86_64_64 */
	rt_check(v32 == (long)&exe_arr[1], "exe: absolute R_X86_64_32");
	rt_check(v32s == (long)&exe_arr[2], "exe: absolute R_X86_64_32S");
	rt_check(v64 == (long)&exe_arr[3], "exe: absolute R_X86_64_64");
	rt_check((unsigned long)&exe_var < 0x80000000ul, "exe: loaded at its link address, below 2 GiB");
	rt_check(exe_p_tr_func == tr_func_addr(), "exe: canonical PLT address is the lib's view too");
	rt_check_long(exe_p_tr_func(4), 5, "exe: call through canonical PLT address");
	rt_check(tr_exe_func_addr() == (void *)exe_func, "exe: lib's GOT entry for an exe function");
	rt_check_long(tr_copy_obj.v, 0x600d, "exe: copy relocation, int");
	rt_check_str(tr_copy_obj.s, "copied string", "exe: copy relocation, relocated pointer");
	tr_copy_obj.v = 0x700d;
	rt_check_long(tr_copy_read(), 0x700d, "exe: lib reads the exe's copy");
}

static void test_textrel(void)
{
	rt_check(tr_text32() == (long)&exe_var, "textrel: R_X86_64_32 in .text");
	rt_check(tr_text64() == (long)&exe_var, "textrel: R_X86_64_64 in .text");
	rt_check(tr_data32_value() == (long)&exe_var, "textrel: R_X86_64_32 in .data");
	rt_check(tr_pc32_target() == tr_target_addr(), "textrel: R_X86_64_PC32 in .data");
	rt_check_long(*(long *)tr_pc32_target(), 0x1234567, "textrel: value at the PC32 target");
}

static const struct rt_group groups[] = {
	{"exe", test_exe},
	{"textrel", test_textrel},
};

int main(int argc, char **argv)
{
	return RT_RUN_GROUPS(argc, argv, groups);
}
