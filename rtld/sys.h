/* System call wrappers used by rtld.  Each returns the raw kernel result
 * (negative errno on failure). */
#ifndef RTLD_SYS_H
#define RTLD_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <asm/unistd.h>
#include "arch/x86_64/syscall_arch.h"

struct kstat {			/* struct stat as the x86_64 kernel fills it */
	unsigned long st_dev, st_ino, st_nlink;
	unsigned int st_mode, st_uid, st_gid, pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	unsigned long st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec;
	unsigned long st_ctime_, st_ctime_nsec;
	long unused[3];
};

#define R_O_RDONLY 0
#define R_O_WRONLY 1
#define R_O_CREAT 0100
#define R_O_APPEND 02000
#define R_O_CLOEXEC 02000000
#define R_AT_FDCWD (-100)

#define R_PROT_NONE 0
#define R_PROT_READ 1
#define R_PROT_WRITE 2
#define R_PROT_EXEC 4
#define R_MAP_SHARED 0x01
#define R_MAP_PRIVATE 0x02
#define R_MAP_FIXED 0x10
#define R_MAP_ANONYMOUS 0x20
#define R_MAP_FIXED_NOREPLACE 0x100000
#define R_MAP_FAILED(p) ((unsigned long)(p) > -4096UL)

static inline long sys_openat(int dirfd, const char *path, int flags, int mode)
{ return rsys4(__NR_openat, dirfd, (long)path, flags, mode); }
static inline long sys_open(const char *path, int flags)
{ return sys_openat(R_AT_FDCWD, path, flags | R_O_CLOEXEC, 0); }
static inline long sys_close(int fd) { return rsys1(__NR_close, fd); }
static inline long sys_read(int fd, void *buf, size_t n)
{ return rsys3(__NR_read, fd, (long)buf, (long)n); }
static inline long sys_pread(int fd, void *buf, size_t n, long off)
{ return rsys4(__NR_pread64, fd, (long)buf, (long)n, off); }
static inline long sys_write(int fd, const void *buf, size_t n)
{ return rsys3(__NR_write, fd, (long)buf, (long)n); }
static inline long sys_fstat(int fd, struct kstat *st)
{ return rsys2(__NR_fstat, fd, (long)st); }
static inline long sys_stat(const char *path, struct kstat *st)
{ return rsys4(__NR_newfstatat, R_AT_FDCWD, (long)path, (long)st, 0); }
static inline void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{ return (void *)rsys6(__NR_mmap, (long)addr, (long)len, prot, flags, fd, off); }
static inline long sys_munmap(void *addr, size_t len)
{ return rsys2(__NR_munmap, (long)addr, (long)len); }
static inline long sys_mprotect(void *addr, size_t len, int prot)
{ return rsys3(__NR_mprotect, (long)addr, (long)len, prot); }
static inline long sys_readlink(const char *path, char *buf, size_t n)
{ return rsys4(__NR_readlinkat, R_AT_FDCWD, (long)path, (long)buf, (long)n); }
static inline long sys_access(const char *path, int mode)
{ return rsys4(__NR_faccessat, R_AT_FDCWD, (long)path, mode, 0); }
static inline long sys_getcwd(char *buf, size_t n)
{ return rsys2(__NR_getcwd, (long)buf, (long)n); }
static inline long sys_getpid(void) { return rsys0(__NR_getpid); }
struct r_iovec {
	const void *base;
	size_t len;
};
static inline long sys_writev(int fd, const struct r_iovec *iov, int n)
{ return rsys3(__NR_writev, fd, (long)iov, n); }
static inline long sys_sched_yield(void) { return rsys0(__NR_sched_yield); }
static inline long sys_arch_prctl(int code, unsigned long addr)
{ return rsys2(__NR_arch_prctl, code, (long)addr); }
static inline long sys_futex(int *uaddr, int op, int val, const void *ts)
{ return rsys4(__NR_futex, (long)uaddr, op, val, (long)ts); }
static inline long sys_gettid(void) { return rsys0(__NR_gettid); }
static inline long sys_kill(int pid, int sig) { return rsys2(__NR_kill, pid, sig); }
static inline long sys_rt_sigprocmask(int how, const void *set, void *old)
{ return rsys4(__NR_rt_sigprocmask, how, (long)set, (long)old, 8); }

__attribute__((noreturn)) static inline void sys_exit_group(int status)
{
	for (;;)
		rsys1(__NR_exit_group, status);
}

#endif
