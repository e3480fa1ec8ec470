/* t_interpose: symbol interposition.  The executable comes first in the
 * lookup scope, then LD_PRELOAD libraries, then DT_NEEDED libraries
 * breadth-first (libipa, libipb, libprot). */
#include "rt.h"

const char *ip_libs(void);
const char *ip_weak(void);
void ip_view_A(void);
void ip_view_B(void);
void prot_view(void);

__attribute__((constructor)) static void init(void)
{
	rt_puts("init exe");
}

const char *ip_everywhere(void)
{
	return "ip_everywhere from exe";
}

const char *prot_func(void)
{
	return "prot_func from exe";
}

int main(void)
{
	rt_printf("exe sees: %s; %s; %s; %s\n", ip_everywhere(), ip_libs(), ip_weak(), prot_func());
	ip_view_A();
	ip_view_B();
	prot_view();
	return 0;
}
