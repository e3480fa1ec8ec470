/* Private to the glibc personality: access to glibc's structures through
 * the offsets generated from this glibc build's debug information
 * (glibc_layout.h), never through hand-typed layouts. */
#ifndef RTLD_COMPAT_GLIBC_H
#define RTLD_COMPAT_GLIBC_H

#include "core.h"
#include "glibc_layout.h"

/* A field of a glibc structure at base + off. */
#define FIELD(base, off, type) (*(type *)((char *)(base) + (off)))

extern char _rtld_global[GLIBC_SIZEOF_GL];
extern char _rtld_global_ro[GLIBC_SIZEOF_GLRO];
extern void *__libc_stack_end;
extern char **_dl_argv;
extern int __libc_enable_secure;

#define GL(off, type) FIELD(_rtld_global, off, type)
#define GLRO(off, type) FIELD(_rtld_global_ro, off, type)

/* linkmap.c: a glibc-layout link_map for each object, kept in the order
 * of rtld's list and reachable from _rtld_global._dl_ns[0]. */
void *shadow_of(struct obj *o);
struct obj *obj_of_shadow(const void *map);
void shadows_sync(void);
void shadow_free(struct obj *o);
unsigned long shadow_dtors_pending(struct obj *o);

/* hook.c: the struct dlfcn_hook libc calls instead of its own dl*. */
extern const void *glibc_dlfcn_hook[13];

/* stacks.c: every thread stack becomes executable. */
int glibc_stacks_executable(void);

/* cpu.c: glibc's struct cpu_features at cf, as ld.so fills it, and the
 * GLRO fields glibc derives from it (dl_hwcap, dl_platform,
 * dl_minsigstacksize when it is 0). */
void glibc_cpu_features(char *cf);

#endif
