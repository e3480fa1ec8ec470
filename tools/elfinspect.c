/* elfinspect: shows what a dynamic linker sees in an ELF file, or checks
 * the file for malformations (--check).
 *
 * Built on libelf.  The whole file is read into memory first and every
 * offset, address and count taken from it is range-checked before use, so
 * a truncated or corrupt file gives a message, never a crash.  Everything
 * past the ELF and program headers is read the way a loader reads it:
 * through PT_DYNAMIC and the virtual addresses in the dynamic section,
 * translated to file offsets through the PT_LOAD segments; section headers
 * are only checked, since a loader never needs them.
 *
 * Exit status: 0 fine, 1 malformations found, 2 unreadable or not ELF. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_FILE_SIZE ((size_t)1 << 30)	/* keeps offsets within libelf's int */
#define MAX_VERSION_INDEX 0x8000

enum {
	SHOW_HEADER = 1 << 0,
	SHOW_PHDRS = 1 << 1,
	SHOW_DYNAMIC = 1 << 2,
	SHOW_VERSIONS = 1 << 3,
	SHOW_RELOCS = 1 << 4,
	SHOW_GNU_HASH = 1 << 5,
	SHOW_ALL = (1 << 6) - 1,
};

struct gnu_hash_tab {
	uint32_t nbuckets, symoffset, bloom_size, bloom_shift;
	Elf_Data *bloom;		/* words of word_size() */
	const uint32_t *buckets;
	const uint32_t *chain;		/* indexed by symbol - symoffset */
	size_t nchain;			/* words available in chain */
};

struct file {
	const char *path;
	unsigned char *buf;
	size_t size;
	Elf *elf;
	GElf_Ehdr eh;
	bool is64;
	GElf_Phdr *ph;		/* NULL when the table is unreadable */
	size_t phnum;
	GElf_Dyn *dyn;		/* PT_DYNAMIC entries up to DT_NULL */
	size_t ndyn;
	const char *strtab;	/* DT_STRTAB inside buf, strsz bytes */
	size_t strsz;
	size_t nsyms;		/* dynamic symbol count, 0 if unknown */
	struct gnu_hash_tab gh;
	bool has_gh;		/* DT_GNU_HASH present and readable */
	unsigned problems;
	uint64_t seen[128];	/* hashes of the problems reported so far */
};

static bool check_only;
static unsigned show = SHOW_ALL;
static bool quiet;		/* the part being walked is not to be listed */

/* Every part of the file is always walked, so that every malformation is
 * found; only the parts asked for are listed. */
static void listing(unsigned section)
{
	quiet = check_only || !(show & section);
}

/* ------------------------------------------------------------------ output */

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* A malformation: inline in the listing, or one line per problem with
 * --check.  One bad table is met by several walkers: each distinct
 * message is reported once. */
static void problem(struct file *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct file *f, const char *fmt, ...)
{
	char msg[512];
	uint64_t h = 14695981039346656037ULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (const char *c = msg; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ULL;
	for (size_t i = 0; i < ARRAY_LEN(f->seen) && i < f->problems; i++)
		if (f->seen[i] == h)
			return;
	if (f->problems < ARRAY_LEN(f->seen))
		f->seen[f->problems] = h;
	f->problems++;
	if (check_only)
		printf("%s: %s\n", f->path, msg);
	else
		printf("  !! %s\n", msg);
}

/* ------------------------------------------------------------------- names */

struct name {
	uint64_t value;
	const char *name;
};

static const char *lookup(const struct name *t, size_t n, uint64_t value)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].name;
	return NULL;
}

#define N(x) { x, #x }
static const struct name type_names[] = {
	N(ET_NONE), N(ET_REL), N(ET_EXEC), N(ET_DYN), N(ET_CORE),
};
static const struct name machine_names[] = {
	N(EM_X86_64), N(EM_386), N(EM_AARCH64), N(EM_ARM), N(EM_RISCV),
	N(EM_PPC64), N(EM_PPC), N(EM_S390), N(EM_MIPS), N(EM_SPARCV9),
	N(EM_LOONGARCH),
};
static const struct name osabi_names[] = {
	N(ELFOSABI_SYSV), N(ELFOSABI_GNU), N(ELFOSABI_FREEBSD),
};
static const struct name phdr_names[] = {
	N(PT_NULL), N(PT_LOAD), N(PT_DYNAMIC), N(PT_INTERP), N(PT_NOTE),
	N(PT_SHLIB), N(PT_PHDR), N(PT_TLS), N(PT_GNU_EH_FRAME),
	N(PT_GNU_STACK), N(PT_GNU_RELRO), N(PT_GNU_PROPERTY),
};

enum dkind { D_VAL, D_ADDR, D_SIZE, D_STR, D_FLAGS, D_FLAGS_1 };
struct dtag {
	int64_t tag;
	const char *name;
	enum dkind kind;
};
#define T(x, k) { x, #x, k }
static const struct dtag dtags[] = {
	T(DT_NULL, D_VAL), T(DT_NEEDED, D_STR), T(DT_PLTRELSZ, D_SIZE),
	T(DT_PLTGOT, D_ADDR), T(DT_HASH, D_ADDR), T(DT_STRTAB, D_ADDR),
	T(DT_SYMTAB, D_ADDR), T(DT_RELA, D_ADDR), T(DT_RELASZ, D_SIZE),
	T(DT_RELAENT, D_SIZE), T(DT_STRSZ, D_SIZE), T(DT_SYMENT, D_SIZE),
	T(DT_INIT, D_ADDR), T(DT_FINI, D_ADDR), T(DT_SONAME, D_STR),
	T(DT_RPATH, D_STR), T(DT_SYMBOLIC, D_VAL), T(DT_REL, D_ADDR),
	T(DT_RELSZ, D_SIZE), T(DT_RELENT, D_SIZE), T(DT_PLTREL, D_VAL),
	T(DT_DEBUG, D_ADDR), T(DT_TEXTREL, D_VAL), T(DT_JMPREL, D_ADDR),
	T(DT_BIND_NOW, D_VAL), T(DT_INIT_ARRAY, D_ADDR),
	T(DT_FINI_ARRAY, D_ADDR), T(DT_INIT_ARRAYSZ, D_SIZE),
	T(DT_FINI_ARRAYSZ, D_SIZE), T(DT_RUNPATH, D_STR), T(DT_FLAGS, D_FLAGS),
	T(DT_PREINIT_ARRAY, D_ADDR), T(DT_PREINIT_ARRAYSZ, D_SIZE),
	T(DT_SYMTAB_SHNDX, D_ADDR), T(DT_RELRSZ, D_SIZE), T(DT_RELR, D_ADDR),
	T(DT_RELRENT, D_SIZE),
	T(DT_GNU_PRELINKED, D_VAL), T(DT_GNU_CONFLICTSZ, D_SIZE),
	T(DT_GNU_LIBLISTSZ, D_SIZE), T(DT_CHECKSUM, D_VAL),
	T(DT_PLTPADSZ, D_SIZE), T(DT_MOVEENT, D_SIZE), T(DT_MOVESZ, D_SIZE),
	T(DT_FEATURE_1, D_VAL), T(DT_POSFLAG_1, D_VAL), T(DT_SYMINSZ, D_SIZE),
	T(DT_SYMINENT, D_SIZE), T(DT_GNU_HASH, D_ADDR),
	T(DT_TLSDESC_PLT, D_ADDR), T(DT_TLSDESC_GOT, D_ADDR),
	T(DT_GNU_CONFLICT, D_ADDR), T(DT_GNU_LIBLIST, D_ADDR),
	T(DT_CONFIG, D_STR), T(DT_DEPAUDIT, D_STR), T(DT_AUDIT, D_STR),
	T(DT_PLTPAD, D_ADDR), T(DT_MOVETAB, D_ADDR), T(DT_SYMINFO, D_ADDR),
	T(DT_VERSYM, D_ADDR), T(DT_RELACOUNT, D_VAL), T(DT_RELCOUNT, D_VAL),
	T(DT_FLAGS_1, D_FLAGS_1), T(DT_VERDEF, D_ADDR),
	T(DT_VERDEFNUM, D_VAL), T(DT_VERNEED, D_ADDR),
	T(DT_VERNEEDNUM, D_VAL), T(DT_AUXILIARY, D_STR), T(DT_FILTER, D_STR),
};

static const struct dtag *dtag_info(int64_t tag)
{
	for (size_t i = 0; i < ARRAY_LEN(dtags); i++)
		if (dtags[i].tag == tag)
			return &dtags[i];
	return NULL;
}

/* Bit names, indexed by bit number. */
static const char *const df_names[] = {
	"ORIGIN", "SYMBOLIC", "TEXTREL", "BIND_NOW", "STATIC_TLS",
};
static const char *const df1_names[] = {
	"NOW", "GLOBAL", "GROUP", "NODELETE", "LOADFLTR", "INITFIRST",
	"NOOPEN", "ORIGIN", "DIRECT", "TRANS", "INTERPOSE", "NODEFLIB",
	"NODUMP", "CONFALT", "ENDFILTEE", "DISPRELDNE", "DISPRELPND",
	"NODIRECT", "IGNMULDEF", "NOKSYMS", "NOHDR", "EDITED", "NORELOC",
	"SYMINTPOSE", "GLOBAUDIT", "SINGLETON", "STUB", "PIE",
};

static void print_flags(uint64_t v, const char *const *names, size_t n)
{
	const char *sep = "";

	if (!v)
		out("0");
	for (size_t bit = 0; bit < 64; bit++) {
		if (!(v & ((uint64_t)1 << bit)))
			continue;
		if (bit < n)
			out("%s%s", sep, names[bit]);
		else
			out("%s0x%llx", sep, 1ULL << bit);
		sep = " ";
	}
}

static const char *const x86_64_relocs[] = {
	[R_X86_64_NONE] = "NONE", [R_X86_64_64] = "64",
	[R_X86_64_PC32] = "PC32", [R_X86_64_GOT32] = "GOT32",
	[R_X86_64_PLT32] = "PLT32", [R_X86_64_COPY] = "COPY",
	[R_X86_64_GLOB_DAT] = "GLOB_DAT", [R_X86_64_JUMP_SLOT] = "JUMP_SLOT",
	[R_X86_64_RELATIVE] = "RELATIVE", [R_X86_64_GOTPCREL] = "GOTPCREL",
	[R_X86_64_32] = "32", [R_X86_64_32S] = "32S", [R_X86_64_16] = "16",
	[R_X86_64_PC16] = "PC16", [R_X86_64_8] = "8", [R_X86_64_PC8] = "PC8",
	[R_X86_64_DTPMOD64] = "DTPMOD64", [R_X86_64_DTPOFF64] = "DTPOFF64",
	[R_X86_64_TPOFF64] = "TPOFF64", [R_X86_64_TLSGD] = "TLSGD",
	[R_X86_64_TLSLD] = "TLSLD", [R_X86_64_DTPOFF32] = "DTPOFF32",
	[R_X86_64_GOTTPOFF] = "GOTTPOFF", [R_X86_64_TPOFF32] = "TPOFF32",
	[R_X86_64_PC64] = "PC64", [R_X86_64_GOTOFF64] = "GOTOFF64",
	[R_X86_64_GOTPC32] = "GOTPC32", [R_X86_64_GOT64] = "GOT64",
	[R_X86_64_GOTPCREL64] = "GOTPCREL64", [R_X86_64_GOTPC64] = "GOTPC64",
	[R_X86_64_GOTPLT64] = "GOTPLT64", [R_X86_64_PLTOFF64] = "PLTOFF64",
	[R_X86_64_SIZE32] = "SIZE32", [R_X86_64_SIZE64] = "SIZE64",
	[R_X86_64_GOTPC32_TLSDESC] = "GOTPC32_TLSDESC",
	[R_X86_64_TLSDESC_CALL] = "TLSDESC_CALL",
	[R_X86_64_TLSDESC] = "TLSDESC", [R_X86_64_IRELATIVE] = "IRELATIVE",
	[R_X86_64_RELATIVE64] = "RELATIVE64",
	[R_X86_64_GOTPCRELX] = "GOTPCRELX",
	[R_X86_64_REX_GOTPCRELX] = "REX_GOTPCRELX",
};

static void print_reloc_type(const struct file *f, unsigned type)
{
	if (f->eh.e_machine == EM_X86_64 && type < ARRAY_LEN(x86_64_relocs) &&
	    x86_64_relocs[type])
		out("%s", x86_64_relocs[type]);
	else
		out("type%u", type);
}

static void print_named(const struct name *t, size_t n, uint64_t v)
{
	const char *s = lookup(t, n, v);

	if (s)
		out("%s", s);
	else
		out("0x%llx", (unsigned long long)v);
}

/* ----------------------------------------------------------- file access */

static bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* Translates a virtual address to a file offset through the PT_LOAD whose
 * file image holds it; *avail gets the bytes of that image left from
 * there (clipped to the file).  False if no PT_LOAD's file image has it. */
static bool vaddr_to_off(const struct file *f, uint64_t addr, uint64_t *off, uint64_t *avail)
{
	for (size_t i = 0; f->ph && i < f->phnum; i++) {
		const GElf_Phdr *p = &f->ph[i];

		if (p->p_type != PT_LOAD || addr < p->p_vaddr ||
		    addr - p->p_vaddr >= p->p_filesz)
			continue;
		uint64_t o = p->p_offset + (addr - p->p_vaddr);
		if (o < p->p_offset || o >= f->size)
			return false;
		uint64_t left = p->p_filesz - (addr - p->p_vaddr);
		*off = o;
		*avail = left < f->size - o ? left : f->size - o;
		return true;
	}
	return false;
}

/* len bytes at virtual address addr, converted by libelf to type; NULL
 * (after reporting) if they are not all in the file. */
static Elf_Data *chunk_at(struct file *f, uint64_t addr, uint64_t len, Elf_Type type,
			  const char *what)
{
	uint64_t off, avail;
	Elf_Data *d;

	if (!vaddr_to_off(f, addr, &off, &avail)) {
		problem(f, "%s at 0x%llx is not in the file image of any PT_LOAD", what,
			(unsigned long long)addr);
		return NULL;
	}
	if (len > avail) {
		problem(f, "%s at 0x%llx (%llu bytes) runs past its segment or the file", what,
			(unsigned long long)addr, (unsigned long long)len);
		return NULL;
	}
	d = elf_getdata_rawchunk(f->elf, (int64_t)off, len, type);
	if (!d)
		problem(f, "%s: %s", what, elf_errmsg(-1));
	return d;
}

/* The first value of a dynamic tag. */
static bool dyn_get(const struct file *f, int64_t tag, uint64_t *val)
{
	for (size_t i = 0; i < f->ndyn; i++) {
		if (f->dyn[i].d_tag == tag) {
			*val = f->dyn[i].d_un.d_val;
			return true;
		}
	}
	return false;
}

/* A string of .dynstr, or NULL (after reporting) when off is bad. */
static const char *dynstr(struct file *f, uint64_t off, const char *what)
{
	if (!f->strtab) {
		problem(f, "%s refers to a string but there is no usable DT_STRTAB", what);
		return NULL;
	}
	if (off >= f->strsz || !memchr(f->strtab + off, 0, f->strsz - off)) {
		problem(f, "%s: string offset %llu outside DT_STRTAB (%zu bytes)", what,
			(unsigned long long)off, f->strsz);
		return NULL;
	}
	return f->strtab + off;
}

static const char *dynstr_or(struct file *f, uint64_t off, const char *what)
{
	const char *s = dynstr(f, off, what);

	return s ? s : "<bad string>";
}

static size_t word_size(const struct file *f)
{
	return f->is64 ? 8 : 4;
}

/* ------------------------------------------------------------ ELF header */

static bool load_header(struct file *f)
{
	if (f->size < EI_NIDENT || memcmp(f->buf, ELFMAG, SELFMAG) != 0) {
		fprintf(stderr, "elfinspect: %s: not an ELF file%s\n", f->path,
			f->size < EI_NIDENT ? " (too short)" : " (bad magic)");
		return false;
	}
	if (f->buf[EI_CLASS] != ELFCLASS32 && f->buf[EI_CLASS] != ELFCLASS64) {
		fprintf(stderr, "elfinspect: %s: unknown ELF class %u\n", f->path,
			f->buf[EI_CLASS]);
		return false;
	}
	f->is64 = f->buf[EI_CLASS] == ELFCLASS64;
	if (f->size < (f->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr))) {
		fprintf(stderr, "elfinspect: %s: truncated ELF header (%zu bytes)\n", f->path,
			f->size);
		return false;
	}
	f->elf = elf_memory((char *)f->buf, f->size);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF || !gelf_getehdr(f->elf, &f->eh)) {
		fprintf(stderr, "elfinspect: %s: libelf cannot read it: %s\n", f->path,
			elf_errmsg(-1));
		return false;
	}
	return true;
}

static void show_header(struct file *f)
{
	const GElf_Ehdr *e = &f->eh;

	out("ELF header\n");
	out("  class      %s, %s endian, ident version %u, OS ABI ",
	    f->is64 ? "ELF64" : "ELF32",
	    e->e_ident[EI_DATA] == ELFDATA2LSB ? "little" :
	    e->e_ident[EI_DATA] == ELFDATA2MSB ? "big" : "unknown",
	    e->e_ident[EI_VERSION]);
	print_named(osabi_names, ARRAY_LEN(osabi_names), e->e_ident[EI_OSABI]);
	out(" (ABI version %u)\n", e->e_ident[EI_ABIVERSION]);
	out("  type       ");
	print_named(type_names, ARRAY_LEN(type_names), e->e_type);
	out("\n  machine    ");
	print_named(machine_names, ARRAY_LEN(machine_names), e->e_machine);
	out("\n  version    %u\n", e->e_version);
	out("  entry      0x%llx\n", (unsigned long long)e->e_entry);
	out("  phdrs      offset %llu, %u x %u bytes\n", (unsigned long long)e->e_phoff,
	    e->e_phnum, e->e_phentsize);
	out("  sections   offset %llu, %u x %u bytes, names in section %u\n",
	    (unsigned long long)e->e_shoff, e->e_shnum, e->e_shentsize, e->e_shstrndx);
	out("  flags      0x%x, header size %u, file size %zu\n", e->e_flags, e->e_ehsize,
	    f->size);
}

static void check_header(struct file *f)
{
	const GElf_Ehdr *e = &f->eh;
	size_t ehsize = f->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);

	if (e->e_ident[EI_DATA] != ELFDATA2LSB && e->e_ident[EI_DATA] != ELFDATA2MSB)
		problem(f, "unknown data encoding %u", e->e_ident[EI_DATA]);
	if (e->e_ident[EI_VERSION] != EV_CURRENT || e->e_version != EV_CURRENT)
		problem(f, "ELF version %u/%u, expected %u", e->e_ident[EI_VERSION],
			e->e_version, EV_CURRENT);
	if (e->e_ehsize != ehsize)
		problem(f, "e_ehsize %u, expected %zu", e->e_ehsize, ehsize);
}

/* -------------------------------------------------------- program headers */

static void load_phdrs(struct file *f)
{
	size_t phentsize = f->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	size_t n = f->eh.e_phnum;

	/* PN_XNUM: the count is in section 0, which libelf reads. */
	if (n == PN_XNUM && elf_getphdrnum(f->elf, &n) != 0) {
		problem(f, "cannot count program headers: %s", elf_errmsg(-1));
		return;
	}
	if (n == 0)
		return;
	if (f->eh.e_phentsize != phentsize) {
		problem(f, "e_phentsize %u, expected %zu", f->eh.e_phentsize, phentsize);
		return;
	}
	if (!range_ok(f->eh.e_phoff, (uint64_t)n * phentsize, f->size)) {
		problem(f, "program header table (offset %llu, %zu x %zu bytes) runs past the end of the file (%zu bytes)",
			(unsigned long long)f->eh.e_phoff, n, phentsize, f->size);
		return;
	}
	f->ph = calloc(n, sizeof(*f->ph));
	if (!f->ph) {
		perror("elfinspect");
		exit(2);
	}
	for (size_t i = 0; i < n; i++) {
		if (!gelf_getphdr(f->elf, (int)i, &f->ph[i])) {
			problem(f, "program header %zu: %s", i, elf_errmsg(-1));
			free(f->ph);
			f->ph = NULL;
			return;
		}
	}
	f->phnum = n;
}

static void show_phdrs(struct file *f)
{
	if (!f->ph)
		return;
	out("\nProgram headers\n");
	out("  %-16s %10s %18s %10s %10s %-3s %s\n", "type", "offset", "vaddr", "filesz",
	    "memsz", "flg", "align");
	for (size_t i = 0; i < f->phnum; i++) {
		const GElf_Phdr *p = &f->ph[i];
		const char *name = lookup(phdr_names, ARRAY_LEN(phdr_names), p->p_type);

		if (name)
			out("  %-16s", name);
		else
			out("  0x%-14x", p->p_type);
		out(" %10llu %#18llx %10llu %10llu %c%c%c %#llx\n",
		    (unsigned long long)p->p_offset, (unsigned long long)p->p_vaddr,
		    (unsigned long long)p->p_filesz, (unsigned long long)p->p_memsz,
		    p->p_flags & PF_R ? 'R' : '-', p->p_flags & PF_W ? 'W' : '-',
		    p->p_flags & PF_X ? 'X' : '-', (unsigned long long)p->p_align);
		if (p->p_type == PT_INTERP && range_ok(p->p_offset, p->p_filesz, f->size) &&
		    p->p_filesz > 0 && f->buf[p->p_offset + p->p_filesz - 1] == 0)
			out("      interpreter: %s\n", (const char *)f->buf + p->p_offset);
	}
}

static void check_phdrs(struct file *f)
{
	const GElf_Phdr *prev_load = NULL;
	unsigned ninterp = 0, ndynamic = 0, nload = 0;
	bool entry_ok = false;

	for (size_t i = 0; f->ph && i < f->phnum; i++) {
		const GElf_Phdr *p = &f->ph[i];
		bool has_file_data = p->p_type != PT_NULL && p->p_type != PT_GNU_STACK &&
				     p->p_type != PT_GNU_RELRO && p->p_type != PT_PHDR;

		if (has_file_data && !range_ok(p->p_offset, p->p_filesz, f->size))
			problem(f, "phdr %zu: offset %llu + size %llu runs past the end of the file (%zu bytes)",
				i, (unsigned long long)p->p_offset,
				(unsigned long long)p->p_filesz, f->size);
		if (p->p_align > 1 && (p->p_align & (p->p_align - 1)))
			problem(f, "phdr %zu: alignment %#llx is not a power of two", i,
				(unsigned long long)p->p_align);
		if (p->p_filesz > p->p_memsz && (p->p_type == PT_LOAD || p->p_type == PT_TLS))
			problem(f, "phdr %zu: filesz %llu > memsz %llu", i,
				(unsigned long long)p->p_filesz, (unsigned long long)p->p_memsz);
		switch (p->p_type) {
		case PT_LOAD:
			nload++;
			if (p->p_align > 1 && (p->p_offset - p->p_vaddr) % p->p_align)
				problem(f, "PT_LOAD %zu: offset %#llx and vaddr %#llx differ modulo alignment %#llx",
					i, (unsigned long long)p->p_offset,
					(unsigned long long)p->p_vaddr,
					(unsigned long long)p->p_align);
			if (p->p_vaddr + p->p_memsz < p->p_vaddr)
				problem(f, "PT_LOAD %zu: vaddr + memsz overflows", i);
			if (prev_load && p->p_vaddr < prev_load->p_vaddr + prev_load->p_memsz)
				problem(f, "PT_LOAD %zu: not in ascending vaddr order or overlaps the previous one",
					i);
			prev_load = p;
			if ((p->p_flags & PF_X) && f->eh.e_entry >= p->p_vaddr &&
			    f->eh.e_entry - p->p_vaddr < p->p_memsz)
				entry_ok = true;
			break;
		case PT_INTERP:
			ninterp++;
			if (range_ok(p->p_offset, p->p_filesz, f->size) &&
			    (p->p_filesz < 2 || f->buf[p->p_offset + p->p_filesz - 1] != 0))
				problem(f, "PT_INTERP is not a NUL-terminated path");
			break;
		case PT_DYNAMIC: {
			uint64_t off, avail;

			ndynamic++;
			if (range_ok(p->p_offset, p->p_filesz, f->size) &&
			    (!vaddr_to_off(f, p->p_vaddr, &off, &avail) || off != p->p_offset ||
			     avail < p->p_filesz))
				problem(f, "PT_DYNAMIC is not inside the file image of a PT_LOAD at its own offset");
			break;
		}
		}
	}
	if (ninterp > 1)
		problem(f, "%u PT_INTERP headers", ninterp);
	if (ndynamic > 1)
		problem(f, "%u PT_DYNAMIC headers", ndynamic);
	if ((f->eh.e_type == ET_EXEC || f->eh.e_type == ET_DYN) && f->ph && nload == 0)
		problem(f, "no PT_LOAD segment");
	if (f->eh.e_type == ET_EXEC && nload && !entry_ok)
		problem(f, "entry point 0x%llx is not in an executable PT_LOAD",
			(unsigned long long)f->eh.e_entry);
}

/* --------------------------------------------------------- section headers */

static void check_sections(struct file *f)
{
	size_t shnum = f->eh.e_shnum, shstrndx;
	size_t shentsize = f->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	Elf_Scn *scn = NULL;

	if (f->eh.e_shoff == 0)
		return;
	/* 0 with a table: the count is in section 0, which libelf reads. */
	if (shnum == 0 && (!range_ok(f->eh.e_shoff, shentsize, f->size) ||
			   elf_getshdrnum(f->elf, &shnum) != 0)) {
		problem(f, "cannot count section headers (offset %llu)",
			(unsigned long long)f->eh.e_shoff);
		return;
	}
	if (shnum && f->eh.e_shentsize != shentsize)
		problem(f, "e_shentsize %u, expected %zu", f->eh.e_shentsize, shentsize);
	if (!range_ok(f->eh.e_shoff, (uint64_t)shnum * shentsize, f->size)) {
		problem(f, "section header table (offset %llu, %zu x %zu bytes) runs past the end of the file (%zu bytes)",
			(unsigned long long)f->eh.e_shoff, shnum, shentsize, f->size);
		return;
	}
	if (elf_getshdrstrndx(f->elf, &shstrndx) != 0 || (shnum && shstrndx >= shnum))
		problem(f, "section name table index is invalid");
	while ((scn = elf_nextscn(f->elf, scn))) {
		GElf_Shdr sh;
		size_t idx = elf_ndxscn(scn);

		if (!gelf_getshdr(scn, &sh)) {
			problem(f, "section %zu: %s", idx, elf_errmsg(-1));
			continue;
		}
		if (sh.sh_type != SHT_NOBITS && !range_ok(sh.sh_offset, sh.sh_size, f->size))
			problem(f, "section %zu: offset %llu + size %llu runs past the end of the file (%zu bytes)",
				idx, (unsigned long long)sh.sh_offset,
				(unsigned long long)sh.sh_size, f->size);
		if (sh.sh_link >= shnum && sh.sh_link < SHN_LORESERVE)
			problem(f, "section %zu: sh_link %u out of range", idx, sh.sh_link);
	}
}

/* ---------------------------------------------------------------- dynamic */

static void load_dynamic(struct file *f)
{
	const GElf_Phdr *dp = NULL;
	size_t entsize = f->is64 ? sizeof(Elf64_Dyn) : sizeof(Elf32_Dyn);
	Elf_Data *d;
	uint64_t strtab, strsz;
	bool terminated = false;

	for (size_t i = 0; f->ph && i < f->phnum; i++)
		if (f->ph[i].p_type == PT_DYNAMIC && !dp)
			dp = &f->ph[i];
	if (!dp)
		return;
	if (!range_ok(dp->p_offset, dp->p_filesz, f->size))
		return;		/* check_phdrs() said so */
	d = elf_getdata_rawchunk(f->elf, (int64_t)dp->p_offset, dp->p_filesz / entsize * entsize,
				 ELF_T_DYN);
	if (!d) {
		problem(f, "PT_DYNAMIC: %s", elf_errmsg(-1));
		return;
	}
	f->dyn = calloc(dp->p_filesz / entsize + 1, sizeof(*f->dyn));
	if (!f->dyn) {
		perror("elfinspect");
		exit(2);
	}
	for (size_t i = 0; i < dp->p_filesz / entsize; i++) {
		if (!gelf_getdyn(d, (int)i, &f->dyn[i]))
			break;
		if (f->dyn[i].d_tag == DT_NULL) {
			terminated = true;
			break;
		}
		f->ndyn++;
	}
	if (!terminated)
		problem(f, "dynamic section has no DT_NULL terminator inside PT_DYNAMIC");

	if (dyn_get(f, DT_STRTAB, &strtab)) {
		uint64_t off, avail;

		if (!dyn_get(f, DT_STRSZ, &strsz))
			problem(f, "DT_STRTAB without DT_STRSZ");
		else if (!vaddr_to_off(f, strtab, &off, &avail))
			problem(f, "DT_STRTAB at 0x%llx is not in the file image of any PT_LOAD",
				(unsigned long long)strtab);
		else if (strsz > avail)
			problem(f, "DT_STRTAB (%llu bytes) runs past its segment or the file",
				(unsigned long long)strsz);
		else {
			f->strtab = (const char *)f->buf + off;
			f->strsz = strsz;
		}
	}
}

static void show_dynamic(struct file *f)
{
	const char *needed_hdr = "  needed   ";
	uint64_t v;

	if (!f->dyn)
		return;
	out("\nDynamic section (%zu entries)\n", f->ndyn);
	for (size_t i = 0; i < f->ndyn; i++) {
		const GElf_Dyn *d = &f->dyn[i];
		const struct dtag *t = dtag_info(d->d_tag);

		if (t)
			out("  %-20s ", t->name);
		else
			out("  %#-20llx ", (unsigned long long)d->d_tag);
		switch (t ? t->kind : D_VAL) {
		case D_ADDR:
			out("0x%llx\n", (unsigned long long)d->d_un.d_ptr);
			break;
		case D_SIZE:
			out("%llu bytes\n", (unsigned long long)d->d_un.d_val);
			break;
		case D_STR:
			out("[%s]\n", dynstr_or(f, d->d_un.d_val, t->name));
			break;
		case D_FLAGS:
			print_flags(d->d_un.d_val, df_names, ARRAY_LEN(df_names));
			out("\n");
			break;
		case D_FLAGS_1:
			print_flags(d->d_un.d_val, df1_names, ARRAY_LEN(df1_names));
			out("\n");
			break;
		case D_VAL:
			if (d->d_tag == DT_PLTREL && (d->d_un.d_val == DT_RELA || d->d_un.d_val == DT_REL))
				out("%s\n", d->d_un.d_val == DT_RELA ? "DT_RELA" : "DT_REL");
			else
				out("%llu\n", (unsigned long long)d->d_un.d_val);
			break;
		}
	}

	out("\nDependencies and search paths\n");
	for (size_t i = 0; i < f->ndyn; i++) {
		if (f->dyn[i].d_tag == DT_NEEDED) {
			out("%s%s\n", needed_hdr, dynstr_or(f, f->dyn[i].d_un.d_val, "DT_NEEDED"));
			needed_hdr = "           ";
		}
	}
	if (dyn_get(f, DT_SONAME, &v))
		out("  soname   %s\n", dynstr_or(f, v, "DT_SONAME"));
	if (dyn_get(f, DT_RPATH, &v))
		out("  rpath    %s\n", dynstr_or(f, v, "DT_RPATH"));
	if (dyn_get(f, DT_RUNPATH, &v))
		out("  runpath  %s\n", dynstr_or(f, v, "DT_RUNPATH"));
}

/* Checks the tables of the dynamic section that no walker below reads
 * (DT_STRTAB, the relocation tables, versions and hash tables are checked
 * where they are read) and the size tags of all of them. */
static void check_dynamic(struct file *f)
{
	static const struct {
		int64_t addr, size;	/* size tag, or 0 when unknown */
		const char *what;
		bool walked;		/* read, so checked, elsewhere */
	} tables[] = {
		{ DT_SYMTAB, 0, "DT_SYMTAB", false },
		{ DT_RELA, DT_RELASZ, "DT_RELA", true },
		{ DT_REL, DT_RELSZ, "DT_REL", true },
		{ DT_JMPREL, DT_PLTRELSZ, "DT_JMPREL", true },
		{ DT_RELR, DT_RELRSZ, "DT_RELR", true },
		{ DT_INIT_ARRAY, DT_INIT_ARRAYSZ, "DT_INIT_ARRAY", false },
		{ DT_FINI_ARRAY, DT_FINI_ARRAYSZ, "DT_FINI_ARRAY", false },
		{ DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ, "DT_PREINIT_ARRAY", false },
	};
	uint64_t addr, size, off, avail, v;

	for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
		if (!dyn_get(f, tables[i].addr, &addr))
			continue;
		size = 0;
		if (tables[i].size && !dyn_get(f, tables[i].size, &size))
			problem(f, "%s without its size tag", tables[i].what);
		if (tables[i].walked)
			continue;
		if (!vaddr_to_off(f, addr, &off, &avail))
			problem(f, "%s at 0x%llx is not in the file image of any PT_LOAD",
				tables[i].what, (unsigned long long)addr);
		else if (size > avail)
			problem(f, "%s (%llu bytes at 0x%llx) runs past its segment or the file",
				tables[i].what, (unsigned long long)size,
				(unsigned long long)addr);
	}
	if (dyn_get(f, DT_RELAENT, &v) && v != (f->is64 ? sizeof(Elf64_Rela) : sizeof(Elf32_Rela)))
		problem(f, "DT_RELAENT is %llu", (unsigned long long)v);
	if (dyn_get(f, DT_SYMENT, &v) && v != (f->is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym)))
		problem(f, "DT_SYMENT is %llu", (unsigned long long)v);
	if (dyn_get(f, DT_PLTREL, &v) && v != DT_RELA && v != DT_REL)
		problem(f, "DT_PLTREL is %llu, neither DT_RELA nor DT_REL", (unsigned long long)v);
}

/* ------------------------------------------------------------------- hash */

static uint32_t gnu_hash(const char *s)
{
	uint32_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static bool load_gnu_hash(struct file *f)
{
	struct gnu_hash_tab *h = &f->gh;
	uint64_t addr, off, avail;
	Elf_Data *hdr, *rest;
	size_t ws = word_size(f);

	if (!dyn_get(f, DT_GNU_HASH, &addr))
		return false;
	if (!(hdr = chunk_at(f, addr, 16, ELF_T_WORD, "DT_GNU_HASH header")))
		return false;
	h->nbuckets = ((const uint32_t *)hdr->d_buf)[0];
	h->symoffset = ((const uint32_t *)hdr->d_buf)[1];
	h->bloom_size = ((const uint32_t *)hdr->d_buf)[2];
	h->bloom_shift = ((const uint32_t *)hdr->d_buf)[3];
	if (h->nbuckets == 0) {
		problem(f, "DT_GNU_HASH has no buckets (a loader would divide by zero)");
		return false;
	}
	if (h->bloom_size == 0 || (h->bloom_size & (h->bloom_size - 1)))
		problem(f, "DT_GNU_HASH bloom filter size %u is not a power of two",
			h->bloom_size);
	h->bloom = chunk_at(f, addr + 16, (uint64_t)h->bloom_size * ws,
			    f->is64 ? ELF_T_XWORD : ELF_T_WORD, "DT_GNU_HASH bloom filter");
	if (!h->bloom)
		return false;
	addr += 16 + (uint64_t)h->bloom_size * ws;
	if (!vaddr_to_off(f, addr, &off, &avail) || avail / 4 < h->nbuckets) {
		problem(f, "DT_GNU_HASH buckets (%u) run past the segment or the file",
			h->nbuckets);
		return false;
	}
	/* The chain has no stored length: take everything up to the end of
	 * the segment and bound each walk by it. */
	rest = chunk_at(f, addr, avail / 4 * 4, ELF_T_WORD, "DT_GNU_HASH buckets and chains");
	if (!rest)
		return false;
	h->buckets = rest->d_buf;
	h->chain = h->buckets + h->nbuckets;
	h->nchain = avail / 4 - h->nbuckets;
	return true;
}

/* Symbol count from DT_HASH's nchain, or else the symbol after the last
 * one the GNU hash chains reach (the chain that starts highest ends
 * highest); 0 (unknown) when neither is usable.  A GNU hash table with no
 * hashed symbol gives no count: symoffset is only a lower bound. */
static void count_symbols(struct file *f)
{
	const struct gnu_hash_tab *h = &f->gh;
	uint64_t addr, i = 0;
	Elf_Data *d;

	if (dyn_get(f, DT_HASH, &addr) && (d = chunk_at(f, addr, 8, ELF_T_WORD, "DT_HASH"))) {
		f->nsyms = ((const uint32_t *)d->d_buf)[1];
		return;
	}
	if (!f->has_gh)
		return;
	for (uint32_t b = 0; b < h->nbuckets; b++)
		if (h->buckets[b] > i)
			i = h->buckets[b];
	if (i < h->symoffset)
		return;
	while (i - h->symoffset < h->nchain && !(h->chain[i - h->symoffset] & 1))
		i++;
	f->nsyms = i + 1;
}

static uint64_t bloom_word(const struct file *f, uint32_t w)
{
	return f->is64 ? ((const uint64_t *)f->gh.bloom->d_buf)[w]
		       : ((const uint32_t *)f->gh.bloom->d_buf)[w];
}

/* Checks that the symbol at index i of a chain is filed under the bucket
 * the walk came from and that the bloom filter lets it through. */
static void check_hashed_symbol(struct file *f, Elf_Data *syms, uint64_t i, uint32_t bucket,
				unsigned *misplaced, unsigned *unbloomed)
{
	const struct gnu_hash_tab *h = &f->gh;
	unsigned wbits = (unsigned)word_size(f) * 8;
	uint32_t stored = h->chain[i - h->symoffset], full;
	const char *name;
	GElf_Sym sym;
	uint64_t word;

	if (!syms || i >= f->nsyms || !gelf_getsym(syms, (int)i, &sym) ||
	    !(name = dynstr(f, sym.st_name, "hashed symbol name")))
		return;
	full = gnu_hash(name);
	if ((full ^ stored) >> 1 || full % h->nbuckets != bucket)
		(*misplaced)++;
	if (!h->bloom_size || (h->bloom_size & (h->bloom_size - 1)))
		return;
	word = bloom_word(f, (full / wbits) & (h->bloom_size - 1));
	if (!(word >> (full % wbits) & 1) || !(word >> ((full >> (h->bloom_shift % 32)) % wbits) & 1))
		(*unbloomed)++;
}

static void show_gnu_hash(struct file *f)
{
	const struct gnu_hash_tab *h = &f->gh;
	size_t hist[6] = { 0 }, maxlen = 0, hashed = 0, nonempty = 0, bloom_bits = 0;
	unsigned wbits = (unsigned)word_size(f) * 8, misplaced = 0, unbloomed = 0;
	Elf_Data *syms = NULL;
	uint64_t symtab;

	if (!f->has_gh)
		return;
	if (f->nsyms && dyn_get(f, DT_SYMTAB, &symtab))
		syms = chunk_at(f, symtab, f->nsyms * (f->is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym)),
				ELF_T_SYM, "DT_SYMTAB");
	for (uint32_t w = 0; w < h->bloom_size; w++)
		bloom_bits += (size_t)__builtin_popcountll(bloom_word(f, w));
	for (uint32_t b = 0; b < h->nbuckets; b++) {
		uint64_t i = h->buckets[b];
		size_t len = 0;

		if (i == 0) {
			hist[0]++;
			continue;
		}
		if (i < h->symoffset) {
			problem(f, "DT_GNU_HASH bucket %u starts at symbol %llu, below symoffset %u",
				b, (unsigned long long)i, h->symoffset);
			return;
		}
		nonempty++;
		for (;; i++) {
			if (i - h->symoffset >= h->nchain) {
				problem(f, "DT_GNU_HASH chain of bucket %u runs past the segment", b);
				return;
			}
			/* Chains of a sound table are disjoint: more steps than
			 * chain words means they overlap. */
			if (++hashed > h->nchain) {
				problem(f, "DT_GNU_HASH chains overlap");
				return;
			}
			len++;
			check_hashed_symbol(f, syms, i, b, &misplaced, &unbloomed);
			if (h->chain[i - h->symoffset] & 1)
				break;
		}
		hist[len < 5 ? len : 5]++;
		if (len > maxlen)
			maxlen = len;
	}
	if (misplaced)
		problem(f, "DT_GNU_HASH: %u symbols are filed under the wrong bucket or hash",
			misplaced);
	if (unbloomed)
		problem(f, "DT_GNU_HASH: the bloom filter rejects %u hashed symbols", unbloomed);
	out("\nGNU hash table\n");
	out("  buckets %u (%zu empty), symoffset %u, %zu hashed symbols\n", h->nbuckets,
	    hist[0], h->symoffset, hashed);
	out("  bloom   %u words x %u bits, shift %u, %zu bits set (%.1f%%)\n", h->bloom_size,
	    wbits, h->bloom_shift, bloom_bits,
	    h->bloom_size ? 100.0 * (double)bloom_bits / ((double)h->bloom_size * wbits) : 0.0);
	out("  chains  longest %zu, mean %.2f over non-empty buckets\n", maxlen,
	    nonempty ? (double)hashed / (double)nonempty : 0.0);
	out("  lengths 0:%zu 1:%zu 2:%zu 3:%zu 4:%zu 5+:%zu\n", hist[0], hist[1], hist[2],
	    hist[3], hist[4], hist[5]);
}

/* --------------------------------------------------------------- versions */

/* base + delta, if the result stays inside avail bytes. */
static bool step(size_t base, uint64_t delta, size_t avail, size_t *res)
{
	if (delta > avail || base > avail - delta)
		return false;
	*res = base + (size_t)delta;
	return true;
}

/* Follows the link (next bytes on) from entry i of a version chain at *pos;
 * false, after reporting, when the link is shorter than an entry (min) or
 * leaves the table. */
static bool follow(struct file *f, const Elf_Data *d, size_t *pos, uint32_t next, size_t min,
		   const char *what, unsigned long long i)
{
	if (next >= min && step(*pos, next, d->d_size, pos))
		return true;
	problem(f, "%s entry %llu has a bad link to the next (%u)", what, i, next);
	return false;
}

/* The DT_VERDEF or DT_VERNEED table (tag) as converted data reaching to the
 * end of its segment, with its entry count from count_tag. */
static Elf_Data *version_table(struct file *f, int64_t tag, int64_t count_tag, const char *what,
			       Elf_Type type, uint64_t *num)
{
	uint64_t addr, off, avail;

	if (!dyn_get(f, tag, &addr))
		return NULL;
	if (!dyn_get(f, count_tag, num)) {
		problem(f, "%s without its entry count", what);
		return NULL;
	}
	if (!vaddr_to_off(f, addr, &off, &avail)) {
		problem(f, "%s at 0x%llx is not in the file image of any PT_LOAD", what,
			(unsigned long long)addr);
		return NULL;
	}
	return chunk_at(f, addr, avail, type, what);
}

/* Walks DT_VERDEF, listing it and marking in defined[] every version index
 * it declares. */
static void show_verdef(struct file *f, unsigned char *defined)
{
	uint64_t num;
	Elf_Data *d = version_table(f, DT_VERDEF, DT_VERDEFNUM, "DT_VERDEF", ELF_T_VDEF, &num);
	size_t pos = 0, apos;

	if (!d)
		return;
	out("\nVersion definitions (%llu)\n", (unsigned long long)num);
	for (uint64_t i = 0; i < num; i++) {
		GElf_Verdef vd;
		GElf_Verdaux va;

		if (!gelf_getverdef(d, (int)pos, &vd) || !step(pos, vd.vd_aux, d->d_size, &apos) ||
		    !gelf_getverdaux(d, (int)apos, &va)) {
			problem(f, "DT_VERDEF entry %llu (offset %zu) is outside its segment",
				(unsigned long long)i, pos);
			return;
		}
		out("  [%u] %s%s%s", vd.vd_ndx, dynstr_or(f, va.vda_name, "DT_VERDEF name"),
		    vd.vd_flags & VER_FLG_BASE ? " (base)" : "",
		    vd.vd_flags & VER_FLG_WEAK ? " (weak)" : "");
		if (vd.vd_cnt > 1 && step(apos, va.vda_next, d->d_size, &apos) &&
		    gelf_getverdaux(d, (int)apos, &va))
			out(", parent %s", dynstr_or(f, va.vda_name, "DT_VERDEF parent"));
		out("\n");
		if (vd.vd_ndx < MAX_VERSION_INDEX)
			defined[vd.vd_ndx] = 1;
		if (i + 1 < num &&
		    !follow(f, d, &pos, vd.vd_next, sizeof(Elf32_Verdef), "DT_VERDEF", i))
			return;
	}
}

/* Walks DT_VERNEED likewise. */
static void show_verneed(struct file *f, unsigned char *defined)
{
	uint64_t num;
	Elf_Data *d = version_table(f, DT_VERNEED, DT_VERNEEDNUM, "DT_VERNEED", ELF_T_VNEED, &num);
	size_t pos = 0, apos;

	if (!d)
		return;
	out("\nVersion requirements (%llu files)\n", (unsigned long long)num);
	for (uint64_t i = 0; i < num; i++) {
		GElf_Verneed vn;

		if (!gelf_getverneed(d, (int)pos, &vn)) {
			problem(f, "DT_VERNEED entry %llu (offset %zu) is outside its segment",
				(unsigned long long)i, pos);
			return;
		}
		out("  %s:", dynstr_or(f, vn.vn_file, "DT_VERNEED file"));
		apos = pos;
		for (unsigned j = 0; j < vn.vn_cnt; j++) {
			GElf_Vernaux va;

			if (!step(apos, j ? 0 : vn.vn_aux, d->d_size, &apos) ||
			    !gelf_getvernaux(d, (int)apos, &va)) {
				out("\n");
				problem(f, "DT_VERNEED file %llu: version %u is outside its segment",
					(unsigned long long)i, j);
				return;
			}
			out(" %s [%u]%s", dynstr_or(f, va.vna_name, "DT_VERNEED name"), va.vna_other,
			    va.vna_flags & VER_FLG_WEAK ? " (weak)" : "");
			if (va.vna_other < MAX_VERSION_INDEX)
				defined[va.vna_other] = 1;
			if (j + 1 < vn.vn_cnt && !follow(f, d, &apos, va.vna_next, sizeof(Elf32_Vernaux),
							  "DT_VERNEED version", j)) {
				out("\n");
				return;
			}
		}
		out("\n");
		if (i + 1 < num &&
		    !follow(f, d, &pos, vn.vn_next, sizeof(Elf32_Verneed), "DT_VERNEED", i))
			return;
	}
}

/* Every DT_VERSYM entry must name index 0, 1 or a declared version. */
static void check_versym(struct file *f, const unsigned char *defined)
{
	uint64_t addr;
	Elf_Data *d;
	unsigned bad = 0, first = 0;

	if (!f->nsyms || !dyn_get(f, DT_VERSYM, &addr))
		return;
	if (!(d = chunk_at(f, addr, f->nsyms * 2, ELF_T_HALF, "DT_VERSYM")))
		return;
	for (size_t i = 0; i < f->nsyms; i++) {
		unsigned idx = ((const uint16_t *)d->d_buf)[i] & 0x7fff;

		if (idx > 1 && !defined[idx] && bad++ == 0)
			first = idx;
	}
	if (bad)
		problem(f, "DT_VERSYM: %u symbols use undeclared version indices (first: %u)", bad,
			first);
}


/* ------------------------------------------------------------ relocations */

struct reloc_counts {
	size_t by_type[256], other, total;
};

static void count_table(struct file *f, const char *what, uint64_t addr, uint64_t size,
			bool rela, uint64_t skip_lo, uint64_t skip_hi, struct reloc_counts *all)
{
	size_t entsize = rela ? (f->is64 ? sizeof(Elf64_Rela) : sizeof(Elf32_Rela))
			      : (f->is64 ? sizeof(Elf64_Rel) : sizeof(Elf32_Rel));
	struct reloc_counts c;
	size_t bad_sym = 0, n = size / entsize;
	Elf_Data *d;

	if (size % entsize)
		problem(f, "%s size %llu is not a multiple of %zu", what, (unsigned long long)size,
			entsize);
	if (!(d = chunk_at(f, addr, n * entsize, rela ? ELF_T_RELA : ELF_T_REL, what)))
		return;
	memset(&c, 0, sizeof(c));
	for (size_t i = 0; i < n; i++) {
		GElf_Rela r;
		GElf_Rel rel;
		uint64_t at = addr + i * entsize;

		if (at >= skip_lo && at < skip_hi)
			continue;	/* DT_JMPREL inside DT_RELA: counted there */
		if (rela ? !gelf_getrela(d, (int)i, &r) : !gelf_getrel(d, (int)i, &rel))
			break;
		uint64_t info = rela ? r.r_info : rel.r_info;
		uint64_t type = GELF_R_TYPE(info);
		if (type < ARRAY_LEN(c.by_type))
			c.by_type[type]++;
		else
			c.other++;
		c.total++;
		if (f->nsyms && GELF_R_SYM(info) >= f->nsyms)
			bad_sym++;
	}
	out("  %-10s %6zu:", what, c.total);
	for (size_t t = 0; t < ARRAY_LEN(c.by_type); t++) {
		if (!c.by_type[t])
			continue;
		out(" ");
		print_reloc_type(f, (unsigned)t);
		out(" %zu", c.by_type[t]);
		all->by_type[t] += c.by_type[t];
	}
	if (c.other)
		out(" other %zu", c.other);
	out("\n");
	all->other += c.other;
	all->total += c.total;
	if (bad_sym)
		problem(f, "%s: %zu relocations name a symbol index >= %zu", what, bad_sym,
			f->nsyms);
}

static void show_relocs(struct file *f)
{
	struct reloc_counts all;
	uint64_t rela = 0, relasz = 0, jmprel = 0, pltrelsz = 0, pltrel = DT_RELA, rel, relsz;
	uint64_t relr, relrsz;
	bool has_rela, has_jmprel;

	memset(&all, 0, sizeof(all));
	out("\nRelocations\n");
	has_rela = dyn_get(f, DT_RELA, &rela) && dyn_get(f, DT_RELASZ, &relasz);
	has_jmprel = dyn_get(f, DT_JMPREL, &jmprel) && dyn_get(f, DT_PLTRELSZ, &pltrelsz);
	dyn_get(f, DT_PLTREL, &pltrel);
	if (has_rela) {
		bool inside = has_jmprel && pltrel == DT_RELA && jmprel >= rela &&
			      jmprel - rela < relasz;
		count_table(f, "DT_RELA", rela, relasz, true, inside ? jmprel : 1,
			    inside ? jmprel + pltrelsz : 0, &all);
	}
	if (dyn_get(f, DT_REL, &rel) && dyn_get(f, DT_RELSZ, &relsz))
		count_table(f, "DT_REL", rel, relsz, false, 1, 0, &all);
	if (has_jmprel)
		count_table(f, "DT_JMPREL", jmprel, pltrelsz, pltrel == DT_RELA, 1, 0, &all);
	if (dyn_get(f, DT_RELR, &relr) && dyn_get(f, DT_RELRSZ, &relrsz)) {
		size_t ws = word_size(f), n = relrsz / ws, count = 0;
		Elf_Data *d = chunk_at(f, relr, n * ws, f->is64 ? ELF_T_XWORD : ELF_T_WORD,
				       "DT_RELR");

		for (size_t i = 0; d && i < n; i++) {
			uint64_t w = f->is64 ? ((const uint64_t *)d->d_buf)[i]
					     : ((const uint32_t *)d->d_buf)[i];
			count += (w & 1) ? (size_t)__builtin_popcountll(w >> 1) : 1;
		}
		if (d)
			out("  %-10s %6zu: RELATIVE %zu (packed in %zu words)\n", "DT_RELR", count,
			    count, n);
		all.total += count;
	}
	out("  %-10s %6zu\n", "total", all.total);
}

/* ------------------------------------------------------------------- main */

static int read_file(struct file *f)
{
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t cap;

	if (fd < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "elfinspect: %s: %s\n", f->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "elfinspect: %s: is a directory\n", f->path);
		close(fd);
		return -1;
	}
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	f->buf = malloc(cap);
	for (;;) {
		ssize_t n;

		if (!f->buf) {
			perror("elfinspect");
			exit(2);
		}
		n = read(fd, f->buf + f->size, cap - f->size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "elfinspect: %s: %s\n", f->path, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		f->size += (size_t)n;
		if (f->size == cap) {
			if (cap >= MAX_FILE_SIZE) {
				fprintf(stderr, "elfinspect: %s: too large\n", f->path);
				close(fd);
				return -1;
			}
			cap *= 2;
			f->buf = realloc(f->buf, cap);
		}
	}
	close(fd);
	return 0;
}

static int inspect(const char *path)
{
	static unsigned char defined[MAX_VERSION_INDEX];
	struct file f = { .path = path };
	int status;

	if (read_file(&f) != 0 || !load_header(&f)) {
		status = 2;
		goto done;
	}
	memset(defined, 0, sizeof(defined));
	listing(SHOW_HEADER);
	show_header(&f);
	check_header(&f);
	load_phdrs(&f);
	listing(SHOW_PHDRS);
	show_phdrs(&f);
	check_phdrs(&f);
	check_sections(&f);
	listing(SHOW_DYNAMIC);
	load_dynamic(&f);
	if (f.dyn) {
		show_dynamic(&f);
		check_dynamic(&f);
		f.has_gh = load_gnu_hash(&f);
		count_symbols(&f);
		listing(SHOW_VERSIONS);
		show_verdef(&f, defined);
		show_verneed(&f, defined);
		check_versym(&f, defined);
		listing(SHOW_RELOCS);
		show_relocs(&f);
		listing(SHOW_GNU_HASH);
		show_gnu_hash(&f);
	}
	if (check_only)
		printf("%s: %s, %u problem%s\n", path, f.problems ? "MALFORMED" : "ok",
		       f.problems, f.problems == 1 ? "" : "s");
	status = f.problems ? 1 : 0;
done:
	if (f.elf)
		elf_end(f.elf);
	free(f.dyn);
	free(f.ph);
	free(f.buf);
	return status;
}

static void usage(FILE *to)
{
	fprintf(to,
		"usage: elfinspect [--check] [SECTION...] FILE...\n"
		"Prints the ELF header, program headers, dynamic section, symbol versions,\n"
		"relocation counts and GNU hash statistics of each FILE, as a loader sees them.\n"
		"  --check      print only malformations (offsets or addresses outside the file,\n"
		"               broken tables); exit 1 if there are any\n"
		"  SECTION      limit the listing to --header, --phdrs, --dynamic, --versions,\n"
		"               --relocs, --gnu-hash (any combination)\n"
		"Exit status: 0 fine, 1 malformed, 2 unreadable or not ELF.\n");
}

int main(int argc, char **argv)
{
	static const struct {
		const char *opt;
		unsigned bit;
	} sections[] = {
		{ "--header", SHOW_HEADER }, { "--phdrs", SHOW_PHDRS },
		{ "--dynamic", SHOW_DYNAMIC }, { "--versions", SHOW_VERSIONS },
		{ "--relocs", SHOW_RELOCS }, { "--gnu-hash", SHOW_GNU_HASH },
	};
	unsigned chosen = 0;
	int first = 1, status = 0, nfiles;

	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		const char *a = argv[first];
		size_t i;

		if (!strcmp(a, "--")) {
			first++;
			break;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--check")) {
			check_only = true;
			continue;
		}
		for (i = 0; i < ARRAY_LEN(sections) && strcmp(a, sections[i].opt); i++)
			;
		if (i == ARRAY_LEN(sections)) {
			fprintf(stderr, "elfinspect: unknown option %s\n", a);
			usage(stderr);
			return 2;
		}
		chosen |= sections[i].bit;
	}
	if (chosen)
		show = chosen;
	nfiles = argc - first;
	if (nfiles <= 0) {
		usage(stderr);
		return 2;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "elfinspect: libelf: %s\n", elf_errmsg(-1));
		return 2;
	}
	for (int i = first; i < argc; i++) {
		int s;

		if (nfiles > 1 && !check_only)
			printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
		fflush(stdout);
		s = inspect(argv[i]);
		fflush(stdout);
		if (s > status)
			status = s;
	}
	return status;
}
