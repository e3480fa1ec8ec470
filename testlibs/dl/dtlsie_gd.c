/* libdtlsie.so's general-dynamic access to its initial-exec variable. */
extern __thread long dtlsie_var;

long *dtlsie_addr_gd(void)
{
	return &dtlsie_var;
}
