/* DT_RELR decoding, shared by stage 1 (boot.c) and reloc.c.  Inline and
 * free of globals, so it is safe before rtld has relocated itself.  An
 * even entry is an offset to relocate; an odd one is a bitmap whose bit i
 * (from 1) relocates the word i-1 after the last offset, and moves that
 * point 63 words on.  Every word written is checked against a window
 * first: a damaged file must not make rtld write outside its object. */
#ifndef RTLD_RELR_H
#define RTLD_RELR_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>

/* Applies the n entries at relr to the image at base, each word written
 * lying in [lo, lo + len) (offsets from base): a bitmap is checked once,
 * by its first and last word, so the window must be one run.  Returns how
 * many entries it applied: n, or the index of the first that would write
 * outside the window, *next then holding the decoder's state there for
 * relr_resume.  Stage 1 passes the whole address space. */
static inline size_t relr_apply(Elf64_Addr base, const Elf64_Relr *relr, size_t n,
				Elf64_Addr lo, Elf64_Addr len, Elf64_Addr *next)
{
	*next = 0;	/* the word a bitmap's first bit stands for */
	if (len < 8)
		return 0;
	for (size_t i = 0; i < n; i++) {
		Elf64_Relr e = relr[i];
		if (!(e & 1)) {
			if (e - lo > len - 8)
				return i;
			*(Elf64_Addr *)(base + e) += base;
			*next = e + 8;
			continue;
		}
		if (e >> 1) {
			Elf64_Addr last = *next + 8 * (Elf64_Addr)(62 - __builtin_clzll(e));
			if (*next - lo > len - 8 || last - lo > len - 8)
				return i;
			for (Elf64_Addr p = *next; (e >>= 1) != 0; p += 8)
				if (e & 1)
					*(Elf64_Addr *)(base + p) += base;
		}
		*next += 63 * 8;
	}
	return n;
}

/* The same entries one word at a time, from where relr_apply stopped:
 * for words outside its window, and to name the word that failed. */
struct relr_iter {
	const Elf64_Relr *p, *end;
	Elf64_Addr next;	/* as in relr_apply */
	Elf64_Addr at;		/* the word bits' lowest bit stands for */
	Elf64_Relr bits;	/* what is left of the current bitmap */
};

static inline struct relr_iter relr_resume(const Elf64_Relr *relr, size_t n, size_t from,
					   Elf64_Addr next)
{
	return (struct relr_iter){ .p = relr + from, .end = relr + n, .next = next };
}

/* The next offset to relocate, in *off; false at the end. */
static inline bool relr_next(struct relr_iter *it, Elf64_Addr *off)
{
	while (!it->bits) {
		if (it->p == it->end)
			return false;
		Elf64_Relr e = *it->p++;
		if (!(e & 1)) {
			*off = e;
			it->next = e + 8;
			return true;
		}
		it->bits = e >> 1;
		it->at = it->next;
		it->next += 63 * 8;
	}
	unsigned skip = (unsigned)__builtin_ctzll(it->bits);
	*off = it->at + 8 * (Elf64_Addr)skip;
	it->at = *off + 8;
	it->bits >>= skip;
	it->bits >>= 1;
	return true;
}

#endif
