/* DT_RELR decoding, shared by stage 1 (boot.c) and reloc.c.  Inline and
 * free of globals, so it is safe before rtld has relocated itself.  An
 * even entry is an address to relocate; an odd one is a bitmap whose bit i
 * (from 1) relocates the word i-1 after the last address. */
#ifndef RTLD_RELR_H
#define RTLD_RELR_H

#include <elf.h>
#include <stddef.h>

static inline void relr_apply(Elf64_Addr base, const Elf64_Relr *relr, size_t n)
{
	Elf64_Addr *where = 0;
	for (size_t i = 0; i < n; i++) {
		Elf64_Relr e = relr[i];
		if (!(e & 1)) {
			where = (Elf64_Addr *)(base + e);
			*where++ += base;
		} else {
			for (Elf64_Addr *p = where; (e >>= 1) != 0; p++)
				if (e & 1)
					*p += base;
			where += 63;
		}
	}
}

#endif
