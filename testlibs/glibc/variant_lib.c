/* libgvariant.so, one copy per directory: -DVARIANT="A"... */
const char *variant_name(void)
{
	return VARIANT;
}
