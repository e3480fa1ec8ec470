#!/usr/bin/env python3
"""Tests of ulexec, the userland execve (loader/).

Most cases run the same command twice, once with the kernel's execve and
once under ulexec, and require identical stdout, stderr and exit status.
The probe programs (testlibs/loader/probe.c) print what a program finds at
its entry point: the auxv types in order with their stable values, the
stack layout, the registers, /proc and brk.  The bad-input cases require
ulexec's message and a shell's exit status (126 or 127), never a signal.

    run.py --names                  list the cases
    run.py --ulexec U --programs DIR --rtld R --testlibs DIR CASE...

Exit status: 0 passed, 77 skipped, 1 failed.
"""
import argparse
import difflib
import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile

CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


class Skip(Exception):
    pass


class Fail(Exception):
    pass


class Ctx:
    def __init__(self, args, tmp):
        self.ulexec = os.path.abspath(args.ulexec)
        self.programs = os.path.abspath(args.programs)
        self.rtld = os.path.abspath(args.rtld)
        self.testlibs = os.path.abspath(args.testlibs)
        self.tmp = tmp

    def prog(self, name):
        path = os.path.join(self.programs, name)
        if not os.path.exists(path):
            raise Skip(f"{name} was not built (see testlibs/loader/meson.build)")
        return path

    def file(self, name, content, mode=0o755):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode())
        os.chmod(path, mode)
        return path


def run(argv, executable=None, env=None, stdin=b"", preexec=None, cwd=None, timeout=30):
    p = subprocess.run(argv, executable=executable, env=env, input=stdin, cwd=cwd,
                       capture_output=True, preexec_fn=preexec, timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def may_set_exe():
    """ulexec can point /proc/self/exe at the program only with CAP_SYS_ADMIN
    or CAP_CHECKPOINT_RESTORE."""
    with open("/proc/self/status") as f:
        caps = next(int(l.split()[1], 16) for l in f if l.startswith("CapEff:"))
    return bool(caps & (1 << 21) or caps & (1 << 40))


def normalise(out):
    if may_set_exe():
        return out
    return "".join(l for l in out.splitlines(True) if not l.startswith("proc exe "))


def compare(what, kernel, ulexec):
    names = ("status", "stdout", "stderr")
    for name, k, u in zip(names, kernel, ulexec):
        if name == "stdout":
            k, u = normalise(k), normalise(u)
        if k != u:
            diff = "".join(difflib.unified_diff(str(k).splitlines(True), str(u).splitlines(True),
                                                "kernel", "ulexec"))
            raise Fail(f"{what}: {name} differs\n{diff}")
    print(f"ok {what}: identical (status {kernel[0]}, {len(kernel[1].splitlines())} lines)")


def same(ctx, argv, opts=(), argv0=None, **kw):
    """argv under the kernel and under ulexec [opts]: identical results."""
    kargv = [argv0 if argv0 else argv[0]] + list(argv[1:])
    kernel = run(kargv, executable=argv[0], **kw)
    uopts = list(opts) + (["--argv0", argv0] if argv0 else [])
    ulexec = run([ctx.ulexec] + uopts + list(argv), **kw)
    compare(" ".join(uopts + list(argv))[:100], kernel, ulexec)
    return kernel


def system(name):
    path = shutil.which(name, path="/usr/bin:/bin")
    if not path:
        raise Skip(f"{name} is not installed")
    return path


# --- the probe, kernel against ulexec ---------------------------------------

PROBE_ARGS = ["a", "b c", "", "d=e"]


def probe_case(name, prog):
    @case(name)
    def _(ctx):
        out = same(ctx, [ctx.prog(prog)] + PROBE_ARGS)[1]
        for line in out.splitlines():
            if line.endswith(" NO") or "NONZERO" in line or "ENABLED" in line:
                if not line.startswith("proc exe ") or may_set_exe():
                    raise Fail(f"kernel and ulexec agree, but not on what is expected: {line}")


probe_case("probe-static", "probe")
probe_case("probe-static-pie", "probe-spie")
probe_case("probe-dynamic-ldso", "probe-dyn")
probe_case("probe-dynamic-rtld", "probe-rtld")


@case("probe-empty-env")
def _(ctx):
    for prog in ("probe", "probe-spie", "probe-dyn"):
        same(ctx, [ctx.prog(prog), "x"], env={})


@case("probe-argv0")
def _(ctx):
    for prog in ("probe", "probe-dyn"):
        same(ctx, [ctx.prog(prog), "x"], argv0="renamed-argv0")


@case("probe-signals")
def _(ctx):
    """execve keeps ignored signals ignored and the blocked mask."""
    def setup():
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2, signal.SIGWINCH])
    out = same(ctx, [ctx.prog("probe")], preexec=setup)[1]
    if "signals ignored 0x1200 blocked 0x8000800" not in out:
        raise Fail("unexpected signal state:\n" + out)


@case("probe-aslr-off")
def _(ctx):
    """setarch -R: no randomisation, the same layout rules."""
    setarch = system("setarch")
    for prog in ("probe", "probe-spie", "probe-dyn"):
        kernel = run([setarch, "x86_64", "-R", ctx.prog(prog)])
        ulexec = run([setarch, "x86_64", "-R", ctx.ulexec, ctx.prog(prog)])
        compare(f"setarch -R {prog}", kernel, ulexec)


@case("pie-placement-aslr-off")
def _(ctx):
    """Without ASLR a PIE lands at ELF_ET_DYN_BASE (0x555555554000) and its
    entry is the same as under the kernel."""
    setarch = system("setarch")
    prog = ctx.prog("hello-dyn")
    k = run([setarch, "x86_64", "-R", system("env"), "LD_SHOW_AUXV=1", prog])[1]
    u = run([setarch, "x86_64", "-R", ctx.ulexec, "--show-auxv", prog])[1]
    pick = lambda out: [l for l in out.splitlines() if l.startswith(("AT_PHDR", "AT_ENTRY"))]
    if pick(k) != pick(u) or not pick(k) or "0x555555554040" not in pick(k)[0]:
        raise Fail(f"kernel {pick(k)}, ulexec {pick(u)}")
    print("ok", *pick(u))


@case("probe-ulexec-ulexec")
def _(ctx):
    for prog in ("probe", "probe-spie", "probe-dyn"):
        same(ctx, [ctx.ulexec, ctx.prog(prog), "x"])


@case("probe-script")
def _(ctx):
    """#! with one optional argument (spaces inside it kept), nested."""
    inner = ctx.file("inner", f"#!{ctx.prog('probe')}   one arg  \n")
    outer = ctx.file("outer", f"#!{inner}\n")
    same(ctx, [outer, "x", "y"])
    same(ctx, [inner])


@case("interp-rtld-probe")
def _(ctx):
    """--interp rtld on a program whose PT_INTERP is ld.so gives what the
    kernel gives a copy whose PT_INTERP is rtld."""
    kernel = run([ctx.prog("probe-rtld"), "x"])
    ulexec = run([ctx.ulexec, "--interp", ctx.rtld, ctx.prog("probe-dyn"), "x"])
    ulexec = (ulexec[0], ulexec[1].replace("probe-dyn", "probe-rtld"), ulexec[2])
    compare("--interp rtld probe-dyn", kernel, ulexec)


@case("interp-rtld-t_misc")
def _(ctx):
    """A testlibs program (DT_RUNPATH $ORIGIN, so rtld reads /proc/self/exe)
    under --interp rtld, against rtld run directly."""
    if not may_set_exe():
        raise Skip("$ORIGIN needs /proc/self/exe, which ulexec sets only with "
                   "CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE")
    prog = os.path.join(ctx.testlibs, "t_misc")
    env = dict(os.environ, TEST_VAR1="one")
    kernel = run([ctx.rtld, prog, "args", "env"], env=env)
    ulexec = run([ctx.ulexec, "--interp", ctx.rtld, prog, "args", "env"], env=env)
    compare("--interp rtld t_misc args env", kernel, ulexec)


# --- real programs ----------------------------------------------------------

def program_case(name, argv, stdin=b""):
    @case(name)
    def _(ctx):
        same(ctx, [system(argv[0])] + argv[1:], stdin=stdin)


program_case("debian-ls", ["ls", "-l", "--time-style=+", "/usr"])
program_case("debian-sort", ["sort", "-r"], b"pear\napple\nfig\n")
program_case("debian-sha256sum", ["sha256sum", "/etc/hostname", "/bin/true"])
program_case("debian-echo", ["echo", "hello", "  world  ", ""])
program_case("debian-date", ["date", "-u", "-d", "@0"])
program_case("debian-python3", ["python3", "-c",
                                "import sys, os; print(sys.argv, os.path.realpath(sys.executable))"])
program_case("debian-sh-status", ["sh", "-c", "echo $((6 * 7)); exit 3"])
program_case("debian-false", ["false"])
program_case("debian-env", ["env"])
program_case("debian-perl", ["perl", "-e", "print join(',', map { $_ * $_ } 1..5), qq{\\n}"])
program_case("debian-awk", ["awk", "{ n += $1 } END { print n }"], b"1\n2\n39\n")
program_case("debian-tr-stdin", ["tr", "a-z", "A-Z"], b"stdin reaches the program\n")


@case("debian-ulexec-ulexec")
def _(ctx):
    same(ctx, [ctx.ulexec, system("ls"), "-d", "/", "/usr"])


@case("path-search")
def _(ctx):
    """A name without a slash is looked up in PATH, as execvp does."""
    kernel = run(["echo", "found", "in", "PATH"])
    ulexec = run([ctx.ulexec, "echo", "found", "in", "PATH"])
    compare("echo (PATH search)", kernel, ulexec)


@case("ldso-as-program")
def _(ctx):
    """ld.so run as a program (ET_DYN without PT_INTERP, like a static PIE)."""
    ldso = "/lib64/ld-linux-x86-64.so.2"
    same(ctx, [ldso, system("echo"), "run", "by", "ld.so"])


def hello_case(name, prog):
    @case(name)
    def _(ctx):
        env = dict(os.environ, HELLO_VAR="value")
        same(ctx, [ctx.prog(prog), "5", "two words"], env=env)


hello_case("hello-glibc-static", "hello-static")
hello_case("hello-glibc-static-pie", "hello-spie")
hello_case("hello-glibc-dynamic", "hello-dyn")
hello_case("hello-musl-static", "hello-musl")


@case("hello-execstack")
def _(ctx):
    """PT_GNU_STACK with PF_X: the stack is made executable."""
    out = same(ctx, [ctx.prog("hello-execstack")])[1]
    if "stack rwxp" not in out:
        raise Fail("the stack is not executable:\n" + out)


# --- #! scripts --------------------------------------------------------------

@case("script-shell")
def _(ctx):
    script = ctx.file("s.sh", "#!/bin/sh\necho \"$0\" \"$@\"; exit 4\n")
    same(ctx, [script, "a", "b c"])


@case("script-optional-arg")
def _(ctx):
    script = ctx.file("s", "#! /bin/echo  one argument, spaces kept \t\nignored\n")
    same(ctx, [script, "x"])


@case("script-no-newline")
def _(ctx):
    """A #! line cut by the 256-byte buffer, and one with no newline."""
    same(ctx, [ctx.file("long", "#!/bin/echo " + "x" * 300 + "\n")])
    same(ctx, [ctx.file("nonl", "#!/bin/echo")])


def chain(ctx, levels):
    """levels scripts, each naming the next, the last naming /bin/echo."""
    target = "/bin/echo"
    for i in range(levels):
        target = ctx.file(f"level{levels - i}", f"#!{target} l{levels - i}\n")
    return target


@case("script-depth-5")
def _(ctx):
    same(ctx, [chain(ctx, 5), "end"])


@case("script-depth-limit")
def _(ctx):
    """Six levels: the kernel refuses with ELOOP; so does ulexec."""
    script = chain(ctx, 6)
    try:
        subprocess.run([script], capture_output=True, timeout=30)
        raise Fail("the kernel ran six levels of #!")
    except OSError as e:
        if e.errno != errno.ELOOP:
            raise Fail(f"the kernel said {e}, not ELOOP")
        kerr = e.errno
    status, out, err = run([ctx.ulexec, script])
    expect(status, err, 126, "bad interpreter: Too many levels of symbolic links")
    print(f"ok kernel errno {kerr}, ulexec status {status}: {err.strip()}")


# --- bad input ---------------------------------------------------------------

def expect(status, err, want_status, want_text):
    if status < 0:
        raise Fail(f"killed by signal {-status}")
    if status != want_status or want_text not in err or not err.startswith("ulexec: "):
        raise Fail(f"got status {status} and {err!r}; want {want_status} and {want_text!r}")


def bad_case(name, want_status, want_text, make):
    @case(name)
    def _(ctx):
        path = make(ctx)
        status, out, err = run([ctx.ulexec, path, "arg"])
        expect(status, err, want_status, want_text)
        print(f"ok status {status}: {err.strip()}")


def patched(ctx, name, src, offset, data):
    with open(src, "rb") as f:
        image = bytearray(f.read())
    image[offset:offset + len(data)] = data
    return ctx.file(name, bytes(image))


def with_interp(ctx, name, interp_bytes):
    """A copy of hello-dyn whose PT_INTERP holds interp_bytes (same size)."""
    with open(ctx.prog("hello-dyn"), "rb") as f:
        image = bytearray(f.read())
    old = b"/lib64/ld-linux-x86-64.so.2\0"
    at = image.index(old)
    assert len(interp_bytes) == len(old)
    image[at:at + len(old)] = interp_bytes
    return ctx.file(name, bytes(image))


def truncated(ctx, name, size):
    with open(ctx.prog("hello-dyn"), "rb") as f:
        return ctx.file(name, f.read()[:size])


bad_case("bad-not-elf", 126, "cannot execute binary file: Exec format error",
         lambda ctx: ctx.file("garbage", bytes(range(256)) * 4))
bad_case("bad-text-without-shebang", 126, "Exec format error",
         lambda ctx: ctx.file("text", "echo hello\n"))
bad_case("bad-empty-file", 126, "Exec format error", lambda ctx: ctx.file("empty", ""))
bad_case("bad-truncated-header", 126, "cannot execute: file too short",
         lambda ctx: truncated(ctx, "t1", 40))
bad_case("bad-truncated-phdrs", 126, "program headers outside the file",
         lambda ctx: truncated(ctx, "t2", 100))
bad_case("bad-truncated-segments", 126, "ELF load command extends past the end of the file",
         lambda ctx: truncated(ctx, "t3", 6000))
bad_case("bad-wrong-class", 126, "wrong ELF class: ELFCLASS32",
         lambda ctx: patched(ctx, "c32", ctx.prog("hello-dyn"), 4, b"\x01"))
bad_case("bad-wrong-machine", 126, "ELF file machine does not match",
         lambda ctx: patched(ctx, "arm", ctx.prog("hello-dyn"), 18, b"\xb7\x00"))
bad_case("bad-wrong-type", 126, "only ET_DYN and ET_EXEC can be loaded",
         lambda ctx: patched(ctx, "rel", ctx.prog("hello-dyn"), 16, b"\x01\x00"))
bad_case("bad-missing-interpreter", 127, "interpreter /nonexistent/ld-linux.so.2: "
         "No such file or directory",
         lambda ctx: with_interp(ctx, "noint", b"/nonexistent/ld-linux.so.2\0\0"))
bad_case("bad-interpreter-not-elf", 126, "interpreter /etc/hostname: ",
         lambda ctx: with_interp(ctx, "txtint", b"/etc/hostname\0" + b"\0" * 14))
bad_case("bad-interpreter-unterminated", 126, "invalid PT_INTERP",
         lambda ctx: with_interp(ctx, "unterm", b"/lib64/ld-linux-x86-64.so.2X"))
bad_case("bad-not-executable", 126, "Permission denied",
         lambda ctx: ctx.file("noexec", open("/bin/true", "rb").read(), 0o644))
bad_case("bad-directory", 126, "Is a directory", lambda ctx: ctx.tmp)
bad_case("bad-missing-file", 127, "No such file or directory",
         lambda ctx: os.path.join(ctx.tmp, "nothing-here"))
bad_case("bad-command-not-found", 127, "command not found",
         lambda ctx: "no-such-command-anywhere")
bad_case("bad-script-missing-interpreter", 127, "/nonexistent/sh: bad interpreter: "
         "No such file or directory",
         lambda ctx: ctx.file("badscript", "#!/nonexistent/sh\n"))


@case("bad-fifo")
def _(ctx):
    """A FIFO as the program, its PT_INTERP or its #! interpreter: execve
    refuses it without opening it (EACCES), and so must ulexec, which
    waited forever in open for a writer (tools/fuzz-elf.py --loader)."""
    os.mkfifo(os.path.join(ctx.tmp, "fifo"), 0o755)
    prog = with_interp(ctx, "fifo-interp", b"fifo".ljust(28, b"\0"))
    script = ctx.file("fifo-script", "#!fifo\n")
    for path, text in (("./fifo", "./fifo: Permission denied"),
                       (prog, "interpreter fifo: Permission denied"),
                       (script, "fifo: bad interpreter: Permission denied")):
        try:
            subprocess.run([path], cwd=ctx.tmp, capture_output=True, timeout=10)
            raise Fail(f"the kernel ran {path}")
        except PermissionError:
            pass
        try:
            status, out, err = run([ctx.ulexec, path], cwd=ctx.tmp, timeout=10)
        except subprocess.TimeoutExpired:
            raise Fail(f"ulexec {path}: still running after 10 s")
        expect(status, err, 126, text)
        print(f"ok kernel EACCES, ulexec status {status}: {err.strip()}")


@case("bad-interpreter-overlaps")
def _(ctx):
    """An ET_EXEC interpreter at the ET_EXEC program's addresses (both at
    0x400000): the kernel maps it over the program with MAP_FIXED, and the
    process dies; ulexec refuses and says who holds the range."""
    prog = os.path.join(ctx.testlibs, "t_nopie")
    status, out, err = run([ctx.ulexec, "--interp", ctx.prog("probe"), prog])
    expect(status, err, 126, "cannot map the interpreter at 0x400000: the address range "
           "is in use (by the program, ulexec")
    print(f"ok status {status}: {err.strip()}")


@case("bad-unreadable")
def _(ctx):
    """Executable but unreadable (mode 0711): the kernel runs it, ulexec
    cannot map it and says so.  Run as nobody when we are root."""
    os.chmod(ctx.tmp, 0o755)
    ulexec = ctx.file("ulexec", open(ctx.ulexec, "rb").read())
    prog = ctx.file("xonly", open("/bin/true", "rb").read(), 0o711)
    drop = as_nobody if os.geteuid() == 0 else None
    kstatus = run([prog], preexec=drop)[0]
    status, out, err = run([ulexec, prog], preexec=drop)
    expect(status, err, 126, "Permission denied (ulexec must read the file")
    print(f"ok kernel status {kstatus}, ulexec status {status}: {err.strip()}")


def as_nobody():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


@case("bad-setuid-ulexec")
def _(ctx):
    """A set-user-ID ulexec would give its owner's rights to any program:
    it refuses to run with AT_SECURE set."""
    if os.geteuid() != 0:
        raise Skip("needs root to make a set-user-ID copy")
    os.chmod(ctx.tmp, 0o755)
    ulexec = ctx.file("ulexec", open(ctx.ulexec, "rb").read(), 0o4755)
    status, out, err = run([ulexec, system("id")], preexec=as_nobody)
    if status == 0 and "uid=65534" in out and "euid=0" not in out:
        raise Skip("set-user-ID bits are ignored here (nosuid mount)")
    expect(status, err, 125, "refusing to run with privileges (AT_SECURE is set)")
    print(f"ok status {status}: {err.strip()}")


@case("bad-usage")
def _(ctx):
    for args, text in (([], "no program given"), (["--bogus", "x"], "unknown option --bogus"),
                       (["--interp"], "--interp needs an argument"),
                       (["--interp", "/bin/true", ctx.prog("probe")], "statically linked")):
        status, out, err = run([ctx.ulexec] + args)
        expect(status, err, 126 if text == "statically linked" else 125, text)
    status, out, err = run([ctx.ulexec, "--help"])
    if status != 0 or "usage: ulexec" not in out:
        raise Fail(f"--help: status {status}, {out!r}")
    print("ok usage errors: 125, --help: 0")


# --- --show-auxv, --show-stack -------------------------------------------------

@case("show-auxv")
def _(ctx):
    """The same types in the same order as LD_SHOW_AUXV shows for the
    kernel's exec, the same process-wide values, and the program runs."""
    prog = system("true")
    k = run([prog], env=dict(os.environ, LD_SHOW_AUXV="1"))[1].splitlines()
    status, out, err = run([ctx.ulexec, "--show-auxv", prog])
    u = out.splitlines()
    if status != 0 or err:
        raise Fail(f"status {status}, stderr {err!r}")
    name = lambda l: l.split(":")[0] if not l.startswith("AT_???") else l.split(")")[0]
    kn = [name(l) for l in k]
    un = [name(l) for l in u]
    # glibc 2.36 has no names for the rseq entries.
    un = [n.replace("AT_RSEQ_FEATURE_SIZE", "AT_??? (0x1b").replace("AT_RSEQ_ALIGN", "AT_??? (0x1c")
          for n in un]
    if kn != un:
        raise Fail(f"types differ:\nkernel {kn}\nulexec {un}")
    stable = ("AT_MINSIGSTKSZ", "AT_HWCAP", "AT_PAGESZ", "AT_CLKTCK", "AT_PHENT", "AT_PHNUM",
              "AT_FLAGS", "AT_UID", "AT_EUID", "AT_GID", "AT_EGID", "AT_SECURE", "AT_HWCAP2",
              "AT_EXECFN", "AT_PLATFORM")
    for kl, ul in zip(k, u):
        if kl.split(":")[0] in stable and kl != ul:
            raise Fail(f"kernel {kl!r}, ulexec {ul!r}")
    print("ok", len(u), "entries in the kernel's order:", " ".join(un))


@case("show-stack")
def _(ctx):
    """--show-stack's addresses are where the program finds things."""
    status, out, err = run([ctx.ulexec, "--show-stack", ctx.prog("probe"), "show-sp"])
    if status != 0:
        raise Fail(f"status {status}, {err}")
    lines = out.splitlines()
    sp = next(l.split()[1] for l in lines if l.startswith("sp 0x"))
    argc = next(l for l in lines if " argc " in l)
    if int(argc.split()[0], 16) != int(sp, 16):
        raise Fail(f"--show-stack puts argc at {argc.split()[0]}, the program's sp is {sp}")
    want = ["argc", "argv[0]", "envp[0]", "AT_SYSINFO_EHDR", "AT_RANDOM", "AT_NULL", "padding",
            "AT_RANDOM bytes", "AT_PLATFORM", "gap", "argv strings", "envp strings",
            "AT_EXECFN string", "top of stack"]
    for w in want:
        if not any(f"  {w} " in l or l.endswith(f"  {w}") for l in lines):
            raise Fail(f"no {w!r} in --show-stack output:\n{out}")
    addrs = [int(l.split()[0], 16) for l in lines if l.startswith("0x")]
    if addrs != sorted(addrs):
        raise Fail("--show-stack's addresses do not ascend:\n" + out)
    print(f"ok argc at the program's sp {sp}; {len(addrs)} lines, ascending")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", action="store_true")
    ap.add_argument("--ulexec")
    ap.add_argument("--programs")
    ap.add_argument("--rtld")
    ap.add_argument("--testlibs")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    if args.names:
        print("\n".join(CASES))
        return 0
    status = 0
    for name in args.cases or list(CASES):
        with tempfile.TemporaryDirectory(prefix="ulexec-") as tmp:
            try:
                CASES[name](Ctx(args, tmp))
            except Skip as e:
                print(f"SKIP {name}: {e}")
                status = status or 77
            except Fail as e:
                print(f"FAIL {name}: {e}")
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
