/* arch_prop_note: glibc 2.36's reading of x86 GNU property notes, on
 * hand-made PT_NOTE segments, in exactly-sized buffers so that a read
 * past the bytes given shows up under a sanitizer. */
#include "testutil.h"
#include "prop.h"

#include <stdlib.h>
#include <string.h>

#define ISA GNU_PROPERTY_X86_ISA_1_NEEDED
#define AND GNU_PROPERTY_X86_FEATURE_1_AND
#define V2 GNU_PROPERTY_X86_ISA_1_V2
#define V4 GNU_PROPERTY_X86_ISA_1_V4

/* A segment being written. */
struct seg {
	unsigned char b[512];
	size_t len;
};

static void put32(struct seg *s, uint32_t v)
{
	memcpy(s->b + s->len, &v, 4);
	s->len += 4;
}

static void pad8(struct seg *s)
{
	while (s->len % 8)
		s->b[s->len++] = 0;
}

/* A note header and the n bytes after it (name, padding, descriptor). */
static void note(struct seg *s, uint32_t namesz, uint32_t descsz, uint32_t type,
		 const char *bytes, size_t n)
{
	put32(s, namesz);
	put32(s, descsz);
	put32(s, type);
	memcpy(s->b + s->len, bytes, n);
	s->len += n;
}

/* A note header with the name "GNU" (namesz 4) and type. */
static void gnu_note(struct seg *s, uint32_t descsz, uint32_t type)
{
	note(s, 4, descsz, type, "GNU", 4);
}

/* One property: type, size, value (size 4), padded to 8. */
static void prop(struct seg *s, uint32_t type, uint32_t value)
{
	put32(s, type);
	put32(s, 4);
	put32(s, value);
	pad8(s);
}

/* The usual note: one ISA_1_NEEDED property. */
static void isa_note(struct seg *s, uint32_t isa)
{
	gnu_note(s, 16, NT_GNU_PROPERTY_TYPE_0);
	prop(s, ISA, isa);
}

/* Reads s as one whole segment (p_memsz = its length, p_align 8) from an
 * exactly-sized copy; total is the image from there on. */
static struct arch_props read_as(const struct seg *s, size_t avail, size_t total, uint64_t memsz,
				 uint64_t align, int *ret)
{
	struct arch_props p = { 0, 0 };
	unsigned char *copy = dup_exact(s->b, avail ? avail : 1);
	*ret = arch_prop_note(&p, copy, avail, total, memsz, align);
	free(copy);
	return p;
}

static struct arch_props read_seg(const struct seg *s)
{
	int ret;
	struct arch_props p = read_as(s, s->len, s->len, s->len, 8, &ret);
	ck_assert_int_eq(ret, PROP_DONE);
	return p;
}

#define EXPECT(p, dec, isa)					\
	do {							\
		ck_assert_int_eq((p).decided, (dec));		\
		ck_assert_uint_eq((p).isa_needed, (isa));	\
	} while (0)

START_TEST(plain_note)
{
	struct seg s = { .len = 0 };
	isa_note(&s, V2);
	EXPECT(read_seg(&s), 1, V2);
}
END_TEST

/* ld.so's order of reading: only segments aligned to 8, and the first
 * one read decides even when it has no property note. */
START_TEST(alignment_and_decision)
{
	struct seg s = { .len = 0 };
	isa_note(&s, V4);
	int ret;
	EXPECT(read_as(&s, s.len, s.len, s.len, 4, &ret), 0, 0);
	EXPECT(read_as(&s, s.len, s.len, s.len, 16, &ret), 0, 0);
	struct seg id = { .len = 0 };
	note(&id, 4, 8, NT_GNU_BUILD_ID, "GNU\0abcdefgh", 12);
	EXPECT(read_seg(&id), 1, 0);
	/* decided: a later segment changes nothing */
	struct arch_props p = { 1, 0 };
	ck_assert_int_eq(arch_prop_note(&p, s.b, s.len, s.len, s.len, 8), PROP_DONE);
	EXPECT(p, 1, 0);
}
END_TEST

/* Other notes before it are stepped over at 8-byte alignment. */
START_TEST(notes_before)
{
	struct seg s = { .len = 0 };
	note(&s, 5, 3, 1, "Linux\0\0\0\0\0\0\0abc\0\0\0\0\0", 20);
	note(&s, 4, 8, 7, "GNU\0\0\0\0\0\0\0\0\0", 12);	/* "GNU", another type */
	isa_note(&s, V2);
	EXPECT(read_seg(&s), 1, V2);
}
END_TEST

START_TEST(second_note_cancels)
{
	struct seg s = { .len = 0 };
	isa_note(&s, V2);
	isa_note(&s, V2);
	EXPECT(read_seg(&s), 1, 0);
	/* also when the second has no ISA property */
	struct seg t = { .len = 0 };
	isa_note(&t, V4);
	gnu_note(&t, 8, NT_GNU_PROPERTY_TYPE_0);
	put32(&t, 0xc0010001);
	put32(&t, 0);
	EXPECT(read_seg(&t), 1, 0);
}
END_TEST

START_TEST(bad_descriptors)
{
	static const uint32_t sizes[] = { 0, 4, 12, 20 };
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		struct seg s = { .len = 0 };
		gnu_note(&s, sizes[i], NT_GNU_PROPERTY_TYPE_0);
		prop(&s, ISA, V2);
		prop(&s, ISA + 1, 0);
		EXPECT(read_seg(&s), 1, 0);
	}
	/* a known type with a size other than 4 */
	struct seg s = { .len = 0 };
	gnu_note(&s, 16, NT_GNU_PROPERTY_TYPE_0);
	put32(&s, ISA);
	put32(&s, 8);
	put32(&s, V2);
	put32(&s, 0);
	EXPECT(read_seg(&s), 1, 0);
	/* a property running past the descriptor */
	struct seg r = { .len = 0 };
	gnu_note(&r, 16, NT_GNU_PROPERTY_TYPE_0);
	put32(&r, 0xc0000001);
	put32(&r, 12);
	put32(&r, 0);
	put32(&r, 0);
	isa_note(&r, V2);		/* bytes after it do not count */
	EXPECT(read_seg(&r), 1, 0);
}
END_TEST

START_TEST(property_order)
{
	/* ascending: FEATURE_1_AND, an unknown type, then ISA */
	struct seg s = { .len = 0 };
	gnu_note(&s, 56, NT_GNU_PROPERTY_TYPE_0);
	prop(&s, GNU_PROPERTY_1_NEEDED, 1);
	prop(&s, AND, 3);
	put32(&s, 0xc0000005);		/* 0 bytes of data */
	put32(&s, 0);
	prop(&s, ISA, V4);
	EXPECT(read_seg(&s), 1, V4);
	/* descending */
	struct seg d = { .len = 0 };
	gnu_note(&d, 48, NT_GNU_PROPERTY_TYPE_0);
	prop(&d, AND, 0);
	prop(&d, AND - 1, 0);
	prop(&d, ISA, V4);
	EXPECT(read_seg(&d), 1, 0);
	/* a type above ISA_1_NEEDED first: the scan stops, nothing needed */
	struct seg h = { .len = 0 };
	gnu_note(&h, 32, NT_GNU_PROPERTY_TYPE_0);
	prop(&h, ISA + 1, 0);
	prop(&h, ISA + 2, V4);
	EXPECT(read_seg(&h), 1, 0);
	/* the same type twice is not out of order */
	struct seg t = { .len = 0 };
	gnu_note(&t, 48, NT_GNU_PROPERTY_TYPE_0);
	prop(&t, AND, 0);
	prop(&t, AND, 0);
	prop(&t, ISA, V2);
	EXPECT(read_seg(&t), 1, V2);
}
END_TEST

/* p_memsz bounds where notes start, not what ld.so reads of them. */
START_TEST(memsz_cuts)
{
	struct seg s = { .len = 0 };
	isa_note(&s, V2);
	int ret;
	for (uint64_t memsz = 0; memsz <= 40; memsz++) {
		struct arch_props p = read_as(&s, s.len, s.len, memsz, 8, &ret);
		ck_assert_int_eq(ret, PROP_DONE);
		EXPECT(p, 1, memsz > 12 ? V2 : 0);
	}
	/* a huge p_memsz over a few bytes ends */
	EXPECT(read_as(&s, s.len, s.len, UINT64_MAX, 8, &ret), 1, V2);
}
END_TEST

/* Past total every byte reads as zero. */
START_TEST(image_ends)
{
	struct seg s = { .len = 0 };
	isa_note(&s, V2);
	int ret;
	for (size_t total = 0; total <= s.len; total++) {
		struct arch_props p = read_as(&s, total, total, 4096, 8, &ret);
		ck_assert_int_eq(ret, PROP_DONE);
		/* the value's low byte is all there is of V2 */
		EXPECT(p, 1, total > 24 ? V2 : 0);
	}
	/* a descriptor size of almost 4 GiB: its first property is read */
	struct seg h = { .len = 0 };
	gnu_note(&h, 0xfffffff8u, NT_GNU_PROPERTY_TYPE_0);
	prop(&h, ISA, V4);
	EXPECT(read_as(&h, h.len, h.len, UINT64_MAX, 8, &ret), 1, V4);
	/* ... and zeros after a first type 0 are fine */
	struct seg z = { .len = 0 };
	gnu_note(&z, 0xfffffff8u, NT_GNU_PROPERTY_TYPE_0);
	put32(&z, 0);
	put32(&z, 0);
	EXPECT(read_as(&z, z.len, z.len, UINT64_MAX, 8, &ret), 1, 0);
}
END_TEST

/* Fewer bytes than the image holds: PROP_MORE when they matter. */
START_TEST(more_bytes)
{
	struct seg s = { .len = 0 };
	isa_note(&s, V4);
	int ret;
	for (size_t avail = 0; avail <= s.len; avail++) {
		struct arch_props p = read_as(&s, avail, s.len, s.len, 8, &ret);
		/* the padding after the value is never read */
		ck_assert_int_eq(ret, avail < 28 ? PROP_MORE : PROP_DONE);
		EXPECT(p, avail >= 28, avail < 28 ? 0 : V4);
	}
	/* bytes past the last note of the segment are not needed */
	EXPECT(read_as(&s, s.len, 4096, s.len, 8, &ret), 1, V4);
	ck_assert_int_eq(ret, PROP_DONE);
}
END_TEST

/* Random segments: no read outside the buffer (under a sanitizer), the
 * same answer with the image given whole or in part. */
START_TEST(random_segments)
{
	srand(1);
	for (int round = 0; round < 20000; round++) {
		struct seg s = { .len = 0 };
		int n = rand() % 4;
		for (int i = 0; i < n; i++) {
			uint32_t desc = (uint32_t)(rand() % 5) * 8;
			gnu_note(&s, rand() % 8 ? desc : (uint32_t)rand(),
				 rand() % 4 ? NT_GNU_PROPERTY_TYPE_0 : 1);
			for (uint32_t k = 0; k < desc / 8 && s.len < 400; k++) {
				static const uint32_t types[] = { 0, AND, ISA, ISA + 1, 0xc0000001 };
				put32(&s, types[rand() % 5]);
				put32(&s, rand() % 6 ? 4 : (uint32_t)rand() % 16);
			}
		}
		for (size_t i = 0; i < s.len; i++)
			if (rand() % 50 == 0)
				s.b[i] = (unsigned char)rand();
		size_t total = s.len ? (size_t)rand() % (s.len + 1) : 0;
		uint64_t memsz = rand() % 3 ? total : (uint64_t)rand();
		int ret, ret2;
		struct arch_props whole = read_as(&s, total, total, memsz, 8, &ret);
		ck_assert_int_eq(ret, PROP_DONE);
		ck_assert_int_eq(whole.decided, 1);
		size_t avail = total ? (size_t)rand() % total : 0;
		struct arch_props part = read_as(&s, avail, total, memsz, 8, &ret2);
		if (ret2 == PROP_DONE) {
			EXPECT(part, 1, whole.isa_needed);
		} else {
			EXPECT(part, 0, 0);
		}
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prop");
	ADD_TCASE(s, "rules", NULL, NULL, plain_note, alignment_and_decision, notes_before,
		  second_note_cancels, bad_descriptors, property_order);
	ADD_TCASE(s, "bounds", NULL, NULL, memsz_cuts, image_ends, more_bytes, random_segments);
	return run_suite(s);
}
