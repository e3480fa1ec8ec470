/* libgundef.so: gundef_missing exists nowhere. */
int gundef_missing(void);

int undef_defined(void)
{
	return 1;
}

int undef_caller(void)
{
	return gundef_missing();
}
