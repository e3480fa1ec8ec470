/* glibc's libc sends dlopen, dlsym, dlerror and the rest (and its own
 * internal __libc_dlopen_mode users: NSS, iconv, libgcc_s) through
 * GLRO(dl_dlfcn_hook) when it is set, the mechanism glibc uses for static
 * programs.  Pointing it here routes them all to rtld's implementation
 * (dl.c, introspect.c), with the caller passed explicitly. */
#include "glibc.h"
#include "rtld/dlfcn.h"

/* libc adds its own __RTLD_* flags in the top bits; the rest is the
 * caller's mode, which rtld validates. */
#define RTLD_MODE_BITS 0x01ffffff

static void *h_dlopen(const char *file, int mode, void *caller)
{
	return dl_open_at(file, mode & RTLD_MODE_BITS, caller);
}

static void *h_dlsym(void *h, const char *name, void *caller)
{
	return dl_sym_at(h, name, 0, caller);
}

static void *h_dlvsym(void *h, const char *name, const char *version, void *caller)
{
	return dl_sym_at(h, name, version, caller);
}

static void *h_dlmopen(long nsid, const char *file, int mode, void *caller)
{
	if (nsid == 0)
		return h_dlopen(file, mode, caller);
	dl_set_error("dlmopen: only the base namespace is supported");
	return 0;
}

static void *h_libc_dlopen_mode(const char *name, int mode)
{
	return dl_open_at(name, mode & RTLD_MODE_BITS, 0);
}

static void *h_libc_dlsym(void *map, const char *name)
{
	return dl_sym_at(map, name, 0, 0);
}

static void *h_libc_dlvsym(void *map, const char *name, const char *version)
{
	return dl_sym_at(map, name, version, 0);
}

/* In the member order of glibc's struct dlfcn_hook (checked against the
 * generated offsets in glibc.c). */
const void *glibc_dlfcn_hook[13] = {
	h_dlopen, dlclose, h_dlsym, h_dlvsym, dlerror, dladdr, dladdr1, dlinfo,
	h_dlmopen, h_libc_dlopen_mode, h_libc_dlsym, h_libc_dlvsym, dlclose,
};
