/* DT_RELR decoding, shared by stage 1 (boot.c) and reloc.c.  Inline and
 * free of globals, so it is safe before rtld has relocated itself.  An
 * even entry is an offset to relocate; an odd one is a bitmap whose bit i
 * (from 1) relocates the word i-1 after the last offset, and moves that
 * point 63 words on.  Every word written is checked first: a damaged file
 * must not make rtld write outside its object. */
#ifndef RTLD_RELR_H
#define RTLD_RELR_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>

/* Whether the word at off lies in [lo, lo + len). */
static inline bool relr_in_window(Elf64_Addr off, Elf64_Addr lo, Elf64_Addr len)
{
	return len >= 8 && off - lo <= len - 8;
}

/* Applies the n entries at relr to the image at base.  A word outside the
 * window [lo, lo + len) (offsets from base) is written only if outside
 * accepts it; a bitmap whose first and last words lie in the window is
 * checked once.  Returns 0, or -1 with the refused word's offset in *bad
 * (the words before it are applied).  Stage 1 passes the whole address
 * space and no outside. */
static inline int relr_apply(Elf64_Addr base, const Elf64_Relr *relr, size_t n,
			     Elf64_Addr lo, Elf64_Addr len,
			     bool (*outside)(Elf64_Addr off, const void *ctx), const void *ctx,
			     Elf64_Addr *bad)
{
	Elf64_Addr next = 0;	/* the word a bitmap's first bit stands for */
	for (size_t i = 0; i < n; i++) {
		Elf64_Relr e = relr[i];
		Elf64_Addr at = e;
		if (e & 1) {
			at = next;
			bool whole = (e >> 1) && relr_in_window(next, lo, len) &&
				     relr_in_window(next + 8 * (Elf64_Addr)(62 - __builtin_clzll(e)), lo, len);
			e >>= 1;
			next += 63 * 8;
			/* The common case, in the tightest loop: a bitmap the
			 * window holds whole. */
			if (whole) {
				for (; e; e >>= 1, at += 8)
					if (e & 1)
						*(Elf64_Addr *)(base + at) += base;
				continue;
			}
		} else {
			next = e + 8;
			e = 1;	/* one word, at e */
		}
		for (; e; e >>= 1, at += 8) {
			if (!(e & 1))
				continue;
			if (!relr_in_window(at, lo, len) && !(outside && outside(at, ctx))) {
				*bad = at;
				return -1;
			}
			*(Elf64_Addr *)(base + at) += base;
		}
	}
	return 0;
}

#endif
