/* ulexec [--interp PATH] [--argv0 NAME] [--show-auxv] [--show-stack]
 *        PROGRAM [ARGS...]
 *
 * Runs PROGRAM in this process the way execve(2) would, without execve.
 * Stage 1 of start-up is rtld's: rtld/boot.c is compiled into ulexec too,
 * applies ulexec's own relocations and calls rtld_main below. */
#include <linux/personality.h>
#include "ulexec.h"

struct self S;

extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));

static const char usage_text[] =
	"usage: ulexec [OPTIONS] PROGRAM [ARGS...]\n"
	"Runs PROGRAM in this process as execve(2) would, without execve.\n"
	"\n"
	"  --interp PATH   load PATH instead of the program's PT_INTERP\n"
	"  --argv0 NAME    give the program NAME as argv[0]\n"
	"  --show-auxv     print the auxiliary vector the program gets\n"
	"  --show-stack    print the program's initial stack, with addresses\n"
	"  --help          print this text\n"
	"\n"
	"PROGRAM without a slash is looked up in PATH.  Exit status 125: ulexec\n"
	"failed; 126: PROGRAM cannot be run; 127: it or an interpreter is missing.\n";

uintptr_t auxval(unsigned long type)
{
	for (const Elf64_auxv_t *a = S.auxv; a->a_type != AT_NULL; a++)
		if (a->a_type == type)
			return a->a_un.a_val;
	return 0;
}

static long read_number(const char *path, long dflt)
{
	char buf[32];
	long fd = sys_open(path, R_O_RDONLY);
	if (fd < 0)
		return dflt;
	long n = sys_read((int)fd, buf, sizeof buf - 1);
	sys_close((int)fd);
	if (n <= 0)
		return dflt;
	buf[n] = 0;
	if (buf[n - 1] == '\n')
		buf[n - 1] = 0;
	long v = r_atol(buf);
	return v < 0 ? dflt : v;
}

static void init_self(uintptr_t *sp, uintptr_t base)
{
	S.sp = sp;
	S.base = base;
	S.envp = (char **)(sp + 1 + sp[0] + 1);
	while (S.envp[S.envc])
		S.envc++;
	S.auxv = (const Elf64_auxv_t *)(S.envp + S.envc + 1);
	S.pagesz = auxval(AT_PAGESZ) ? auxval(AT_PAGESZ) : 4096;
	/* PF_RANDOMIZE, as the kernel decided it when it started ulexec. */
	long rva = read_number("/proc/sys/kernel/randomize_va_space", 2);
	S.aslr = rva > 0 && !(sys_personality(0xffffffff) & ADDR_NO_RANDOMIZE);
	S.aslr_brk = rva > 1;
	long bits = read_number("/proc/sys/vm/mmap_rnd_bits", 28);
	S.mmap_rnd_bits = bits >= 8 && bits <= 32 ? (unsigned)bits : 28;
}

/* The end of the stack VMA: fs/exec.c puts AT_EXECFN's string just below
 * an 8-byte zero at its very top. */
static uintptr_t stack_top(void)
{
	const char *fn = (const char *)auxval(AT_EXECFN);
	uintptr_t sp = (uintptr_t)S.sp;
	if (!fn || (uintptr_t)fn < sp || (uintptr_t)fn - sp > (1UL << 32))
		die(ST_FAILED, "cannot find the top of the stack (AT_EXECFN is not on it)");
	return page_up((uintptr_t)fn + r_strlen(fn) + 1, S.pagesz);
}

/* ulexec's own segments, as the ranges to unmap at the end: all but the
 * page(s) of the trampoline, then the scratch mapping (last, because the
 * list lives in it). */
static size_t own_loads(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(S.base + __ehdr_start.e_phoff);
	size_t n = 0;
	for (size_t i = 0; i < __ehdr_start.e_phnum; i++)
		n += ph[i].p_type == PT_LOAD;
	return n;
}

static size_t unmap_list(uint64_t *r, const struct stack *st, size_t extra)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(S.base + __ehdr_start.e_phoff);
	uintptr_t keep_lo = page_down((uintptr_t)ulexec_enter, S.pagesz);
	uintptr_t keep_hi = page_up((uintptr_t)ulexec_enter_end, S.pagesz);
	size_t n = 0;
	for (size_t i = 0; i < __ehdr_start.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		uintptr_t lo = page_down(S.base + ph[i].p_vaddr, S.pagesz);
		uintptr_t hi = page_up(S.base + ph[i].p_vaddr + ph[i].p_memsz, S.pagesz);
		if (lo < keep_lo) {
			r[n++] = lo;
			r[n++] = (hi < keep_lo ? hi : keep_lo) - lo;
		}
		if (hi > keep_hi) {
			uintptr_t from = lo > keep_hi ? lo : keep_hi;
			r[n++] = from;
			r[n++] = hi - from;
		}
	}
	r[n++] = (uintptr_t)st->img;
	r[n++] = st->size + extra;
	return n / 2;
}

/* ulexec's deepest frames are well within this below the current one. */
#define OLD_FRAMES 16384

__attribute__((noreturn)) static void launch(const struct stack *st, uintptr_t entry,
					      size_t extra)
{
	uint64_t *ranges = (uint64_t *)(st->img + st->size);
	uintptr_t zero = page_down((uintptr_t)__builtin_frame_address(0), S.pagesz) - OLD_FRAMES;
	struct enter e = {
		.sp = st->sp,
		.entry = entry,
		.dst = st->sp,
		.src = (uintptr_t)st->img + (st->sp - (st->top - st->size)),
		.len = st->top - st->sp,
		.zero = zero,
		.zero_len = st->sp > zero ? st->sp - zero : 0,
		.ranges = (uintptr_t)ranges,
	};
	e.nranges = unmap_list(ranges, st, extra);
	ulexec_enter(&e);
}

struct handover {		/* rtld/boot.c's */
	uintptr_t entry;
	uintptr_t *sp;
};

struct handover rtld_main(uintptr_t *sp, Elf64_Addr base)
{
	static struct request rq;
	static struct stack st;
	int argc = (int)sp[0], i;
	char **argv = (char **)(sp + 1);
	const char *argv0 = 0;
	int want_auxv = 0, want_stack = 0;

	init_self(sp, base);
	/* Set-user-ID or with file capabilities, ulexec would hand its
	 * privileges to any program it runs. */
	if (auxval(AT_SECURE))
		die(ST_FAILED, "refusing to run with privileges (AT_SECURE is set)");
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		if (!r_strcmp(a, "--")) {
			i++;
			break;
		} else if (!r_strcmp(a, "--help")) {
			out("%s", usage_text);
			out_flush();
			sys_exit_group(0);
		} else if (!r_strcmp(a, "--show-auxv")) {
			want_auxv = 1;
		} else if (!r_strcmp(a, "--show-stack")) {
			want_stack = 1;
		} else if (!r_strcmp(a, "--interp") || !r_strcmp(a, "--argv0")) {
			if (i + 1 >= argc)
				die(ST_FAILED, "%s needs an argument (see ulexec --help)", a);
			*(a[2] == 'i' ? &rq.interp_override : &argv0) = argv[++i];
		} else {
			die(ST_FAILED, "unknown option %s (see ulexec --help)", a);
		}
	}
	if (i >= argc)
		die(ST_FAILED, "no program given\n%s", usage_text);

	rq.pre[0] = argv0 ? argv0 : argv[i];
	rq.npre = 1;
	rq.args = argv + i + 1;
	rq.nargs = (size_t)(argc - i - 1);
	resolve(&rq, argv[i]);
	uintptr_t brk = map_all(&rq);

	size_t extra = (2 * own_loads() + 1) * 2 * sizeof(uint64_t);
	stack_build(&st, &rq, stack_top(), extra);
	if (want_auxv)
		show_auxv(&st);
	if (want_stack)
		show_stack(&st);
	proc_reset(&rq, &st, brk);
	launch(&st, entry_point(&rq), extra);
}
