/* Link-time stand-in for rtld's exported interface (build/rtld/librtld.so,
 * soname ld-linux-x86-64.so.2).  Freestanding programs link against it to
 * use the dlopen family; at run time rtld satisfies the dependency itself,
 * so none of these bodies ever runs.  The data objects have their real
 * sizes so that copy relocations against them are right. */
void dlopen(void) {}
void dlsym(void) {}
void dlvsym(void) {}
void dlclose(void) {}
void dlerror(void) {}
void dladdr(void) {}
void dladdr1(void) {}
void dlinfo(void) {}
void dl_iterate_phdr(void) {}
void _dl_find_object(void) {}
void rtld_tls_alloc(void) {}
void rtld_tls_init(void) {}
void rtld_tls_free(void) {}
void rtld_tls_static_size(void) {}
void rtld_tls_static_align(void) {}
void rtld_tls_dtor_hold(void) {}
void rtld_tls_dtor_release(void) {}
void __tls_get_addr(void) {}
void _dl_debug_state(void) {}
char _r_debug[40];
