"""Programs whose PT_INTERP is rtld run under valgrind's memcheck with no
error, and print what they print natively.  memcheck needs to recognise
the dynamic linker (a strlen it can replace) and to read libc's symbols
from the mmap calls it sees (so that it can replace libc's word-at-a-time
string functions): a loader that maps objects in ways it does not follow
gets false reports by the hundred.
usage: valgrind.py RTLD TESTLIBS_GLIBC_DIR"""
import os
import shutil
import subprocess
import sys
import tempfile

PROGRAMS = [
    ('/bin/ls', ['-a', '/']),
    ('{dir}/gbasic', ['malloc']),
    ('{dir}/gthreads', ['tls']),
    ('{dir}/gdl', ['scope']),
]


def main():
    rtld, testlibs = sys.argv[1], sys.argv[2]
    if not shutil.which('valgrind'):
        print('SKIP: valgrind is not installed')
        return 77
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for prog, args in PROGRAMS:
            prog = prog.format(dir=testlibs)
            # next to the original, so that $ORIGIN finds the same libraries
            copy = (os.path.join(tmp, os.path.basename(prog)) if prog.startswith('/bin/')
                    else prog + '-valgrind')
            shutil.copy(prog, copy)
            subprocess.run(['patchelf', '--set-interpreter', rtld, copy], check=True)
            native = subprocess.run([prog, *args], capture_output=True, text=True, timeout=60)
            vg = subprocess.run(['valgrind', '-q', '--error-exitcode=99', copy, *args],
                                capture_output=True, text=True, timeout=300)
            if not prog.startswith('/bin/'):
                os.unlink(copy)
            # messages name the program: the copy's name is not the original's
            out = vg.stdout.replace(os.path.basename(copy), os.path.basename(prog))
            ok = vg.returncode == native.returncode and out == native.stdout
            print(f'{"ok" if ok else "FAIL"} {os.path.basename(prog)} {" ".join(args)}: '
                  f'status {vg.returncode} (natively {native.returncode})')
            if not ok:
                failed += 1
                print(vg.stderr[-3000:])
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
