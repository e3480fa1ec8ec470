#!/usr/bin/env python3
"""That rtld's symbol index and eager binder (rtld/symindex.c, bindrun.c)
really bind t_bigscope: the bigscope_* cases only compare its output with
glibc's, which rtld would match as well by walking the scope.

Runs t_bigscope under rtld with LD_DEBUG=statistics, with LD_BIND_NOW=1
and without, and checks that
  - both exit 0 and print the same;
  - the index holds at least the F ordinary functions the program reports
    ("ordinary: F functions");
  - with LD_BIND_NOW, at least 4 F relocations were bound through it: each
    function has a JUMP_SLOT and an R_X86_64_64 entry in t_bigscope and in
    libbigcaller.so;
  - without, at least 2 F: the R_X86_64_64 tables are bound at start-up.
The same for a copy whose PT_INTERP patchelf made rtld (when patchelf is
installed): patchelf adds a writable segment far above the others, which
must not turn the binder off.

usage: bigscope_stats.py RTLD TESTLIBS
Exit status 0 when all hold, else 1.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

STAT = re.compile(r'^\s*\d+:\s+(definitions in the last symbol index|'
                  r'relocations bound through the index): (\d+)$', re.M)


def run(cmd, bind_now):
    env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LC_ALL': 'C',
           'LD_DEBUG': 'statistics'}
    if bind_now:
        env['LD_BIND_NOW'] = '1'
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
    stats = {what: int(n) for what, n in STAT.findall(p.stderr)}
    return p.returncode, p.stdout, stats


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split('\n\n')[-1])
    rtld, testlibs = sys.argv[1:]
    prog = os.path.join(testlibs, 't_bigscope')
    problems = check([os.path.realpath(rtld), prog], '')
    if shutil.which('patchelf'):
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, 't_bigscope')
            shutil.copy(prog, copy)
            subprocess.run(['patchelf', '--set-interpreter', os.path.realpath(rtld),
                            '--set-rpath', testlibs, copy], check=True)
            problems += check([copy], 'PT_INTERP copy, ')
    for p in problems:
        print(f'FAIL {p}')
    print('FAIL' if problems else 'ok')
    return 1 if problems else 0


def check(cmd, label):
    problems = []
    results = {}
    for bind_now in (True, False):
        status, out, stats = run(cmd, bind_now)
        mode = label + ('LD_BIND_NOW=1' if bind_now else 'lazy')
        results[bind_now] = out
        m = re.search(r'^ordinary: (\d+) functions', out, re.M)
        defs = stats.get('definitions in the last symbol index')
        bound = stats.get('relocations bound through the index')
        print(f'{mode}: status {status}, {m.group(1) if m else "?"} functions, '
              f'{defs} definitions in the index, {bound} relocations bound through it')
        if status != 0:
            problems.append(f'{mode}: exit status {status}')
        if not m or defs is None or bound is None:
            problems.append(f'{mode}: no "ordinary:" line or no index statistics')
            continue
        funcs = int(m.group(1))
        if defs < funcs:
            problems.append(f'{mode}: {defs} definitions in the index, fewer than {funcs}')
        want = 4 * funcs if bind_now else 2 * funcs
        if bound < want:
            problems.append(f'{mode}: {bound} relocations bound through the index, '
                            f'fewer than {want}')
    if results[True] != results[False]:
        problems.append(f'{label}the output with LD_BIND_NOW=1 differs from the lazy one')
    return problems


if __name__ == '__main__':
    sys.exit(main())
