/* From PROGRAM to the ELF file to load: the PATH search execvp does,
 * execve's permission checks, fs/binfmt_script.c's #! handling and the
 * interpreter named by PT_INTERP.
 *
 * Messages follow bash: "ulexec: PATH: No such file or directory" (127),
 * "ulexec: SCRIPT: INTERP: bad interpreter: ..." (127 if it does not
 * exist, else 126), "ulexec: PATH: cannot execute binary file: Exec format
 * error" (126). */
#include "ulexec.h"

#define X_OK 1
#define AT_EACCESS 0x200
#define S_IFMT 0170000
#define S_IFDIR 0040000
#define S_IFREG 0100000
#define E_UNREADABLE 4096	/* executable, but ulexec may not read it */

/* First bytes of a file: BINPRM_BUF for #!, and usually all ELF headers. */
struct head {
	char buf[4096] __attribute__((aligned(8)));
	long len;
};

/* execve runs regular files only; bash says why a directory is not run. */
static long file_type(const struct kstat *st)
{
	if ((st->st_mode & S_IFMT) == S_IFDIR)
		return -EISDIR;
	return (st->st_mode & S_IFMT) == S_IFREG ? 0 : -EACCES;
}

/* A file opened for execution: regular, executable by us, and readable,
 * since ulexec maps it itself (execve needs no read permission).  Like
 * execve, it never opens anything but a regular file: opening a FIFO
 * waits for a writer, forever if none comes, and opening a device may
 * act on it.  O_NONBLOCK in case one takes the file's place meanwhile. */
static long open_exec(const char *path, uint64_t *size)
{
	struct kstat st;
	long err = sys_stat(path, &st);
	if (!err)
		err = file_type(&st);
	if (err)
		return err;
	long fd = sys_open(path, R_O_RDONLY | R_O_NONBLOCK);
	if (fd < 0) {
		/* Executable but unreadable: say why ulexec cannot do it. */
		if (fd == -EACCES && sys_faccessat2(path, X_OK, AT_EACCESS) == 0)
			return -E_UNREADABLE;
		return fd;
	}
	err = sys_fstat((int)fd, &st);
	if (!err)
		err = file_type(&st);
	if (!err) {
		err = sys_faccessat2(path, X_OK, AT_EACCESS);
		if (err == -ENOSYS)
			err = sys_access(path, X_OK);
	}
	if (err) {
		sys_close((int)fd);
		return err;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

static const char *open_error(long err)
{
	return err == -E_UNREADABLE ? "Permission denied (ulexec must read the file to map it)"
			     : errno_text((int)-err);
}

static void read_head(int fd, struct head *h, const char *path)
{
	r_memset(h->buf, 0, sizeof h->buf);
	h->len = sys_pread(fd, h->buf, sizeof h->buf, 0);
	if (h->len < 0)
		die(ST_NOEXEC, "%s: %s", path, errno_text((int)-h->len));
}

/* PATH search for a name without a slash, like execvp (default path
 * "/bin:/usr/bin"): the first candidate we may execute. */
static const char *search_path(const char *name)
{
	static char found[PATH_MAX_];
	const char *path = "/bin:/usr/bin";
	size_t nlen = r_strlen(name);
	for (size_t i = 0; i < S.envc; i++)
		if (!r_strncmp(S.envp[i], "PATH=", 5))
			path = S.envp[i] + 5;
	while (1) {
		const char *end = r_strchr(path, ':');
		size_t dlen = end ? (size_t)(end - path) : r_strlen(path);
		if (dlen + nlen + 2 <= sizeof found) {
			if (dlen == 0)
				found[0] = '.', dlen = 1;
			else
				r_memcpy(found, path, dlen);
			found[dlen] = '/';
			r_memcpy(found + dlen + 1, name, nlen + 1);
			struct kstat st;
			if (sys_stat(found, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG &&
			    sys_access(found, X_OK) == 0)
				return found;
		}
		if (!end)
			die(ST_NOTFOUND, "%s: command not found", name);
		path = end + 1;
	}
}

/* The #! parser of fs/binfmt_script.c, on the BINPRM_BUF bytes execve
 * reads (NUL-padded).  Sets *name and *arg (NULL if there is none),
 * terminated in buf.  Returns 0 or -ENOEXEC. */
static int spacetab(char c) { return c == ' ' || c == '\t'; }

static char *next_non_spacetab(char *first, const char *last)
{
	for (; first <= last; first++)
		if (!spacetab(*first))
			return first;
	return 0;
}

static char *next_terminator(char *first, const char *last)
{
	for (; first <= last; first++)
		if (spacetab(*first) || !*first)
			return first;
	return 0;
}

static int parse_shebang(char *buf, char **name, char **arg)
{
	char *buf_end = buf + BINPRM_BUF - 1;
	char *i_end = 0;
	for (char *p = buf; p <= buf_end && !i_end; p++)
		if (*p == '\n')
			i_end = p;
	if (!i_end) {
		/* No newline: the name must end before the buffer does. */
		i_end = next_non_spacetab(buf + 2, buf_end);
		if (!i_end || !next_terminator(i_end, buf_end))
			return -ENOEXEC;
		i_end = buf_end;
	}
	while (spacetab(i_end[-1]))
		i_end--;
	char *i_name = next_non_spacetab(buf + 2, i_end);
	if (!i_name || i_name == i_end)
		return -ENOEXEC;
	char *i_arg = 0;
	char *i_sep = next_terminator(i_name, i_end);
	if (i_sep && *i_sep)
		i_arg = next_non_spacetab(i_sep, i_end);
	*i_end = 0;
	if (i_arg)
		*i_sep = 0;
	*name = i_name;
	*arg = i_arg;
	return 0;
}

/* binfmt_script's argv: drop argv[0], put the interpreter, its argument
 * and the script's path in front. */
static void splice_script(struct request *rq, const char *name, const char *arg,
			  const char *script)
{
	const char *rest[sizeof rq->pre / sizeof rq->pre[0]];
	size_t nrest = rq->npre - 1;
	r_memcpy(rest, rq->pre + 1, nrest * sizeof rest[0]);
	rq->npre = 0;
	rq->pre[rq->npre++] = name;
	if (arg)
		rq->pre[rq->npre++] = arg;
	rq->pre[rq->npre++] = script;
	r_memcpy(rq->pre + rq->npre, rest, nrest * sizeof rest[0]);
	rq->npre += nrest;
}

static int elf_magic(const struct head *h)
{
	return h->len >= 4 && !r_memcmp(h->buf, ELFMAG, SELFMAG);
}

/* Opens and checks an ELF file; says who named it in messages. */
static void open_elf(struct elf *e, const char *path, const char *who,
		     const struct head *given)
{
	static struct head h;
	char what[PATH_MAX_ + 32];
	if (who)
		r_snprintf(what, sizeof what, "%s: interpreter %s", who, path);
	else
		r_strlcpy(what, path, sizeof what);
	e->path = path;
	if (!given) {
		long fd = open_exec(path, &e->size);
		if (fd < 0)
			die(errno_status((int)-fd), "%s: %s", what, open_error(fd));
		e->fd = (int)fd;
		read_head(e->fd, &h, what);
		given = &h;
	}
	if (!elf_magic(given))
		die(ST_NOEXEC, "%s: cannot execute binary file: Exec format error", what);
	int err = elf_read(e, given->buf, given->len);
	if (err < 0)
		die(ST_NOEXEC, "%s: %s", what, errno_text(-err));
	if (err)
		die(ST_NOEXEC, "%s: cannot execute: %s", what,
		    err == ELF_E_ENTRY ? "entry point outside the loadable segments"
				       : elfchk_strerror(err));
}

void resolve(struct request *rq, const char *program)
{
	static char scripts[SCRIPT_DEPTH + 1][BINPRM_BUF + 1];
	static struct head h;
	const char *path = r_strchr(program, '/') ? program : search_path(program);
	const char *cur = path, *named_by = 0;
	rq->execfn = path;
	for (int depth = 0;; depth++) {
		/* exec_binprm() handles depths 0 to 5: five #! levels, then
		 * the ELF file; deeper is ELOOP. */
		if (depth > SCRIPT_DEPTH)
			die(ST_NOEXEC, "%s: bad interpreter: %s (more than %d levels of #!)",
			    path, errno_text(ELOOP), SCRIPT_DEPTH);
		long fd = open_exec(cur, &rq->prog.size);
		if (fd < 0 && named_by)
			die(errno_status((int)-fd), "%s: %s: bad interpreter: %s", named_by, cur,
			    open_error(fd));
		if (fd < 0)
			die(errno_status((int)-fd), "%s: %s", cur, open_error(fd));
		read_head((int)fd, &h, cur);
		if (h.buf[0] != '#' || h.buf[1] != '!') {
			rq->prog.fd = (int)fd;
			break;
		}
		sys_close((int)fd);
		char *buf = scripts[depth], *name, *arg;
		r_memcpy(buf, h.buf, BINPRM_BUF);
		if (parse_shebang(buf, &name, &arg))
			die(ST_NOEXEC, "%s: bad #! line: %s", cur, errno_text(ENOEXEC));
		splice_script(rq, name, arg, cur);
		named_by = cur;
		cur = name;
	}
	open_elf(&rq->prog, cur, 0, &h);

	const char *interp = rq->interp_override ? rq->interp_override : rq->prog.interp;
	if (rq->interp_override && !rq->prog.interp)
		die(ST_NOEXEC, "%s: --interp: the program is statically linked (no PT_INTERP)", cur);
	rq->has_interp = interp != 0;
	if (interp)
		open_elf(&rq->interp, interp, cur, 0);
}
