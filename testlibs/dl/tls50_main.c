/* t_tls50: 50 TLS modules loaded at start-up (libtm0.so ... libtm49.so,
 * half of them built with TLSDESC).  The executable reads each module's
 * variable through initial-exec and through the module's own access. */
#include "rt.h"
#include "tm_list.h"

#define DECL(n) extern __thread long tm_var_##n; long tm_get_##n(void); long *tm_addr_##n(void);
TM_LIST(DECL)

int main(void)
{
	long *ie[TM_COUNT];
	long (*get[TM_COUNT])(void);
	long *(*addr[TM_COUNT])(void);
	int n = 0;

#define FILL(k) ie[n] = &tm_var_##k, get[n] = tm_get_##k, addr[n] = tm_addr_##k, n++;
	TM_LIST(FILL)
	int bad_ie = -1, bad_get = -1, bad_addr = -1, bad_distinct = -1;
	for (int i = 0; i < TM_COUNT; i++) {
		long want = i * 1000 + 7;
		if (*ie[i] != want && bad_ie < 0)
			bad_ie = i;
		if (get[i]() != want && bad_get < 0)
			bad_get = i;
		if (addr[i]() != ie[i] && bad_addr < 0)
			bad_addr = i;
		for (int j = 0; j < i; j++)
			if (ie[i] == ie[j] && bad_distinct < 0)
				bad_distinct = i;
	}
	rt_check_long(bad_ie, -1, "50 modules: values through initial-exec (first bad module)");
	rt_check_long(bad_get, -1, "50 modules: values through the modules' own accesses");
	rt_check_long(bad_addr, -1, "50 modules: both give the same address");
	rt_check_long(bad_distinct, -1, "50 modules: distinct addresses");
	*ie[49] = 1;
	rt_check_long(get[49](), 1, "50 modules: module 49 reads what the executable wrote");
	return rt_failures();
}
