/* t_relr: DT_RELR relative relocations in a PIE and in a library. */
#include "rt.h"

int relr_check_exe(void);
int relr_check_lib(void);

int main(void)
{
	rt_check_long(relr_check_exe(), 0, "relr: executable's pointer tables");
	rt_check_long(relr_check_lib(), 0, "relr: library's pointer tables");
	return rt_failures();
}
