/* The run-time loading API rtld exports (the dlopen family), for programs
 * without a C library.  Same names, values and layouts as glibc's
 * <dlfcn.h> and <link.h> on x86_64, so code written for glibc compiles
 * unchanged.  Link with build/rtld/librtld.so (a link-time stub whose
 * soname is ld-linux-x86-64.so.2): at run time rtld itself satisfies that
 * dependency. */
#ifndef RTLD_DLFCN_H
#define RTLD_DLFCN_H

#include <elf.h>
#include <stddef.h>

#define RTLD_LAZY	0x00001
#define RTLD_NOW	0x00002
#define RTLD_NOLOAD	0x00004
#define RTLD_DEEPBIND	0x00008
#define RTLD_GLOBAL	0x00100
#define RTLD_LOCAL	0
#define RTLD_NODELETE	0x01000

#define RTLD_NEXT	((void *)-1l)
#define RTLD_DEFAULT	((void *)0)

typedef struct {
	const char *dli_fname;
	void *dli_fbase;
	const char *dli_sname;
	void *dli_saddr;
} Dl_info;

enum { RTLD_DL_SYMENT = 1, RTLD_DL_LINKMAP = 2 };

enum {
	RTLD_DI_LMID = 1, RTLD_DI_LINKMAP = 2, RTLD_DI_CONFIGADDR = 3,
	RTLD_DI_SERINFO = 4, RTLD_DI_SERINFOSIZE = 5, RTLD_DI_ORIGIN = 6,
	RTLD_DI_PROFILENAME = 7, RTLD_DI_PROFILEOUT = 8, RTLD_DI_TLS_MODID = 9,
	RTLD_DI_TLS_DATA = 10,
};

typedef struct {
	char *dls_name;
	unsigned int dls_flags;
} Dl_serpath;

typedef struct {
	size_t dls_size;
	unsigned int dls_cnt;
	Dl_serpath dls_serpath[1];
} Dl_serinfo;

struct link_map {
	Elf64_Addr l_addr;
	char *l_name;
	Elf64_Dyn *l_ld;
	struct link_map *l_next, *l_prev;
};

struct dl_phdr_info {
	Elf64_Addr dlpi_addr;
	const char *dlpi_name;
	const Elf64_Phdr *dlpi_phdr;
	Elf64_Half dlpi_phnum;
	unsigned long long dlpi_adds;
	unsigned long long dlpi_subs;
	size_t dlpi_tls_modid;
	void *dlpi_tls_data;
};

struct dl_find_object {
	unsigned long long dlfo_flags;
	void *dlfo_map_start;
	void *dlfo_map_end;
	struct link_map *dlfo_link_map;
	void *dlfo_eh_frame;
	unsigned long long __dflo_reserved[7];
};

void *dlopen(const char *file, int mode);
void *dlsym(void *handle, const char *name);
void *dlvsym(void *handle, const char *name, const char *version);
int dlclose(void *handle);
char *dlerror(void);
int dladdr(const void *addr, Dl_info *info);
int dladdr1(const void *addr, Dl_info *info, void **extra, int flags);
int dlinfo(void *handle, int request, void *arg);
int dl_iterate_phdr(int (*cb)(struct dl_phdr_info *, size_t, void *), void *data);
int _dl_find_object(void *pc, struct dl_find_object *result);

#endif
