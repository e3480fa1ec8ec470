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

/* Handles are link maps under glibc (programs compare them with
 * dladdr1's and _dl_find_object's and read their fields), so libc's
 * callers get the shadow link maps, and rtld gets its objects back.  A
 * pointer that is no live link map goes through unchanged, for rtld to
 * reject; so do RTLD_DEFAULT and RTLD_NEXT. */
static void *handle_obj(void *h)
{
	if (h == RTLD_DEFAULT || h == RTLD_NEXT)
		return h;
	for (struct obj *o = R.head; o; o = o->l_next)
		if (o->pdata == h && !o->faked)
			return o;
	if (R.self && R.self->pdata == h)
		return R.self;
	return h;
}

static void *h_dlopen(const char *file, int mode, void *caller)
{
	return shadow_of(dl_open_at(file, mode & RTLD_MODE_BITS, caller));
}

static int h_dlclose(void *h)
{
	return dlclose(handle_obj(h));
}

static void *h_dlsym(void *h, const char *name, void *caller)
{
	return dl_sym_at(handle_obj(h), name, 0, caller);
}

static void *h_dlvsym(void *h, const char *name, const char *version, void *caller)
{
	return dl_sym_at(handle_obj(h), name, version, caller);
}

static int h_dladdr1(const void *addr, Dl_info *info, void **extra, int flags)
{
	int r = dladdr1(addr, info, extra, flags);
	if (r && flags == RTLD_DL_LINKMAP && extra)
		*extra = shadow_of(*extra);
	return r;
}

static int h_dlinfo(void *h, int request, void *arg)
{
	int r = dlinfo(handle_obj(h), request, arg);
	if (r == 0 && request == RTLD_DI_LINKMAP)
		*(void **)arg = shadow_of(*(struct obj **)arg);
	return r;
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
	return shadow_of(dl_open_at(name, mode & RTLD_MODE_BITS, 0));
}

static void *h_libc_dlsym(void *map, const char *name)
{
	return dl_sym_at(handle_obj(map), name, 0, 0);
}

static void *h_libc_dlvsym(void *map, const char *name, const char *version)
{
	return dl_sym_at(handle_obj(map), name, version, 0);
}

/* In the member order of glibc's struct dlfcn_hook (checked against the
 * generated offsets in glibc.c). */
const void *glibc_dlfcn_hook[13] = {
	h_dlopen, h_dlclose, h_dlsym, h_dlvsym, dlerror, dladdr, h_dladdr1, h_dlinfo,
	h_dlmopen, h_libc_dlopen_mode, h_libc_dlsym, h_libc_dlvsym, h_dlclose,
};
