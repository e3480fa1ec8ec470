/* One cache parameter (size, associativity or line size of one level) as
 * CPUID describes it, with glibc 2.36's rules for each vendor:
 *   - Intel: the descriptor bytes of leaf 2, of which 0xff means "see the
 *     deterministic cache parameters of leaf 4";
 *   - Zhaoxin: leaf 4 only;
 *   - AMD: the legacy leaves 0x80000005 (L1) and 0x80000006 (L2, L3).
 * glibc asks CPUID again for every parameter; rtld_cpuid keeps the
 * answers, so each leaf and subleaf is executed once.
 *
 * Results: a value; 0 when CPUID does not say; -1 for a level Intel's
 * tables say does not exist. */
#include "cpu.h"

enum { SIZE, ASSOC, LINESIZE };

/* Leaf 4: the parameter of the first cache of name's level and type, or
 * found = false.  Level 4 is looked for only on Intel. */
static long leaf4(enum cache_param name, bool with_l4, bool *found)
{
	unsigned level = name / 3 < 2 ? 1 : name / 3;	/* L1I and L1D are both level 1 */
	unsigned want_type = name / 3 == 0 ? 2 : name / 3 == 1 ? 1 : 0;	/* inst, data, any */
	*found = false;
	if (level == 4 && !with_l4)
		return 0;
	for (uint32_t sub = 0;; sub++) {
		uint32_t r[4];
		rtld_cpuid(4, sub, r);
		unsigned type = r[EAX] & 0x1f, lvl = (r[EAX] >> 5) & 7;
		if (type == 0)
			return 0;
		if (lvl != level || (level == 1 && type != want_type))
			continue;
		*found = true;
		uint32_t ways = (r[EBX] >> 22) + 1, line = (r[EBX] & 0xfff) + 1;
		switch (name % 3) {
		case SIZE:	/* in 32 bits, as glibc computes it */
			return (uint32_t)(ways * (((r[EBX] >> 12) & 0x3ff) + 1) * line * (r[ECX] + 1));
		case ASSOC:
			return ways;
		default:
			return line;
		}
	}
}

/* The leaf 2 descriptors glibc knows (a subset of the Intel SDM's table),
 * sorted: descriptor, level (1 = L1I, 2 = L1D, 3 = L2, 4 = L3),
 * associativity, line size, size in KiB. */
static const struct {
	uint8_t desc, level, assoc, line;
	uint16_t kib;
} descriptors[] = {
	{ 0x06, 1, 4, 32, 8 },     { 0x08, 1, 4, 32, 16 },    { 0x09, 1, 4, 32, 32 },
	{ 0x0a, 2, 2, 32, 8 },     { 0x0c, 2, 4, 32, 16 },    { 0x0d, 2, 4, 64, 16 },
	{ 0x0e, 2, 6, 64, 24 },    { 0x21, 3, 8, 64, 256 },   { 0x22, 4, 4, 64, 512 },
	{ 0x23, 4, 8, 64, 1024 },  { 0x25, 4, 8, 64, 2048 },  { 0x29, 4, 8, 64, 4096 },
	{ 0x2c, 2, 8, 64, 32 },    { 0x30, 1, 8, 64, 32 },    { 0x39, 3, 4, 64, 128 },
	{ 0x3a, 3, 6, 64, 192 },   { 0x3b, 3, 2, 64, 128 },   { 0x3c, 3, 4, 64, 256 },
	{ 0x3d, 3, 6, 64, 384 },   { 0x3e, 3, 4, 64, 512 },   { 0x3f, 3, 2, 64, 256 },
	{ 0x41, 3, 4, 32, 128 },   { 0x42, 3, 4, 32, 256 },   { 0x43, 3, 4, 32, 512 },
	{ 0x44, 3, 4, 32, 1024 },  { 0x45, 3, 4, 32, 2048 },  { 0x46, 4, 4, 64, 4096 },
	{ 0x47, 4, 8, 64, 8192 },  { 0x48, 3, 12, 64, 3072 }, { 0x49, 3, 16, 64, 4096 },
	{ 0x4a, 4, 12, 64, 6144 }, { 0x4b, 4, 16, 64, 8192 }, { 0x4c, 4, 12, 64, 12288 },
	{ 0x4d, 4, 16, 64, 16384 }, { 0x4e, 3, 24, 64, 6144 }, { 0x60, 2, 8, 64, 16 },
	{ 0x66, 2, 4, 64, 8 },     { 0x67, 2, 4, 64, 16 },    { 0x68, 2, 4, 64, 32 },
	{ 0x78, 3, 8, 64, 1024 },  { 0x79, 3, 8, 64, 128 },   { 0x7a, 3, 8, 64, 256 },
	{ 0x7b, 3, 8, 64, 512 },   { 0x7c, 3, 8, 64, 1024 },  { 0x7d, 3, 8, 64, 2048 },
	{ 0x7f, 3, 2, 64, 512 },   { 0x80, 3, 8, 64, 512 },   { 0x82, 3, 8, 32, 256 },
	{ 0x83, 3, 8, 32, 512 },   { 0x84, 3, 8, 32, 1024 },  { 0x85, 3, 8, 32, 2048 },
	{ 0x86, 3, 4, 64, 512 },   { 0x87, 3, 8, 64, 1024 },  { 0xd0, 4, 4, 64, 512 },
	{ 0xd1, 4, 4, 64, 1024 },  { 0xd2, 4, 4, 64, 2048 },  { 0xd6, 4, 8, 64, 1024 },
	{ 0xd7, 4, 8, 64, 2048 },  { 0xd8, 4, 8, 64, 4096 },  { 0xdc, 4, 12, 64, 2048 },
	{ 0xdd, 4, 12, 64, 4096 }, { 0xde, 4, 12, 64, 8192 }, { 0xe2, 4, 16, 64, 2048 },
	{ 0xe3, 4, 16, 64, 4096 }, { 0xe4, 4, 16, 64, 8192 }, { 0xea, 4, 24, 64, 12288 },
	{ 0xeb, 4, 24, 64, 18432 }, { 0xec, 4, 24, 64, 24576 },
};

/* One register of leaf 2: its descriptor bytes from the lowest. */
static long intel_register(char *cf, enum cache_param name, uint32_t value, bool *no_l2_l3)
{
	if (value & 0x80000000)		/* reserved: no descriptors */
		return 0;
	for (; value; value >>= 8) {
		unsigned byte = value & 0xff;
		if (byte == 0x40) {	/* no L2, or no L3 */
			*no_l2_l3 = true;
			if (name / 3 == L3_SIZE / 3)
				break;
			continue;
		}
		if (byte == 0xff) {	/* everything is in leaf 4 */
			bool found;
			long v = leaf4(name, true, &found);
			return found ? v : -1;
		}
		/* Family 15 model 6 describes its L3 with 0x49, elsewhere an
		 * L2 descriptor: answer a question about L3 from it. */
		if (byte == 0x49 && name / 3 == L3_SIZE / 3 && BASIC(cf, FAMILY, uint32_t) == 15 &&
		    BASIC(cf, MODEL, uint32_t) == 6)
			name = L2_SIZE + name % 3;
		/* Binary search: the table is sorted, and each of up to 15
		 * bytes is looked up for each of the nine questions. */
		size_t lo = 0, hi = sizeof descriptors / sizeof descriptors[0];
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (descriptors[mid].desc < byte)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < sizeof descriptors / sizeof descriptors[0] && descriptors[lo].desc == byte &&
		    descriptors[lo].level == name / 3 + 1)
			return name % 3 == SIZE ? descriptors[lo].kib * 1024L
			     : name % 3 == ASSOC ? descriptors[lo].assoc : descriptors[lo].line;
	}
	return 0;
}

long cache_intel(char *cf, enum cache_param name)
{
	if (BASIC(cf, MAX_CPUID, int) < 2)
		return -1;
	uint32_t r[4];
	rtld_cpuid(2, 0, r);
	bool no_l2_l3 = false;
	/* The low byte of EAX is 1; anything else means leaf 2 is not to
	 * be trusted, and leaf 4 is asked instead. */
	if ((r[EAX] & 0xff) != 1)
		return intel_register(cf, name, 0xff, &no_l2_l3);
	r[EAX] &= 0xffffff00;
	for (int i = 0; i < 4; i++) {
		long v = intel_register(cf, name, r[i], &no_l2_l3);
		if (v)
			return v;
	}
	return name >= L2_SIZE && name <= L3_LINESIZE && no_l2_l3 ? -1 : 0;
}

long cache_zhaoxin(enum cache_param name)
{
	bool found;
	return leaf4(name, false, &found);
}

/* The associativity code of leaf 0x80000006's L2 and L3 fields. */
static long amd_ways(unsigned code, long size, unsigned line)
{
	static const uint8_t ways[16] = { 0, 1, 2, 0, 4, 0, 8, 0, 16, 0, 32, 48, 64, 96, 128, 0 };
	if (code == 15)		/* fully associative (glibc divides by 0 if line is 0) */
		return line ? size / line : 0;
	return ways[code];
}

long cache_amd(enum cache_param name)
{
	uint32_t r[4];
	rtld_cpuid(0x80000000, 0, r);
	if (name > L3_LINESIZE)
		return 0;
	uint32_t leaf = name >= L2_SIZE ? 0x80000006 : 0x80000005;
	if (r[EAX] < leaf)
		return 0;
	rtld_cpuid(leaf, 0, r);
	uint32_t ecx = r[ECX], edx = r[EDX];
	if (name < L1D_SIZE) {	/* L1I is in EDX, laid out as L1D in ECX */
		name += L1D_SIZE - L1I_SIZE;
		ecx = edx;
	}
	switch (name) {
	case L1D_SIZE:
		return (ecx >> 14) & 0x3fc00;
	case L1D_ASSOC:
		if (((ecx >> 16) & 0xff) == 0xff)	/* fully associative */
			return ((ecx >> 16) << 2) & 0x3fc00;
		return (ecx >> 16) & 0xff;
	case L1D_LINESIZE:
		return ecx & 0xff;
	case L2_SIZE:
		return (ecx & 0xf000) == 0 ? 0 : (ecx >> 6) & 0x3fffc00;
	case L2_ASSOC:
		return amd_ways((ecx >> 12) & 0xf, (ecx >> 6) & 0x3fffc00, ecx & 0xff);
	case L2_LINESIZE:
		return (ecx & 0xf000) == 0 ? 0 : ecx & 0xff;
	case L3_SIZE:
		return (edx & 0xf000) == 0 ? 0 : (long)((edx & 0x3ffc0000) << 1);
	case L3_ASSOC:
		return amd_ways((edx >> 12) & 0xf, (long)((edx & 0x3ffc0000) << 1), edx & 0xff);
	default:
		return (edx & 0xf000) == 0 ? 0 : edx & 0xff;
	}
}
