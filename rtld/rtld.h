/* Core data structures of the run-time linker.  Machine-independent and
 * libc-agnostic: personalities (compat/) and arch code see objects only
 * through this header. */
#ifndef RTLD_RTLD_H
#define RTLD_RTLD_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "prop.h"		/* the arch's: struct arch_props */

struct vername;

/* A flat lookup scope: searched front to back. */
struct scope {
	struct obj **objs;
	size_t n;
};

struct objname {
	const char *name;
	struct objname *next;
	uint32_t hash;			/* gnu_hash(name): most names differ there */
};

typedef Elf64_Ehdr Ehdr;
typedef Elf64_Phdr Phdr;
typedef Elf64_Dyn Dyn;
typedef Elf64_Sym Sym;
typedef Elf64_Rela Rela;
typedef Elf64_Addr Addr;

/* One loaded ELF object.  The first five members have the layout of the
 * SVR4 struct link_map, because debuggers walk that list through r_debug. */
struct obj {
	Addr l_addr;			/* load bias */
	char *l_name;			/* path as loaded ("" for the main program) */
	Dyn *l_ld;			/* dynamic section */
	struct obj *l_next, *l_prev;	/* load order */

	char *path;			/* path used to open it, for messages */
	const char *soname;		/* DT_SONAME or NULL */
	const char *libname;		/* the first name it was requested by */
	struct objname *names;		/* names it answers to (requests, soname) */
	struct obj *loader;		/* object whose DT_NEEDED loaded it */
	uint64_t dev, ino;

	const Phdr *phdr;
	/* The PT_LOAD ranges, from the headers as read (the mapped copy of
	 * the program headers need not be touched to check addresses); nload
	 * is 0 when there were more than fit. */
	struct load_range {
		Addr vaddr, filesz, memsz;
		uint32_t flags;		/* PF_* */
	} load[6];
	unsigned nload;
	size_t phnum;
	Addr map_start;			/* the whole reservation */
	size_t map_len;
	Addr entry;

	/* Values of the dynamic tags this linker uses, relocated where they
	 * are addresses.  Indexed by DT_* for tags below DT_NUM. */
	uintptr_t dyn[DT_NUM];
	const Sym *symtab;
	const char *strtab;
	size_t strsz;
	const uint32_t *sysv_hash;	/* DT_HASH: nbucket, nchain, buckets, chains */
	/* DT_GNU_HASH, decoded once */
	uint32_t gnu_nbuckets, gnu_symoffset, gnu_bloom_size, gnu_bloom_shift;
	const uint64_t *gnu_bloom;
	const uint32_t *gnu_buckets, *gnu_chain;
	size_t gnu_chain_end;		/* chain indexes below this are in the image */
	size_t symlimit;		/* symbol indexes below this are in the image */
	size_t nsyms;			/* obj_nsyms' answer, once asked (0: not yet) */
	const Elf64_Versym *versym;
	const Elf64_Verneed *verneed;	/* DT_VERNEED, checked by version_needs */
	size_t nverneed, verneed_avail;	/* its entries, the bytes it may span */
	bool has_verdef;		/* DT_VERDEF present */
	const Elf64_Relr *relr;
	size_t relrsz;
	uint32_t flags, flags_1;
	struct vername *vers;		/* version table indexed by Versym & 0x7fff */
	size_t nvers;

	const char *rpath, *runpath;	/* raw strings from .dynstr */
	char *origin;			/* directory of the object, for $ORIGIN */

	struct obj **deps;		/* direct DT_NEEDED, in order */
	size_t ndeps;
	struct obj **reldeps;		/* dlopen'd objects it bound symbols to */
	size_t nreldeps;
	struct scope local;		/* itself and its deps: what a handle sees */
	const struct scope *lscope;	/* dlopen root's local scope, after global */
	unsigned opencount;		/* dlopen handles */
	unsigned tls_dtor_count;	/* pending thread_local destructors */
	bool dlopened, nodelete, global, dying, deepbind;
	void *pdata;			/* the personality's own record of it */

	Addr relro_start;
	size_t relro_size;

	/* TLS (the TLS issue fills these in) */
	const void *tls_image;
	size_t tls_filesz, tls_memsz, tls_align;
	size_t tls_firstbyte;		/* p_vaddr % p_align of PT_TLS */
	size_t tls_modid;
	ptrdiff_t tls_offset;		/* block at thread pointer - tls_offset */
	bool has_tls, tls_static;

	bool is_main, is_rtld, is_vdso;
	bool kernel_mapped;		/* mapped by the kernel, not by us */
	bool relocated, init_called, fini_called;
	bool used;			/* a lookup found a definition here (ldd -u) */
	bool bind_now;
	bool textrel;
	/* Where relocations may write (window.c): offsets from l_addr in
	 * [wr_lo, wr_lo + wr_len), the first run of the writable segments'
	 * pages (of all segments', under DT_TEXTREL); wr_split: there are
	 * others, checked against the segments. */
	Addr wr_lo, wr_len;
	bool wr_split;
	bool visited;			/* scratch for graph walks */
	bool has_plt_lazy;
	bool exec_stack;		/* PT_GNU_STACK asks for PF_X */
	struct arch_props props;	/* what its property note asks of the CPU */
	bool phdr_copied;		/* phdr is our heap copy */
	bool faked;			/* missing library stand-in (tracing only) */
	bool deps_loaded;		/* deps[] filled from DT_NEEDED */
	unsigned mark;			/* scratch stamp for graph walks (R.stamp) */
	bool in_list;			/* linked into the load-order list */
};


/* Global state of the linker. */
struct rtld_state {
	struct obj *head, *tail;	/* load order list */
	struct obj *main;
	struct obj *self;		/* rtld itself */
	struct scope global;		/* executable, preloads, deps breadth-first */
	size_t global_cap;
	bool stack_exec;		/* thread stacks are executable */
	unsigned in_dlopen;
	unsigned hidden_api_ver;	/* rtld's version index lookups skip (0: none) */		/* loading for dlopen (errors go to dlerror) */
	unsigned stamp;
	struct obj **init_order;	/* order in which initialisers ran */
	size_t ninit, init_cap;

	int argc;
	char **argv;
	char **envp;
	Elf64_auxv_t *auxv;
	const char *progname;		/* argv[0] used in messages */
	uintptr_t pagesz;
	bool secure;
	bool bind_now;
	bool dynamic_weak;		/* LD_DYNAMIC_WEAK: a global definition beats a weak one */
	bool version_info;		/* LD_VERBOSE: the listing shows needed versions */
	bool trace_warn;		/* LD_WARN: the listing relocates and reports what fails */
	const char *inhibit_rpath;	/* --inhibit-rpath: objects whose RPATH and RUNPATH are ignored */
	bool bind_not;			/* LD_BIND_NOT: lazy binding leaves the GOT as it is */
	bool trace;			/* --list / LD_TRACE_LOADED_OBJECTS */
	bool list_opt;			/* --list: a missing library is still fatal */
	bool inhibit_cache;
	bool preload_secure;		/* loading preloads in secure mode */
	const char *library_path;	/* LD_LIBRARY_PATH or --library-path */
	const char *preload_env;	/* LD_PRELOAD */
	const char *preload_opt;	/* --preload */
	const char *platform;		/* AT_PLATFORM */
	unsigned debug;			/* LD_DEBUG mask */
	int debug_fd;
	const void *vdso;		/* AT_SYSINFO_EHDR */
	const void *random;		/* AT_RANDOM: 16 bytes */

	unsigned long long adds, subs;	/* for dl_iterate_phdr */
	unsigned long nrelocs, nrelative, nlookups, ncached;
	unsigned long nindexed, nindex_bound;	/* symindex.c, bindrun.c */
	bool lookup_failed;		/* the last error was an undefined symbol */
	char errbuf[512];		/* last error, see set_error() */
	const char *errobj;		/* the object the error is about ("" if it is
					 * the name); set by set_errobj() */
};

extern struct rtld_state R;
#define ERROBJ_SIZE 4096

#endif
