#!/usr/bin/env python3
"""The whole of glibc's struct cpu_features, and the GLRO fields glibc
derives from it (dl_hwcap, dl_hwcap2, dl_platform), must be what glibc's
own ld.so computes: compared byte for byte with the lines of
`ld.so --list-diagnostics`.

cpu-dump (rtld/compat/glibc/cpu-dump.c) prints those lines from the block
of the dynamic linker it runs under.  It runs under ld.so (which checks
cpu-dump itself against ld.so's diagnostics), under rtld directly and
with rtld as its PT_INTERP.

Everything runs on one CPU: leaf 1's EBX holds the initial APIC id of the
processor that executed CPUID, which ld.so stores in features[0].cpuid[1]
and which differs between the CPUs of a machine.

With --qemu, the same comparison runs under qemu-x86_64 for each of the
processors of EMULATED, so that the rules for other vendors, families
and models are checked too (exit status 77, "skipped", without qemu).

usage: cpu_features.py [--qemu] RTLD CPU_DUMP
The last line of output is "N passed, N failed".
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

LDSO = '/lib64/ld-linux-x86-64.so.2'
WANTED = ('x86.cpu_features.', 'dl_hwcap=', 'dl_hwcap2=', 'dl_platform=')


# qemu -cpu specifications, and what each one exercises.
EMULATED = [
    # Intel: leaf 2 descriptors of old parts, AVX2 (platform "haswell"),
    # TSX rules by model and stepping, Atoms' preferences
    ('Conroe', 'leaf 2 descriptors, no AVX'),
    ('Nehalem', 'a Core model of the preference list'),
    ('SandyBridge', 'AVX without AVX2'),
    ('Haswell-v1', 'model 0x3c: RTM off; platform haswell'),
    ('Skylake-Client-v1', 'model 0x5e: TSX off'),
    ('Icelake-Server-v1', 'unknown model with AVX: Core preferences'),
    ('Denverton-v1', 'Goldmont: Silvermont preferences'),
    ('Snowridge-v1', 'Tremont'),
    ('max,vendor=GenuineIntel,family=6,model=28', 'Atom: slow BSF'),
    ('max,vendor=GenuineIntel,family=6,model=85,stepping=4', 'Skylake-SP stepping 4: TSX off'),
    ('max,vendor=GenuineIntel,family=6,model=63,stepping=3', 'Haswell-EP stepping 3: RTM off'),
    ('max,vendor=GenuineIntel,family=15,model=6', 'family 15'),
    ('max,vendor=GenuineIntel,level=4', 'no leaf 7, 0xb or 0xd'),
    ('max,vendor=GenuineIntel,level=11', 'no leaf 0xd'),
    ('max,vendor=GenuineIntel,xlevel=0x80000000', 'no extended leaves'),
    ('Haswell-v1,-ht', 'one logical processor'),
    ('max,vendor=GenuineIntel,-xsave', 'no XSAVE: no AVX'),
    ('max,vendor=GenuineIntel,l3-cache=off', 'no L3: L2 is the shared cache'),
    # AMD and Hygon: legacy cache leaves, Zen's CCX, Excavator
    ('qemu64', 'AMD baseline'),
    ('phenom', 'family 0x10: exclusive caches'),
    ('Opteron_G5', 'family 0x15, FMA4'),
    ('max,vendor=AuthenticAMD,family=21,model=96', 'Excavator'),
    ('EPYC-Rome-v1', 'Zen 2: leaf 0x8000001d'),
    ('EPYC-Milan-v1', 'Zen 3'),
    ('EPYC-Rome-v1,l3-cache=off', 'no L3'),
    ('Dhyana-v1', 'Hygon'),
    # Zhaoxin: the models glibc keeps off AVX
    ('max,vendor=CentaurHauls,family=6,model=15', 'Zhaoxin family 6: AVX off, slow SSE4.2'),
    ('max,vendor=CentaurHauls,family=7,model=59', 'Zhaoxin family 7 model 0x3b'),
    ('max,vendor=  Shanghai  ,family=7,model=27', 'Shanghai family 7 model 0x1b'),
    # an unknown vendor: leaf 1 is not read (glibc's ld.so then refuses
    # libc.so.6 for its ISA level, so only rtld runs cpu-dump)
    ('Haswell-v1,vendor=AbcdefghIjkl', 'unknown vendor'),
]


def wanted_lines(diagnostics):
    return ''.join(line + '\n' for line in diagnostics.splitlines() if line.startswith(WANTED))


def compare(name, want, got, cmd):
    if got == want:
        print(f'ok {name}: {len(want.splitlines())} lines as ld.so --list-diagnostics')
        return True
    print(f'FAIL {name}: differs from ld.so --list-diagnostics')
    sys.stdout.writelines(difflib.unified_diff(
        want.splitlines(True), got.splitlines(True), 'ld.so --list-diagnostics', ' '.join(cmd)))
    return False


def emulated(rtld, dump, env):
    qemu = shutil.which('qemu-x86_64')
    if not qemu:
        print('qemu-x86_64 is not installed (qemu-user): skipped')
        return 77
    failed = 0
    for spec, what in EMULATED:
        q = [qemu, '-cpu', spec]
        want = wanted_lines(run(q + [LDSO, '--list-diagnostics'], env))
        cmd = q + [rtld, dump]
        if not compare(f'{spec} ({what})', want, run(cmd, env), cmd):
            failed += 1
    print(f'{len(EMULATED) - failed} passed, {failed} failed')
    return 1 if failed else 0


def run(cmd, env):
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        return f'exit status {r.returncode}\n{r.stderr}'
    return r.stdout


def main():
    args = sys.argv[1:]
    qemu = args[:1] == ['--qemu']
    if qemu:
        args = args[1:]
    if len(args) != 2:
        raise SystemExit(__doc__)
    rtld, dump = (os.path.abspath(a) for a in args)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('LD_', 'GLIBC_TUNABLES'))}
    if qemu:
        return emulated(rtld, dump, env)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})   # inherited by the children
    want = wanted_lines(run([LDSO, '--list-diagnostics'], env))

    with tempfile.TemporaryDirectory() as tmp:
        interp = os.path.join(tmp, 'cpu-dump')
        shutil.copy2(dump, interp)
        subprocess.run(['patchelf', '--set-interpreter', rtld, interp], check=True)
        runs = [('ld.so', [LDSO, dump]), ('rtld', [rtld, dump]), ('rtld-interp', [interp])]
        failed = 0
        for name, cmd in runs:
            if not compare(name, want, run(cmd, env), cmd):
                failed += 1
    print(f'{len(runs) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
