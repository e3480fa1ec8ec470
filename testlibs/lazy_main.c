/* t_lazy (and t_lazy_now, t_lazy_ibt: the same program linked with
 * -z now and -z ibtplt): calls through the PLT whose arguments must survive
 * lazy binding.  usage: t_lazy [bind|ints|doubles|varargs|vec128|ifunc128|vec256|
 * vec512]... */
#include "lazy.h"
#include "rt.h"

void lazy_regs_check(long out[7]);

static const char *yesno(int v)
{
	return v < 0 ? "unknown" : v ? "yes" : "no";
}

static int bound(const char *name)
{
	void **slot = rt_plt_slot(name);

	return slot ? !rt_in_self(*slot) : -1;
}

/* The binding state is printed, not checked: it depends on LD_BIND_NOW
 * and -z now, and the test's expected output says which it should be. */
static void test_bind(void)
{
	rt_printf("lazy_bind_probe bound before first call: %s\n", yesno(bound("lazy_bind_probe")));
	rt_check_long(lazy_bind_probe(), 42, "bind: first call");
	rt_printf("lazy_bind_probe bound after first call: %s\n", yesno(bound("lazy_bind_probe")));
	rt_printf("liblazynow (-z now) bound at its init: %s\n", yesno(lazynow_bound_at_init()));
	rt_check_long(lazynow_call(), 7, "bind: call from liblazynow");
}

static void test_ints(void)
{
	volatile long k = 1;

	rt_check_long(lazy_ints(k, 2 * k, 3 * k, 4 * k, 5 * k, 6 * k, 7 * k, 8 * k), 204,
		      "ints: 8 integer arguments (6 in registers, 2 on the stack)");
	struct lazy_pair p = lazy_pair(100 * k, 30 * k);
	rt_check(p.a == 130 && p.b == 70, "ints: struct returned in %rax:%rdx");
	struct lazy_big b = lazy_big(k, 2 * k, 3 * k, 4 * k, 5 * k, 6 * k, 7 * k);
	rt_check(b.v[0] == 2 && b.v[1] == 12 && b.v[2] == 30 && b.v[3] == 7 && b.v[4] == 28,
		 "ints: struct returned through hidden pointer in %rdi, 7 args");

	long out[7];
	lazy_regs_check(out);
	rt_check_long(out[0], 654321, "ints: 6 register arguments from assembly");
	int kept = 1;
	for (int i = 1; i <= 6; i++)
		kept &= out[i] == 0x1111111111111111l * i;
	rt_check(kept, "ints: callee-saved registers preserved");
}

static void test_doubles(void)
{
	volatile double k = 1.5;

	rt_check(lazy_doubles(k, 2 * k, 3 * k, 4 * k, 5 * k, 6 * k, 7 * k, 8 * k) == 204 * 1.5,
		 "doubles: 8 double arguments in %xmm0-7");
	double m = lazy_mixed(1, 2 * k, 3, (float)(4 * k), 5, 6 * k, 7 * k, 8, (float)(9 * k),
			      10 * k, 11 * k, 12 * k, 13 * k, 14 * k, 15);
	double want = 1 + 2 * 3.0 + 3 * 3 + 4 * 6.0 + 5 * 5 + 6 * 9.0 + 7 * 10.5 + 8 * 8 +
		      9 * 13.5 + 10 * 15.0 + 11 * 16.5 + 12 * 18.0 + 13 * 19.5 + 14 * 21.0 + 15 * 15;
	rt_check(m == want, "doubles: 15 mixed int/long/float/double arguments");
}

static void test_varargs(void)
{
	volatile double k = 0.5;

	rt_check(lazy_vsum(8, k, 2 * k, 3 * k, 4 * k, 5 * k, 6 * k, 7 * k, 8 * k) == 102,
		 "varargs: 8 doubles, %al = 8");
}

static void test_vec128(void)
{
	__m128 v[8];
	volatile float base = 1.0f;

	for (int i = 0; i < 8; i++)
		v[i] = (__m128){base * i, base * i + 0.5f, -base * i, base * i * 4};
	__m128 r = lazy_v128(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
	rt_check_long(LAZY_BAD_LANES(r, v, 4), 0, "vec128: 8 x __m128, all lanes");
}

/* The same through an IFUNC whose resolver clobbers the vector argument
 * registers (it runs inside the lazy binding of the call). */
static void test_ifunc128(void)
{
	__m128 v[8];
	volatile float base = 1.0f;

	for (int i = 0; i < 8; i++)
		v[i] = (__m128){base * i + 1, base * i - 0.5f, base * i * 3, -base * i};
	__m128 r = lazy_iv128(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
	rt_check_long(LAZY_BAD_LANES(r, v, 4), 0, "ifunc128: 8 x __m128 through an IFUNC");
}

static void test_vec256(void)
{
	if (!rt_have_avx())
		rt_skip("no AVX");
	lazy_test_v256();
}

static void test_vec512(void)
{
	if (!rt_have_avx512f())
		rt_skip("no AVX-512F");
	lazy_test_v512();
}

static const struct rt_group groups[] = {
	{"bind", test_bind},       {"ints", test_ints},     {"doubles", test_doubles},
	{"varargs", test_varargs}, {"vec128", test_vec128}, {"ifunc128", test_ifunc128},
	{"vec256", test_vec256},
	{"vec512", test_vec512},
};

int main(int argc, char **argv)
{
	return RT_RUN_GROUPS(argc, argv, groups);
}
