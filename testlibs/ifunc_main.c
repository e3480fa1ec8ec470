/* t_ifunc and t_ifunc_now: STT_GNU_IFUNC and R_X86_64_IRELATIVE in a
 * library and in the executable; t_ifunc (CALL_EXE_IFUNC) also loads
 * libifuncx.so, which calls an IFUNC of the executable.
 * usage: t_ifunc [lib|exe]... */
#include "rt.h"

typedef int fn_t(int);

int lib_ifunc(int x);
int lib_call_local(int x);
fn_t *lib_local_ifunc_addr(void);
fn_t *lib_ifunc_addr(void);
int lib_call_exe_ifunc(int x);

static int mul_2(int x) { return x * 2; }
static int mul_3(int x) { return x * 3; }
static int mul_5(int x) { return x * 5; }
static int mul_7(int x) { return x * 7; }
static volatile int choose_second = 1;

static fn_t *resolve_local(void) { return choose_second ? mul_3 : mul_2; }
static fn_t *resolve_exported(void) { return choose_second ? mul_7 : mul_5; }

static int exe_local_ifunc(int) __attribute__((ifunc("resolve_local")));
int exe_ifunc(int) __attribute__((ifunc("resolve_exported")));

/* R_X86_64_IRELATIVE (or a PLT address) in the executable's data */
static fn_t *const exe_local_ptr = exe_local_ifunc;

static void test_lib(void)
{
	rt_check_long(lib_ifunc(1), 2001, "lib: call exported ifunc");
	rt_check(lib_ifunc_addr() == &lib_ifunc, "lib: its address agrees in lib and exe");
	rt_check_long(lib_ifunc_addr()(2), 2002, "lib: call through its address");
	rt_check_long(lib_call_local(5), 4005, "lib: local ifunc (IRELATIVE)");
	rt_check_long(lib_local_ifunc_addr()(6), 4006, "lib: local ifunc through its address");
}

static void test_exe(void)
{
	rt_check_long(exe_local_ifunc(5), 15, "exe: local ifunc (IRELATIVE)");
	rt_check_long(RT_LOAD(exe_local_ptr)(6), 18, "exe: local ifunc through a pointer");
	rt_check_long(exe_ifunc(2), 14, "exe: exported ifunc, called by the exe");
#ifdef CALL_EXE_IFUNC
	rt_check_long(lib_call_exe_ifunc(3), 21, "exe: exported ifunc, called by the lib");
#endif
}

static const struct rt_group groups[] = {
	{"lib", test_lib},
	{"exe", test_exe},
};

int main(int argc, char **argv)
{
	return RT_RUN_GROUPS(argc, argv, groups);
}
