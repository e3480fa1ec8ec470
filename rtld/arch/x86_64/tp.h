/* The thread pointer on x86_64: the %fs segment base. */
#ifndef RTLD_ARCH_TP_H
#define RTLD_ARCH_TP_H

#include "sys.h"

static inline void *arch_tp(void)
{
	void *tp;
	__asm__("mov %%fs:0, %0" : "=r"(tp));
	return tp;
}

static inline int arch_set_tp(void *tp)
{
	return (int)sys_arch_prctl(0x1002 /* ARCH_SET_FS */, (unsigned long)tp);
}

/* A spinning thread's hint to the core that it waits for another. */
static inline void arch_relax(void)
{
	__builtin_ia32_pause();
}

#endif
