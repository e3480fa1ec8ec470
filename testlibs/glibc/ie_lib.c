/* libgie.so: initial-exec TLS in a library loaded by dlopen
 * (DF_STATIC_TLS), which must go into the static TLS surplus.  1704 bytes
 * fit in what glibc 2.36's ld.so leaves to gdl. */
__attribute__((tls_model("initial-exec"))) __thread char ie_buf[1704] = "initial-exec";

int ie_check(void)
{
	return ie_buf[0] == 'i' && ie_buf[11] == 'c' && ie_buf[1703] == 0;
}
