/* ulexec: a userland execve.  Declarations shared by the files of loader/.
 *
 * ulexec is a freestanding static PIE like rtld: rtld/boot.c relocates it,
 * then rtld_main (main.c) runs everything else.  The steps, each in the
 * file that does it:
 *
 *   exec.c   open PROGRAM as execve would, follow #! lines, PATH search
 *   image.c  check the ELF headers (include/rtld/elfcheck.h) and map the
 *            program and its interpreter where load_elf_binary would
 *   stack.c  lay out the new stack and auxv as create_elf_tables does;
 *            --show-auxv and --show-stack
 *   proc.c   the process state execve would reset (signals, sigaltstack,
 *            comm, brk and /proc via PR_SET_MM_MAP, /proc/self/exe)
 *   start.S  _start and the final trampoline that copies the new stack
 *            over the old one, unmaps ulexec and jumps */
#ifndef ULEXEC_H
#define ULEXEC_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include <asm-generic/errno.h>
#include "rtld/elfcheck.h"
#include "sys.h"
#include "util.h"

/* Exit statuses, as the shells, env(1) and timeout(1) use them. */
#define ST_FAILED 125		/* ulexec itself failed (usage, resources) */
#define ST_NOEXEC 126		/* the program exists but cannot be run */
#define ST_NOTFOUND 127		/* the program or an interpreter does not exist */

/* auxv types newer than this system's headers */
#ifndef AT_RSEQ_FEATURE_SIZE
#define AT_RSEQ_FEATURE_SIZE 27
#define AT_RSEQ_ALIGN 28
#endif
#ifndef AT_HWCAP3
#define AT_HWCAP3 29
#define AT_HWCAP4 30
#endif
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

/* x86_64 constants of fs/binfmt_elf.c and arch/x86. */
#define TASK_SIZE_MAX ((1UL << 47) - 4096)	/* DEFAULT_MAP_WINDOW */
#define ELF_ET_DYN_BASE (TASK_SIZE_MAX / 3 * 2)
#define BRK_RND_RANGE (1UL << 30)		/* arch_randomize_brk, 64-bit */
#define STACK_ALIGN_RND 8192			/* arch_align_stack */
#define BINPRM_BUF 256				/* what execve reads first */
#define SCRIPT_DEPTH 5				/* #! rewrites execve allows */
#define PATH_MAX_ 4096
#define PH_MAX (4096 / sizeof(Elf64_Phdr))	/* load_elf_phdrs: one page */
#define MAX_AUXV 64

#define R_O_NONBLOCK 04000
#define R_MAP_NORESERVE 0x4000
#define R_PROT_GROWSDOWN 0x01000000		/* PROT_GROWSDOWN */

/* System calls rtld/sys.h does not have. */
struct ksigaction {		/* the kernel's struct sigaction on x86_64 */
	uintptr_t handler;
	unsigned long flags;
	uintptr_t restorer;
	uint64_t mask;
};

static inline long sys_prctl(int op, unsigned long a, unsigned long b, unsigned long c)
{ return rsys6(__NR_prctl, op, (long)a, (long)b, (long)c, 0, 0); }
static inline long sys_rt_sigaction(int sig, const struct ksigaction *act, struct ksigaction *old)
{ return rsys4(__NR_rt_sigaction, sig, (long)act, (long)old, 8); }
static inline long sys_sigaltstack(const void *ss, void *old)
{ return rsys2(__NR_sigaltstack, (long)ss, (long)old); }
static inline void *sys_mremap(void *old, size_t len, int flags, void *to)
{ return (void *)rsys6(__NR_mremap, (long)old, (long)len, (long)len, flags, (long)to, 0); }
static inline long sys_personality(unsigned long p) { return rsys1(__NR_personality, (long)p); }
static inline long sys_getrandom(void *buf, size_t n)
{ return rsys3(__NR_getrandom, (long)buf, (long)n, 0); }
static inline long sys_prlimit(int resource, uint64_t lim[2])
{ return rsys4(__NR_prlimit64, 0, resource, 0, (long)lim); }
static inline long sys_faccessat2(const char *path, int mode, int flags)
{ return rsys4(__NR_faccessat2, R_AT_FDCWD, (long)path, mode, flags); }
static inline long sys_capget(void *hdr, void *data)
{ return rsys2(__NR_capget, (long)hdr, (long)data); }

static inline uintptr_t page_down(uintptr_t a, uint64_t pagesz) { return a & ~(pagesz - 1); }
static inline uintptr_t page_up(uintptr_t a, uint64_t pagesz)
{ return (a + pagesz - 1) & ~(pagesz - 1); }

/* What ulexec knows about itself and its process (main.c). */
struct self {
	uintptr_t *sp;			/* the stack the kernel gave ulexec */
	char **envp;
	size_t envc;
	const Elf64_auxv_t *auxv;	/* ulexec's own, in the kernel's order */
	uintptr_t base;			/* ulexec's load address */
	uint64_t pagesz;
	int aslr;			/* the kernel randomises this process */
	int aslr_brk;			/* randomize_va_space 2: brk too */
	unsigned mmap_rnd_bits;
};
extern struct self S;

uintptr_t auxval(unsigned long type);
/* Fresh random bytes (getrandom); exits if there are none. */
void random_bytes(void *buf, size_t n);
uint64_t random_u64(void);

/* out.c: buffered output to stdout, messages and exits. */
void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_flush(void);
__attribute__((noreturn, format(printf, 2, 3))) void die(int status, const char *fmt, ...);
const char *errno_text(int err);
/* The exit status a shell gives a command that fails with errno err. */
int errno_status(int err);

/* One ELF file being loaded: the program or its interpreter. */
struct elf {
	const char *path;
	int fd;
	uint64_t size;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[PH_MAX];
	const char *interp;		/* PT_INTERP, NULL if none */
	int exec_stack;			/* PT_GNU_STACK with PF_X */
	/* Set by elf_map. */
	uintptr_t bias, map_lo, map_hi;
	uintptr_t entry, phdr, brk;
	uintptr_t start_code, end_code, start_data, end_data;
	char interp_buf[PATH_MAX_];
};

/* An execution to set up: what exec.c resolves, then image.c maps. */
struct request {
	const char *execfn;		/* the path as given: AT_EXECFN, comm */
	const char *pre[1 + 2 * (SCRIPT_DEPTH + 1)];	/* argv before args */
	size_t npre;
	char **args;			/* the rest of argv */
	size_t nargs;
	const char *interp_override;	/* --interp */
	struct elf prog, interp;
	int has_interp;
};

/* exec.c */
/* Finds what PROGRAM names (PATH search without a slash), follows its #!
 * lines and opens the ELF file at the end, with rq->pre[0] holding argv[0].
 * Then reads and checks the ELF headers of it and of its interpreter.
 * Exits with a message and 126 or 127 on any error. */
void resolve(struct request *rq, const char *program);

/* image.c */
/* Reads and checks e's headers; head holds the first len bytes of the file.
 * Returns 0, an ELFCHK_E_* code, ELF_E_ENTRY or -errno. */
#define ELF_E_ENTRY ELFCHK_E_NCODES	/* e_entry outside every PT_LOAD */
int elf_read(struct elf *e, const char *head, long len);
/* Maps the program and its interpreter as load_elf_binary would; returns
 * the program's start_brk. */
uintptr_t map_all(struct request *rq);
uintptr_t entry_point(const struct request *rq);

/* stack.c */
struct stack {
	uintptr_t top;			/* end of the stack VMA */
	uintptr_t sp;			/* argc */
	char *img;			/* image of [top - size, top) */
	size_t size;
	size_t argc, envc;
	char **envp;
	uintptr_t arg_start, arg_end, env_end;
	uintptr_t execfn, platform, base_platform, random;
	size_t gap;			/* arch_align_stack's random gap */
	Elf64_auxv_t auxv[MAX_AUXV];	/* AT_NULL included */
	size_t nauxv;
	uintptr_t auxv_at;
};
/* Builds the new stack in a scratch mapping, for the stack VMA ending at
 * top.  extra bytes are left free after the image, for the trampoline. */
void stack_build(struct stack *st, const struct request *rq, uintptr_t top, size_t extra);
void show_auxv(const struct stack *st);
void show_stack(const struct stack *st);

/* proc.c */
/* Does what begin_new_exec does that ulexec can, just before the jump. */
void proc_reset(const struct request *rq, const struct stack *st, uintptr_t brk);

/* start.S: the point of no return.  Copies the stack image, zeroes the
 * old frames below it, unmaps each range (the last being the scratch
 * holding the list) and enters the program with every register zero. */
struct enter {
	uintptr_t sp, entry;
	uintptr_t dst, src, len;	/* the stack image */
	uintptr_t zero, zero_len;	/* old frames below sp */
	uintptr_t ranges, nranges;	/* {addr, len} pairs to munmap */
};
__attribute__((noreturn)) void ulexec_enter(const struct enter *e);
extern const char ulexec_enter_end[];

#endif
