#!/usr/bin/env python3
"""Mutation fuzzing of the objects rtld loads: rtld must never crash or
hang on a damaged file, whatever the damage.

    tools/fuzz-elf.py [--seed S] [--runs N] [--timeout T] [--keep DIR] [-v]
                      [--rtld PATH] [--testlibs DIR]

Each run copies one library of a test program (or the program itself)
into a scratch directory, damages it, and runs the program under rtld
with that directory first in the library path.  The damage aims at the
structures a loader reads: the ELF header and program headers, the
dynamic section, the symbol, string, hash and version tables and the
relocations, with random bytes, words set to 0, -1 or a large value, or
small changes of a field.

Half the runs are listings that relocate everything but run none of the
objects' code (LD_TRACE_LOADED_OBJECTS with LD_WARN and LD_BIND_NOW, as
`ldd -r`): there any signal is rtld's fault.  The other half run the
program, where the damage may also lie in what the program's code uses:
a symbol's value, an IFUNC resolver's or a constructor's address.  A
signal there counts as rtld's fault when the program counter is in
rtld's code (gdb tells) and its caller's is too, unless it stopped on an
indirect call or jump, which means rtld was calling or entering an
address the file gave (the object's doing, as under ld.so).  Signals
elsewhere are the object's doing too, and so are those in rtld's code
entered from the program's (a wild call through a damaged symbol value
can land anywhere, rtld's text included), and a signal in a process where
rtld is not even mapped (the damage took the PT_INTERP away).  A run
also fails when it hangs (no exit within the timeout), unless it runs
the program and gdb finds it looping outside rtld's code.  Exit status
1 with the failing cases listed, else 0.  Deterministic for a given
seed.

With --loader PATH the runs fuzz ulexec (loader/) instead: they damage
a program (dynamic, ET_EXEC, static, static PIE) where ulexec reads it
(the ELF header, the program headers, PT_INTERP) and run it as `ulexec
PROG`, with its own PT_INTERP, with --interp rtld or with --interp the
system's ld.so; or they damage a copy of rtld or of ld.so and give it
with --interp, or run it as the program (`ld.so PROG`); one program run
in eight names instead in PT_INTERP a file execve refuses or an odd one
(ODD_INTERPS).  ulexec must refuse (a message, status 125, 126 or 127) or hand over, never die of a
signal of its own: a signal whose pc is in ulexec's code (its trampoline
included) fails, and so does a hang while ulexec still runs (its comm
is ulexec's until just before the jump), and so does a signal gdb does
not see again (it cannot say whose it was).  What the program or the
interpreter does after the handover (a signal, or a loop the damage
made in their code) is theirs, except that undamaged rtld given a
damaged program is judged as when it is the PT_INTERP.
"""
import argparse
import collections
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile

# (program, object to damage): the objects cover versions, both hash
# styles, RELR, IFUNC, relocation kinds, constructors, text relocations,
# TLS (initial-exec and dynamic) and objects the program dlopens.  ''
# damages the program itself, which then runs either directly (rtld maps
# it) or with rtld as its PT_INTERP (the kernel maps it, and rtld reads
# what the kernel does not check).  Absolute paths are taken as they are
# (os.path.join keeps them).
TARGETS = [
    ('t_reloc', 'libreloc.so'),
    ('t_reloc', 'librelocdep.so'),
    ('t_reloc', ''),
    ('t_ver_new', 'libver.so'),
    ('t_ver_new', 'libverdecoy.so'),
    ('t_ver_old', 'libveruser.so'),
    ('t_hash', 'libhsysv.so'),
    ('t_hash', 'libhgnu.so'),
    ('t_hash', 'libhboth.so'),
    ('t_relr', 'librelr.so'),
    ('t_ifunc', 'libifunc.so'),
    ('t_init_chain', 'libc1.so'),
    ('t_nopie', 'libtextrel.so'),
    ('t_weak', 'libweak.so'),
    ('t_interpose', 'libprot.so'),
    ('t_hash', ''),
    ('dl/t_tls', 'dl/libtlsa.so'),
    ('dl/t_tls', 'dl/libtlsd.so'),
    ('dl/t_tls', ''),
    ('dl/t_dltls', 'dl/libdtls.so'),
    ('dl/t_dltls', 'dl/libdtlsie.so'),
    ('dl/t_dlapi', 'dl/libnx1.so'),
    # glibc's own: versions, IFUNC, TLS, a large symbol table.
    ('/usr/bin/true', '/lib/x86_64-linux-gnu/libc.so.6'),
]

# With --loader: (program, what to damage), for ulexec.  '' damages the
# program, which runs with its own PT_INTERP, rtld or the system's ld.so;
# RTLD_COPY and LDSO_COPY damage a copy of that interpreter instead.
RTLD_COPY, LDSO_COPY = '<rtld>', '<ld.so>'
SYSTEM_LDSO = '/lib64/ld-linux-x86-64.so.2'
LOADER_TARGETS = [
    ('t_reloc', ''),
    ('t_hash', ''),
    ('t_nopie', ''),			# ET_EXEC
    ('dl/t_tls', ''),
    ('loader/probe', ''),		# static, freestanding
    ('loader/probe-spie', ''),		# static PIE
    ('loader/probe-dyn', ''),
    ('loader/hello-static', ''),	# glibc static
    ('loader/hello-spie', ''),
    ('loader/hello-dyn', ''),
    ('loader/hello-execstack', ''),
    ('loader/hello-musl', ''),
    ('/usr/bin/true', ''),
    ('loader/probe-dyn', RTLD_COPY),
    ('t_reloc', RTLD_COPY),
    ('loader/probe-dyn', LDSO_COPY),
    ('/usr/bin/true', LDSO_COPY),
]

# With --loader, what a damaged PT_INTERP may name instead (every eighth
# run of a program that has one): files execve refuses (a directory, a
# FIFO, a device, a text file, a missing or relative name; the runs start
# in scratch/N, next to the FIFO), and the program itself ('').
ODD_INTERPS = ('/', '.', '../fifo', '/dev/null', '/etc/hostname', 'nowhere', '')

# Sections whose bytes a loader interprets (by name, from the section
# headers of the undamaged file).
INTERESTING = ('.dynamic', '.dynsym', '.dynstr', '.gnu.hash', '.hash', '.gnu.version',
               '.gnu.version_d', '.gnu.version_r', '.rela.dyn', '.rela.plt', '.relr.dyn',
               '.init_array', '.fini_array', '.note.gnu.property', '.tbss', '.tdata')


def regions(data):
    """(offset, size) of the ELF header, the program headers and the
    interesting sections of an undamaged 64-bit ELF file."""
    out = [(0, 64)]
    phoff, shoff = struct.unpack_from('<QQ', data, 32)
    phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from('<HHHHH', data, 54)
    out.append((phoff, phentsize * phnum))
    if not shoff or shstrndx >= shnum:
        return out
    def sh(i):
        return struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize)
    stroff = sh(shstrndx)[4]
    for i in range(shnum):
        name, stype, _, _, off, size = sh(i)[:6]
        end = data.index(b'\0', stroff + name)
        if data[stroff + name:end].decode() in INTERESTING and stype != 8 and size:
            out.append((off, size))
    return out


def exec_regions(data):
    """(offset, size) of what an exec loader reads of an undamaged 64-bit
    ELF file: the ELF header, the program headers and PT_INTERP."""
    return regions(data)[:2] + [(off, size) for t, off, size in segments(data) if t == 3]


def segments(data):
    """(p_type, p_offset, p_filesz) of each program header."""
    phoff, = struct.unpack_from('<Q', data, 32)
    phnum, = struct.unpack_from('<H', data, 56)
    return [struct.unpack_from('<I4xQ16xQ', data, at)
            for at in range(phoff, phoff + 56 * phnum, 56)]


def damage(data, rng, where=regions):
    """A damaged copy of data: one to four changes, mostly inside the
    structures a loader reads (where says which), each described in the
    returned list."""
    buf = bytearray(data)
    spots = where(data)
    what = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.9:
            off, size = rng.choice(spots)
            at = off + rng.randrange(max(size, 1))
        else:
            at = rng.randrange(len(buf))
        kind = rng.choice(('byte', 'word', 'word', 'field'))
        if kind == 'byte':
            buf[at] = rng.randrange(256)
            what.append(f'byte {at:#x} = {buf[at]:#x}')
            continue
        at &= ~7 if kind == 'word' else ~3
        width = 8 if kind == 'word' else 4
        if at + width > len(buf):
            continue
        fmt = '<Q' if width == 8 else '<I'
        old = struct.unpack_from(fmt, buf, at)[0]
        top = (1 << (8 * width)) - 1
        if kind == 'word':
            new = rng.choice((0, top, top >> 1, 1 << (8 * width - 1),
                              rng.randrange(top + 1), old + rng.randrange(1, 1 << 20)))
        else:
            new = old + rng.choice((-8, -1, 1, 8, 64, 4096, 1 << 16, 1 << 24))
        new &= top
        struct.pack_into(fmt, buf, at, new)
        what.append(f'{width * 8}-bit {at:#x}: {old:#x} -> {new:#x}')
    return bytes(buf), what


def where_it_died(cmd, env, cwd, aslr=False):
    """gdb's account of the signal: the function or mapping of the pc.
    aslr: with the addresses randomised, as outside gdb."""
    # The loader's variables are the inferior's only: gdb itself must not
    # see LD_TRACE_LOADED_OBJECTS.
    own = {k: v for k, v in env.items() if not k.startswith('LD_')}
    sets = []
    for k, v in env.items():
        if k.startswith('LD_'):
            sets += ['-ex', f'set environment {k}={v}']
    if aslr:
        sets += ['-ex', 'set disable-randomization off']
    gdb = ['gdb', '-nx', '-batch', '-ex', 'set startup-with-shell off'] + sets + [
           '-ex', 'run', '-ex', 'info symbol $pc', '-ex', 'x/i $pc',
           '-ex', 'info proc mappings', '-ex', 'echo caller:\\n', '-ex', 'frame 1',
           '-ex', 'info symbol $pc', '--args'] + cmd
    try:
        p = subprocess.run(gdb, env=own, cwd=cwd, capture_output=True, text=True, timeout=60)
        return p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return ''


def killed_by_execve(report, cmd, env, cwd):
    """Whether the kernel killed the process in execve, before rtld ran
    (gdb says so, or cannot read the file and strace sees execve fail)."""
    if 'During startup program terminated' in report:
        return True
    if 'Program received signal' in report or not shutil.which('strace'):
        return False
    own = {k: v for k, v in env.items() if not k.startswith('LD_')}
    sets = [f'--env={k}={v}' for k, v in env.items() if k.startswith('LD_')]
    try:
        p = subprocess.run(['strace', '-f', '-e', 'trace=execve'] + sets + cmd, env=own,
                           cwd=cwd, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return False
    lines = p.stderr.splitlines()
    return (len(lines) >= 2 and lines[0].startswith('execve(') and '= -1' in lines[0]
            and lines[1].startswith('+++ killed by'))


def mapped_astray(data):
    """Whether the kernel mapped a program so that its headers in memory
    are not where they claim to be, or its segments lie past the end of
    the file, or started it with no interpreter at all: rtld could tell only by asking the kernel (a system call
    more at every start), and ld.so faults the same way.  Only the first
    page is looked at: a damaged field that does not fit is the cause."""
    if len(data) < 64:
        return True
    phoff, = struct.unpack_from('<Q', data, 32)
    phnum, = struct.unpack_from('<H', data, 56)
    if phoff + 56 * phnum > len(data):
        return True
    holds_headers = has_interp = False
    for at in range(phoff, phoff + 56 * phnum, 56):
        t, _, off, vaddr, _, filesz = struct.unpack_from('<IIQQQQ', data, at)
        if t == 1 and off + filesz > len(data):
            return True
        if t == 1 and off <= phoff < off + filesz:
            holds_headers = True
        has_interp |= t == 3
    # Without PT_INTERP the kernel starts the program itself: no rtld.
    return not holds_headers or not has_interp


def pc_owner(report):
    """The file whose mapping holds the pc gdb stopped at, or ''."""
    return pc_mapping(report) or ''


def pc_mapping(report):
    """The file whose mapping holds the pc gdb stopped at, '' when the
    mapping is anonymous, None when none holds it."""
    pc = None
    for line in report.splitlines():
        if line.startswith('=> 0x'):
            pc = int(line.split()[1].rstrip(':'), 16)
    if pc is None:
        return None
    for line in report.splitlines():
        f = line.split()
        if len(f) >= 5 and f[0].startswith('0x') and f[1].startswith('0x'):
            try:
                lo, hi = int(f[0], 16), int(f[1], 16)
            except ValueError:
                continue
            if lo <= pc < hi:
                return f[-1] if f[-1].startswith('/') or f[-1].startswith('[') else ''
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.path.join(os.path.dirname(here), 'build')
    ap.add_argument('--rtld', default=os.path.join(build, 'rtld', 'rtld'))
    ap.add_argument('--testlibs', default=os.path.join(build, 'testlibs'))
    ap.add_argument('--loader', help='fuzz this ulexec instead (see above)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--runs', type=int, default=300)
    ap.add_argument('--timeout', type=float, default=10)
    ap.add_argument('--keep', help='copy each failing file here')
    ap.add_argument('-v', action='store_true')
    a = ap.parse_args()

    rng = random.Random(a.seed)
    a.testlibs = os.path.abspath(a.testlibs)	# the runs start in scratch directories
    rtld = os.path.realpath(a.rtld)
    loader = a.loader and os.path.realpath(a.loader)
    fails, theirs, errors, ran, kernel = [], 0, 0, 0, 0
    scratch = tempfile.mkdtemp(prefix='fuzz-elf.')
    os.mkfifo(os.path.join(scratch, 'fifo'))	# see ODD_INTERPS
    interp_copies = {}

    def fail(text):
        fails.append(text)
        keep(a.keep, job.bad, k)

    try:
        for k in range(a.runs):
            d = os.path.join(scratch, str(k))
            if loader:
                job = loader_job(a.testlibs, rtld, loader, rng, d)
            else:
                job = rtld_job(a.testlibs, rtld, rng, d, scratch, interp_copies)
            if not job:
                continue
            env = dict(os.environ, LD_LIBRARY_PATH=':'.join(
                (d, os.path.dirname(os.path.join(a.testlibs, job.prog)), a.testlibs)))
            env.pop('LD_PRELOAD', None)
            listing = rng.random() < 0.5
            if listing:
                env.update(LD_TRACE_LOADED_OBJECTS='1', LD_WARN='yes', LD_BIND_NOW='yes')
            ran += 1
            label = f'run {k}: {"listing " if listing else ""}{job.text}'
            try:
                status, err, comm = run_once(job.cmd, env, d, a.timeout)
            except OSError:
                kernel += 1	# execve refused the damaged program
                continue
            if status is None:
                if loader and not job.interp and comm != os.path.basename(loader)[:15]:
                    theirs += 1	# ulexec handed over; the damaged code loops
                    if a.v:
                        print(f'{label}: hangs as {comm}')
                    continue
                owner = pc_owner(err)
                if not loader and not listing and owner and owner != rtld:
                    theirs += 1	# the program's damaged code loops
                    if a.v:
                        print(f'{label}: loops in {owner}')
                    continue
                fail(label + ': hangs' + (f' (as {comm})' if loader else ''))
                continue
            if status in (1, 125, 126, 127):
                errors += 1
            if loader and err.startswith(b'ulexec: ') and status not in (125, 126, 127):
                fail(f'{label}: status {status} after {err.decode(errors="replace")!r}')
                continue
            if status >= 0:
                if a.v:
                    said = err.decode(errors='replace').split('\n')[0]
                    print(f'{label}: status {status}' + (f': {said}' if said else ''))
                continue
            sig = signal.Signals(-status).name
            report = where_it_died(job.cmd, env, d, aslr=bool(loader))
            if not loader and killed_by_execve(report, job.cmd, env, d):
                kernel += 1	# killed by execve past its point of no return
                continue
            if loader and 'Program received signal' not in report:
                fail(f'{label}: {sig}, which gdb did not see again')
                continue
            if loader and in_ulexec(report, loader):
                fail(f'{label}: {sig} in ulexec\n' + indent(report))
                continue
            if job.interp and mapped_astray(job.data):
                kernel += 1	# see mapped_astray
                continue
            owner = pc_owner(report)
            if (not loader or job.interp) and rtlds_fault(report, rtld, listing):
                fail(f'{label}: {sig} in {owner or "unknown code"}\n' + indent(report))
            else:
                theirs += 1
                if a.v:
                    print(f'{label}: {sig} in {owner}')
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for f in fails:
        print('FAIL', f)
    how = "died or looped in the damaged code (not ulexec's or rtld's)" if loader else (
        "died in the damaged code (not rtld's)")
    print(f'{ran} runs (seed {a.seed}): {errors} refused with an error, {kernel} by the '
          f'kernel, {theirs} {how}, {len(fails)} failures')
    return 1 if fails else 0


# One run: the target's name (under --testlibs), the damaged file and its
# bytes, the command, whether rtld (undamaged) is the damaged program's
# interpreter, and the run's description.
Job = collections.namedtuple('Job', 'prog bad data cmd interp text')


def rtld_job(testlibs, rtld, rng, d, scratch, interp_copies):
    """A damaged test library or program, run under rtld."""
    prog, lib = rng.choice(TARGETS)
    src = os.path.join(testlibs, lib or prog)
    if not os.path.exists(src):
        return None
    interp = not lib and rng.random() < 0.5 and shutil.which('patchelf')
    if interp:
        src = interp_copy(src, rtld, scratch, interp_copies)
    with open(src, 'rb') as f:
        data, what = damage(f.read(), rng)
    bad = write_damaged(d, os.path.basename(lib or prog), data)
    prog_path = bad if not lib else os.path.join(testlibs, prog)
    cmd = [prog_path] if interp else [rtld, prog_path]
    return Job(prog, bad, data, cmd, bool(interp),
               f'{prog} with {lib or "itself"} damaged{" (rtld as PT_INTERP)" if interp else ""} '
               f'({"; ".join(what)})')


def loader_job(testlibs, rtld, loader, rng, d):
    """A damaged program or interpreter, run under ulexec (LOADER_TARGETS)."""
    prog, what = rng.choice(LOADER_TARGETS)
    prog_path = os.path.join(testlibs, prog)
    src = {RTLD_COPY: rtld, LDSO_COPY: os.path.realpath(SYSTEM_LDSO)}.get(what, prog_path)
    if not os.path.exists(src) or not os.path.exists(prog_path):
        return None
    with open(src, 'rb') as f:
        orig = f.read()
    name = os.path.basename(src)
    interps = [(off, size) for t, off, size in segments(orig) if t == 3]
    if not what and interps and rng.random() < 0.125:
        odd = rng.choice(ODD_INTERPS) or name
        bad = write_damaged(d, name, name_interp(orig, *interps[0], odd))
        return Job(prog, bad, orig, [loader, bad], False, f'{prog} with PT_INTERP {odd}')
    data, how = damage(orig, rng, exec_regions)
    bad = write_damaged(d, name, data)
    how = '; '.join(how)
    if what:
        as_interp = rng.random() < 0.75
        cmd = [loader] + (['--interp'] if as_interp else []) + [bad, prog_path]
        return Job(prog, bad, data, cmd, False, f'{prog} with a damaged {what[1:-1]} '
                   f'{"as --interp" if as_interp else "run as the program"} ({how})')
    interp = rng.choice(('', rtld, SYSTEM_LDSO) if interps else ('',))
    cmd = [loader] + (['--interp', interp] if interp else []) + [bad]
    return Job(prog, bad, data, cmd, interp == rtld,
               f'{prog} damaged, {"--interp " + interp if interp else "as it is"} ({how})')


def name_interp(data, off, size, name):
    """data with name in the PT_INTERP string at off (size bytes)."""
    path = name.encode()[:size - 1]
    return data[:off] + path + bytes(size - len(path)) + data[off + size:]


def write_damaged(d, name, data):
    """Writes data as the executable file name in a new directory d."""
    os.mkdir(d)
    bad = os.path.join(d, name)
    with open(bad, 'wb') as f:
        f.write(data)
    os.chmod(bad, 0o755)
    return bad


def run_once(cmd, env, cwd, timeout):
    """Runs cmd: (status, stderr, ''), the status -N for signal N; or
    (None, report, comm) when it still runs after timeout seconds, comm
    being the name it then has and report gdb's account of where it is
    (it is killed)."""
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _, err = p.communicate(timeout=timeout)
        return p.returncode, err, ''
    except subprocess.TimeoutExpired:
        try:
            with open(f'/proc/{p.pid}/comm') as f:
                comm = f.read().strip()
        except OSError:
            comm = '?'
        report = where_it_spins(p.pid)
        p.kill()
        p.communicate()
        return None, report, comm


def where_it_spins(pid):
    """gdb's pc and mappings of a running process, as where_it_died's."""
    gdb = ['gdb', '-nx', '-batch', '-p', str(pid), '-ex', 'info symbol $pc', '-ex', 'x/i $pc',
           '-ex', 'info proc mappings']
    try:
        return subprocess.run(gdb, capture_output=True, text=True, timeout=60).stdout
    except (subprocess.TimeoutExpired, OSError):
        return ''


def rtlds_fault(report, rtld, listing):
    """Whether gdb's report puts a signal down to rtld (see the top)."""
    owner = pc_owner(report)
    maps = [l for l in report.splitlines() if l.strip().startswith('0x') and '/' in l]
    if maps and not any(l.rstrip().endswith(rtld) for l in maps):
        return False	# rtld is not mapped: the kernel found no PT_INTERP left
    jumped = not listing and (owner == rtld or not owner) and (
        indirect(report) or not called_from(report, rtld))
    return (owner == rtld or not owner or listing) and not jumped


def in_ulexec(report, loader):
    """Whether gdb stopped in ulexec's code: at one of its functions, in a
    mapping of its file or an anonymous one (ulexec swaps its file pages
    for anonymous copies before the jump when it may set /proc/self/exe,
    and its trampoline's page stays).  What the program or the interpreter
    maps later at ulexec's old addresses is not ulexec."""
    head = report.partition('caller:\n')[0]
    here = [l for l in head.splitlines() if ' in section ' in l]
    return bool(here) and f'of {loader}' in here[0] and pc_mapping(report) in ('', loader)


def indirect(report):
    """Whether gdb stopped on an indirect call or jump (x/i's line), or
    at an address nothing maps (a jump or call got there)."""
    for line in report.splitlines():
        if line.startswith('=> '):
            ins = line.split(':', 1)[-1]
            return '*' in ins and ('call' in ins or 'jmp' in ins) or '<' not in line
    return False


def called_from(report, rtld):
    """Whether the frame below the signal's is in rtld's code too (gdb
    repeats the signal's frame when it cannot unwind, as after a wild
    jump: that does not count)."""
    head, _, tail = report.partition('caller:\n')
    here = [l for l in head.splitlines() if ' in section ' in l]
    there = [l for l in tail.splitlines() if ' in section ' in l]
    return bool(there) and f'of {rtld}' in there[0] and (not here or here[0] != there[0])


def interp_copy(src, rtld, scratch, cache):
    """A copy of program src whose PT_INTERP is rtld, made once."""
    if src not in cache:
        copy = os.path.join(scratch, f'interp-{len(cache)}-{os.path.basename(src)}')
        shutil.copy(src, copy)
        subprocess.run(['patchelf', '--set-interpreter', rtld, copy], check=True)
        cache[src] = copy
    return cache[src]


def keep(where, path, k):
    if where:
        os.makedirs(where, exist_ok=True)
        shutil.copy(path, os.path.join(where, f'{k}-{os.path.basename(path)}'))


def indent(text):
    """gdb's lines about the signal and the pc (not the mappings)."""
    lines = [l for l in text.splitlines()
             if 'signal' in l or l.startswith('=>') or ' in section ' in l or 'No symbol' in l]
    return ''.join('    ' + l + '\n' for l in lines)


if __name__ == '__main__':
    sys.exit(main())
