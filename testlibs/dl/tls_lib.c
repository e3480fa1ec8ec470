/* Static-TLS libraries: libtlsa.so (the traditional dialect: GD and LD
 * through __tls_get_addr) and libtlsd.so (-mtls-dialect=gnu2: TLSDESC),
 * named by TLS_ID, with TLS_BASE distinguishing their values.  Loaded at
 * start-up, so their blocks are in static TLS. */
#include "rt.h"
#include "tls.h"

#define SYM(s) RT_CAT(TLS_ID, s)

__thread long SYM(_init) = TLS_BASE + 1;
__thread long SYM(_zero);
static __thread long SYM(_local) = TLS_BASE + 2;
static __thread long SYM(_local_zero);
__attribute__((tls_model("initial-exec"))) __thread long SYM(_ie) = TLS_BASE + 3;
__thread char SYM(_page)[16] __attribute__((aligned(4096))) = "page-aligned";
__thread int SYM(_a64) __attribute__((aligned(64))) = 64;
__thread char SYM(_a16) __attribute__((aligned(16)));

void SYM(_addrs)(struct tls_addrs *a)
{
	a->init = &SYM(_init);
	a->zero = &SYM(_zero);
	a->local = &SYM(_local);
	a->local_zero = &SYM(_local_zero);
	a->ie = &SYM(_ie);
	a->page = SYM(_page);
	a->a64 = &SYM(_a64);
	a->a16 = &SYM(_a16);
}

/* Reads through the library's own accesses, after the executable wrote
 * through its initial-exec ones. */
long SYM(_get_init)(void)
{
	return SYM(_init);
}
