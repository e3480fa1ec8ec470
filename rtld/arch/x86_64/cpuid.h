/* CPUID, executed at most once per leaf and subleaf in a process.
 *
 * On virtual machines every CPUID instruction is a VM exit (about 7 us on
 * ours, see shared/notes/loader-and-costs.md), and the answers do not
 * change while the process runs, so the first answer is kept and every
 * later question about the same leaf and subleaf is answered from it.
 * Pass sub = 0 for leaves that have no subleaves. */
#ifndef RTLD_ARCH_CPUID_H
#define RTLD_ARCH_CPUID_H

#include <stdint.h>

/* r[0..3] = eax, ebx, ecx, edx.  Safe to call from several threads. */
void rtld_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]);
/* How many CPUID instructions this process has executed through it. */
unsigned rtld_cpuid_executed(void);

#endif
