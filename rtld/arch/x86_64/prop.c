/* The x86 GNU property note as glibc 2.36's ld.so reads it
 * (sysdeps/x86/dl-prop.h), over bytes that are bounds-checked here.
 *
 * ld.so's rules, which decide what an odd object needs:
 *  - PT_NOTE segments are read from the last to the first; one whose
 *    p_align is not 8 is skipped, and the first one read with p_align 8
 *    decides, whether or not it holds a property note;
 *  - in it, notes follow each other at 8-byte alignment while a note
 *    header starts 12 bytes or more before p_memsz; the note's name and
 *    descriptor are read whatever p_memsz says (ld.so reads the mapped
 *    image);
 *  - a second NT_GNU_PROPERTY_TYPE_0 note, a descriptor size below 8 or
 *    not a multiple of 8, properties out of ascending order, one running
 *    past the descriptor, or one of the three types ld.so knows with a
 *    size other than 4: the object then needs nothing;
 *  - the scan of properties stops at GNU_PROPERTY_X86_ISA_1_NEEDED or at
 *    any higher type.
 * ld.so may read past the object's data (and crash); this reads zeros
 * there, which is what the zero-filled rest of a page gives it. */
#include <elf.h>
#include <stdbool.h>
#include "prop.h"

#define GNU_NAME 0x00554e47u	/* "GNU\0" read as a little-endian word */
#define ALIGN8(x) (((x) + 7) & ~(uint64_t)7)

struct bytes {
	const unsigned char *b;
	uint64_t avail, total;
	bool more;		/* a read needed bytes past avail */
};

/* The little-endian word at off: zeros past total. */
static uint32_t word(struct bytes *s, uint64_t off)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < 4 && off + i < s->total; i++) {
		if (off + i >= s->avail) {
			s->more = true;
			return 0;
		}
		v |= (uint32_t)s->b[off + i] << (8 * i);
	}
	return v;
}

static bool known_type(uint32_t t)
{
	return t == GNU_PROPERTY_X86_FEATURE_1_AND || t == GNU_PROPERTY_X86_ISA_1_NEEDED ||
	       t == GNU_PROPERTY_1_NEEDED;
}

enum { SCAN_ON, SCAN_BAD };

/* The properties of the descriptor [pos, end): the ISA bits into *isa. */
static int scan_desc(struct bytes *s, uint64_t pos, uint64_t end, uint32_t *isa)
{
	uint32_t last = 0;
	do {
		if (pos >= s->total)	/* zeros: type 0 items, fine unless types went down */
			return last > 0 ? SCAN_BAD : SCAN_ON;
		uint32_t type = word(s, pos), size = word(s, pos + 4);
		if (s->more)
			return SCAN_BAD;	/* read again with more bytes */
		if (type < last)
			return SCAN_BAD;
		pos += 8;
		if (pos + size > end)
			return SCAN_BAD;
		last = type;
		if (known_type(type)) {
			if (size != 4)
				return SCAN_BAD;
			/* The other two are for CET and protected symbols,
			 * which Debian's ld.so does not act on. */
			if (type == GNU_PROPERTY_X86_ISA_1_NEEDED) {
				*isa = word(s, pos);
				return SCAN_ON;	/* ld.so looks on for a second note */
			}
		} else if (type > GNU_PROPERTY_X86_ISA_1_NEEDED) {
			return SCAN_ON;
		}
		pos += ALIGN8((uint64_t)size);
	} while (pos + 8 <= end);
	return SCAN_ON;
}

int arch_prop_note(struct arch_props *p, const unsigned char *seg, size_t avail, size_t total,
		   uint64_t memsz, uint64_t align)
{
	if (p->decided || align != 8)
		return PROP_DONE;
	struct bytes s = { seg, avail < total ? avail : total, total, false };
	uint32_t isa = 0;
	bool seen = false, bad = false;
	/* Each note moves off on by 16 bytes at least; past total every note
	 * header reads as zeros, which is no property note. */
	for (uint64_t off = 0; off + 12 < memsz && off < total && !bad && !s.more;) {
		uint32_t namesz = word(&s, off), descsz = word(&s, off + 4);
		if (namesz == 4 && word(&s, off + 8) == NT_GNU_PROPERTY_TYPE_0 &&
		    word(&s, off + 12) == GNU_NAME) {
			bad = seen || descsz < 8 || descsz % 8 != 0 ||
			      scan_desc(&s, off + 16, off + 16 + descsz, &isa) == SCAN_BAD;
			seen = true;
		}
		off += ALIGN8(ALIGN8(12 + (uint64_t)namesz) + descsz);
	}
	if (s.more)
		return PROP_MORE;
	p->decided = 1;
	p->isa_needed = bad ? 0 : isa;
	return PROP_DONE;
}
