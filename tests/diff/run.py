#!/usr/bin/env python3
"""Differential tests: run the programs of testlibs/ under glibc's ld.so and
under rtld, and compare what they print and how they exit.

Each case (see cases.py) runs in several modes:
  glibc         exec the program: its PT_INTERP is the system's ld.so
  glibc-direct  /lib64/ld-linux-x86-64.so.2 [OPTS] PROGRAM ARGS
  rtld-direct   rtld [OPTS] PROGRAM ARGS
  rtld-interp   a copy of the program whose PT_INTERP is rtld (patchelf),
                in a directory that mirrors testlibs/ with symbolic links
                so that $ORIGIN-relative paths still work
  ldd           ldd PROGRAM (only for --list cases)
A case with a cpu runs every mode under `qemu-x86_64 -cpu CPU` (skipped
when qemu-user is not installed), with qemu's warnings about features it
cannot emulate left out of stderr.

Every mode must give the case's expected stdout, stderr and exit status
(cases record glibc's exact output, so the glibc modes check the record
and the rtld modes check rtld against glibc).  Where a case has no
recorded stdout (e.g. ldd of /bin/ls), every mode must print what the
first glibc mode printed.

Before comparing, absolute paths in the output are replaced by
placeholders: {dir} for the testlibs build directory (and its mirror),
{tmp} for the case's scratch directory.  In --list and
LD_TRACE_LOADED_OBJECTS output, load addresses " (0x...)" are removed.

usage: run.py --rtld RTLD --testlibs DIR [-v] [--modes M,...] [CASE|GLOB...]
       run.py --names
The last line of output is "N passed, N failed[, N skipped]"; the exit
status is 1 if any case failed, 77 (meson's "skipped") if the only case
run was skipped, else 0.
"""
import argparse
import difflib
import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases as C  # noqa: E402

GLIBC_LDSO = '/lib64/ld-linux-x86-64.so.2'
TIMEOUT = 20
SKIP_STATUS = 77
ADDRESS_RE = re.compile(r' \(0x[0-9a-f]+\)$', re.M)
QEMU = shutil.which('qemu-x86_64')
QEMU_WARNING = re.compile(r'^qemu-x86_64: warning: .*\n', re.M)


class Skip(Exception):
    pass


class World:
    """Paths of one run, and the scratch directories it makes."""

    def __init__(self, rtld, testlibs):
        self.rtld = os.path.abspath(rtld)
        self.dir = os.path.abspath(testlibs)
        self.scratch = tempfile.mkdtemp(prefix='rtld-diff-')
        self.mirror = None
        self.patched = {}

    def close(self):
        shutil.rmtree(self.scratch, ignore_errors=True)

    def path(self, prog):
        return prog if os.path.isabs(prog) else os.path.join(self.dir, prog)

    def interp_copy(self, prog):
        """A copy of PROG with PT_INTERP set to rtld, beside symbolic links
        to everything else in testlibs/."""
        if prog in self.patched:
            return self.patched[prog]
        if not shutil.which('patchelf'):
            raise RuntimeError('patchelf is needed for the rtld-interp mode '
                               '(apt-get install patchelf)')
        if self.mirror is None:
            self.mirror = os.path.join(self.scratch, 'mirror')
            os.mkdir(self.mirror)
            for entry in os.listdir(self.dir):
                os.symlink(os.path.join(self.dir, entry), os.path.join(self.mirror, entry))
        copy = os.path.join(self.mirror, os.path.basename(prog))
        if os.path.lexists(copy):
            os.unlink(copy)
        shutil.copy2(self.path(prog), copy)
        subprocess.run(['patchelf', '--set-interpreter', self.rtld, copy],
                       check=True, capture_output=True)
        self.patched[prog] = copy
        return copy

    def expand(self, text, tmp):
        return text.replace('{dir}', self.dir).replace('{tmp}', tmp)

    def normalize(self, text, tmp, case, mode):
        subst = {self.dir: '{dir}', tmp: '{tmp}'}
        if self.mirror:
            subst[self.mirror] = '{dir}'
        if mode == 'rtld-interp':
            # The interpreter line of --list/trace output names the
            # program's PT_INTERP, which the copy has changed.
            subst[self.rtld] = GLIBC_LDSO
        for path in list(subst):
            subst.setdefault(os.path.realpath(path), subst[path])
        for path in sorted(subst, key=len, reverse=True):
            text = text.replace(path, subst[path])
        if case.strip_addresses:
            text = ADDRESS_RE.sub('', text)
        for pattern, replacement in case.subst:
            text = re.sub(pattern, replacement, text)
        return text


def damage(data, mutation):
    """Apply one of cases.DAMAGE to the bytes of a library."""
    kind, *arg = mutation
    if kind == 'truncate':
        return data[:arg[0]]
    if kind == 'replace':
        return arg[0]
    if kind == 'poke':
        offset, new = arg
        return data[:offset] + new + data[offset + len(new):]
    if kind == 'edit':          # a function of the bytes
        return arg[0](bytes(data))
    raise ValueError(f'unknown damage {mutation!r}')


def prepare(world, case, tmp):
    if case.requires and not os.path.exists(world.path(case.requires)):
        raise Skip(f'{case.requires} was not built')
    if case.cpu and not QEMU:
        raise Skip('qemu-x86_64 is not installed (qemu-user)')
    if case.damage:
        lib, name = case.damage
        with open(world.path(lib), 'rb') as f:
            data = damage(f.read(), C.DAMAGE[name])
        with open(os.path.join(tmp, os.path.basename(lib)), 'wb') as f:
            f.write(data)


def elf_problems(world, case):
    """The readelf checks: each names a file, a readelf option and a
    string its output must contain, so that a case is known to exercise
    what it claims (a relocation type, a dynamic tag...)."""
    problems = []
    for file, option, needle in case.elf:
        out = subprocess.run(['readelf', '-W', option, world.path(file)],
                             capture_output=True, text=True).stdout
        if needle not in out:
            problems.append(f'readelf {option} {file}: no "{needle}"')
    return problems


def command(world, case, mode):
    # with a working directory, the program path is passed as it is
    prog = case.prog if case.cwd else world.path(case.prog)
    opts = [world.expand(o, '') for o in case.opts]
    if mode == 'glibc':
        return [prog, *case.args]
    if mode == 'glibc-direct':
        return [GLIBC_LDSO, *opts, prog, *case.args]
    if mode == 'rtld-direct':
        return [world.rtld, *opts, prog, *case.args]
    if mode == 'rtld-interp':
        copy = world.interp_copy(case.prog)
        return [prog if case.cwd else copy, *case.args]
    if mode == 'ldd':
        return ['ldd', prog]
    raise ValueError(mode)


def run_mode(world, case, mode, tmp):
    env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LC_ALL': 'C'}
    env.update({k: world.expand(v, tmp) for k, v in case.env.items()})
    cmd = command(world, case, mode)
    if case.cpu:
        cmd = [QEMU, '-cpu', case.cpu, *cmd]
    cwd = tmp
    if case.cwd:
        cwd = world.mirror if mode == 'rtld-interp' else world.expand(case.cwd, tmp)
    try:
        p = subprocess.run(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=TIMEOUT)
        status = p.returncode
        out, err = p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        status, out, err = 'timeout', e.stdout or b'', e.stderr or b''
    def text(b):
        return world.normalize(b.decode('utf-8', 'replace'), tmp, case, mode)
    err = text(err)
    if case.cpu:
        err = QEMU_WARNING.sub('', err)
    return cmd, text(out), err, status


def diff(what, want, got):
    lines = difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                 f'{what} expected', f'{what} actual')
    return ''.join(l if l.endswith('\n') else l + '\n' for l in lines)


def run_case(world, case, verbose, only_modes=None):
    """Returns (verdict, report) with verdict 'pass', 'fail' or 'skip'."""
    tmp = tempfile.mkdtemp(prefix=case.name + '-', dir=world.scratch)
    report = []
    want_out = case.stdout
    failed = False
    try:
        prepare(world, case, tmp)
        for problem in elf_problems(world, case):
            report.append(f'  {problem}')
            failed = True
        for mode in case.modes:
            if only_modes and mode not in only_modes:
                continue
            cmd, out, err, status = run_mode(world, case, mode, tmp)
            if status == SKIP_STATUS and mode.startswith('glibc'):
                raise Skip(out.strip() or 'the program skipped itself')
            if want_out is None:
                want_out = out  # no record: the first (glibc) mode sets it
            problems = []
            if status != case.status:
                problems.append(f'    exit status {status}, expected {case.status}\n')
            if out != want_out:
                problems.append(diff('stdout', want_out, out))
            if err != case.stderr:
                problems.append(diff('stderr', case.stderr, err))
            if problems or verbose:
                env = [f'{k}={world.expand(v, tmp)}' for k, v in case.env.items()]
                report.append(f'  [{mode}] {"FAIL" if problems else "ok"}: '
                              f'{shlex.join(env + cmd)}')
                report.extend(problems)
            failed |= bool(problems)
    except Skip as e:
        return 'skip', [f'  {e}']
    except (OSError, RuntimeError, subprocess.CalledProcessError) as e:
        return 'fail', report + [f'  error: {e}']
    return ('fail' if failed else 'pass'), report


def select(names):
    if not names:
        return list(C.CASES)
    chosen = []
    for pattern in names:
        matches = [c for c in C.CASES if fnmatch.fnmatchcase(c.name, pattern)]
        if not matches:
            sys.exit(f'no case matches {pattern!r} (see --names)')
        chosen += [c for c in matches if c not in chosen]
    return chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--rtld', help='the rtld executable')
    ap.add_argument('--testlibs', help='build directory of testlibs/')
    ap.add_argument('--names', action='store_true', help='list the cases and exit')
    ap.add_argument('-v', '--verbose', action='store_true', help='show every mode run')
    ap.add_argument('--modes', help='run only these modes (comma-separated), '
                    'e.g. glibc,glibc-direct to check the records alone')
    ap.add_argument('cases', nargs='*', help='case names or glob patterns (default: all)')
    a = ap.parse_args()
    if a.names:
        print('\n'.join(c.name for c in C.CASES))
        return 0
    if not a.rtld or not a.testlibs:
        ap.error('--rtld and --testlibs are required')
    world = World(a.rtld, a.testlibs)
    counts = {'pass': 0, 'fail': 0, 'skip': 0}
    try:
        for case in select(a.cases):
            verdict, report = run_case(world, case, a.verbose,
                                       a.modes.split(',') if a.modes else None)
            counts[verdict] += 1
            print(f'{verdict.upper()} {case.name}', flush=True)
            if report:
                print(''.join(l if l.endswith('\n') else l + '\n' for l in report), end='')
    finally:
        world.close()
    summary = f'{counts["pass"]} passed, {counts["fail"]} failed'
    if counts['skip']:
        summary += f', {counts["skip"]} skipped'
    print(summary)
    if counts['fail']:
        return 1
    if counts['skip'] and not counts['pass']:
        return SKIP_STATUS
    return 0


if __name__ == '__main__':
    sys.exit(main())
