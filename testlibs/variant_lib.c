/* libvariant.so, built twice: pathA/ (VARIANT "A") and pathB/ ("B"). */
const char *variant(void)
{
	return "libvariant " VARIANT;
}
