/* t_tls: static TLS, as set up at start-up: the executable's own
 * variables (local-exec), the libraries' variables read by the executable
 * (initial-exec) and by the libraries themselves (GD and LD through
 * __tls_get_addr in libtlsa.so, TLSDESC in libtlsd.so, initial-exec),
 * alignments up to 4096, and __tls_get_addr called with a misaligned
 * stack.
 *
 * t_tlsdesc (TLSDESC_ONLY) leaves libtlsa.so out: it then needs nothing
 * from the dynamic linker, so glibc's ld.so runs the freestanding program
 * too.  (A freestanding program cannot depend on glibc's ld.so for
 * __tls_get_addr: ld.so then looks for libc's malloc and stops.) */
#include "rt.h"
#include "tls.h"

__thread long exe_init = 0x7e57;
__thread long exe_zero;
__thread char exe_page[32] __attribute__((aligned(4096))) = "exe page";
__thread short exe_a16 __attribute__((aligned(16))) = 16;

extern __thread long tlsd_init, tlsd_zero;
extern __thread char tlsd_page[16];
extern __thread int tlsd_a64;
void tlsd_addrs(struct tls_addrs *a);
long tlsd_get_init(void);

#ifndef TLSDESC_ONLY
extern __thread long tlsa_init, tlsa_zero;
extern __thread char tlsa_page[16];
extern __thread int tlsa_a64;
void tlsa_addrs(struct tls_addrs *a);
long tlsa_get_init(void);
long *tlsa_tga_plt(void);
long *tlsa_tga_got(void);
#endif

static char *thread_pointer(void)
{
	char *p;

	__asm__("mov %%fs:0, %0" : "=r"(p));
	return p;
}

static int aligned(const void *p, unsigned long a)
{
	return ((unsigned long)p & (a - 1)) == 0;
}

/* in static TLS: below the thread pointer, not far */
static int below_tp(const void *p)
{
	char *tp = thread_pointer();

	return (const char *)p < tp && tp - (const char *)p < (1 << 20);
}

static void exe(void)
{
	char *tp = thread_pointer();

	rt_check(*(char **)tp == tp, "exe: %fs:0 holds the thread pointer");
	rt_check_long(exe_init, 0x7e57, "exe: initialised variable (local-exec)");
	rt_check_long(exe_zero, 0, "exe: zero-initialised variable");
	rt_check_str(exe_page, "exe page", "exe: initialised array");
	rt_check(aligned(exe_page, 4096), "exe: variable aligned to 4096");
	rt_check_long(exe_a16, 16, "exe: variable aligned to 16, value");
	rt_check(aligned(&exe_a16, 16), "exe: variable aligned to 16");
	rt_check(below_tp(&exe_init) && below_tp(exe_page), "exe: block below the thread pointer");
	RT_LOAD(exe_zero) = 5;
	rt_check_long(RT_LOAD(exe_zero), 5, "exe: write and read back");
	exe_zero = 0;
}

static void ie_lib(const char *what, long *init, long *zero, char *page, int *a64,
		   void (*addrs)(struct tls_addrs *), long (*get)(void), long base)
{
	struct tls_addrs a;
	char msg[128];

	addrs(&a);
#define CHECK(cond, text) (rt_snprintf(msg, sizeof msg, "ie %s: " text, what), rt_check(cond, msg))
#define CHECK_LONG(got, want, text) \
	(rt_snprintf(msg, sizeof msg, "ie %s: " text, what), rt_check_long(got, want, msg))
	CHECK_LONG(*init, base + 1, "initialised variable");
	CHECK_LONG(*zero, 0, "zero-initialised variable");
	CHECK(init == a.init && zero == a.zero, "same addresses as the library's own accesses");
	CHECK(page == a.page && a64 == a.a64, "same addresses for aligned variables");
	CHECK(rt_strcmp(page, "page-aligned") == 0 && aligned(page, 4096), "array aligned to 4096");
	CHECK(*a64 == 64 && aligned(a64, 64), "variable aligned to 64");
	*init = 42;
	CHECK_LONG(get(), 42, "library reads what the executable wrote");
	*init = base + 1;
	CHECK(below_tp(init) && below_tp(page), "block below the thread pointer");
#undef CHECK
#undef CHECK_LONG
}

static void ie(void)
{
#ifndef TLSDESC_ONLY
	ie_lib("libtlsa", &tlsa_init, &tlsa_zero, tlsa_page, &tlsa_a64, tlsa_addrs, tlsa_get_init,
	       0xa000);
#endif
	ie_lib("libtlsd", &tlsd_init, &tlsd_zero, tlsd_page, &tlsd_a64, tlsd_addrs, tlsd_get_init,
	       0xd000);
}

static void lib(const char *what, void (*addrs)(struct tls_addrs *), long base)
{
	struct tls_addrs a;
	char msg[128];

	addrs(&a);
#define CHECK(cond, text) (rt_snprintf(msg, sizeof msg, "%s: " text, what), rt_check(cond, msg))
#define CHECK_LONG(got, want, text) \
	(rt_snprintf(msg, sizeof msg, "%s: " text, what), rt_check_long(got, want, msg))
	CHECK_LONG(*a.init, base + 1, "exported initialised variable");
	CHECK_LONG(*a.zero, 0, "exported zero-initialised variable");
	CHECK_LONG(*a.local, base + 2, "static initialised variable (local dynamic)");
	CHECK_LONG(*a.local_zero, 0, "static zero-initialised variable (local dynamic)");
	CHECK_LONG(*a.ie, base + 3, "initial-exec variable of the library");
	CHECK(rt_strcmp(a.page, "page-aligned") == 0, "array aligned to 4096, value");
	CHECK(aligned(a.page, 4096), "array aligned to 4096");
	CHECK(*a.a64 == 64 && aligned(a.a64, 64), "variable aligned to 64");
	CHECK(*a.a16 == 0 && aligned(a.a16, 16), "zero variable aligned to 16");
	CHECK(below_tp(a.init) && below_tp(a.local) && below_tp(a.ie), "in static TLS");
	*a.local_zero = 9;
	struct tls_addrs b;
	addrs(&b);
	CHECK(b.local_zero == a.local_zero && *b.local_zero == 9, "same address on a second call");
	*a.local_zero = 0;
#undef CHECK
#undef CHECK_LONG
}

static void desc(void)
{
	lib("libtlsd (TLSDESC)", tlsd_addrs, 0xd000);
}

#ifndef TLSDESC_ONLY
static void gd(void)
{
	lib("libtlsa (__tls_get_addr)", tlsa_addrs, 0xa000);
}

static void tga(void)
{
	struct tls_addrs a;

	tlsa_addrs(&a);
	rt_check(tlsa_tga_plt() == a.init, "__tls_get_addr through the PLT, stack 8-byte aligned");
	rt_check(tlsa_tga_got() == a.init, "__tls_get_addr through the GOT, stack 8-byte aligned");
}

static void distinct(void)
{
	struct tls_addrs a, d;

	tlsa_addrs(&a);
	tlsd_addrs(&d);
	char *blocks[][2] = {
		{(char *)&exe_init, exe_page + sizeof exe_page},
		{a.page, a.page + 16}, {d.page, d.page + 16},
		{(char *)a.init, (char *)(a.init + 1)}, {(char *)d.init, (char *)(d.init + 1)},
	};
	int overlap = 0;
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		for (size_t j = 0; j < i; j++)
			overlap |= blocks[i][0] < blocks[j][1] && blocks[j][0] < blocks[i][1];
	rt_check(!overlap, "the modules' variables do not overlap");
}

#endif

static const struct rt_group groups[] = {
	{"exe", exe}, {"ie", ie}, {"desc", desc},
#ifndef TLSDESC_ONLY
	{"gd", gd}, {"tga", tga}, {"distinct", distinct},
#endif
};

int main(int argc, char **argv)
{
	return RT_RUN_GROUPS(argc, argv, groups);
}
