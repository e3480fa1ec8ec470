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
and models are checked too (exit status 77, "skipped", without qemu);
so do, for a few of them, the tunables of EMULATED_TUNED, whose effect
depends on the processor (as --tunables below).

An unknown vendor's processor has no x86-64 ISA level for glibc, whose
ld.so then refuses every object with an ISA note (libc.so.6 and cpu-dump
need the baseline): there copies of both without their notes run.

With --isa, `cpu-dump isa` tells the level of the block (isa_1) and
which of libgisa2.so, libgisa3.so and libgisa4.so (from the testlibs/glibc
directory given, marked as needing x86-64-v2, v3, v4) the dynamic linker
accepts, natively and under qemu for each processor of EMULATED and
ISA_EMULATED: the same under ld.so and rtld, and the libraries accepted
must be those isa_1 allows (under rtld, the glibc personality computes
isa_1 and rtld's own check decides).

With --tunables, it runs once for each environment of TUNED
(glibc.cpu.hwcaps, the cache thresholds, ...).  In addition, `cpu-dump
tunables` prints the glibc.cpu.* tunables as libc reads them: under ld.so
they must be the values of `ld.so --list-tunables` (bounds aside, which
no program can see), and under rtld what they are under ld.so, with the
same ones set (those ld.so writes back after applying them).

usage: cpu_features.py [--qemu | --tunables] RTLD CPU_DUMP
       cpu_features.py --isa RTLD CPU_DUMP TESTLIBS_GLIBC
The last line of output is "N passed, N failed".
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import elfnotes  # noqa: E402

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
    # an unknown vendor: leaf 1 is not read (so no ISA level: copies of
    # cpu-dump and libc.so.6 without their ISA notes run)
    (UNKNOWN_VENDOR := 'Haswell-v1,vendor=AbcdefghIjkl', 'unknown vendor'),
]

# More processors for --isa: the levels' edges.
ISA_EMULATED = [
    ('max', 'x86-64-v3'),
    ('max,-xsave', 'AVX without the OS saving it: x86-64-v2'),
    ('max,-avx2', 'no AVX2: x86-64-v2'),
    ('max,-movbe', 'no MOVBE: x86-64-v2'),
    ('max,-lahf-lm', 'no LAHF in 64-bit mode: baseline'),
    ('max,-popcnt', 'no POPCNT: baseline'),
    ('max,vendor=GenuineIntel,xlevel=0x80000000', 'no extended leaves: baseline'),
    ('max,vendor=GenuineIntel,level=6', 'no leaf 7: x86-64-v2'),
    ('Haswell-v1,vendor=HygonGenuine', 'Hygon'),
]
LIBC = '/lib/x86_64-linux-gnu/libc.so.6'

# Environments for --tunables: the variables in order (the kernel lays the
# strings out in that order, and glibc's hwcaps parser reads on past the
# tunable's value into the strings that follow it).
def tunables(value, *more):
    return [('GLIBC_TUNABLES', value), *more]


HW = 'glibc.cpu.hwcaps='
CPU = 'glibc.cpu.'
TUNED = [
    # glibc.cpu.hwcaps: CPU features can only be turned off
    ('features off', tunables(HW + '-AVX2,-ERMS')),
    ('2.32 spellings (ignored)', tunables(HW + '-AVX2_Usable,-ERMS_Usable,-Prefer_ERMS_Usable')),
    ('every feature name', tunables(
        HW + '-AVX,-CX8,-FMA,-HTT,-IBT,-RTM,-AVX2,-BMI1,-BMI2,-CMOV,-ERMS,-FMA4,-SSE2,-LZCNT,'
        '-MOVBE,-SHSTK,-SSSE3,-XSAVE,-POPCNT,-SSE4_1,-SSE4_2,-XSAVEC,-AVX512F,-OSXSAVE')),
    ('AVX-512 off: no AVX512_1 hwcap', tunables(
        HW + '-AVX512CD,-AVX512BW,-AVX512DQ,-AVX512ER,-AVX512PF,-AVX512VL')),
    ('XSAVEC off: the XSAVE state size', tunables(HW + '-XSAVEC')),
    ('XSAVE and XSAVEC off: no AVX', tunables(HW + '-XSAVE,-XSAVEC')),
    ('OSXSAVE off', tunables(HW + '-OSXSAVE')),
    ('enabling a feature is not possible', tunables(HW + 'AVX2,ERMS,I586,-I686,XSAVEC')),
    # preferred[] flags, set and cleared in the order of the list
    ('preferences', tunables(
        HW + 'Prefer_No_VZEROUPPER,-Prefer_ERMS,Prefer_FSRM,Prefer_ERMS,Slow_BSF,'
        'Fast_Copy_Backward,-Fast_Unaligned_Copy,-Fast_Unaligned_Load,-Fast_Rep_String')),
    ('AVX-512 preferences', tunables(HW + 'Prefer_No_AVX512,MathVec_Prefer_No_AVX512')),
    ('a preference needs its feature', tunables(
        HW + '-AVX512F,Prefer_No_AVX512,MathVec_Prefer_No_AVX512,-AVX,-AVX_Fast_Unaligned_Load,'
        'AVX_Fast_Unaligned_Load,Prefer_No_VZEROUPPER')),
    ('preferences cleared and set again', tunables(
        HW + '-Slow_SSE4_2,Slow_SSE4_2,-Prefer_PMINUB_for_stringop,Prefer_PMINUB_for_stringop,'
        '-Fast_Unaligned_Load,Fast_Unaligned_Load')),
    ('names that are not glibc\'s', tunables(
        HW + 'avx2,-avx2,-Avx2,- AVX2,-AVX2 ,--AVX2,-Avoid_Short_Distance_REP_MOVSB,'
        'Avoid_Short_Distance_REP_MOVSB,-Prefer_No_AVX5120,Prefer_No_AVX51')),
    ('empty items', tunables(HW + ',,-ERMS,,-,')),
    ('an empty value', tunables(HW)),
    ('the last value given counts', tunables(HW + '-AVX2:' + HW + '-BMI2')),
    # what follows the value is read too
    ('tunables after it', tunables(
        HW + '-AVX2:glibc.malloc.perturb=1:glibc.nosuch=,-BMI1:glibc.cpu.x86_ibt=x,-ERMS')),
    ('the next environment string', tunables(HW + '-AVX2', ('GL_NEXT', 'x,-ERMS,Prefer_FSRM'))),
    # the cache sizes and thresholds
    ('cache sizes', tunables(CPU + 'x86_data_cache_size=0x8000:'
                             + CPU + 'x86_shared_cache_size=0x400000')),
    ('cache sizes 0: computed', tunables(CPU + 'x86_data_cache_size=0:'
                                         + CPU + 'x86_shared_cache_size=0')),
    ('cache sizes in octal, and junk', tunables(CPU + 'x86_data_cache_size=010000x:'
                                                + CPU + 'x86_shared_cache_size=junk')),
    ('non-temporal at its minimum', tunables(CPU + 'x86_non_temporal_threshold=0x4040')),
    ('non-temporal above its minimum', tunables(CPU + 'x86_non_temporal_threshold=0x4041')),
    ('non-temporal at its maximum', tunables(CPU + 'x86_non_temporal_threshold=0x0fffffffffffffff')),
    ('non-temporal above its maximum', tunables(CPU + 'x86_non_temporal_threshold=0x1000000000000000')),
    ('non-temporal -1', tunables(CPU + 'x86_non_temporal_threshold=-1')),
    ('non-temporal 0', tunables(CPU + 'x86_non_temporal_threshold=0')),
    ('rep movsb at its minimum', tunables(CPU + 'x86_rep_movsb_threshold=0x200')),
    ('rep movsb above its minimum', tunables(CPU + 'x86_rep_movsb_threshold=0x201')),
    ('rep movsb 1', tunables(CPU + 'x86_rep_movsb_threshold=1')),
    ('rep movsb 0 (out of range)', tunables(CPU + 'x86_rep_movsb_threshold=0')),
    ('rep stosb 0 (out of range)', tunables(CPU + 'x86_rep_stosb_threshold=0')),
    ('rep stosb 1', tunables(CPU + 'x86_rep_stosb_threshold=1')),
    ('rep stosb large', tunables(CPU + 'x86_rep_stosb_threshold=0x100000')),
    ('hwcaps come after the thresholds', tunables(
        HW + 'Prefer_No_AVX512,-AVX512F,-ERMS,-FSRM:' + CPU + 'x86_rep_movsb_threshold=0x101')),
    # read and kept, but nothing in this build uses them
    ('hwcap_mask, x86_ibt, x86_shstk', tunables(
        CPU + 'hwcap_mask=0x1:' + CPU + 'x86_ibt=on:' + CPU + 'x86_shstk=permissive')),
    ('LD_HWCAP_MASK', [('LD_HWCAP_MASK', '0')]),
]

# Tunables whose effect depends on the processor: the minimum of the rep
# movsb threshold (vector size * 8), AMD's rep movsb stop threshold (L2,
# whatever the non-temporal one), features other vendors have.
MOVSB = CPU + 'x86_rep_movsb_threshold='
EMULATED_TUNED = [
    ('Haswell-v1', 'AVX2: rep movsb minimum 256, not above it', tunables(MOVSB + '0x100')),
    ('Haswell-v1', 'AVX2: rep movsb above its minimum', tunables(MOVSB + '0x101')),
    ('Conroe', 'SSE2: rep movsb minimum 128, not above it', tunables(MOVSB + '0x80')),
    ('Conroe', 'SSE2: rep movsb above its minimum', tunables(
        MOVSB + '0x81:' + HW + 'Prefer_No_VZEROUPPER,AVX_Fast_Unaligned_Load,Slow_SSE4_2')),
    ('Haswell-v1', 'no AVX2: not haswell', tunables(
        HW + '-AVX2,-LZCNT,Prefer_No_VZEROUPPER,-AVX_Fast_Unaligned_Load')),
    ('EPYC-Rome-v1', 'AMD: the stop threshold stays L2', tunables(
        CPU + 'x86_non_temporal_threshold=0x4041:' + MOVSB + '0x4000:'
        + CPU + 'x86_shared_cache_size=0x100000')),
    ('Opteron_G5', 'FMA4 and AVX off', tunables(HW + '-FMA4,-AVX,-XSAVEC,Fast_Copy_Backward')),
    ('max,vendor=CentaurHauls,family=6,model=15', 'Zhaoxin: slow SSE4.2 cleared', tunables(
        HW + '-Slow_SSE4_2,AVX_Fast_Unaligned_Load')),
]


def wanted_lines(diagnostics):
    return ''.join(line + '\n' for line in diagnostics.splitlines() if line.startswith(WANTED))


def compare(name, want, got, cmd, reference='ld.so --list-diagnostics'):
    if got == want:
        print(f'ok {name}: {len(want.splitlines())} lines as {reference}')
        return True
    print(f'FAIL {name}: differs from {reference}')
    sys.stdout.writelines(difflib.unified_diff(
        want.splitlines(True), got.splitlines(True), reference, ' '.join(cmd)))
    return False


def without_note(path, tmp):
    """A copy of path in tmp without its ISA note."""
    copy = os.path.join(tmp, os.path.basename(path))
    if not os.path.exists(copy):
        with open(path, 'rb') as f:
            data = elfnotes.drop_property_notes(f.read())
        with open(copy, 'wb') as f:
            f.write(data)
        os.chmod(copy, 0o755)
    return copy


def for_spec(spec, dump, env, tmp):
    """cpu-dump and its environment for a processor: for an unknown
    vendor's, copies of cpu-dump and libc.so.6 with no ISA note."""
    if spec != UNKNOWN_VENDOR:
        return dump, env
    d = os.path.join(tmp, 'no-note')
    os.makedirs(d, exist_ok=True)
    without_note(LIBC, d)
    return without_note(dump, d), dict(env, LD_LIBRARY_PATH=d)


def emulated(rtld, dump, env):
    qemu = shutil.which('qemu-x86_64')
    if not qemu:
        print('qemu-x86_64 is not installed (qemu-user): skipped')
        return 77
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for spec, what in EMULATED:
            q = [qemu, '-cpu', spec]
            want = wanted_lines(run(q + [LDSO, '--list-diagnostics'], env))
            spec_dump, spec_env = for_spec(spec, dump, env, tmp)
            cmd = q + [rtld, spec_dump]
            if not compare(f'{spec} ({what})', want, run(cmd, spec_env), cmd):
                failed += 1
    for spec, what, variables in EMULATED_TUNED:
        q = [qemu, '-cpu', spec]
        if not check_tuned(f'{spec} ({what})', q, dump, [('rtld', q + [rtld, dump])],
                           dict(env, **dict(variables)), variables):
            failed += 1
    total = len(EMULATED) + len(EMULATED_TUNED)
    print(f'{total - failed} passed, {failed} failed')
    return 1 if failed else 0


def isa_check(label, q, rtld, dump, env, libs):
    """`cpu-dump isa` under ld.so and rtld: the same output, and each
    library accepted exactly when isa_1 has its level."""
    outs = {}
    for name, loader in (('ld.so', LDSO), ('rtld', rtld)):
        outs[name] = run(q + [loader, dump, 'isa', *libs], env)
    ok = compare(f'{label}: rtld', outs['ld.so'], outs['rtld'], q + [rtld, dump, 'isa'],
                 'cpu-dump isa under ld.so')
    for name, out in outs.items():
        lines = out.splitlines()
        if not lines or not lines[0].startswith('x86.cpu_features.isa_1='):
            print(f'FAIL {label}: {name}: no isa_1 line\n{out}')
            ok = False
            continue
        isa_1 = int(lines[0].split('=')[1], 16)
        for level, line in zip((2, 3, 4), lines[1:]):
            accepted = line.endswith(': ok')
            if accepted != bool(isa_1 & (1 << (level - 1))):
                print(f'FAIL {label}: {name}: isa_1={isa_1:#x}, but {line}')
                ok = False
    if ok:
        print(f'ok {label}: {outs["ld.so"].splitlines()[0]}, the same decisions')
    return ok


def isa_levels(rtld, dump, testlibs, env):
    libs = [os.path.join(testlibs, f'libgisa{n}.so') for n in (2, 3, 4)]
    qemu = shutil.which('qemu-x86_64')
    runs = [('native', [], None)]
    if qemu:
        runs += [(f'{spec} ({what})', [qemu, '-cpu', spec], spec)
                 for spec, what in EMULATED + ISA_EMULATED]
    else:
        print('qemu-x86_64 is not installed (qemu-user): native only')
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for label, q, spec in runs:
            failed += not isa_check(label, q, rtld, *for_spec(spec, dump, env, tmp), libs)
    print(f'{len(runs) - failed} passed, {failed} failed')
    return 1 if failed else 0


def cpu_tunable_lines(listing):
    """The glibc.cpu.* lines of ld.so --list-tunables, without the bounds."""
    return ''.join(line.split(' (min: ')[0] + '\n' for line in listing.splitlines()
                   if line.startswith('glibc.cpu.'))


def check_tuned(what, q, dump, runs, env, variables):
    """The diagnostics and the tunables of cpu-dump for each of runs, with
    the variables set, as under ld.so (all under the command prefix q)."""
    label = what + ' [' + ' '.join(f'{k}={v}' for k, v in variables) + ']'
    want = wanted_lines(run(q + [LDSO, '--list-diagnostics'], env))
    listed = cpu_tunable_lines(run(q + [LDSO, '--list-tunables'], env))
    ref = run(q + [LDSO, dump, 'tunables'], env)
    ok = compare(f'{label} tunables: ld.so', listed,
                 ''.join(line + '\n' for line in ref.splitlines() if not line.startswith('set: ')),
                 q + [LDSO, dump, 'tunables'], 'ld.so --list-tunables')
    for name, cmd in runs:
        ok = compare(f'{label}: {name}', want, run(cmd, env), cmd) and ok
        if name != 'ld.so':     # the reference itself
            tcmd = cmd + ['tunables']
            ok = compare(f'{label} tunables: {name}', ref, run(tcmd, env), tcmd,
                         'cpu-dump tunables under ld.so') and ok
    return ok


def tuned(rtld, dump, base_env, tmp):
    interp = interp_copy(rtld, dump, tmp)
    runs = [('ld.so', [LDSO, dump]), ('rtld', [rtld, dump]), ('rtld-interp', [interp])]
    failed = 0
    for what, variables in TUNED:
        # the variables last, in their order
        env = {k: v for k, v in base_env.items() if k not in dict(variables)}
        env.update(variables)
        failed += not check_tuned(what, [], dump, runs, env, variables)
    print(f'{len(TUNED) - failed} passed, {failed} failed')
    return 1 if failed else 0


def interp_copy(rtld, dump, tmp):
    """cpu-dump with rtld as its PT_INTERP."""
    interp = os.path.join(tmp, 'cpu-dump')
    shutil.copy2(dump, interp)
    subprocess.run(['patchelf', '--set-interpreter', rtld, interp], check=True)
    return interp


def run(cmd, env):
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        return f'exit status {r.returncode}\n{r.stderr}'
    return r.stdout


def main():
    args = sys.argv[1:]
    qemu = args[:1] == ['--qemu']
    tune = args[:1] == ['--tunables']
    isa = args[:1] == ['--isa']
    if qemu or tune or isa:
        args = args[1:]
    if len(args) != (3 if isa else 2):
        raise SystemExit(__doc__)
    rtld, dump = (os.path.abspath(a) for a in args[:2])
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('LD_', 'GLIBC_TUNABLES'))}
    if isa:
        return isa_levels(rtld, dump, os.path.abspath(args[2]), env)
    if qemu:
        return emulated(rtld, dump, env)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})   # inherited by the children
    if tune:
        with tempfile.TemporaryDirectory() as tmp:
            return tuned(rtld, dump, env, tmp)
    want = wanted_lines(run([LDSO, '--list-diagnostics'], env))

    with tempfile.TemporaryDirectory() as tmp:
        interp = interp_copy(rtld, dump, tmp)
        runs = [('ld.so', [LDSO, dump]), ('rtld', [rtld, dump]), ('rtld-interp', [interp])]
        failed = 0
        for name, cmd in runs:
            if not compare(name, want, run(cmd, env), cmd):
                failed += 1
    print(f'{len(runs) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
