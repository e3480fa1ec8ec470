/* probe: prints what a program finds at its entry point, in a form that
 * must be identical whether the kernel's execve or ulexec started it:
 * argc and argv, the number of envp entries, every auxv type in order with
 * the values that do not change from run to run (random addresses are
 * checked, not printed), the stack layout of fs/binfmt_elf.c, the
 * registers at entry, and the process state execve sets (/proc, brk,
 * signals).  Freestanding and free of relocations, so the same source
 * builds as a static executable, a static PIE and a dynamic PIE.
 *
 * An argument "show-sp" adds the stack pointer at entry (random, for the
 * --show-stack test only). */
#include <elf.h>
#include <stdint.h>
#include <asm/unistd.h>
#include "util.h"
#include "arch/x86_64/syscall_arch.h"

#ifndef AT_RSEQ_FEATURE_SIZE
#define AT_RSEQ_FEATURE_SIZE 27
#define AT_RSEQ_ALIGN 28
#endif
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));
extern char _end[] __attribute__((visibility("hidden")));
void _start(void) __attribute__((visibility("hidden")));

static char outbuf[65536];
static size_t outlen;

__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = r_vsnprintf(outbuf + outlen, sizeof outbuf - outlen, fmt, ap);
	va_end(ap);
	outlen += (size_t)n < sizeof outbuf - outlen ? (size_t)n : sizeof outbuf - outlen - 1;
}

static const char *yes(int c)
{
	return c ? "yes" : "NO";
}

static long read_file(const char *path, char *buf, size_t n)
{
	long fd = rsys4(__NR_openat, -100, (long)path, 0, 0), len = 0, r;
	if (fd < 0)
		return fd;
	while (len < (long)n - 1 && (r = rsys3(__NR_read, fd, (long)(buf + len), (long)(n - 1 - len))) > 0)
		len += r;
	rsys1(__NR_close, fd);
	buf[len] = 0;
	return len;
}

static const char *auxname(unsigned long t)
{
	switch (t) {
	case AT_NULL: return "AT_NULL";
	case AT_PHDR: return "AT_PHDR";
	case AT_PHENT: return "AT_PHENT";
	case AT_PHNUM: return "AT_PHNUM";
	case AT_PAGESZ: return "AT_PAGESZ";
	case AT_BASE: return "AT_BASE";
	case AT_FLAGS: return "AT_FLAGS";
	case AT_ENTRY: return "AT_ENTRY";
	case AT_UID: return "AT_UID";
	case AT_EUID: return "AT_EUID";
	case AT_GID: return "AT_GID";
	case AT_EGID: return "AT_EGID";
	case AT_PLATFORM: return "AT_PLATFORM";
	case AT_HWCAP: return "AT_HWCAP";
	case AT_CLKTCK: return "AT_CLKTCK";
	case AT_SECURE: return "AT_SECURE";
	case AT_RANDOM: return "AT_RANDOM";
	case AT_HWCAP2: return "AT_HWCAP2";
	case AT_EXECFN: return "AT_EXECFN";
	case AT_SYSINFO_EHDR: return "AT_SYSINFO_EHDR";
	case AT_MINSIGSTKSZ: return "AT_MINSIGSTKSZ";
	case AT_RSEQ_FEATURE_SIZE: return "AT_RSEQ_FEATURE_SIZE";
	case AT_RSEQ_ALIGN: return "AT_RSEQ_ALIGN";
	default: return "AT_?";
	}
}

static int is_elf(uintptr_t p)
{
	return p && !r_memcmp((const void *)p, ELFMAG, SELFMAG);
}

static int has_interp(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
	for (int i = 0; i < __ehdr_start.e_phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			return 1;
	return 0;
}

/* The stack pointer's VMA in /proc/self/maps: its end, and whether it is
 * the [stack]. */
static uintptr_t stack_vma(uintptr_t sp, int *named)
{
	static char maps[65536];
	char *l = maps;
	if (read_file("/proc/self/maps", maps, sizeof maps) <= 0)
		return 0;
	while (*l) {
		char *nl = r_strchr(l, '\n');
		uintptr_t lo = 0, hi = 0;
		char *p = l;
		for (; *p != '-'; p++)
			lo = lo * 16 + (uintptr_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
		for (p++; *p != ' '; p++)
			hi = hi * 16 + (uintptr_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
		if (nl)
			*nl = 0;
		if (sp >= lo && sp < hi) {
			*named = r_strchr(l, '[') && !r_strncmp(r_strchr(l, '['), "[stack]", 7);
			return hi;
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	return 0;
}

/* The NUL-separated strings from start as /proc shows them. */
static int proc_strings(const char *file, char **v, size_t n)
{
	static char buf[262144];
	long len = read_file(file, buf, sizeof buf), off = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = r_strlen(v[i]) + 1;
		if (off + (long)l > len || r_memcmp(buf + off, v[i], l))
			return 0;
		off += (long)l;
	}
	return off == len;
}

static int same_file(const char *a, const char *b)
{
	unsigned long sa[18], sb[18];	/* struct stat: st_dev, st_ino first */
	return rsys4(__NR_newfstatat, -100, (long)a, (long)sa, 0) == 0 &&
	       rsys4(__NR_newfstatat, -100, (long)b, (long)sb, 0) == 0 && sa[0] == sb[0] &&
	       sa[1] == sb[1];
}

static void show_regs(const unsigned long *regs)
{
	static const char names[16][8] = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
					   "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
	if (has_interp()) {
		/* After a dynamic linker only %rdx has a meaning. */
		say("entry rdx %s\n", regs[3] ? "nonzero" : "0");
		return;
	}
	say("entry nonzero registers:");
	int any = 0;
	for (int i = 0; i < 15; i++)
		if (regs[i]) {
			say(" %s", names[i]);
			any = 1;
		}
	say("%s\nentry rflags 0x%lx\n", any ? "" : " none", regs[15]);
}

static void show_brk(void)
{
	uintptr_t brk = (uintptr_t)rsys1(__NR_brk, 0), lo;
	if (__ehdr_start.e_type == ET_DYN && !has_interp()) {
		lo = 0x555555555000;	/* ELF_ET_DYN_BASE, page-aligned */
		say("brk near ELF_ET_DYN_BASE: ");
	} else {
		lo = (((uintptr_t)_end + 4095) & ~4095UL) + 4096;
		say("brk a page or more after the image: ");
	}
	/* arch_randomize_brk() adds up to 1 GiB; a dynamic linker may have
	 * taken a little with sbrk already. */
	say("%s\n", yes(brk >= lo && brk < lo + (1UL << 30) + (1UL << 20)));
	uintptr_t more = (uintptr_t)rsys1(__NR_brk, (long)(brk + 65536));
	if (more == brk + 65536)
		((volatile char *)brk)[65535] = 1;
	say("brk grows: %s\n", yes(more == brk + 65536));
}

static void show_signals(void)
{
	uint64_t ignored = 0, blocked = 0;
	struct {
		unsigned long handler, flags, restorer, mask;
	} sa;
	for (int sig = 1; sig <= 64; sig++)
		if (rsys4(__NR_rt_sigaction, sig, 0, (long)&sa, 8) == 0 && sa.handler == 1)
			ignored |= 1UL << (sig - 1);
	rsys4(__NR_rt_sigprocmask, 0, 0, (long)&blocked, 8);
	struct {
		void *sp;
		int flags;
		unsigned long size;
	} ss;
	rsys2(__NR_sigaltstack, 0, (long)&ss);
	say("signals ignored 0x%lx blocked 0x%lx sigaltstack %s\n", ignored, blocked,
	    ss.flags & 2 ? "disabled" : "ENABLED");
}

__attribute__((noreturn)) void probe_main(uintptr_t *sp, const unsigned long *regs)
{
	int argc = (int)sp[0], show_sp = 0;
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
	size_t envc = 0;
	while (envp[envc])
		envc++;
	Elf64_auxv_t *auxv = (Elf64_auxv_t *)(envp + envc + 1), *a;
	uintptr_t random = 0, platform = 0, execfn = 0;

	say("argc %d\n", argc);
	for (int i = 0; i < argc; i++) {
		say("argv[%d] %s\n", i, argv[i]);
		show_sp |= !r_strcmp(argv[i], "show-sp");
	}
	say("envc %zu\n", envc);
	for (a = auxv;; a++) {
		unsigned long v = a->a_un.a_val;
		say("auxv %s ", auxname(a->a_type));
		switch (a->a_type) {
		case AT_SYSINFO_EHDR: say("vDSO ELF header %s\n", yes(is_elf(v))); break;
		case AT_BASE: say(has_interp() ? "interpreter ELF header %s\n" : "%s\n",
				  has_interp() ? yes(is_elf(v)) : v ? "NONZERO" : "0"); break;
		case AT_PHDR:
			say("own program headers %s\n",
			    yes(v == (uintptr_t)&__ehdr_start + __ehdr_start.e_phoff));
			break;
		case AT_ENTRY: say("own _start %s\n", yes(v == (uintptr_t)_start)); break;
		case AT_RANDOM: random = v; say("on the stack\n"); break;
		case AT_EXECFN: execfn = v; say("%s\n", (const char *)v); break;
		case AT_PLATFORM: platform = v; say("%s\n", (const char *)v); break;
		case AT_HWCAP: case AT_HWCAP2: case AT_FLAGS: say("0x%lx\n", v); break;
		default: say("%lu\n", v);
		}
		if (a->a_type == AT_NULL)
			break;
	}

	/* fs/binfmt_elf.c's layout */
	uintptr_t s = (uintptr_t)sp, auxv_end = (uintptr_t)(a + 1);
	say("entry sp%%16 %lu\n", s % 16);
	show_regs(regs);
	int contiguous = argc > 0;
	char *next = argv[0];
	for (int i = 0; i < argc; i++, next += r_strlen(next) + 1)
		contiguous &= argv[i] == next;
	for (size_t i = 0; i < envc; i++, next += r_strlen(next) + 1)
		contiguous &= envp[i] == next;
	contiguous &= (uintptr_t)next == execfn;
	uintptr_t top = execfn + r_strlen((const char *)execfn) + 1 + 8;
	say("layout argv, envp and AT_EXECFN strings contiguous: %s\n", yes(contiguous));
	say("layout AT_EXECFN 8 bytes below a page end: %s\n", yes(top % 4096 == 0));
	say("layout AT_PLATFORM ends 16-aligned: %s\n",
	    yes(platform && (platform + r_strlen((char *)platform) + 1) % 16 == 0));
	say("layout AT_RANDOM just below AT_PLATFORM: %s\n", yes(random + 16 == platform));
	say("layout auxv ends less than 16 bytes below AT_RANDOM: %s\n",
	    yes(random >= auxv_end && random - auxv_end < 16));
	int random_set = 0;
	for (int i = 0; i < 16; i++)
		random_set |= ((unsigned char *)random)[i];
	say("layout AT_RANDOM bytes not all zero: %s\n", yes(random_set));
	int named = 0;
	say("layout sp in the VMA that ends at the top: %s\n", yes(stack_vma(s, &named) == top));
	say("layout that VMA is [stack]: %s\n", yes(named));

	/* what execve sets in the kernel */
	char comm[32];
	if (read_file("/proc/self/comm", comm, sizeof comm) > 0)
		say("proc comm %s", comm);
	say("proc cmdline is argv: %s\n", yes(proc_strings("/proc/self/cmdline", argv, argc)));
	say("proc environ is envp: %s\n", yes(proc_strings("/proc/self/environ", envp, envc)));
	static char pauxv[4096];
	long n = read_file("/proc/self/auxv", pauxv, sizeof pauxv);
	say("proc auxv is the stack's: %s\n",
	    yes(n == (long)(auxv_end - (uintptr_t)auxv) && !r_memcmp(pauxv, auxv, (size_t)n)));
	say("proc exe is AT_EXECFN: %s, is argv[0]: %s\n",
	    yes(same_file("/proc/self/exe", (const char *)execfn)),
	    yes(same_file("/proc/self/exe", argv[0])));
	show_brk();
	show_signals();
	if (show_sp)
		say("sp 0x%lx\n", s);
	rsys3(__NR_write, 1, (long)outbuf, (long)outlen);
	for (;;)
		rsys1(__NR_exit_group, 0);
}
