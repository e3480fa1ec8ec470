/* The process state execve resets, done by hand (begin_new_exec and
 * setup_new_exec in fs/exec.c, see loader-and-costs.md A3):
 *
 *   - caught signals back to SIG_DFL, ignored ones stay ignored; the
 *     blocked mask and pending signals are kept;
 *   - the alternate signal stack disabled;
 *   - comm set to the basename of the path, as the kernel does;
 *   - an executable stack when the program's PT_GNU_STACK asks for one;
 *   - brk, the code/data/stack bounds, the argv and environment bounds
 *     (/proc/PID/cmdline and environ) and the saved auxv (/proc/PID/auxv)
 *     with prctl(PR_SET_MM, PR_SET_MM_MAP), which needs no privilege but
 *     a kernel built with CONFIG_CHECKPOINT_RESTORE;
 *   - /proc/self/exe through the same call, which needs CAP_SYS_ADMIN or
 *     CAP_CHECKPOINT_RESTORE, and which the kernel refuses while the old
 *     executable is still mapped: ulexec first swaps its own file-backed
 *     mappings for anonymous copies (mremap over itself, so the code keeps
 *     running from identical bytes).
 *
 * Without those privileges /proc/self/exe keeps naming ulexec; without
 * PR_SET_MM_MAP, brk stays ulexec's (the program's heap starts near
 * ELF_ET_DYN_BASE) and /proc shows ulexec's command line.  ulexec has no
 * libc, so no rseq area, robust list or TLS of its own to unregister; it
 * starts no threads and its file descriptors are close-on-exec and closed
 * here.  What stays different from execve: the process is not made
 * non-dumpable or re-credentialed (a set-user-ID program runs with the
 * caller's ids and AT_SECURE 0; ulexec itself refuses to run with
 * AT_SECURE set), personality is inherited
 * as is, and one page of ulexec (the trampoline in start.S) stays mapped. */
#include <linux/prctl.h>
#include "ulexec.h"

#define SIG_IGN_ 1
#define NSIG_ 64
#define SS_DISABLE_ 2
#define MREMAP_MAYMOVE_ 1
#define MREMAP_FIXED_ 2
#define CAP_SYS_ADMIN_ 21
#define CAP_CHECKPOINT_RESTORE_ 40

extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));

/* One getrandom for all of ulexec's needs, normally. */
void random_bytes(void *buf, size_t n)
{
	static unsigned char pool[128];
	static size_t left;
	for (unsigned char *p = buf; n; n--) {
		while (!left) {
			long r = sys_getrandom(pool, sizeof pool);
			if (r < 0 && r != -EINTR)
				die(ST_FAILED, "getrandom: %s", errno_text((int)-r));
			left = r > 0 ? (size_t)r : 0;
		}
		*p++ = pool[--left];
	}
}

uint64_t random_u64(void)
{
	uint64_t v;
	random_bytes(&v, sizeof v);
	return v;
}

/* The caught signals, from /proc/self/status (all, without /proc). */
static uint64_t caught_signals(void)
{
	char buf[4096];
	long fd = sys_open("/proc/self/status", R_O_RDONLY), n = -1;
	if (fd >= 0) {
		n = sys_read((int)fd, buf, sizeof buf - 1);
		sys_close((int)fd);
	}
	if (n <= 0)
		return ~0UL;
	buf[n] = 0;
	const char *p = buf;
	while (p && r_strncmp(p, "SigCgt:\t", 8))
		p = r_strchr(p, '\n') ? r_strchr(p, '\n') + 1 : 0;
	if (!p)
		return ~0UL;
	uint64_t mask = 0;
	for (p += 8; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); p++)
		mask = mask << 4 | (uint64_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
	return mask;
}

/* flush_signal_handlers(): caught signals back to SIG_DFL.  Ignored ones
 * stay ignored; their flags are clear already, since ulexec itself came
 * out of an execve and never sets any. */
static void reset_signals(void)
{
	uint64_t caught = caught_signals();
	for (int sig = 1; sig <= NSIG_; sig++)
		if (caught >> (sig - 1) & 1) {
			struct ksigaction old, dfl = { 0, 0, 0, 0 };
			if (sys_rt_sigaction(sig, 0, &old) == 0 && old.handler > SIG_IGN_)
				sys_rt_sigaction(sig, &dfl, 0);
		}
	struct {
		void *sp;
		int flags;
		size_t size;
	} ss = { 0, SS_DISABLE_, 0 };
	sys_sigaltstack(&ss, 0);
}

static int may_set_exe(void)
{
	struct { uint32_t version; int pid; } hdr = { 0x20080522, 0 };	/* version 3 */
	struct { uint32_t effective, permitted, inheritable; } caps[2];
	if (sys_capget(&hdr, caps) < 0)
		return 0;
	return (caps[0].effective >> CAP_SYS_ADMIN_ & 1) ||
	       (caps[1].effective >> (CAP_CHECKPOINT_RESTORE_ - 32) & 1);
}

/* Replaces the file pages of each of ulexec's segments by an anonymous
 * copy at the same address.  Nothing here writes a global between a copy and its move. */
static int unmap_own_file(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(S.base + __ehdr_start.e_phoff);
	for (size_t i = 0; i < __ehdr_start.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		/* Only the file pages: the rest of .bss is anonymous already. */
		uintptr_t lo = page_down(S.base + ph[i].p_vaddr, S.pagesz);
		size_t len = page_up(S.base + ph[i].p_vaddr + ph[i].p_filesz, S.pagesz) - lo;
		char *copy = sys_mmap(0, len, R_PROT_READ | R_PROT_WRITE,
				      R_MAP_PRIVATE | R_MAP_ANONYMOUS, -1, 0);
		if (R_MAP_FAILED(copy))
			return -1;
		r_memcpy(copy, (const void *)lo, len);
		int prot = (ph[i].p_flags & PF_R ? R_PROT_READ : 0) |
			   (ph[i].p_flags & PF_W ? R_PROT_WRITE : 0) |
			   (ph[i].p_flags & PF_X ? R_PROT_EXEC : 0);
		if (sys_mprotect(copy, len, prot) < 0 ||
		    R_MAP_FAILED(sys_mremap(copy, len, MREMAP_MAYMOVE_ | MREMAP_FIXED_, (void *)lo))) {
			sys_munmap(copy, len);
			return -1;
		}
	}
	return 0;
}

static void set_mm(const struct request *rq, const struct stack *st, uintptr_t brk)
{
	const struct elf *p = &rq->prog;
	struct prctl_mm_map m = {
		.start_code = p->start_code, .end_code = p->end_code,
		.start_data = p->start_data, .end_data = p->end_data,
		.start_brk = brk, .brk = brk, .start_stack = st->sp,
		.arg_start = st->arg_start, .arg_end = st->arg_end,
		.env_start = st->arg_end, .env_end = st->env_end,
		.auxv = (__u64 *)st->auxv, .auxv_size = (uint32_t)(st->nauxv * 16),
		.exe_fd = (uint32_t)-1,
	};
	if (m.start_code >= m.end_code) {	/* no PF_X segment */
		m.start_code = p->map_lo;
		m.end_code = p->map_hi;
	}
	if (may_set_exe() && unmap_own_file() == 0) {
		m.exe_fd = (uint32_t)p->fd;
		if (sys_prctl(PR_SET_MM, PR_SET_MM_MAP, (unsigned long)&m, sizeof m) == 0)
			return;
		m.exe_fd = (uint32_t)-1;
	}
	sys_prctl(PR_SET_MM, PR_SET_MM_MAP, (unsigned long)&m, sizeof m);
}

void proc_reset(const struct request *rq, const struct stack *st, uintptr_t brk)
{
	reset_signals();
	const char *base = r_strrchr(rq->execfn, '/');
	sys_prctl(PR_SET_NAME, (unsigned long)(base ? base + 1 : rq->execfn), 0, 0);
	if (rq->prog.exec_stack)
		sys_mprotect((void *)(st->top - S.pagesz), S.pagesz,
			     R_PROT_READ | R_PROT_WRITE | R_PROT_EXEC | R_PROT_GROWSDOWN);
	set_mm(rq, st, brk);
	sys_close(rq->prog.fd);
	if (rq->has_interp)
		sys_close(rq->interp.fd);
}
