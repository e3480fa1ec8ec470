/* CPU facts rtld needs for itself.  Each CPUID is a VM exit costing several
 * microseconds on virtual machines, so nothing here runs at start-up. */
#include <stdbool.h>
#include <stdint.h>

uint64_t rtld_xsave_size;	/* bytes of the trampoline's save area */
bool rtld_have_xsave;

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

/* Called by the PLT trampoline on its first use; returns the size. */
uint64_t rtld_xsave_init(void)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	bool osxsave = (r[2] & (1u << 27)) != 0;
	uint64_t size = 512;
	if (osxsave) {
		cpuid(0xd, 0, r);
		if (r[1] >= 576) {
			size = r[1];
			rtld_have_xsave = true;
		}
	}
	/* + 64 for the alignment of the area on the stack. */
	__atomic_store_n(&rtld_xsave_size, size + 64, __ATOMIC_RELEASE);
	return size + 64;
}
