/* libprot.so: protected symbols.  References from inside this library bind
 * to its own definitions even though t_interpose defines prot_func too;
 * everybody else gets t_interpose's prot_func. */
#include "rt.h"

__attribute__((visibility("protected"))) const char *prot_func(void)
{
	return "prot_func from libprot";
}

__attribute__((visibility("protected"))) int prot_var = 11;

void prot_view(void)
{
	rt_printf("libprot sees: %s; prot_var=%d\n", prot_func(), prot_var);
}
