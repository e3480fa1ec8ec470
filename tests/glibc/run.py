#!/usr/bin/env python3
"""Differential tests of glibc programs: the C and C++ programs of
testlibs/glibc and real Debian commands, run by the machinery of
tests/diff/run.py with the cases of cases.py here.

Modes: those of tests/diff/run.py (glibc, glibc-direct, rtld-direct,
rtld-interp, ldd).  In addition:
  - a real command (an absolute path) keeps its argv[0] in rtld-interp
    mode, where a patched copy runs: its messages name it as usual;
  - a case with tools runs `/bin/sh -c SCRIPT`, and the commands the
    script calls run under the same loader as the shell: PATH starts with
    a directory of wrappers (glibc-direct, rtld-direct: `LOADER --argv0
    NAME /usr/bin/NAME`) or of patched copies (rtld-interp);
  - stderr and status LEARN, like a stdout of None, take what the first
    mode gave; a FAIL line in the first mode's output of a testlibs
    program is an error of the test;
  - a case whose command is not installed is skipped;
  - a setuid case runs a copy of the program that is setuid nobody
    (secure mode when root runs it), under glibc and with rtld as its
    PT_INTERP; it is skipped unless run by root.

usage: run.py --rtld RTLD --testlibs BUILD/testlibs/glibc [-v] [--modes M,...] [CASE|GLOB...]
       run.py --names
The last line of output is "N passed, N failed[, N skipped]".
"""
import importlib.util
import os
import pwd
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'diff'))
import run as base  # noqa: E402  (tests/diff/run.py)

spec = importlib.util.spec_from_file_location('glibc_cases', os.path.join(HERE, 'cases.py'))
C = importlib.util.module_from_spec(spec)
spec.loader.exec_module(C)
base.C = C
base.__doc__ = __doc__
diff_command, diff_run_mode, diff_prepare = base.command, base.run_mode, base.prepare


def tool_dir(world, mode, tools):
    """A directory with the tools as MODE runs them (see the doc string);
    None for the glibc mode, which needs none."""
    if mode == 'glibc':
        return None
    d = os.path.join(world.scratch, 'bin-' + mode)
    os.makedirs(d, exist_ok=True)
    for name in tools:
        path, real = os.path.join(d, name), C.installed(name)
        if os.path.exists(path):
            continue
        if mode == 'rtld-interp':
            shutil.copy2(real, path)
            subprocess.run(['patchelf', '--set-interpreter', world.rtld, path],
                           check=True, capture_output=True)
            continue
        loader = base.GLIBC_LDSO if mode == 'glibc-direct' else world.rtld
        with open(path, 'w') as f:
            f.write(f'#!/bin/sh\nexec {loader} --argv0 {name} {real} "$@"\n')
        os.chmod(path, 0o755)
    return d


def setuid_copy(world, case, mode):
    """A copy of the program, setuid nobody, with rtld as its PT_INTERP
    for rtld-interp."""
    if os.geteuid() != 0:
        raise base.Skip('a setuid copy run in secure mode needs root')
    d = os.path.join(world.scratch, 'setuid-' + mode)
    os.makedirs(d, exist_ok=True)
    copy = os.path.join(d, os.path.basename(case.prog))
    shutil.copy2(world.path(case.prog), copy)
    if mode == 'rtld-interp':
        subprocess.run(['patchelf', '--set-interpreter', world.rtld, copy],
                       check=True, capture_output=True)
    nobody = pwd.getpwnam('nobody')
    os.chown(copy, nobody.pw_uid, nobody.pw_gid)
    os.chmod(copy, 0o4755)
    return copy


def command(world, case, mode):
    if case.setuid:
        return [setuid_copy(world, case, mode), *case.args]
    if mode == 'rtld-interp' and os.path.isabs(case.prog):
        # the patched copy, with the argv[0] of the real command
        return [world.path('gexec_as'), world.interp_copy(case.prog), case.prog, *case.args]
    return diff_command(world, case, mode)


def run_mode(world, case, mode, tmp):
    if case.tools:
        d = tool_dir(world, mode, case.tools)
        case.env = dict(case.env, PATH=f'{d}:{C.COMMAND_ENV["PATH"]}' if d else
                        C.COMMAND_ENV['PATH'])
    cmd, out, err, status = diff_run_mode(world, case, mode, tmp)
    if case.stderr is C.LEARN:
        case.stderr = err
    if case.status is C.LEARN:
        case.status = status
    if not os.path.isabs(case.prog) and mode == case.modes[0] and '\nFAIL ' in '\n' + out:
        raise RuntimeError(f'the reference run ({mode}) fails a check:\n{out}')
    return cmd, out, err, status


def prepare(world, case, tmp):
    if case.missing:
        raise base.Skip(f'{case.missing} is not installed')
    diff_prepare(world, case, tmp)
    if case.setup:
        subprocess.run(['/bin/sh', '-ec', case.setup], cwd=tmp, check=True,
                       env={'PATH': C.COMMAND_ENV['PATH'], 'LC_ALL': 'C'})


base.command, base.run_mode, base.prepare = command, run_mode, prepare

if __name__ == '__main__':
    sys.exit(base.main())
