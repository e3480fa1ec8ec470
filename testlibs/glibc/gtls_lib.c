/* libgtls.so: thread-local variables of a library loaded at start-up, in
 * every TLS model a library can use. */
__thread int gtls_counter = 100;		/* global dynamic */
__thread char gtls_name[32] = "initial";
__thread long gtls_zero;
static __thread int gtls_local = 5;		/* local dynamic */
__attribute__((tls_model("initial-exec"))) __thread int gtls_ie = 77;

int gtls_bump(int by)
{
	gtls_counter += by;
	gtls_local += by;
	gtls_ie += by;
	return gtls_counter + gtls_local + gtls_ie;
}

int gtls_check_initial(void)
{
	return gtls_counter == 100 && gtls_name[0] == 'i' && gtls_zero == 0 && gtls_local == 5 &&
	       gtls_ie == 77;
}

int *gtls_addr(void)
{
	return &gtls_counter;
}

/* Called for the first time in a forked child (lazy binding there). */
int gtls_lazy_probe(void)
{
	return 1234;
}
