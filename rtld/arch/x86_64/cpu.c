/* CPU facts rtld needs for itself, and the CPUID cache behind them.
 * Each CPUID is a VM exit costing several microseconds on virtual
 * machines, so nothing here runs at start-up unless a personality asks. */
#include <stdbool.h>
#include <stdint.h>
#include "cpuid.h"

uint64_t rtld_xsave_size;	/* bytes of the trampoline's save area */
bool rtld_have_xsave;

/* Enough for every leaf glibc's start-up asks about on any CPU seen so
 * far (about 30); past that, answers are simply not kept. */
#define CPUID_SLOTS 64

static struct {
	uint32_t leaf, sub, r[4];
	bool ready;
} slots[CPUID_SLOTS];
static unsigned claimed;	/* slots handed out (may exceed CPUID_SLOTS) */

void rtld_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	unsigned n = __atomic_load_n(&claimed, __ATOMIC_ACQUIRE);
	for (unsigned i = 0; i < n && i < CPUID_SLOTS; i++) {
		/* A slot is read only once its writer has published it. */
		if (!__atomic_load_n(&slots[i].ready, __ATOMIC_ACQUIRE) || slots[i].leaf != leaf ||
		    slots[i].sub != sub)
			continue;
		for (int k = 0; k < 4; k++)
			r[k] = slots[i].r[k];
		return;
	}
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
	/* Two threads missing at once both execute it and keep two equal
	 * slots: harmless, and no lock is needed. */
	unsigned i = __atomic_fetch_add(&claimed, 1, __ATOMIC_ACQ_REL);
	if (i >= CPUID_SLOTS)
		return;
	slots[i].leaf = leaf, slots[i].sub = sub;
	for (int k = 0; k < 4; k++)
		slots[i].r[k] = r[k];
	__atomic_store_n(&slots[i].ready, true, __ATOMIC_RELEASE);
}

unsigned rtld_cpuid_executed(void)
{
	return __atomic_load_n(&claimed, __ATOMIC_RELAXED);
}

/* Called by the PLT trampoline on its first use; returns the size.  Under
 * the glibc personality these leaves were read at start-up already. */
uint64_t rtld_xsave_init(void)
{
	uint32_t r[4];
	rtld_cpuid(1, 0, r);
	bool osxsave = (r[2] & (1u << 27)) != 0;
	uint64_t size = 512;
	if (osxsave)	/* leaf 0xd exists only up to leaf 0's maximum */
		rtld_cpuid(0, 0, r);
	if (osxsave && r[0] >= 0xd) {
		rtld_cpuid(0xd, 0, r);
		if (r[1] >= 576) {
			size = r[1];
			rtld_have_xsave = true;
		}
	}
	/* + 64 for the alignment of the area on the stack. */
	__atomic_store_n(&rtld_xsave_size, size + 64, __ATOMIC_RELEASE);
	return size + 64;
}
