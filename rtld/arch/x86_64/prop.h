/* GNU property notes on x86_64: what an object asks of the processor.
 *
 * glibc 2.36's ld.so reads them from the PT_NOTE segments (x86 ignores
 * PT_GNU_PROPERTY in that version: its handler there does nothing), and
 * refuses an object whose GNU_PROPERTY_X86_ISA_1_NEEDED names an x86-64
 * level the processor lacks.  The parsing is pure (no I/O, no libc), so
 * the unit tests run it on hand-made notes. */
#ifndef RTLD_ARCH_PROP_H
#define RTLD_ARCH_PROP_H

#include <stddef.h>
#include <stdint.h>

/* What ld.so keeps per object (l_property, l_x86_isa_1_needed). */
struct arch_props {
	uint8_t decided;		/* a PT_NOTE segment was read: no other is */
	uint32_t isa_needed;		/* GNU_PROPERTY_X86_ISA_1_* bits */
};

enum { PROP_DONE = 0, PROP_MORE = 1 };

/* Reads one PT_NOTE segment into p, unless an earlier one (segments are
 * read from the last) decided already.  seg holds the segment's first
 * `avail` bytes; the object's image has `total` bytes from there (to the
 * end of the file data of the PT_LOAD that holds them), and reads past
 * `total` see zeros.  memsz and align are the program header's.
 * Returns PROP_MORE, leaving p as it was, when the answer depends on
 * bytes between avail and total: read again with more of them. */
int arch_prop_note(struct arch_props *p, const unsigned char *seg, size_t avail, size_t total,
		   uint64_t memsz, uint64_t align);

/* Whether the processor has the ISA levels p needs (arch cpu.c); if
 * not, ld.so's words for it. */
#define ARCH_PROPS_UNMET "CPU ISA level is lower than required"
int arch_props_met(const struct arch_props *p);

#endif
