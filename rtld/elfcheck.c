/* ELF header and program header validation (see include/rtld/elfcheck.h).
 *
 * Every value read from the file is untrusted: sums of two such values are
 * never formed before checking that they cannot wrap around 2^64, which is
 * why ranges are tested as "off <= size && len <= size - off". */
#include "rtld/elfcheck.h"
#include "util.h"

/* x86_64 user space has 47 address bits: a larger span cannot be mapped. */
#define SPAN_LIMIT ((uint64_t)1 << 47)

/* ld.so caps PT_INTERP at a page so that it can read it into a fixed
 * buffer; two bytes is the shortest useful name ("x" and its NUL). */
#define INTERP_MIN 2
#define INTERP_MAX 4096

static const char *const messages[ELFCHK_E_NCODES] = {
	[ELFCHK_OK] = "success",
	[ELFCHK_E_SHORT] = "file too short",
	[ELFCHK_E_MAGIC] = "invalid ELF header",
	[ELFCHK_E_CLASS32] = "wrong ELF class: ELFCLASS32",
	[ELFCHK_E_CLASS] = "wrong ELF class",
	[ELFCHK_E_DATA] = "ELF file data encoding not little-endian",
	[ELFCHK_E_IDVERSION] = "ELF file version ident does not match current one",
	[ELFCHK_E_OSABI] = "ELF file OS ABI invalid",
	[ELFCHK_E_ABIVERSION] = "ELF file ABI version invalid",
	[ELFCHK_E_PAD] = "nonzero padding in e_ident",
	[ELFCHK_E_VERSION] = "ELF file version does not match current one",
	[ELFCHK_E_MACHINE] = "ELF file machine does not match",
	[ELFCHK_E_TYPE] = "only ET_DYN and ET_EXEC can be loaded",
	[ELFCHK_E_PHENTSIZE] = "ELF file's phentsize not the expected size",
	[ELFCHK_E_PHOFF] = "program headers outside the file",
	[ELFCHK_E_PHNUM] = "invalid number of program headers",
	[ELFCHK_E_NOLOAD] = "object file has no loadable segments",
	[ELFCHK_E_LOADALIGN] = "ELF load command alignment not page-aligned",
	[ELFCHK_E_LOADADDR] = "ELF load command address/offset not properly aligned",
	[ELFCHK_E_LOADORDER] = "ELF load commands not in ascending order or overlapping",
	[ELFCHK_E_LOADSIZE] = "ELF load command with memsz smaller than filesz",
	[ELFCHK_E_LOADFILE] = "ELF load command extends past the end of the file",
	[ELFCHK_E_SPAN] = "ELF load commands span too large an address range",
	[ELFCHK_E_DYNAMIC] = "dynamic section outside any loadable segment",
	[ELFCHK_E_INTERP] = "invalid PT_INTERP",
	[ELFCHK_E_TLS] = "invalid PT_TLS segment",
	[ELFCHK_E_NOTE] = "invalid PT_NOTE segment",
	[ELFCHK_E_RELRO] = "invalid PT_GNU_RELRO segment",
	[ELFCHK_E_PHDR] = "invalid PT_PHDR segment",
};

const char *elfchk_strerror(int code)
{
	if (code < 0 || code >= ELFCHK_E_NCODES || !messages[code])
		return "unknown ELF validation error";
	return messages[code];
}

/* [off, off+len) lies within [0, size). */
static int fits(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* [addr, addr+len) lies within [base, base+size). */
static int inside(uint64_t addr, uint64_t len, uint64_t base, uint64_t size)
{
	return addr >= base && fits(addr - base, len, size);
}

static int is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

/* e_ident, in the order ld.so reports the first mismatch. */
static int check_ident(const unsigned char *id)
{
	if (r_memcmp(id, ELFMAG, SELFMAG) != 0)
		return ELFCHK_E_MAGIC;
	if (id[EI_CLASS] == ELFCLASS32)
		return ELFCHK_E_CLASS32;
	if (id[EI_CLASS] != ELFCLASS64)
		return ELFCHK_E_CLASS;
	if (id[EI_DATA] != ELFDATA2LSB)
		return ELFCHK_E_DATA;
	if (id[EI_VERSION] != EV_CURRENT)
		return ELFCHK_E_IDVERSION;
	if (id[EI_OSABI] != ELFOSABI_SYSV && id[EI_OSABI] != ELFOSABI_GNU)
		return ELFCHK_E_OSABI;
	if (id[EI_ABIVERSION] != 0)
		return ELFCHK_E_ABIVERSION;
	for (int i = EI_PAD; i < EI_NIDENT; i++)
		if (id[i])
			return ELFCHK_E_PAD;
	return ELFCHK_OK;
}

int elfchk_header(const void *buf, size_t len, uint64_t file_size, unsigned machine)
{
	const Elf64_Ehdr *eh = buf;
	if (len < sizeof *eh || file_size < sizeof *eh)
		return ELFCHK_E_SHORT;
	int err = check_ident(eh->e_ident);
	if (err)
		return err;
	if (eh->e_version != EV_CURRENT)
		return ELFCHK_E_VERSION;
	if (eh->e_machine != machine)
		return ELFCHK_E_MACHINE;
	if (eh->e_type != ET_DYN && eh->e_type != ET_EXEC)
		return ELFCHK_E_TYPE;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return ELFCHK_E_PHENTSIZE;
	/* The table must fit in 64 KiB; this also rules out PN_XNUM, whose
	 * real count would live in section header 0, which we never read. */
	if (eh->e_phnum == 0 || eh->e_phnum > 65535 / sizeof(Elf64_Phdr))
		return ELFCHK_E_PHNUM;
	if (!fits(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), file_size))
		return ELFCHK_E_PHOFF;
	return ELFCHK_OK;
}

/* One PT_LOAD on its own; the order between loads is checked by the caller. */
static int check_load(const Elf64_Phdr *p, uint64_t file_size, uint64_t pagesz)
{
	/* p_align 0 and 1 mean "no constraint" in the gABI; the congruence
	 * test below still forces page-compatible placement. */
	if (p->p_align > 1 && (!is_pow2(p->p_align) || p->p_align < pagesz))
		return ELFCHK_E_LOADALIGN;
	/* mmap maps whole pages: file and memory must agree below the page. */
	if ((p->p_vaddr & (pagesz - 1)) != (p->p_offset & (pagesz - 1)))
		return ELFCHK_E_LOADADDR;
	if (p->p_filesz > p->p_memsz)
		return ELFCHK_E_LOADSIZE;
	if (!fits(p->p_offset, p->p_filesz, file_size))
		return ELFCHK_E_LOADFILE;
	if (p->p_memsz >= SPAN_LIMIT || p->p_vaddr > UINT64_MAX - p->p_memsz)
		return ELFCHK_E_SPAN;
	return ELFCHK_OK;
}

/* PT_INTERP: size and bounds only.  Whether the string ends in a NUL needs
 * the bytes at p_offset, which this interface does not receive. */
static int check_interp(const Elf64_Phdr *p, uint64_t file_size)
{
	if (p->p_filesz < INTERP_MIN || p->p_filesz > INTERP_MAX ||
	    !fits(p->p_offset, p->p_filesz, file_size))
		return ELFCHK_E_INTERP;
	return ELFCHK_OK;
}

/* PT_TLS: the initialisation image is copied from the file for every
 * thread, so it must be there; alignment 0 means none (gABI). */
static int check_tls(const Elf64_Phdr *p, uint64_t file_size)
{
	if (p->p_filesz > p->p_memsz ||
	    (p->p_align != 0 && !is_pow2(p->p_align)) ||
	    !fits(p->p_offset, p->p_filesz, file_size))
		return ELFCHK_E_TLS;
	return ELFCHK_OK;
}

/* Each PT_LOAD alone, then that they ascend without overlapping. */
static int check_loads(const Elf64_Phdr *ph, size_t phnum, uint64_t file_size,
		       uint64_t pagesz)
{
	uint64_t prev_end = 0;
	int seen = 0;
	for (size_t i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		int err = check_load(p, file_size, pagesz);
		if (err)
			return err;
		if (seen && p->p_vaddr < prev_end)
			return ELFCHK_E_LOADORDER;
		prev_end = p->p_vaddr + p->p_memsz;
		seen = 1;
	}
	return seen ? ELFCHK_OK : ELFCHK_E_NOLOAD;
}

/* The dynamic section and the TLS initialisation image are read through
 * the mapping, so they must be backed by file bytes of a readable PT_LOAD,
 * not by zero fill (nor by nothing). */
static int in_file_image(const Elf64_Phdr *ph, size_t phnum, const Elf64_Phdr *seg)
{
	for (size_t i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & (PF_R | PF_W)) &&
		    inside(seg->p_vaddr, seg->p_filesz, ph[i].p_vaddr, ph[i].p_filesz))
			return 1;
	return 0;
}

int elfchk_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, uint64_t file_size,
		 uint64_t pagesz)
{
	size_t phnum = eh->e_phnum;
	if (!is_pow2(pagesz))
		return ELFCHK_E_LOADALIGN;
	int err = check_loads(ph, phnum, file_size, pagesz);
	uint64_t lo, hi;
	if (!err)
		err = elfchk_load_span(ph, phnum, pagesz, &lo, &hi);
	for (size_t i = 0; !err && i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type == PT_INTERP)
			err = check_interp(p, file_size);
		else if (p->p_type == PT_TLS)
			err = check_tls(p, file_size);
	}
	if (!err)
		err = elfchk_images(ph, phnum);
	return err ? err : elfchk_relro(ph, phnum);
}

int elfchk_images(const Elf64_Phdr *ph, size_t phnum)
{
	for (size_t i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type == PT_DYNAMIC && !in_file_image(ph, phnum, p))
			return ELFCHK_E_DYNAMIC;
		/* An image of only zeros (.tbss) is copied from nowhere. */
		if (p->p_type == PT_TLS && p->p_filesz && !in_file_image(ph, phnum, p))
			return ELFCHK_E_TLS;
	}
	return ELFCHK_OK;
}

int elfchk_phdr_segment(const Elf64_Phdr *ph, size_t phnum)
{
	for (size_t i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type != PT_PHDR)
			continue;
		/* Exactly one segment must hold them: the kernel computes
		 * AT_PHDR from whichever it finds, and two would disagree. */
		int holders = 0, consistent = 0;
		for (size_t j = 0; j < phnum; j++) {
			const Elf64_Phdr *l = &ph[j];
			if (l->p_type != PT_LOAD || !inside(p->p_offset, p->p_filesz, l->p_offset, l->p_filesz))
				continue;
			holders++;
			consistent += p->p_vaddr - l->p_vaddr == p->p_offset - l->p_offset;
		}
		return holders == 1 && consistent == 1 ? ELFCHK_OK : ELFCHK_E_PHDR;
	}
	return ELFCHK_OK;
}

int elfchk_relro(const Elf64_Phdr *ph, size_t phnum)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	for (size_t i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD || !(p->p_flags & PF_W) || p->p_memsz > UINT64_MAX - p->p_vaddr)
			continue;
		lo = p->p_vaddr < lo ? p->p_vaddr : lo;
		hi = p->p_vaddr + p->p_memsz > hi ? p->p_vaddr + p->p_memsz : hi;
	}
	for (size_t i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type == PT_GNU_RELRO && p->p_memsz &&
		    (lo > hi || !inside(p->p_vaddr, p->p_memsz, lo, hi - lo)))
			return ELFCHK_E_RELRO;
	}
	return ELFCHK_OK;
}

int elfchk_interp(const Elf64_Phdr *p, const char *bytes)
{
	/* Any file size will do: only the length limits matter here. */
	if (check_interp(p, UINT64_MAX) || !bytes[0] || bytes[p->p_filesz - 1])
		return ELFCHK_E_INTERP;
	return ELFCHK_OK;
}

int elfchk_load_span(const Elf64_Phdr *ph, size_t phnum, uint64_t pagesz,
		     uint64_t *lo, uint64_t *hi)
{
	uint64_t min = UINT64_MAX, max = 0;
	if (!is_pow2(pagesz))
		return ELFCHK_E_LOADALIGN;
	for (size_t i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_vaddr > UINT64_MAX - p->p_memsz)
			return ELFCHK_E_SPAN;
		uint64_t start = p->p_vaddr & ~(pagesz - 1);
		if (start < min)
			min = start;
		if (p->p_vaddr + p->p_memsz > max)
			max = p->p_vaddr + p->p_memsz;
	}
	if (min == UINT64_MAX)
		return ELFCHK_E_NOLOAD;
	if (max - min >= SPAN_LIMIT)
		return ELFCHK_E_SPAN;
	*lo = min;
	*hi = max;
	return ELFCHK_OK;
}

int elfchk_in_load(const Elf64_Phdr *ph, size_t phnum, uint64_t addr, uint64_t size)
{
	for (size_t i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_LOAD &&
		    inside(addr, size, ph[i].p_vaddr, ph[i].p_memsz))
			return 1;
	return 0;
}
