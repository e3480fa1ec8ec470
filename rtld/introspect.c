/* Questions about loaded objects: dladdr, dladdr1, dl_iterate_phdr,
 * dlinfo and _dl_find_object (the unwinder's way to find .eh_frame). */
#include "core.h"
#include "compat.h"
#include "out.h"
#include "util.h"
#include "rtld/dlfcn.h"

#define EXPORT __attribute__((visibility("default")))


/* The symbol of o whose extent holds addr (ld.so's rule: inside
 * [value, value+size), or exactly at a size-0 symbol), highest value. */
static const Sym *symbol_at(const struct obj *o, Addr addr)
{
	const Sym *best = 0;
	size_t n = obj_nsyms(o);
	for (size_t i = 0; o->symtab && i < n; i++) {
		const Sym *s = &o->symtab[i];
		if (ELF64_ST_TYPE(s->st_info) == STT_TLS || s->st_shndx == SHN_ABS ||
		    (s->st_shndx == SHN_UNDEF && s->st_value == 0) || s->st_name >= o->strsz)
			continue;
		Addr v = o->l_addr + s->st_value;
		bool inside = addr >= v && (((s->st_shndx == SHN_UNDEF || s->st_size == 0) && addr == v) ||
					    addr < v + s->st_size);
		if (inside && (!best || best->st_value < s->st_value))
			best = s;
	}
	return best;
}

static const char *file_name(const struct obj *o)
{
	return o->is_main && (!o->l_name || !o->l_name[0]) ? R.argv[0] : o->l_name;
}

EXPORT int dladdr1(const void *addr, Dl_info *info, void **extra, int flags)
{
	rtld_lock();
	struct obj *o = obj_at(addr);
	int r = 0;
	if (o) {
		const Sym *s = symbol_at(o, (Addr)addr);
		info->dli_fname = file_name(o);
		info->dli_fbase = (void *)o->map_start;
		info->dli_sname = s ? o->strtab + s->st_name : 0;
		info->dli_saddr = s ? (void *)(o->l_addr + s->st_value) : 0;
		if (flags == RTLD_DL_SYMENT && extra)
			*extra = (void *)s;
		else if (flags == RTLD_DL_LINKMAP && extra)
			*extra = o;
		r = 1;
	}
	rtld_unlock();
	return r;
}

EXPORT int dladdr(const void *addr, Dl_info *info)
{
	return dladdr1(addr, info, 0, 0);
}

EXPORT int dl_iterate_phdr(int (*cb)(struct dl_phdr_info *, size_t, void *), void *data)
{
	rtld_lock();
	int r = 0;
	for (struct obj *o = R.head; o && !r; o = o->l_next) {
		if (o->faked)
			continue;
		struct dl_phdr_info info = {
			.dlpi_addr = o->l_addr,
			.dlpi_name = o->l_name ? o->l_name : "",
			.dlpi_phdr = o->phdr,
			.dlpi_phnum = (Elf64_Half)o->phnum,
			.dlpi_adds = R.adds,
			.dlpi_subs = R.subs,
			.dlpi_tls_modid = o->tls_modid,
			.dlpi_tls_data = tls_block_of(o),
		};
		r = cb(&info, sizeof info, data);
	}
	rtld_unlock();
	return r;
}

struct serinfo {
	Dl_serinfo *out;	/* NULL: only measure */
	size_t count, strbytes;
	char *strings;
};

static void add_dir(const char *dir, void *ctx)
{
	struct serinfo *si = ctx;
	size_t len = r_strlen(dir) + 1;
	if (si->out) {
		Dl_serpath *p = &si->out->dls_serpath[si->count];
		p->dls_name = si->strings;
		p->dls_flags = 0;	/* what glibc reports */
		r_memcpy(si->strings, dir, len);
		si->strings += len;
	}
	si->count++;
	si->strbytes += len;
}

/* RTLD_DI_SERINFOSIZE fills dls_size and dls_cnt; RTLD_DI_SERINFO then
 * fills the array and the strings after it, as glibc lays them out. */
static void serinfo(struct obj *o, Dl_serinfo *si, bool fill)
{
	struct serinfo c = { 0, 0, 0, 0 };
	if (fill) {
		c.out = si;
		c.strings = (char *)&si->dls_serpath[si->dls_cnt];
	}
	search_dirs(o, add_dir, &c);
	if (!fill) {
		si->dls_cnt = (unsigned)c.count;
		si->dls_size = (size_t)((char *)&si->dls_serpath[c.count] - (char *)si) + c.strbytes;
	}
}

EXPORT int dlinfo(void *h, int request, void *arg)
{
	rtld_lock();
	struct obj *o = h;
	int r = 0;
	if (!live_handle(o)) {
		dl_set_error("invalid handle");
		rtld_unlock();
		return -1;
	}
	switch (request) {
	case RTLD_DI_LMID:
		*(long *)arg = 0;
		break;
	case RTLD_DI_LINKMAP:
		*(struct obj **)arg = o;
		break;
	case RTLD_DI_ORIGIN: {
		const char *org = origin_of(o);
		r_memcpy(arg, org ? org : "", r_strlen(org ? org : "") + 1);
		break;
	}
	case RTLD_DI_SERINFOSIZE:
	case RTLD_DI_SERINFO:
		serinfo(o, arg, request == RTLD_DI_SERINFO);
		break;
	case RTLD_DI_TLS_MODID:
		*(size_t *)arg = o->tls_modid;
		break;
	case RTLD_DI_TLS_DATA:
		*(void **)arg = tls_block_of(o);
		break;
	default:
		dl_set_error("unsupported dlinfo request");
		r = -1;
	}
	rtld_unlock();
	return r;
}

EXPORT int _dl_find_object(void *pc, struct dl_find_object *res)
{
	rtld_lock();
	struct obj *o = obj_at(pc);
	if (o) {
		res->dlfo_flags = 0;
		res->dlfo_map_start = (void *)o->map_start;
		res->dlfo_map_end = (void *)(o->map_start + o->map_len);
		res->dlfo_link_map = (struct link_map *)o;
		res->dlfo_eh_frame = 0;
		for (size_t i = 0; i < o->phnum; i++)
			if (o->phdr[i].p_type == PT_GNU_EH_FRAME)
				res->dlfo_eh_frame = (void *)(o->l_addr + o->phdr[i].p_vaddr);
	}
	rtld_unlock();
	return o ? 0 : -1;
}
