/* libdtlsie.so: dlopen'd, with initial-exec TLS (DF_STATIC_TLS): it must
 * get a place in the surplus of static TLS, initialised in every thread
 * that already exists.  dtlsie_gd.c reaches the same variable through
 * __tls_get_addr. */
#include "rt.h"

__attribute__((tls_model("initial-exec"))) __thread long dtlsie_var = 4242;
__attribute__((tls_model("initial-exec"))) __thread long dtlsie_zero[4];

long *dtlsie_addr(void)
{
	return &dtlsie_var;
}

long dtlsie_get(void)
{
	return dtlsie_var + dtlsie_zero[0] + dtlsie_zero[3];
}
