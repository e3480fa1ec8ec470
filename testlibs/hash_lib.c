/* libhsysv.so, libhgnu.so and libhboth.so (built with --hash-style=sysv,
 * gnu and both; HPFX is hs, hg or hb): 100 functions each, so that lookups
 * walk real hash chains and GNU bloom filters, plus hash_common() defined
 * by all three and a reference to t_hash's data. */
#include "rt.h"

extern int hash_exe_value;

#define FN(n) \
	int RT_CAT(RT_CAT(HPFX, _f), n)(void) { return n * 1000 + HBASE + hash_exe_value; }
#define REP10(m, t) m(t##0) m(t##1) m(t##2) m(t##3) m(t##4) m(t##5) m(t##6) m(t##7) m(t##8) m(t##9)
#define REP100(m) REP10(m, ) REP10(m, 1) REP10(m, 2) REP10(m, 3) REP10(m, 4) REP10(m, 5) \
	REP10(m, 6) REP10(m, 7) REP10(m, 8) REP10(m, 9)

REP100(FN)

const char *hash_common(void)
{
	return "hash_common from lib" RT_STR(HPFX);
}
