#!/usr/bin/env python3
"""Counts the CPUID instructions a dynamic linker executes while it runs a
program, and says which leaf and subleaf each one asked for.

    tools/count-cpuid.py LOADER PROG [ARGS...]
    tools/count-cpuid.py /lib64/ld-linux-x86-64.so.2 /bin/true
    tools/count-cpuid.py build/rtld/rtld /bin/true

Every CPUID is a VM exit on virtual machines (about 7 us each here), so
the number matters for start-up time.  It cannot be measured with perf
or valgrind (valgrind answers CPUID itself, so the code takes other
paths), so this runs LOADER under gdb with a breakpoint on every cpuid
instruction objdump finds in LOADER, and records %eax/%ecx at each hit.
The instructions run natively, on the real CPU.  Only LOADER's own
CPUIDs are counted, not those of the libraries it loads (libc has two,
in sysconf paths that start-up does not take).
"""
import os
import re
import subprocess
import sys

try:
    import gdb  # noqa: F401  (present when gdb runs this file)
except ImportError:
    gdb = None


def cpuid_addresses(path):
    """The addresses (relative to a zero load base) of LOADER's cpuid
    instructions."""
    out = subprocess.run(['objdump', '-d', '--no-show-raw-insn', path], check=True,
                         capture_output=True, text=True).stdout
    return [int(m.group(1), 16) for m in re.finditer(r'^\s*([0-9a-f]+):\s+cpuid\b', out, re.M)]


# Leaves whose answer depends on the subleaf in %ecx; for the others %ecx
# holds whatever was there and is not shown.
SUBLEAVES = {0x4, 0x7, 0xb, 0xd, 0xf, 0x10, 0x12, 0x14, 0x17, 0x18, 0x1a, 0x1b, 0x1d, 0x1e,
             0x1f, 0x20, 0x23, 0x24, 0x8000001d, 0x80000020, 0x80000026}


def load_base(pid, path):
    real = os.path.realpath(path)
    with open(f'/proc/{pid}/maps') as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 6 and os.path.realpath(fields[5]) == real and int(fields[2], 16) == 0:
                return int(fields[0].split('-')[0], 16)
    raise SystemExit(f'{path} is not mapped in process {pid}')


def in_gdb():
    loader = os.environ['COUNT_CPUID_LOADER']
    hits = []

    class Hit(gdb.Breakpoint):
        def stop(self):
            frame = gdb.selected_frame()
            leaf = int(frame.read_register('rax')) & 0xffffffff
            sub = int(frame.read_register('rcx')) & 0xffffffff
            hits.append((leaf, sub if leaf in SUBLEAVES else None))
            return False

    gdb.execute('set pagination off')
    gdb.execute('starti', to_string=True)
    base = load_base(gdb.selected_inferior().pid, loader)
    for a in cpuid_addresses(loader):
        Hit(f'*{base + a:#x}', internal=True)
    gdb.execute('continue', to_string=True)
    seen = {}
    for h in hits:
        seen[h] = seen.get(h, 0) + 1
    # Marked, so that main() can tell them from gdb's own messages.
    print(f'@@{len(hits)} CPUID instructions ({len(seen)} distinct leaf/subleaf)', file=sys.stderr)
    for (leaf, sub), n in sorted(seen.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        where = f'{leaf:#x}' + ('' if sub is None else f'/{sub}')
        print(f'@@  {where:<14}' + (f' x{n}' if n > 1 else ''), file=sys.stderr)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    loader = sys.argv[1]
    env = dict(os.environ, COUNT_CPUID_LOADER=loader)
    r = subprocess.run(['gdb', '-batch', '-nx', '-iex', 'set debuginfod enabled off',
                        '-ex', 'set startup-with-shell off', '-x', os.path.abspath(__file__),
                        '--args', loader, *sys.argv[2:]],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = [ln[2:] for ln in r.stderr.splitlines() if ln.startswith('@@')]
    print('\n'.join(lines) if lines else r.stderr, end='\n')
    return 0 if lines else 1


if gdb is not None:
    in_gdb()
elif __name__ == '__main__':
    sys.exit(main())
