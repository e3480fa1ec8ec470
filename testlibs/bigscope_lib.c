/* The hand-written libraries of t_bigscope (bigscope_main.c), one build a
 * variant; the version scripts are in ver/:
 *   BIG_VER      libbigver.so:    bigv@V1, bigv@@V2, bigw@@V2, bigx@@V2
 *   BIG_DECOY    libbigdecoy.so:  bigx@@DECOY            (a stub at link time)
 *   BIG_DECOYU   libbigdecoyu.so: bigw, no versions      (a stub at link time)
 *   BIG_UNV      libbigunv.so:    unv_a@@VU1, unv_b@@VU2, unv_c@VU1,
 *                                 unv_c@@VU2, unv_d@VU2, unv_d@@VU3,
 *                                 unv_e@VU2, unv_e@@VU3, unv_var@@VU2
 *                                 (data); unv_e@VU2 is made visible
 *                                 after the link (elfpatch.py)
 *   BIG_UNV_STUB bigunv/libbigunv.so: unv_a .. unv_e, unv_var, no versions
 *                                 (link time)
 *   BIG_SPECIAL  libbigspecial.so: data objects, IFUNCs, a protected
 *                function, absolute symbols, and the library's own view of
 *                their addresses
 *   BIG_CALLER   libbigcaller.so, with bigscope_caller.c (generated): a
 *                library with a table as big as the program's */
#include "rt.h"

#define DEF(sym, what) \
	const char *sym(void) { return what; }
#define DEF_AT(sym, impl, ver) \
	DEF(impl, #sym ver) __asm__(".symver " #impl ", " #sym ver);

#ifdef BIG_VER
DEF_AT(bigv, bigv_1, "@V1")
DEF_AT(bigv, bigv_2, "@@V2")
DEF(bigw, "bigw@@V2")
DEF(bigx, "bigx@@V2")
#endif

#ifdef BIG_DECOY
DEF(bigx, "libbigdecoy.so's bigx@@DECOY")
#endif

#ifdef BIG_DECOYU
DEF(bigw, "libbigdecoyu.so's bigw (no versions)")
#endif

#ifdef BIG_UNV
DEF(unv_a, "unv_a@@VU1")
DEF(unv_b, "unv_b@@VU2")
DEF_AT(unv_c, unv_c_1, "@VU1")
DEF_AT(unv_c, unv_c_2, "@@VU2")
DEF_AT(unv_d, unv_d_2, "@VU2")
DEF_AT(unv_d, unv_d_3, "@@VU3")
DEF_AT(unv_e, unv_e_2, "@VU2")
DEF_AT(unv_e, unv_e_3, "@@VU3")
int unv_var = 2;
#endif

#ifdef BIG_UNV_STUB
int unv_var = -1;
DEF(unv_a, "link-time unv_a")
DEF(unv_b, "link-time unv_b")
DEF(unv_c, "link-time unv_c")
DEF(unv_d, "link-time unv_d")
DEF(unv_e, "link-time unv_e")
#endif

#ifdef BIG_SPECIAL
int big_data[4] = { 11, 22, 33, 44 };		/* reached through the GOT */
int big_copied[2] = { 55, 66 };			/* copied into the program */

int big_addr_fn(void)
{
	return 77;
}

int big_weak_present(void)
{
	return 88;
}

__attribute__((visibility("protected"))) int big_prot(void)
{
	return 99;
}

/* SHN_ABS, not moved with the library (ld gives the program definitions
 * of its own, with the same values) */
__asm__(".globl big_abs, big_abs0\n.type big_abs, @object\n.type big_abs0, @object\n"
	".set big_abs, 0x1234\n.set big_abs0, 0\n.size big_abs, 1\n.size big_abs0, 1");

typedef int fn_t(int);
static int add_1000(int x) { return x + 1000; }
static int add_2000(int x) { return x + 2000; }
static volatile int choose_second = 1;
static fn_t *resolve_big_ifunc(void) { return choose_second ? add_2000 : add_1000; }
int big_ifunc(int) __attribute__((ifunc("resolve_big_ifunc")));	/* called */
int big_ifunc_ref(int) __attribute__((ifunc("resolve_big_ifunc")));	/* address taken */

/* What this library sees, through its own GOT (or, for the protected
 * function, directly). */
void *big_view(int what)
{
	switch (what) {
	case 0: return (void *)big_addr_fn;
	case 1: return (void *)big_ifunc_ref;
	case 2: return (void *)big_prot;
	case 3: return &big_data[1];
	default: return big_copied;
	}
}
#endif

#ifdef BIG_CALLER
const char *bigv(void);		/* unversioned: ld.so gives the oldest, bigv@V1 */
int big_main_fn(void);		/* the program's (libbig7.so has one too) */
int big_dup1(void);
extern int big_copied[2];

static int (*const main_fn_ptr)(void) = big_main_fn;
static int *const copied_plus_1 = &big_copied[1];

const char *big_caller_bigv(void)
{
	return bigv();
}

int big_caller_main_fn(int through_pointer)
{
	return through_pointer ? RT_LOAD(main_fn_ptr)() : big_main_fn();
}

void *big_caller_view(int what)
{
	switch (what) {
	case 0: return (void *)big_dup1;
	case 1: return big_copied;
	default: return RT_LOAD(copied_plus_1);
	}
}
#endif
