/* TLS libraries that are dlopen'd: libdtls.so (__tls_get_addr) and
 * libdtlsd.so (TLSDESC, with a variable aligned to 4096), named by DT_ID.
 * DT_ID_blk is the only initialised TLS object, so it starts the module's
 * TLS block (what dl_iterate_phdr and dlinfo report). */
#include "rt.h"
#include "tls.h"

#define SYM(s) RT_CAT(DT_ID, s)

__thread struct dtls_blk SYM(_blk) = {DT_BASE + 1, DT_BASE + 2, "tls image"};
__thread long SYM(_zero);
static __thread long SYM(_local)[2];
static __thread char SYM(_aligned)[64] __attribute__((aligned(DT_ALIGN)));

void *SYM(_addr)(int which)
{
	switch (which) {
	case DTLS_BLK: return &SYM(_blk);
	case DTLS_ZERO: return &SYM(_zero);
	case DTLS_LOCAL: return SYM(_local);
	case DTLS_ALIGNED: return SYM(_aligned);
	}
	return 0;
}

long SYM(_get)(void)
{
	return SYM(_blk).a;
}

/* 0 when the thread's copy is in its initial state, else which part is not */
int SYM(_pristine)(void)
{
	if (SYM(_blk).a != DT_BASE + 1 || SYM(_blk).b != DT_BASE + 2)
		return 1;
	if (rt_strcmp(SYM(_blk).s, "tls image") != 0)
		return 2;
	if (SYM(_zero) || SYM(_local)[0] || SYM(_local)[1])
		return 3;
	for (int i = 0; i < 64; i++)
		if (SYM(_aligned)[i])
			return 4;
	if ((unsigned long)SYM(_aligned) & (DT_ALIGN - 1))
		return 5;
	return 0;
}

/* writes every variable, so that another thread's copy can be told apart */
void SYM(_scribble)(long v)
{
	SYM(_blk).a = v;
	SYM(_blk).b = v;
	SYM(_blk).s[0] = 'X';
	SYM(_zero) = v;
	SYM(_local)[0] = SYM(_local)[1] = v;
	SYM(_aligned)[0] = SYM(_aligned)[63] = 1;
}
