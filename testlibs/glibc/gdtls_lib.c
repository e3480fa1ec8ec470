/* libgdtls.so: thread-local variables of a library loaded by dlopen
 * (dynamic TLS, allocated in each thread on its first access). */
__thread int gd_value = 42;
__thread char gd_big[20000] = "big block";

/* The value, or -1 when the large block lost its initial contents. */
int gd_get(void)
{
	return gd_big[0] == 'b' && gd_big[8] == 'k' ? gd_value : -1;
}

void gd_set(int v)
{
	gd_value = v;
}

int *gd_addr(void)
{
	return &gd_value;
}
