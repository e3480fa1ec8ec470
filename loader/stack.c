/* The new stack, laid out as fs/exec.c and create_elf_tables() in
 * fs/binfmt_elf.c lay it out (see ../shared/notes/loader-and-costs.md A1).
 * From the top of the stack VMA down:
 *
 *   8 bytes of zero
 *   the AT_EXECFN string (the path as given), envp strings, argv strings
 *   a random gap of 0..8191 bytes, then down to 16 (arch_align_stack)
 *   the AT_PLATFORM string (and AT_BASE_PLATFORM's, if the kernel has one)
 *   16 fresh random bytes (AT_RANDOM)
 *   padding to 16 bytes
 *   auxv pairs, AT_NULL last
 *   NULL, envp[], NULL, argv[], argc     <- sp, 16-byte aligned
 *
 * The stack VMA itself is the one the kernel made for ulexec: its top was
 * randomised by the kernel, it grows on demand up to RLIMIT_STACK and
 * /proc/self/maps calls it [stack].  The image is built in a scratch
 * mapping first, because the strings it copies live where it goes; the
 * trampoline in start.S moves it into place at the very end.
 *
 * The auxv has the entries of ulexec's own auxv, in the kernel's order:
 * process-wide values (AT_SYSINFO_EHDR, AT_MINSIGSTKSZ, AT_HWCAP*,
 * AT_PAGESZ, AT_CLKTCK, the ids, AT_SECURE, AT_RSEQ_*) as they are,
 * per-exec ones (AT_PHDR, AT_PHENT, AT_PHNUM, AT_BASE, AT_FLAGS, AT_ENTRY,
 * AT_RANDOM, AT_EXECFN, AT_PLATFORM) for the new program.  AT_EXECFD is
 * dropped: only binfmt_misc passes one. */
#include "ulexec.h"

#define STK_LIM (8UL << 20)		/* _STK_LIM */
#define ARG_MAX_ (32UL * 4096)		/* ARG_MAX: the kernel's floor */
#define RLIMIT_STACK_ 3

/* bprm_stack_limits(): all strings and pointers within a quarter of
 * RLIMIT_STACK, at most 6 MiB, at least ARG_MAX. */
static void check_arg_size(size_t strings, size_t argc, size_t envc)
{
	uint64_t rl[2] = { UINT64_MAX, UINT64_MAX };
	sys_prlimit(RLIMIT_STACK_, rl);
	uint64_t limit = STK_LIM / 4 * 3;
	if (rl[0] / 4 < limit)
		limit = rl[0] / 4;
	if (limit < ARG_MAX_)
		limit = ARG_MAX_;
	uint64_t ptrs = ((argc ? argc : 1) + envc) * sizeof(void *);
	if (ptrs >= limit || strings > limit - ptrs)
		die(ST_NOEXEC, "%s: %s", "the new command line", errno_text(E2BIG));
}

static char *at(const struct stack *st, uintptr_t addr)
{
	return st->img + (addr - (st->top - st->size));
}

static void put_word(const struct stack *st, uintptr_t addr, uint64_t v)
{
	r_memcpy(at(st, addr), &v, sizeof v);
}

/* Copies s below p; returns its address. */
static uintptr_t push_string(const struct stack *st, uintptr_t p, const char *s)
{
	size_t n = r_strlen(s) + 1;
	r_memcpy(at(st, p - n), s, n);
	return p - n;
}

static uint64_t new_value(const struct stack *st, const struct request *rq,
			  const Elf64_auxv_t *a)
{
	switch (a->a_type) {
	case AT_PHDR: return rq->prog.phdr;
	case AT_PHENT: return sizeof(Elf64_Phdr);
	case AT_PHNUM: return rq->prog.eh.e_phnum;
	case AT_BASE: return rq->has_interp ? rq->interp.bias : 0;
	case AT_FLAGS: return 0;
	case AT_ENTRY: return rq->prog.entry;
	case AT_RANDOM: return st->random;
	case AT_EXECFN: return st->execfn;
	case AT_PLATFORM: return st->platform;
	case AT_BASE_PLATFORM: return st->base_platform;
	default: return a->a_un.a_val;
	}
}

static void build_auxv(struct stack *st, const struct request *rq)
{
	size_t n = 0;
	for (const Elf64_auxv_t *a = S.auxv; a->a_type != AT_NULL; a++)
		if (a->a_type != AT_EXECFD && n < MAX_AUXV - 1) {
			st->auxv[n].a_type = a->a_type;
			st->auxv[n++].a_un.a_val = new_value(st, rq, a);
		}
	st->auxv[n].a_type = AT_NULL;
	st->auxv[n++].a_un.a_val = 0;
	st->nauxv = n;
}

/* argv[i] of the new program: the #! prefix, then its own arguments. */
static const char *arg(const struct request *rq, size_t i)
{
	return i < rq->npre ? rq->pre[i] : rq->args[i - rq->npre];
}

void stack_build(struct stack *st, const struct request *rq, uintptr_t top, size_t extra)
{
	const char *platform = (const char *)auxval(AT_PLATFORM);
	const char *base_platform = (const char *)auxval(AT_BASE_PLATFORM);
	size_t strings = r_strlen(rq->execfn) + 1;

	st->argc = rq->npre + rq->nargs;
	st->envp = S.envp;
	st->envc = S.envc;
	for (size_t i = 0; i < st->argc; i++)
		strings += r_strlen(arg(rq, i)) + 1;
	for (size_t i = 0; i < st->envc; i++)
		strings += r_strlen(st->envp[i]) + 1;
	check_arg_size(strings, st->argc, st->envc);

	/* An upper bound of everything below top, then the scratch image. */
	size_t bound = 8 + strings + STACK_ALIGN_RND + 16 + 16 + 16 + MAX_AUXV * 16 +
		       (st->argc + st->envc + 3) * 8 + 16;
	bound += (platform ? r_strlen(platform) + 1 : 0) +
		 (base_platform ? r_strlen(base_platform) + 1 : 0);
	st->top = top;
	st->size = page_up(bound, S.pagesz);
	st->img = sys_mmap(0, st->size + extra, R_PROT_READ | R_PROT_WRITE,
			   R_MAP_PRIVATE | R_MAP_ANONYMOUS, -1, 0);
	if (R_MAP_FAILED(st->img))
		die(ST_FAILED, "cannot allocate the new stack: %s",
		    errno_text((int)-(long)st->img));

	/* fs/exec.c: the filename, then envp and argv strings, from the end. */
	uintptr_t p = push_string(st, top - 8, rq->execfn);
	st->execfn = p;
	st->env_end = p;
	for (size_t i = st->envc; i-- > 0;)
		p = push_string(st, p, st->envp[i]);
	st->arg_end = p;
	for (size_t i = st->argc; i-- > 0;)
		p = push_string(st, p, arg(rq, i));
	st->arg_start = p;

	/* create_elf_tables() */
	uintptr_t aligned = p;
	if (S.aslr)
		aligned -= random_u64() % STACK_ALIGN_RND;
	aligned &= ~(uintptr_t)15;
	st->gap = p - aligned;
	p = aligned;
	st->platform = platform ? (p = push_string(st, p, platform)) : 0;
	st->base_platform = base_platform ? (p = push_string(st, p, base_platform)) : 0;
	p -= 16;
	st->random = p;
	random_bytes(at(st, p), 16);

	build_auxv(st, rq);
	size_t items = (st->argc + 1) + (st->envc + 1) + 1;
	uintptr_t sp = ((p - st->nauxv * 16) - items * 8) & ~(uintptr_t)15;
	st->sp = sp;
	put_word(st, sp, st->argc);
	uintptr_t s = st->arg_start, w = sp + 8;
	for (size_t i = 0; i < st->argc; i++, w += 8) {
		put_word(st, w, s);
		s += r_strlen(arg(rq, i)) + 1;
	}
	put_word(st, w, 0);
	w += 8;
	for (size_t i = 0; i < st->envc; i++, w += 8) {
		put_word(st, w, s);
		s += r_strlen(st->envp[i]) + 1;
	}
	put_word(st, w, 0);
	st->auxv_at = w + 8;
	r_memcpy(at(st, st->auxv_at), st->auxv, st->nauxv * 16);
}

/* --show-auxv: glibc's LD_SHOW_AUXV format (elf/dl-sysdep.c), with the
 * names glibc 2.36 does not know yet. */
enum { DEC, HEX, STR };
static const struct {
	unsigned type;
	unsigned form;
	const char *label;
} auxnames[] = {
	{ AT_EXECFD, DEC, "EXECFD:            " },
	{ AT_EXECFN, STR, "EXECFN:            " },
	{ AT_PHDR, HEX, "PHDR:              0x" },
	{ AT_PHENT, DEC, "PHENT:             " },
	{ AT_PHNUM, DEC, "PHNUM:             " },
	{ AT_PAGESZ, DEC, "PAGESZ:            " },
	{ AT_BASE, HEX, "BASE:              0x" },
	{ AT_FLAGS, HEX, "FLAGS:             0x" },
	{ AT_ENTRY, HEX, "ENTRY:             0x" },
	{ AT_NOTELF, HEX, "NOTELF:            " },
	{ AT_UID, DEC, "UID:               " },
	{ AT_EUID, DEC, "EUID:              " },
	{ AT_GID, DEC, "GID:               " },
	{ AT_EGID, DEC, "EGID:              " },
	{ AT_PLATFORM, STR, "PLATFORM:          " },
	{ AT_HWCAP, HEX, "HWCAP:             " },
	{ AT_CLKTCK, DEC, "CLKTCK:            " },
	{ AT_SECURE, DEC, "SECURE:            " },
	{ AT_BASE_PLATFORM, STR, "BASE_PLATFORM:     " },
	{ AT_SYSINFO, HEX, "SYSINFO:           0x" },
	{ AT_SYSINFO_EHDR, HEX, "SYSINFO_EHDR:      0x" },
	{ AT_RANDOM, HEX, "RANDOM:            0x" },
	{ AT_HWCAP2, HEX, "HWCAP2:            0x" },
	{ AT_HWCAP3, HEX, "HWCAP3:            0x" },
	{ AT_HWCAP4, HEX, "HWCAP4:            0x" },
	{ AT_MINSIGSTKSZ, DEC, "MINSIGSTKSZ:       " },
	{ AT_RSEQ_FEATURE_SIZE, DEC, "RSEQ_FEATURE_SIZE: " },
	{ AT_RSEQ_ALIGN, DEC, "RSEQ_ALIGN:        " },
};

/* A string of the new stack, as the program will find it. */
static const char *string_at(const struct stack *st, uintptr_t addr)
{
	return addr >= st->top - st->size && addr < st->top ? at(st, addr) : "?";
}

void show_auxv(const struct stack *st)
{
	for (size_t i = 0; i + 1 < st->nauxv; i++) {
		unsigned long t = st->auxv[i].a_type, v = st->auxv[i].a_un.a_val;
		size_t k = 0;
		while (k < sizeof auxnames / sizeof auxnames[0] && auxnames[k].type != t)
			k++;
		if (k == sizeof auxnames / sizeof auxnames[0])
			out("AT_??? (0x%lx): 0x%lx\n", t, v);
		else if (auxnames[k].form == DEC)
			out("AT_%s%lu\n", auxnames[k].label, v);
		else if (auxnames[k].form == HEX)
			out("AT_%s%lx\n", auxnames[k].label, v);
		else
			out("AT_%s%s\n", auxnames[k].label, string_at(st, v));
	}
	out_flush();
}

static const char *auxname(unsigned long type)
{
	static char name[32];
	for (size_t k = 0; k < sizeof auxnames / sizeof auxnames[0]; k++)
		if (auxnames[k].type == type) {
			size_t n = r_strchr(auxnames[k].label, ':') - auxnames[k].label;
			r_snprintf(name, sizeof name, "AT_%.*s", (int)n, auxnames[k].label);
			return name;
		}
	r_snprintf(name, sizeof name, type == AT_NULL ? "AT_NULL" : "AT_%lu", type);
	return name;
}

/* A string for --show-stack: quoted, at most 48 characters shown. */
static const char *quote(const char *s)
{
	static char q[64];
	size_t n = 0, len = r_strlen(s);
	q[n++] = '"';
	for (size_t i = 0; i < len && i < 48; i++)
		q[n++] = s[i] >= ' ' && s[i] < 127 ? s[i] : '?';
	q[n++] = '"';
	if (len > 48)
		q[n++] = '.', q[n++] = '.', q[n++] = '.';
	q[n] = 0;
	return q;
}

static void show_vector(const struct stack *st, uintptr_t *w, const char *name, size_t n)
{
	for (size_t i = 0; i <= n; i++, *w += 8) {
		uint64_t v;
		r_memcpy(&v, at(st, *w), 8);
		char label[32];
		r_snprintf(label, sizeof label, "%s[%zu]", name, i);
		if (v)
			out("0x%012lx  %-20s 0x%lx %s\n", *w, label, v, quote(string_at(st, v)));
		else
			out("0x%012lx  %-20s NULL\n", *w, label);
	}
}

void show_stack(const struct stack *st)
{
	uintptr_t w = st->sp;
	out("stack: top 0x%lx, sp 0x%lx (%lu bytes)\n", st->top, st->sp, st->top - st->sp);
	out("0x%012lx  %-20s %zu\n", w, "argc", st->argc);
	w += 8;
	show_vector(st, &w, "argv", st->argc);
	show_vector(st, &w, "envp", st->envc);
	for (size_t i = 0; i < st->nauxv; i++, w += 16)
		out("0x%012lx  %-20s 0x%lx\n", w, auxname(st->auxv[i].a_type),
		    st->auxv[i].a_un.a_val);
	out("0x%012lx  %-20s %lu bytes\n", w, "padding", st->random - w);
	const unsigned char *r = (const unsigned char *)at(st, st->random);
	out("0x%012lx  %-20s ", st->random, "AT_RANDOM bytes");
	for (int i = 0; i < 16; i++)
		out("%02x", r[i]);
	out("\n");
	if (st->base_platform)
		out("0x%012lx  %-20s %s\n", st->base_platform, "AT_BASE_PLATFORM",
		    quote(at(st, st->base_platform)));
	if (st->platform)
		out("0x%012lx  %-20s %s\n", st->platform, "AT_PLATFORM", quote(at(st, st->platform)));
	out("0x%012lx  %-20s %zu bytes (arch_align_stack)\n", st->arg_start - st->gap,
	    "gap", st->gap);
	out("0x%012lx  %-20s %lu bytes\n", st->arg_start, "argv strings",
	    st->arg_end - st->arg_start);
	out("0x%012lx  %-20s %lu bytes\n", st->arg_end, "envp strings",
	    st->env_end - st->arg_end);
	out("0x%012lx  %-20s %s\n", st->execfn, "AT_EXECFN string", quote(at(st, st->execfn)));
	out("0x%012lx  %-20s 8 bytes\n", st->top - 8, "zero");
	out("0x%012lx  %-20s\n", st->top, "top of stack");
	out_flush();
}
