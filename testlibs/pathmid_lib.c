/* libpmid.so (no search path of its own) and libpmidb.so (RUNPATH
 * $ORIGIN/pathB): a library between the program and libvariant.so. */
const char *variant(void);

const char *PMID_FN(void)
{
	return variant();
}
