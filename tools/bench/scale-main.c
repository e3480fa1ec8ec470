/* main of the synthetic scale series (see gen-scale.sh), built with gcc
 * for glibc and with musl-gcc for musl.  The references live in the
 * generated assembly (gen-refs.awk).  The data references are checked on
 * every run; the calls are made only when an argument is given, so under
 * lazy binding a run without arguments leaves every PLT slot unbound.
 * Exit status 0 when every sum is right. */
long bench_calls(void);
long bench_data(void);
extern const long bench_calls_expected, bench_data_expected;

int main(int argc, char **argv)
{
	(void)argv;
	if (bench_data() != bench_data_expected)
		return 2;
	if (argc > 1 && bench_calls() != bench_calls_expected)
		return 3;
	return 0;
}
