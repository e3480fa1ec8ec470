/* What the TLS test libraries tell their callers. */
#ifndef DL_TLS_H
#define DL_TLS_H

/* Addresses of the variables of a static-TLS library (tls_lib.c), as the
 * library itself computes them. */
struct tls_addrs {
	long *init, *zero;		/* exported: GD or TLSDESC here */
	long *local, *local_zero;	/* static: LD */
	long *ie;			/* initial-exec inside the library */
	char *page;			/* aligned to 4096 */
	int *a64;			/* aligned to 64 */
	char *a16;			/* aligned to 16, .tbss */
};

/* A dlopen'd TLS library (dtls_lib.c): its only initialised TLS object,
 * so that it starts the module's TLS block. */
struct dtls_blk {
	long a, b;
	char s[16];
};

enum { DTLS_BLK, DTLS_ZERO, DTLS_LOCAL, DTLS_ALIGNED };

#endif
