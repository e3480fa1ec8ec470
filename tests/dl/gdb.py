#!/usr/bin/env python3
"""Runs PROGRAM (testlibs/dl t_dlgdb or g_dlgdb) under gdb -batch with a
breakpoint, set while still pending, on dlgdb_target in libdlgdb.so, which
the program dlopens; at the stop, "info sharedlibrary".  Prints what was
seen, one "FACT: yes/no" line each, so that the output does not depend on
addresses or gdb's version; on any "no", gdb's whole output goes to stderr.

usage: gdb.py PROGRAM [ARGS...]
"""
import re
import subprocess
import sys

GDB_COMMANDS = [
    'set debuginfod enabled off',
    'set breakpoint pending on',
    'set confirm off',
    'break dlgdb_target',
    'run',
    'info sharedlibrary',
    'continue',
]


def main():
    cmd = ['gdb', '-nx', '-batch']
    for c in GDB_COMMANDS:
        cmd += ['-ex', c]
    cmd += ['--args'] + sys.argv[1:]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=60)
    out = p.stdout + p.stderr
    facts = [
        ('breakpoint pending before the dlopen',
         re.search(r'Breakpoint 1 \(dlgdb_target\) pending', out)),
        ('stopped in dlgdb_target',
         re.search(r'^Breakpoint 1, (0x[0-9a-f]+ in )?dlgdb_target ', out, re.M)),
        ('info sharedlibrary lists libdlgdb.so',
         re.search(r'^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes.*/libdlgdb\.so$', out, re.M)),
        ('the program went on', 'dlgdb_target returned 42' in out),
        ('the program exited normally',
         re.search(r'\[Inferior 1 \(process \d+\) exited normally\]', out)),
    ]
    for what, seen in facts:
        print(f'{what}: {"yes" if seen else "no"}')
    if not all(seen for _, seen in facts):
        sys.stderr.write(out)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
