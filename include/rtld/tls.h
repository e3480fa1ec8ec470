/* rtld's thread-local storage interface for thread libraries.
 *
 * x86_64 uses TLS variant II: the thread pointer (%fs base) points at a
 * thread control block whose first word points to itself; the static TLS
 * blocks of the initial modules lie just below it, at fixed negative
 * offsets; modules loaded later get blocks through the dtv.
 *
 * A thread library creating a thread calls rtld_tls_alloc() for a new
 * area (or rtld_tls_init() on memory it laid out itself), puts the returned
 * thread pointer in the new thread's %fs (clone's CLONE_SETTLS), and calls
 * rtld_tls_free() once the thread is gone. */
#ifndef RTLD_TLS_H
#define RTLD_TLS_H

#include <stddef.h>
#include <stdint.h>

/* The dynamic thread vector, in glibc's layout (glibc's libc reads it):
 * tcb->dtv points at entry 0, whose val is the generation; entry -1's val
 * is the number of module slots; entry m holds module m's block (val) and
 * the allocation to free for it (to_free, NULL for static blocks). */
struct rtld_dtv {
	uintptr_t val;
	void *to_free;
};

/* The head of the TCB, at the thread pointer.  The offsets of stack_guard
 * (0x28) and pointer_guard (0x30) are fixed by the x86_64 ABI as used by
 * GCC's -fstack-protector and by glibc. */
struct rtld_tcb {
	void *tcb;		/* 0x00: points to itself (%fs:0) */
	struct rtld_dtv *dtv;	/* 0x08 */
	void *self;		/* 0x10 */
	int multiple_threads;	/* 0x18 */
	int gscope_flag;	/* 0x1c */
	uintptr_t sysinfo;	/* 0x20 */
	uintptr_t stack_guard;	/* 0x28 */
	uintptr_t pointer_guard;/* 0x30 */
	uintptr_t unused[9];	/* room up to 128 bytes */
};

/* Argument of __tls_get_addr (General and Local Dynamic models). */
struct rtld_tls_index {
	uintptr_t module;
	uintptr_t offset;
};

/* Bytes of static TLS below the thread pointer, and their alignment. */
size_t rtld_tls_static_size(void);
size_t rtld_tls_static_align(void);

/* Fills a new thread's TLS: copies every initial module's image into the
 * static blocks below tp, zeroes the rest, allocates its dtv and writes the
 * TCB head (self pointers and the guards of the current thread).  tp must
 * be aligned to rtld_tls_static_align() and have rtld_tls_static_size()
 * bytes below it.  Returns tp, or NULL when out of memory. */
void *rtld_tls_init(void *tp);

/* Allocates and initialises an area with tcb_size bytes at the thread
 * pointer (at least sizeof(struct rtld_tcb)); returns the thread pointer. */
void *rtld_tls_alloc(size_t tcb_size);

/* Frees the dtv (and the dynamic blocks) of a thread; with an area from
 * rtld_tls_alloc, the area too. */
void rtld_tls_free(void *tp);

void *__tls_get_addr(struct rtld_tls_index *ti);

#endif
