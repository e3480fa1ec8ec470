/* Self-checks: each prints one line, so that a differential run shows
 * which check went wrong. */
#include "rt.h"

static int failures;

int rt_check(int cond, const char *what)
{
	if (cond) {
		rt_printf("ok %s\n", what);
	} else {
		rt_printf("FAIL %s\n", what);
		failures++;
	}
	return cond;
}

int rt_check_long(long got, long want, const char *what)
{
	if (got == want) {
		rt_printf("ok %s\n", what);
		return 1;
	}
	rt_printf("FAIL %s: got %ld (0x%lx), want %ld (0x%lx)\n", what, got, got, want, want);
	failures++;
	return 0;
}

int rt_check_str(const char *got, const char *want, const char *what)
{
	if (got && want && rt_strcmp(got, want) == 0) {
		rt_printf("ok %s\n", what);
		return 1;
	}
	rt_printf("FAIL %s: got \"%s\", want \"%s\"\n", what, got, want);
	failures++;
	return 0;
}

int rt_failures(void)
{
	return failures;
}

_Noreturn void rt_skip(const char *why)
{
	rt_printf("SKIP %s\n", why);
	rt_exit(77);
}

int rt_run_groups(int argc, char **argv, const struct rt_group *groups, size_t n)
{
	for (int i = 1; i < argc; i++) {
		size_t g = 0;
		while (g < n && rt_strcmp(argv[i], groups[g].name) != 0)
			g++;
		if (g == n) {
			rt_eprintf("unknown test group: %s\n", argv[i]);
			return 2;
		}
	}
	for (size_t g = 0; g < n; g++) {
		int run = argc < 2;
		for (int i = 1; i < argc; i++)
			run |= rt_strcmp(argv[i], groups[g].name) == 0;
		if (run)
			groups[g].fn();
	}
	return rt_failures();
}
