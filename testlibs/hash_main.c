/* t_hash: symbol lookup through DT_HASH (sysv) and DT_GNU_HASH tables; the
 * executable itself has only a sysv table (libraries look hash_exe_value
 * up in it).  NEEDED order: libhgnu, libhsysv, libhboth. */
#include "rt.h"

int hash_exe_value = 7;
const char *hash_common(void);
int hs_f0(void), hs_f57(void), hs_f99(void), hs_f1(void);
int hg_f0(void), hg_f63(void), hg_f98(void), hg_f31(void);
int hb_f5(void), hb_f77(void), hb_f12(void);

int main(void)
{
	rt_check_long(hs_f0() + hs_f57() + hs_f99() + hs_f1(), 157000 + 4 * 107, "sysv-hash library");
	rt_check_long(hg_f0() + hg_f63() + hg_f98() + hg_f31(), 192000 + 4 * 207, "gnu-hash library");
	rt_check_long(hb_f5() + hb_f77() + hb_f12(), 94000 + 3 * 307, "sysv+gnu-hash library");
	rt_printf("%s\n", hash_common());
	return rt_failures();
}
