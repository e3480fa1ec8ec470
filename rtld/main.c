/* Stage 2 of start-up: everything after self-relocation.
 *
 * Reads the auxv, the environment and (when run directly) the command
 * line; builds the objects for the program, the vDSO and rtld itself;
 * loads preloads and dependencies; checks versions; relocates; runs the
 * initialisers; and hands the program's entry point back to start.S. */
#include "core.h"
#include "compat.h"
#include "out.h"
#include "sys.h"
#include "util.h"
#include "hash.h"
#include "rtld/elfcheck.h"

struct rtld_state R = { .errobj = "" };

/* Written only on errors, so kept apart from the pages every start-up
 * touches (.lbss, after the bss). */
static __attribute__((section(".lbss"))) char errobj[ERROBJ_SIZE];

void set_errobj(const char *name)
{
	r_strlcpy(errobj, name, sizeof errobj);
	R.errobj = errobj;
}
static struct obj self;

struct handover {
	uintptr_t entry;
	uintptr_t *sp;
};

void _start(void);

static void read_auxv(void)
{
	Addr uid[4] = { 0, 0, 0, 0 };
	bool have_secure = false;
	for (Elf64_auxv_t *a = R.auxv; a->a_type != AT_NULL; a++) {
		Addr v = a->a_un.a_val;
		switch (a->a_type) {
		case AT_PAGESZ: R.pagesz = v; break;
		case AT_SECURE: R.secure = v != 0; have_secure = true; break;
		case AT_PLATFORM: R.platform = (const char *)v; break;
		case AT_SYSINFO_EHDR: R.vdso = (const void *)v; break;
		case AT_RANDOM: R.random = (const void *)v; break;
		case AT_UID: uid[0] = v; break;
		case AT_EUID: uid[1] = v; break;
		case AT_GID: uid[2] = v; break;
		case AT_EGID: uid[3] = v; break;
		}
	}
	if (!R.pagesz)
		R.pagesz = 4096;
	/* Without AT_SECURE, trust the environment only if the ids prove the
	 * program runs with the caller's own rights. */
	if (!have_secure)
		R.secure = uid[0] != uid[1] || uid[2] != uid[3];
}

static Addr auxv_get(unsigned long type)
{
	for (Elf64_auxv_t *a = R.auxv; a->a_type != AT_NULL; a++)
		if (a->a_type == type)
			return a->a_un.a_val;
	return 0;
}

static void parse_stack(uintptr_t *sp)
{
	R.argc = (int)sp[0];
	R.argv = (char **)(sp + 1);
	R.envp = R.argv + R.argc + 1;
	char **e = R.envp;
	while (*e)
		e++;
	R.auxv = (Elf64_auxv_t *)(e + 1);
}

static void setup_self(Addr base)
{
	const Ehdr *eh = (const Ehdr *)base;
	extern Dyn _DYNAMIC[] __attribute__((visibility("hidden")));
	self.l_addr = base;
	self.phdr = (const Phdr *)(base + eh->e_phoff);
	self.phnum = eh->e_phnum;
	self.l_ld = _DYNAMIC;
	self.is_rtld = true;
	self.kernel_mapped = true;
	self.relocated = true;
	self.map_start = base;
	for (size_t i = 0; i < self.phnum; i++) {
		const Phdr *p = &self.phdr[i];
		if (p->p_type == PT_LOAD && p->p_vaddr + p->p_memsz > self.map_len)
			self.map_len = p->p_vaddr + p->p_memsz;
		if (p->p_type == PT_GNU_RELRO) {
			self.relro_start = (base + p->p_vaddr) & ~(R.pagesz - 1);
			self.relro_size = ((base + p->p_vaddr + p->p_memsz) & ~(R.pagesz - 1)) -
					  self.relro_start;
		}
	}
	if (dynamic_parse(&self))
		fatal("cannot read own dynamic section: %s", last_error());
	obj_add_name(&self, "ld-linux-x86-64.so.2");
	R.self = &self;
}

/* ld.so looks up the vDSO's functions at every start (for libc), and
 * LD_DEBUG=bindings shows each binding, before anything is loaded: so
 * does rtld, whose glibc personality looks them up later, silently. */
static void show_vdso_bindings(struct obj *vdso)
{
	static const char *const names[] = { "__vdso_clock_gettime", "__vdso_gettimeofday",
					     "__vdso_time", "__vdso_getcpu", "__vdso_clock_getres" };
	struct vername v = { .name = "LINUX_2.6", .hash = sysv_hash("LINUX_2.6") };
	struct scope sc = { &vdso, 1 };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct symdef d;
		if (lookup_symbol(names[i], &v, 0, &sc, 0, &d) && (R.debug & DBG_BINDINGS))
			debug_binding(vdso, d.obj, names[i], &v, false);
	}
}

static void setup_vdso(void)
{
	if (!R.vdso)
		return;
	const Ehdr *eh = R.vdso;
	struct obj *o = r_calloc(1, sizeof *o);
	if (!o)
		return;
	o->phdr = (const Phdr *)((const char *)eh + eh->e_phoff);
	o->phnum = eh->e_phnum;
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		if (p->p_type == PT_LOAD && !o->map_len) {
			o->l_addr = (Addr)eh - (p->p_vaddr - p->p_offset);
			o->map_start = (Addr)eh;
			o->map_len = p->p_memsz;
		}
	}
	for (size_t i = 0; i < o->phnum; i++)
		if (o->phdr[i].p_type == PT_DYNAMIC)
			o->l_ld = (Dyn *)(o->l_addr + o->phdr[i].p_vaddr);
	o->kernel_mapped = o->is_vdso = o->relocated = true;
	if (dynamic_parse(o) || !o->soname) {
		r_free(o);
		return;
	}
	o->l_name = (char *)o->soname;
	o->libname = o->soname;
	o->in_list = true;
	obj_append(o);
	if (R.debug & (DBG_BINDINGS | DBG_SYMBOLS))
		show_vdso_bindings(o);
}

/* The main program as the kernel mapped it (rtld is its PT_INTERP). */
static void setup_main_from_kernel(void)
{
	/* The kernel leaves AT_PHDR at the load bias alone (0 for ET_EXEC)
	 * when no segment holds the headers' file offset. */
	const Phdr *ph = (const Phdr *)auxv_get(AT_PHDR);
	size_t phnum = auxv_get(AT_PHNUM);
	if ((Addr)ph < R.pagesz || (Addr)ph % _Alignof(Phdr))
		fatal_load(R.progname, elfchk_strerror(ELFCHK_E_PHDR));
	/* The kernel checks none of this, and everything rtld reads of the
	 * program (its notes first) goes through the load bias that PT_PHDR
	 * gives; RELRO will be mprotected. */
	int e = elfchk_phdr_segment(ph, phnum);
	/* Without PT_PHDR the bias stays 0: right for ET_EXEC only, and then
	 * the headers lie where the segments say (a PIE would be misread). */
	if (!e && !elfchk_in_load(ph, phnum, (Addr)ph - phdr_bias(ph, phnum),
				  phnum * sizeof(Phdr)))
		e = ELFCHK_E_PHDR;
	if (!e)
		e = elfchk_images(ph, phnum);
	if (!e)
		e = elfchk_relro(ph, phnum);
	if (e)
		fatal_load(R.progname, elfchk_strerror(e));
	struct obj *m = obj_from_phdrs(ph, phnum, auxv_get(AT_ENTRY));
	if (!m)
		fatal("cannot allocate memory");
	m->l_name = (char *)"";
	R.main = m;
}

/* rtld's l_name: the program's PT_INTERP string, as ld.so reports it. */
static void name_self(const char *fallback)
{
	const struct obj *m = R.main;
	for (size_t i = 0; i < m->phnum; i++) {
		const Phdr *p = &m->phdr[i];
		/* The kernel read it from the file; rtld reads the image,
		 * which a damaged header may not match. */
		if (p->p_type == PT_INTERP && p->p_filesz && obj_readable(m, p->p_vaddr, p->p_filesz) &&
		    !*(const char *)(m->l_addr + p->p_vaddr + p->p_filesz - 1)) {
			self.l_name = (char *)(m->l_addr + p->p_vaddr);
			break;
		}
	}
	if (!self.l_name)
		self.l_name = (char *)fallback;
	self.libname = self.l_name;
	obj_add_name(&self, self.l_name);
}

static size_t add_preloads(const char *list, const char *where, struct obj ***pre, size_t n)
{
	while (list && *list) {
		while (*list == ' ' || *list == ':')
			list++;
		const char *e = list;
		while (*e && *e != ' ' && *e != ':')
			e++;
		if (e == list)
			break;
		char *name = r_strndup(list, (size_t)(e - list));
		list = e;
		if (!name)
			break;
		/* Secure mode: only plain names, and only setuid files from the
		 * system directories (see search.c). */
		if (R.secure && r_strchr(name, '/'))
			continue;
		R.preload_secure = R.secure;
		struct obj *o = load_library(name, R.main, 0);	/* ld.so names no loader */
		R.preload_secure = false;
		if (!o) {
			const char *msg = last_error();
			const char *colon = r_strchr(msg, ':');
			r_dprintf(2, "ERROR: ld.so: object '%s' from %s cannot be preloaded (%.*s): ignored.\n",
				  name, where, colon ? (int)(colon - msg) : (int)r_strlen(msg), msg);
		}
		r_free(name);	/* the object keeps its own copy */
		if (!o)
			continue;
		if (o->in_list)
			continue;
		o->in_list = true;
		obj_append(o);
		*pre = r_realloc(*pre, (n + 1) * sizeof **pre);
		if (!*pre)
			fatal("cannot allocate memory");
		(*pre)[n++] = o;
	}
	return n;
}

static size_t read_preload_file(struct obj ***pre, size_t n)
{
	long fd = sys_open("/etc/ld.so.preload", R_O_RDONLY);
	if (fd < 0)
		return n;
	char buf[4096];
	long got = sys_read((int)fd, buf, sizeof buf - 1);
	sys_close((int)fd);
	if (got <= 0)
		return n;
	buf[got] = 0;
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	char *copy = r_strdup(buf);
	return add_preloads(copy, "/etc/ld.so.preload", pre, n);
}

static void load_everything(void)
{
	struct obj **pre = 0;
	size_t npre = 0;
	npre = add_preloads(R.preload_env, "LD_PRELOAD", &pre, npre);
	npre = add_preloads(R.preload_opt, "--preload", &pre, npre);
	npre = read_preload_file(&pre, npre);
	load_dependencies(R.main, npre, pre);
	r_free(pre);
	int errors = 0;
	for (struct obj *o = R.head; o; o = o->l_next)
		if (!o->faked && !o->is_vdso)
			errors += check_versions(o, true);
	/* ld.so exits with status 1 here, not 127: the program cannot start
	 * but nothing failed to load. */
	if (errors && !R.trace)
		sys_exit_group(1);
	if (R.debug & DBG_SCOPES)
		debug_scopes();
}

struct handover rtld_main(uintptr_t *sp, Addr base)
{
	parse_stack(sp);
	read_auxv();
	setup_self(base);
	obj_protect_relro(&self);
	personality_read_env();
	env_process();

	const char *self_path = "/lib64/ld-linux-x86-64.so.2";
	if (auxv_get(AT_ENTRY) == (Addr)_start) {
		self_path = R.argv[0];
		sp = direct_start(sp);
		parse_stack(sp);
	} else {
		R.progname = R.argv[0];
		setup_main_from_kernel();
	}
	struct obj *m = R.main;
	m->is_main = true;
	m->in_list = true;
	if (dynamic_parse(m))
		fatal_load(obj_name(m), last_error());
	obj_append(m);
	name_self(self_path);
	setup_vdso();
	debugger_begin();

	load_everything();
	if (R.trace) {
		if (R.debug & DBG_UNUSED)
			trace_unused();
		trace_objects();
		if (R.trace_warn)
			trace_warnings();
		if (R.version_info)
			trace_versions();
		sys_exit_group(0);
	}
	check_cpu_needs_at_start();
	personality_select();
	tls_layout();
	tls_setup_main();
	stack_init();
	personality->before_reloc();
	for (struct obj *o = R.head; o; o = o->l_next)
		if (o->exec_stack && !o->faked && !o->is_vdso && stack_make_executable())
			fatal("%s: %s", obj_name(o), last_error());
	relocate_all();
	tls_finish_main();
	debugger_end();
	/* Where ld.so would jump and fault (after relocating, as it does). */
	check_code(m, m->entry, "entry point");
	personality->before_init();
	run_initialisers();
	if (R.debug & DBG_STATISTICS)
		debug_statistics();
	/* ld.so itself says nothing more: glibc's libc prints "initialize
	 * program" and "transferring control" (the personality lets it). */
	return (struct handover){ m->entry, sp };
}
