/* LD_SHOW_AUXV: the auxiliary vector the kernel passed, printed to
 * standard output in ld.so's format before anything is loaded: one line
 * per entry, "AT_NAME:" padded to a column, the value in decimal, in hex
 * (most with 0x) or as a string; a type ld.so does not know as
 * "AT_??? (0xTYPE): 0xVALUE".  Not in secure mode (env.c). */
#include "core.h"
#include "out.h"
#include "util.h"

enum form { NONE, DEC, HEX, HEX0X, STR, SKIP };

struct auxname {
	uint8_t type;
	uint8_t form;
	const char *name;
};

/* The types glibc 2.36 names, in no particular order. */
static const struct auxname names[] = {
	{ AT_EXECFD, DEC, "EXECFD" },		{ AT_EXECFN, STR, "EXECFN" },
	{ AT_PHDR, HEX0X, "PHDR" },		{ AT_PHENT, DEC, "PHENT" },
	{ AT_PHNUM, DEC, "PHNUM" },		{ AT_PAGESZ, DEC, "PAGESZ" },
	{ AT_BASE, HEX0X, "BASE" },		{ AT_FLAGS, HEX0X, "FLAGS" },
	{ AT_ENTRY, HEX0X, "ENTRY" },		{ AT_NOTELF, HEX, "NOTELF" },
	{ AT_UID, DEC, "UID" },			{ AT_EUID, DEC, "EUID" },
	{ AT_GID, DEC, "GID" },			{ AT_EGID, DEC, "EGID" },
	{ AT_PLATFORM, STR, "PLATFORM" },	{ AT_HWCAP, HEX, "HWCAP" },
	{ AT_CLKTCK, DEC, "CLKTCK" },		{ AT_FPUCW, HEX, "FPUCW" },
	{ AT_DCACHEBSIZE, HEX0X, "DCACHEBSIZE" }, { AT_ICACHEBSIZE, HEX0X, "ICACHEBSIZE" },
	{ AT_UCACHEBSIZE, HEX0X, "UCACHEBSIZE" }, { AT_IGNOREPPC, SKIP, "" },
	{ AT_SECURE, DEC, "SECURE" },		{ AT_BASE_PLATFORM, STR, "BASE_PLATFORM" },
	{ AT_SYSINFO, HEX0X, "SYSINFO" },	{ AT_SYSINFO_EHDR, HEX0X, "SYSINFO_EHDR" },
	{ AT_RANDOM, HEX0X, "RANDOM" },		{ AT_HWCAP2, HEX0X, "HWCAP2" },
	{ 51 /* AT_MINSIGSTKSZ */, DEC, "MINSIGSTKSZ" },
	{ AT_L1I_CACHESIZE, DEC, "L1I_CACHESIZE" }, { AT_L1I_CACHEGEOMETRY, HEX0X, "L1I_CACHEGEOMETRY" },
	{ AT_L1D_CACHESIZE, DEC, "L1D_CACHESIZE" }, { AT_L1D_CACHEGEOMETRY, HEX0X, "L1D_CACHEGEOMETRY" },
	{ AT_L2_CACHESIZE, DEC, "L2_CACHESIZE" }, { AT_L2_CACHEGEOMETRY, HEX0X, "L2_CACHEGEOMETRY" },
	{ AT_L3_CACHESIZE, DEC, "L3_CACHESIZE" }, { AT_L3_CACHEGEOMETRY, HEX0X, "L3_CACHEGEOMETRY" },
};

static const struct auxname *name_of(unsigned long type)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].type == type)
			return &names[i];
	return 0;
}

void show_auxv(void)
{
	for (const Elf64_auxv_t *a = R.auxv; a && a->a_type != AT_NULL; a++) {
		unsigned long type = a->a_type, v = a->a_un.a_val;
		if (type == AT_IGNORE)
			continue;
		const struct auxname *n = name_of(type);
		if (!n) {
			r_dprintf(1, "AT_??? (0x%lx): 0x%lx\n", type, v);
			continue;
		}
		/* The value starts in column 22 of "AT_NAME:   value". */
		int pad = 18 - (int)r_strlen(n->name);
		switch (n->form) {
		case DEC:
			r_dprintf(1, "AT_%s:%*s%lu\n", n->name, pad, "", v);
			break;
		case HEX:
			r_dprintf(1, "AT_%s:%*s%lx\n", n->name, pad, "", v);
			break;
		case HEX0X:
			r_dprintf(1, "AT_%s:%*s0x%lx\n", n->name, pad, "", v);
			break;
		case STR:
			r_dprintf(1, "AT_%s:%*s%s\n", n->name, pad, "", (const char *)v);
			break;
		}
	}
}
