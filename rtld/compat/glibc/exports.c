/* The functions glibc's libc imports from its ld.so (GLIBC_PRIVATE and a
 * few public ones), as libc calls them. */
#include "glibc.h"
#include "out.h"
#include "sys.h"
#include "util.h"
#include "rtld/dlfcn.h"
#include "rtld/tls.h"

#define EXPORT __attribute__((visibility("default")))

/* pthread_create: the TLS of a thread whose TCB (struct pthread) libc
 * placed at mem. */
EXPORT void *_dl_allocate_tls(void *mem)
{
	if (!mem)
		return 0;	/* libc always brings the memory */
	return rtld_tls_init(mem);
}

/* A cached stack reused: libc freed the dynamic blocks and cleared the dtv. */
EXPORT void *_dl_allocate_tls_init(void *tcb, bool init_tls)
{
	(void)init_tls;
	return tls_reinit(tcb);
}

EXPORT void _dl_deallocate_tls(void *tcb, bool dealloc_tcb)
{
	(void)dealloc_tcb;	/* the memory is libc's: it never asks */
	tls_release(tcb);
}

EXPORT void _dl_get_tls_static_info(size_t *size, size_t *align)
{
	*size = GLRO(GLIBC_OFF_GLRO_DL_TLS_STATIC_SIZE, size_t);
	*align = GLRO(GLIBC_OFF_GLRO_DL_TLS_STATIC_ALIGN, size_t);
}

EXPORT void *_dl_find_dso_for_object(Addr addr)
{
	rtld_lock();
	void *m = shadow_of(obj_at((const void *)addr));
	rtld_unlock();
	return m;
}

struct dl_exception {
	const char *objname;
	const char *errstring;
	char *message_buffer;
};

EXPORT void _dl_exception_create(struct dl_exception *e, const char *objname,
				 const char *errstring)
{
	e->objname = objname ? objname : "";
	e->errstring = errstring;
	e->message_buffer = 0;	/* nothing for libc to free */
}

EXPORT void _dl_fatal_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r_vdprintf(2, fmt, ap);
	va_end(ap);
	sys_exit_group(127);
}

EXPORT void _dl_audit_preinit(void *map)
{
	(void)map;	/* no LD_AUDIT modules */
}

EXPORT void *_dl_audit_symbind_alt(void *map, const Sym *ref, void **value, void *result)
{
	(void)map, (void)ref, (void)result;
	return *value;
}

EXPORT void _dl_rtld_di_serinfo(void *loader, Dl_serinfo *si, bool counting)
{
	/* Only reached when libc bypasses the dlfcn hook, which it does not. */
	dlinfo(obj_of_shadow(loader), counting ? RTLD_DI_SERINFOSIZE : RTLD_DI_SERINFO, si);
}

EXPORT void _dl_mcount(Addr from, Addr self)
{
	(void)from, (void)self;
}

EXPORT const void *_dl_x86_get_cpu_features(void)
{
	return _rtld_global_ro + GLIBC_OFF_GLRO_DL_X86_CPU_FEATURES;
}
