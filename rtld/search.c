/* Finding a library by name, in glibc's order:
 *   DT_RPATH of the requester and of its loaders up to the executable (only
 *   for objects without DT_RUNPATH), LD_LIBRARY_PATH, DT_RUNPATH of the
 *   requester, /etc/ld.so.cache, then the system directories.
 * A name with a slash is opened as it is (after $ORIGIN expansion). */
#include "core.h"
#include "hash.h"
#include "ldcache.h"
#include "out.h"
#include "pathexp.h"
#include "sys.h"
#include "util.h"
#include "rtld/elfcheck.h"

#define PATH_MAX_ 4096

static const char *const system_dirs[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib",
};

static struct ldcache cache;
static int cache_state;		/* 0 not tried, 1 usable, -1 unusable */

static bool has_name(const struct obj *o, const char *name, uint32_t h)
{
	if (o->l_name && r_strcmp(o->l_name, name) == 0)
		return true;
	for (const struct objname *n = o->names; n; n = n->next)
		if (n->hash == h && r_strcmp(n->name, name) == 0)
			return true;
	return false;
}

bool obj_has_name(const struct obj *o, const char *name)
{
	return has_name(o, name, gnu_hash(name));
}

/* Names are copied: one may come from another object's DT_NEEDED, and
 * that object may be unloaded first.  Returns the object's copy. */
const char *obj_add_name(struct obj *o, const char *name)
{
	uint32_t h = gnu_hash(name);
	for (struct objname *n = o->names; n; n = n->next)
		if (n->hash == h && r_strcmp(n->name, name) == 0)
			return n->name;
	size_t len = r_strlen(name) + 1;
	struct objname *n = r_malloc(sizeof *n + len);
	if (!n)
		return name;
	char *copy = (char *)(n + 1);
	r_memcpy(copy, name, len);
	n->name = copy;
	n->hash = h;
	n->next = o->names;
	o->names = n;
	return copy;
}

struct obj *find_loaded(const char *name)
{
	uint32_t h = gnu_hash(name);
	for (struct obj *o = R.head; o; o = o->l_next)
		if (has_name(o, name, h))
			return o;
	return 0;
}

static struct obj *find_by_file(const struct kstat *st)
{
	for (struct obj *o = R.head; o; o = o->l_next)
		if (o->ino == st->st_ino && o->dev == st->st_dev && (o->ino || o->dev))
			return o;
	return 0;
}

/* The one path buffer of a search, under the loader's lock.  A search
 * builds each candidate here and leaves the winner in it; 4 KiB buffers
 * on the stack instead would fault in a fresh stack page each; in the bss
 * it lies in the pages rtld prefaults at start-up (boot.c). */
static char path_buf[PATH_MAX_];

/* Directory of an object, absolute, for $ORIGIN.  Computed on first use,
 * in path_buf: expand() calls this before it writes there. */
const char *origin_of(struct obj *o)
{
	if (o->origin)
		return o->origin[0] ? o->origin : 0;
	char *buf = path_buf;
	const size_t bufsz = sizeof path_buf;
	const char *path = o->l_name;
	long n;
	if (o->is_main && (!path || !path[0])) {
		n = sys_readlink("/proc/self/exe", buf, bufsz - 1);
		if (n < 0)
			n = 0;
		buf[n] = 0;
	} else {
		n = 0;
		if (path[0] != '/') {
			long c = sys_getcwd(buf, bufsz);
			n = c > 0 ? c - 1 : 0;	/* getcwd counts the NUL */
			if (n)
				buf[n++] = '/';
		}
		size_t len = r_strlen(path);
		if ((size_t)n + len >= bufsz)
			len = 0;
		r_memcpy(buf + n, path, len);
		n += (long)len;
		buf[n] = 0;
	}
	char *slash = r_strrchr(buf, '/');
	if (!slash)
		buf[0] = 0;
	else if (slash == buf)
		buf[1] = 0;
	else
		*slash = 0;
	o->origin = r_strdup(buf);
	return o->origin && o->origin[0] ? o->origin : 0;
}

static bool trusted_dir(const char *path)
{
	for (size_t i = 0; i < sizeof system_dirs / sizeof *system_dirs; i++) {
		size_t n = r_strlen(system_dirs[i]);
		if (r_strncmp(path, system_dirs[i], n) == 0 && (path[n] == '/' || !path[n]))
			return true;
	}
	return false;
}

/* $PLATFORM's value, found out (CPUID) only when a path uses it. */
static const char *platform(const char *elem, size_t len)
{
	static const char *value;
	static bool known;
	if (known)
		return value;
	bool named = false;
	for (size_t i = 0; i + 8 <= len && !named; i++)
		named = r_strncmp(elem + i, "PLATFORM", 8) == 0;
	if (!named)
		return R.platform;
	value = arch_platform(R.platform);
	known = true;
	return value;
}

static long expand(struct obj *o, const char *elem, size_t len, char *out, size_t outsz)
{
	struct pathexp_ctx ctx = { 0, "lib/x86_64-linux-gnu", R.platform, R.secure };
	bool dst = pathexp_has_dst(elem, len);
	if (dst) {
		ctx.origin = o ? origin_of(o) : 0;
		ctx.platform = platform(elem, len);
	}
	long n = pathexp_expand(elem, len, &ctx, out, outsz);
	/* Secure mode: an expanded path must lie in a trusted directory. */
	if (n >= 0 && dst && R.secure && !trusted_dir(out))
		return -1;
	return n;
}

/* Tries one candidate file.  Returns an fd, or -1 to go on searching. A
 * file that exists but is not a loadable ELF for this machine is skipped
 * the way ld.so skips it. */
static struct filehead head;	/* of the file try_file accepted last */

static const char *other_class;	/* a skipped 32-bit candidate, for the message */

/* Tries one candidate file.  Returns an fd; -1 to go on searching (missing
 * file, or an ELF file for another class or machine, which ld.so skips);
 * -2 when the file is there but broken, which ends the search with an
 * error naming that file, as in ld.so. */
static int try_file(const char *path, struct kstat *st)
{
	if (R.debug & DBG_LIBS)
		dbg("  trying file=%s\n", path);
	long fd = sys_open(path, R_O_RDONLY);
	if (fd < 0)
		return -1;
	/* A secure-mode preload must be a setuid file, as in ld.so. */
	if (sys_fstat((int)fd, st) < 0 || (st->st_mode & 0170000) != 0100000 ||
	    (R.preload_secure && !(st->st_mode & 04000))) {
		sys_close((int)fd);
		return -1;
	}
	if (read_head((int)fd, &head)) {
		sys_close((int)fd);
		return -1;
	}
	int e = elfchk_header(head.buf, (size_t)head.len, (uint64_t)st->st_size, EM_X86_64);
	if (e == ELFCHK_E_CLASS32 || e == ELFCHK_E_CLASS || e == ELFCHK_E_MACHINE) {
		if (e == ELFCHK_E_CLASS32)
			other_class = "wrong ELF class: ELFCLASS32";
		sys_close((int)fd);
		return -1;
	}
	if (e && !(e == ELFCHK_E_PHNUM && ((const Ehdr *)head.buf)->e_phnum == 0)) {
		set_error("%s", e == ELFCHK_E_PHOFF ? "cannot read file data" : elfchk_strerror(e));
		set_errobj(path);
		sys_close((int)fd);
		return -2;
	}
	return (int)fd;
}

/* The list with its tokens expanded, as LD_DEBUG=libs shows it. */
static void debug_list(const char *list, struct obj *o, const char *what, bool from_file)
{
	char out[PATH_MAX_], dir[PATH_MAX_];
	size_t n = 0;
	for (const char *p = list;;) {
		const char *end = p;
		while (*end && *end != ':' && *end != ';')
			end++;
		long dl = end == p ? (dir[0] = '.', 1) : expand(o, p, (size_t)(end - p), dir, sizeof dir);
		if (dl > 0 && n + (size_t)dl + 2 < sizeof out) {
			if (n)
				out[n++] = ':';
			r_memcpy(out + n, dir, (size_t)dl);
			n += (size_t)dl;
		}
		if (!*end)
			break;
		p = end + 1;
	}
	out[n] = 0;
	if (from_file)
		dbg(" search path=%s\t\t(%s from file %s)\n", out, what, obj_name(o));
	else
		dbg(" search path=%s\t\t(%s)\n", out, what);
}

/* One walk over the search path: either looking for a file (name set) or
 * listing the directories (for dlinfo's RTLD_DI_SERINFO). */
struct walk {
	const char *name;
	const char **found;	/* the path of the file found */
	struct kstat *st;
	void (*dir_cb)(const char *dir, void *ctx);
	void *ctx;
};

/* Tries a directory: an fd (or -2) ends the walk, -1 goes on. */
static int visit(struct walk *w, char *dir, long dl)
{
	if (!w->name) {
		if (dl > 1 && dir[dl - 1] == '/')
			dir[dl - 1] = 0;
		w->dir_cb(dir, w->ctx);
		return -1;
	}
	size_t nlen = r_strlen(w->name);
	if ((size_t)dl + nlen + 2 >= PATH_MAX_)
		return -1;
	if (dl && dir[dl - 1] != '/')
		dir[dl++] = '/';
	r_memcpy(dir + dl, w->name, nlen + 1);
	int fd = try_file(dir, w->st);
	if (fd >= 0)
		*w->found = dir;
	return fd;
}

static int search_list(const char *list, struct obj *o, const char *what, struct walk *w)
{
	bool envlist = !o;
	if (envlist)
		o = R.main;	/* $ORIGIN in LD_LIBRARY_PATH is the program's */
	if (!list)
		return -1;
	if ((R.debug & DBG_LIBS) && w->name)
		debug_list(list, o, what, o && !envlist);
	const char *p = list;
	for (;;) {
		const char *end = p;
		while (*end && *end != ':' && *end != ';')
			end++;
		char *dir = path_buf;
		long dl;
		if (end == p) {
			dir[0] = '.';	/* an empty element means the current directory */
			dir[1] = 0;
			dl = 1;
		} else {
			dl = expand(o, p, (size_t)(end - p), dir, sizeof path_buf);
		}
		int fd = dl >= 0 ? visit(w, dir, dl) : -1;
		if (fd != -1)
			return fd;
		if (!*end)
			return -1;
		p = end + 1;
	}
}

static const char *cache_lookup(const char *name)
{
	if (cache_state == 0) {
		cache_state = -1;
		long fd = sys_open("/etc/ld.so.cache", R_O_RDONLY);
		struct kstat st;
		if (fd >= 0 && sys_fstat((int)fd, &st) == 0 && st.st_size > 0) {
			void *m = sys_mmap(0, (size_t)st.st_size, R_PROT_READ, R_MAP_PRIVATE,
					   (int)fd, 0);
			if (!R_MAP_FAILED(m)) {
				if (ldcache_parse(&cache, m, (size_t)st.st_size) == 0)
					cache_state = 1;
				else
					sys_munmap(m, (size_t)st.st_size);
			}
		}
		if (fd >= 0)
			sys_close((int)fd);
	}
	return cache_state > 0 ? ldcache_lookup(&cache, name) : 0;
}

/* --inhibit-rpath: whether o's name is one of the colon-separated list,
 * compared as ld.so compares it (the whole name, up to a colon). */
static bool rpath_inhibited(const struct obj *o)
{
	const char *list = R.inhibit_rpath;
	if (!list || R.secure)
		return false;
	do {
		/* ld.so compares with the program's name emptied, as it is
		 * by then. */
		const char *name = o->is_main || !o->l_name ? "" : o->l_name;
		while (*list == *name && *name) {
			list++;
			name++;
		}
		if (!*name && (!*list || *list == ':'))
			return true;
		while (*list)
			if (*list++ == ':')
				break;
	} while (*list);
	return false;
}

/* An object's RPATH or RUNPATH, unless --inhibit-rpath names it. */
static int search_own(const char *list, struct obj *o, const char *what, struct walk *w)
{
	return rpath_inhibited(o) ? -1 : search_list(list, o, what, w);
}

static int walk_path(struct obj *req, struct walk *w)
{
	int fd = -1;
	if (R.preload_secure)
		goto trusted;
	if (!req || !req->runpath) {
		bool did_main = false;
		for (struct obj *l = req; l && fd == -1; l = l->loader) {
			if (l->rpath && !l->runpath) {
				fd = search_own(l->rpath, l, "RPATH", w);
				did_main |= l == R.main;
			}
		}
		struct obj *m = R.main;
		if (fd == -1 && !did_main && m && m != req && m->rpath && !m->runpath)
			fd = search_own(m->rpath, m, "RPATH", w);
	}
	if (fd == -1 && R.library_path)
		fd = search_list(R.library_path, 0, "LD_LIBRARY_PATH", w);
	if (fd == -1 && req && req->runpath)
		fd = search_own(req->runpath, req, "RUNPATH", w);
trusted:;
	bool nodeflib = req && (req->flags_1 & DF_1_NODEFLIB);
	if (fd == -1 && !R.inhibit_cache && !nodeflib && w->name) {
		if (R.debug & DBG_LIBS)
			dbg(" search cache=/etc/ld.so.cache\n");
		const char *p = cache_lookup(w->name);
		if (p && (fd = try_file(p, w->st)) >= 0)
			*w->found = p;	/* the cache stays mapped */
	}
	for (size_t i = 0; fd == -1 && !nodeflib && i < sizeof system_dirs / sizeof *system_dirs; i++) {
		if (i == 0 && (R.debug & DBG_LIBS) && w->name)
			dbg(" search path=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib:/usr/lib\t\t(system search path)\n");
		long dl = (long)r_strlcpy(path_buf, system_dirs[i], sizeof path_buf);
		fd = visit(w, path_buf, dl);
	}
	return fd;
}

static int search(const char *name, struct obj *req, const char **found, struct kstat *st)
{
	other_class = 0;
	if (R.debug & DBG_LIBS)
		dbg("find library=%s [0]; searching\n", name);
	struct walk w = { .name = name, .found = found, .st = st };
	int fd = walk_path(req, &w);
	if (R.debug & DBG_LIBS)
		dbg("\n");
	return fd;
}

void search_dirs(struct obj *o, void (*fn)(const char *dir, void *ctx), void *ctx)
{
	struct walk w = { .dir_cb = fn, .ctx = ctx };
	walk_path(o, &w);
}

/* Opens a name containing a slash.  Errors are reported precisely since
 * there is no search to fall back on. */
static int open_path(const char *name, struct obj *req, const char **foundp, struct kstat *st)
{
	char *found = path_buf;
	*foundp = found;
	long n = expand(req, name, r_strlen(name), found, sizeof path_buf);
	if (n < 0) {
		set_error("cannot open shared object file: No such file or directory");
		return -1;
	}
	long fd = sys_open(found, R_O_RDONLY);
	if (fd < 0) {
		set_error("cannot open shared object file: %s", errno_str((int)-fd));
		return -1;
	}
	if (sys_fstat((int)fd, st) < 0) {
		sys_close((int)fd);
		set_error("cannot stat shared object: %s", errno_str(2));
		return -1;
	}
	if ((st->st_mode & 0170000) == 0040000) {
		sys_close((int)fd);
		/* ld.so's own messages know no name for EISDIR; dlerror's
		 * (libc's strerror) do. */
		set_error("cannot read file data: %s", R.in_dlopen ? errno_str(21) : "Error 21");
		return -1;
	}
	if (read_head((int)fd, &head)) {
		sys_close((int)fd);
		return -1;
	}
	/* ld.so reports a file for another machine as if it were missing. */
	if (elfchk_header(head.buf, (size_t)head.len, (uint64_t)st->st_size, EM_X86_64) ==
	    ELFCHK_E_MACHINE) {
		sys_close((int)fd);
		set_error("cannot open shared object file: No such file or directory");
		return -1;
	}
	return (int)fd;
}

/* LD_DEBUG=files: an object mapped, as ld.so describes it. */
void debug_mapped(const struct obj *o, const char *name)
{
	dbg("file=%s [0];  generating link map\n", name);
	dbg("  dynamic: 0x%016lx  base: 0x%016lx   size: 0x%016lx\n"
	    "    entry: 0x%016lx  phdr: 0x%016lx  phnum:   %16u\n\n",
	    (unsigned long)o->l_ld, (unsigned long)o->l_addr, (unsigned long)o->map_len,
	    (unsigned long)o->entry, (unsigned long)o->phdr, (unsigned)o->phnum);
}

struct obj *load_library(const char *name, struct obj *req, const char *why)
{
	struct obj *o = find_loaded(name);
	if (o)
		return o;
	if ((R.debug & DBG_FILES) && why && req)
		dbg("\nfile=%s [0];  %s %s [0]\n", name, why, obj_name(req));
	R.errobj = "";
	const char *found = 0;
	struct kstat st;
	int fd = r_strchr(name, '/') ? open_path(name, req, &found, &st) : search(name, req, &found, &st);
	if (fd == -1 && !r_strchr(name, '/'))
		set_error("%s", other_class ? other_class
					    : "cannot open shared object file: No such file or directory");
	if (fd < 0)
		return 0;
	o = find_by_file(&st);
	if (o) {
		sys_close(fd);
		obj_add_name(o, name);
		return o;
	}
	o = map_object(fd, found, &st, false, &head);
	sys_close(fd);
	if (!o)
		return 0;	/* ld.so names the object by the requested name here */
	o->loader = req;
	o->libname = obj_add_name(o, name);
	if (dynamic_parse(o)) {
		obj_unmap(o);
		return 0;
	}
	if (o->soname)
		obj_add_name(o, o->soname);
	if (R.debug & DBG_FILES)
		debug_mapped(o, name);
	return o;
}
