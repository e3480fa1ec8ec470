#!/usr/bin/env python3
"""Tests of the run-time loading API (the dlopen family) and of TLS: the
programs of testlibs/dl, run by the machinery of tests/diff/run.py with
the cases of cases.py here.

Modes: those of tests/diff/run.py (rtld-direct, rtld-interp, and glibc and
glibc-direct for the programs glibc's ld.so can run), plus
  glibc-build  the glibc build of the program (g_NAME for t_NAME, see
               testlibs/dl/dlt.h) under glibc's ld.so: the same sources
               must print the same thing under glibc as under rtld
  gdb          gdb.py on the program, with its PT_INTERP set to rtld
  gdb-glibc    gdb.py on the glibc build
A case is skipped when gdb is not installed (gdb modes).

usage: run.py --rtld RTLD --testlibs BUILD/testlibs/dl [-v] [--modes M,...] [CASE|GLOB...]
       run.py --names
The last line of output is "N passed, N failed[, N skipped]".
"""
import importlib.util
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GDB_SCRIPT = os.path.join(HERE, 'gdb.py')


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


base = load('diff_run', os.path.join(HERE, '..', 'diff', 'run.py'))
base.C = load('dl_cases', os.path.join(HERE, 'cases.py'))
base.__doc__ = __doc__
diff_command = base.command


def glibc_build(prog):
    head, tail = os.path.split(prog)
    return os.path.join(head, 'g_' + tail[len('t_'):])


def command(world, case, mode):
    if mode == 'glibc-build':
        return [world.path(glibc_build(case.prog)), *case.args]
    if mode in ('gdb', 'gdb-glibc'):
        if not shutil.which('gdb'):
            raise base.Skip('gdb is not installed')
        prog = (world.interp_copy(case.prog) if mode == 'gdb'
                else world.path(glibc_build(case.prog)))
        return [sys.executable, GDB_SCRIPT, prog, *case.args]
    return diff_command(world, case, mode)


base.command = command

if __name__ == '__main__':
    sys.exit(base.main())
