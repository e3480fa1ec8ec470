/* t_bigscope (and t_bigscope_nopie, the same not PIE): a program with 166
 * libraries in its scope and thousands of relocations (bigscope.py
 * generates libbig*.so and the ordinary calls, bigscope_calls.c), enough
 * for rtld to build its symbol index and bind the program's tables, and
 * libbigcaller.so's, through its eager binder (rtld/symindex.c,
 * rtld/bindrun.c; a table must be large against the scope).  Among the
 * ordinary entries, the special ones that the binder must decide as ld.so
 * does, or leave to the general lookup:
 *   interposition (libbig7 and libbig50 define the same names, the
 *   program and libbig7 big_main_fn), versioned references (libbigver.so,
 *   with decoys earlier in the scope), ld.so's sole-version rule for
 *   unversioned references (libbigunv.so was unversioned at link time),
 *   IFUNCs, weak undefined references, data and function addresses
 *   (GLOB_DAT, R_X86_64_64 with an addend), absolute symbols, a copy
 *   relocation, a local IFUNC (IRELATIVE) and names that collide in the
 *   index's hash.
 * It prints one line a case, no addresses, and returns the number of
 * wrong results. */
#include "rt.h"

/* bigscope_calls.c */
unsigned big_ordinary(void);
void big_collisions(void);

/* interposition */
int big_dup0(void), big_dup1(void), big_dup_w(void), big_dup_view(void);
void *big_dup1_addr7(void), *big_dup1_addr50(void);
/* libbigcaller.so's view */
const char *big_caller_bigv(void);
int big_caller_main_fn(int through_pointer);
void *big_caller_view(int what);

/* versions: bigv and bigw@V2, bigx@V2 from libbigver.so; bigv@V1 asked for
 * by name */
const char *bigv(void), *bigw(void), *bigx(void), *bigv_old(void);
__asm__(".symver bigv_old, bigv@V1");
/* unversioned references, versioned definitions */
const char *unv_a(void), *unv_b(void), *unv_c(void), *unv_d(void), *unv_e(void);
extern int unv_var;

/* libbigspecial.so */
extern int big_data[4], big_copied[2];
int big_addr_fn(void), big_prot(void), big_ifunc(int), big_ifunc_ref(int);
void *big_view(int what);
extern int big_weak_present(void) __attribute__((weak));
extern int big_weak_missing(void) __attribute__((weak));
extern int big_weak_uncalled(void) __attribute__((weak));	/* only a PLT call */
extern char big_abs[], big_abs0[];

/* R_X86_64_64 entries: with addends, and against a weak undefined symbol.
 * (In the program that is not PIE, ld resolves them itself: the data are
 * copied into the program, the functions' addresses are its PLT entries.) */
static int *const data_plus_1 = &big_data[1];
static int *const data_plus_3 = &big_data[3];
static int (*const addr_fn_ptr)(void) = big_addr_fn;
static int (*const dup1_ptr)(void) = big_dup1;
static int (*const ifunc_ptr)(int) = big_ifunc_ref;
static int (*const weak_ptr)(void) = big_weak_missing;
static const char *const weak_plus_8 = (const char *)big_weak_missing + 8;
#ifdef __PIE__
static const char *const abs_plus_16 = big_abs + 16;
#endif

/* A local IFUNC: an R_X86_64_IRELATIVE entry, which the binder leaves
 * for the pass after the others. */
static int add_5000(int x) { return x + 5000; }
static int (*resolve_local(void))(int) { return add_5000; }
static int local_ifunc(int) __attribute__((ifunc("resolve_local")));

/* Through this program's GOT (GLOB_DAT): no copy relocation for big_data. */
#define GOT(sym, p) __asm__("movq " #sym "@GOTPCREL(%%rip), %0" : "=r"(p))

/* libbig7.so defines it too; libbigcaller.so calls it */
int big_main_fn(void)
{
	return 1;
}

static void interposition(void)
{
	void *p;
	rt_printf("interpose: big_dup0 -> %d\n", big_dup0());
	rt_printf("interpose: big_dup_w (weak in libbig7) -> %d\n", big_dup_w());
	rt_printf("interpose: libbig50's own call of big_dup0 -> %d\n", big_dup_view());
	GOT(big_dup1, p);
	rt_printf("interpose: big_dup1 through the GOT -> %d, through a pointer -> %d\n",
		  ((int (*)(void))p)(), RT_LOAD(dup1_ptr)());
	rt_check(p == (void *)RT_LOAD(dup1_ptr) && p == big_dup1_addr7() && p == big_dup1_addr50(),
		 "interpose: libbig7's and libbig50's GOT entries agree with the program's");
	rt_printf("interpose: libbigcaller.so's big_main_fn -> %d, through a pointer -> %d\n",
		  big_caller_main_fn(0), big_caller_main_fn(1));
	rt_check(big_caller_view(0) == p, "interpose: libbigcaller.so's big_dup1 is libbig7's");
}

static void versions(void)
{
	rt_printf("version: bigv -> %s\n", bigv());
	rt_printf("version: bigv@V1 -> %s\n", bigv_old());
	rt_printf("version: bigw@V2 -> %s\n", bigw());
	rt_printf("version: bigx@V2 -> %s\n", bigx());
	rt_printf("version: libbigcaller.so's unversioned bigv -> %s\n", big_caller_bigv());
	rt_printf("sole version: unv_a -> %s\n", unv_a());
	rt_printf("sole version: unv_b -> %s\n", unv_b());
	rt_printf("sole version: unv_c -> %s\n", unv_c());
	rt_printf("sole version: unv_d -> %s\n", unv_d());
	rt_printf("sole version: unv_e (two visible versions) -> %s\n", unv_e());
	int *v;
	GOT(unv_var, v);
	rt_printf("sole version: unv_var through the GOT = %d\n", *v);
}

static void functions(void)
{
	void *p;
	rt_printf("ifunc: big_ifunc(1) = %d, big_ifunc_ref through a pointer (2) = %d\n",
		  big_ifunc(1), RT_LOAD(ifunc_ptr)(2));
	GOT(big_ifunc_ref, p);
	rt_check(p == big_view(1) && p == (void *)RT_LOAD(ifunc_ptr),
		 "ifunc: the program's GOT entry and pointer are the library's");
	rt_printf("ifunc: local_ifunc(3) = %d\n", local_ifunc(3));
	GOT(big_addr_fn, p);
	rt_check(p == big_view(0) && p == (void *)RT_LOAD(addr_fn_ptr),
		 "address: the program's GOT entry and pointer are the library's");
	rt_printf("address: big_addr_fn() = %d, through the pointer %d\n", big_addr_fn(),
		  RT_LOAD(addr_fn_ptr)());
	GOT(big_prot, p);
	rt_check(p == big_view(2), "protected: the program's GOT entry is the library's");
	rt_printf("protected: big_prot() = %d\n", big_prot());
	GOT(big_abs0, p);
	rt_printf("absolute: big_abs0 through the GOT = 0x%lx\n", (unsigned long)p);
#ifdef __PIE__	/* else ld gives the program a copy of big_abs: an address */
	rt_printf("absolute: big_abs + 16 = 0x%lx\n", (unsigned long)RT_LOAD(abs_plus_16));
#endif
}

static void weak(void)
{
	void *p;
	rt_printf("weak: big_weak_present() = %d\n",
		  big_weak_present ? big_weak_present() : -1);
	GOT(big_weak_missing, p);
	rt_printf("weak: big_weak_missing %s, GOT entry %s, pointer %s\n",
		  big_weak_missing ? "defined" : "null", p ? "set" : "null",
		  RT_LOAD(weak_ptr) ? "set" : "null");
	if (big_weak_missing)
		rt_printf("FAIL big_weak_missing() = %d\n", big_weak_missing());
	rt_printf("weak: big_weak_missing + 8 = %lu\n", (unsigned long)RT_LOAD(weak_plus_8));
	if (RT_LOAD(weak_ptr))
		big_weak_uncalled();	/* never: keeps it a plain PLT call */
#ifdef __PIE__
	/* ld.so stores 0 when it binds it, and leaves it alone when lazy.
	 * (Not in the program that is not PIE: the copy that tests/diff
	 * gives rtld as its PT_INTERP has no ELF header at __ehdr_start, where
	 * rt_plt_slot looks for its type.) */
	void **slot = rt_plt_slot("big_weak_uncalled");
	const char *now = rt_getenv("LD_BIND_NOW");
	rt_check(slot && (now && *now ? !*slot : rt_in_self(*slot)),
		 "weak: the PLT slot of an uncalled weak undefined function");
#endif
}

static void data(void)
{
	int *p;
	GOT(big_data, p);
	rt_printf("data: big_data[2] through the GOT = %d\n", p[2]);
	rt_printf("data: pointers with addends: %d, %d\n", *RT_LOAD(data_plus_1),
		  *RT_LOAD(data_plus_3));
	rt_check(RT_LOAD(data_plus_1) == big_view(3) && RT_LOAD(data_plus_1) == p + 1,
		 "data: &big_data[1] is the library's");
	rt_printf("copy: big_copied = %d, %d\n", big_copied[0], big_copied[1]);
	big_copied[1] = 67;
	int *lib = big_view(4);
	rt_check(lib == big_copied && lib[1] == 67, "copy: the library uses the program's copy");
	rt_check(big_caller_view(1) == big_copied && big_caller_view(2) == &big_copied[1],
		 "copy: so does libbigcaller.so, through its GOT and a pointer");
}

int main(void)
{
	unsigned wrong = big_ordinary();
	big_collisions();
	interposition();
	versions();
	functions();
	weak();
	data();
	return (int)wrong + rt_failures();
}
