"""`rtld --list-tunables` against `ld.so --list-tunables`: the same lines,
in the same order, under several environments (GLIBC_TUNABLES, the
variables that stand for single tunables, values out of bounds, the CPU
tunables whose bounds ld.so narrows).  compare() serves list_diagnostics.py
too.
usage: list_tunables.py RTLD"""
import os
import subprocess
import sys

LDSO = '/lib64/ld-linux-x86-64.so.2'
ENVS = [
    {},
    {'GLIBC_TUNABLES': 'glibc.malloc.perturb=5:glibc.cpu.x86_rep_movsb_threshold=4096'},
    {'GLIBC_TUNABLES': 'glibc.cpu.hwcaps=-AVX2,-ERMS:glibc.rtld.nns=2'},
    {'GLIBC_TUNABLES': 'glibc.cpu.x86_non_temporal_threshold=0x100:glibc.malloc.check=9'},
    {'GLIBC_TUNABLES': 'glibc.cpu.x86_shared_cache_size=12345:glibc.elision.enable=1:'
                       'glibc.pthread.mutex_spin_count=-5:glibc.nope=1:glibc.malloc.tcache_count'},
    {'GLIBC_TUNABLES': 'glibc.cpu.x86_data_cache_size=0x10000:glibc.rtld.optional_static_tls=4096'},
    {'MALLOC_ARENA_MAX': '3', 'MALLOC_TOP_PAD_': '77', 'MALLOC_PERTURB_': '300'},
]


def listing(loader, args, env, clean=lambda text: text):
    """Status, standard output and standard error (both through clean) of
    LOADER ARGS with only env and a PATH in the environment."""
    p = subprocess.run([loader] + args, env={'PATH': '/usr/bin:/bin', **env},
                       capture_output=True, timeout=30)
    return p.returncode, clean(p.stdout.decode('latin-1')), clean(p.stderr.decode('latin-1'))


def compare(rtld, args, envs, clean=lambda text: text):
    """Runs both loaders with args under each environment and prints
    ok or FAIL with the lines that differ; returns the exit status.  One
    CPU for all: leaf 1 of CPUID names the one it runs on."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    failed = 0
    for env in envs:
        want, got = listing(LDSO, args, env, clean), listing(rtld, args, env, clean)
        label = ' '.join(f'{k}={v!r}' for k, v in env.items()) or '(nothing set)'
        if want == got:
            print(f'ok {label}')
            continue
        failed += 1
        print(f'FAIL {label}')
        w, g = (want[1] + want[2]).splitlines(), (got[1] + got[2]).splitlines()
        for a, b in zip(w, g):
            if a != b:
                print(f'  ld.so: {a}\n  rtld:  {b}')
        if len(w) != len(g):
            print(f'  {len(w)} lines from ld.so, {len(g)} from rtld')
        if want[0] != got[0]:
            print(f'  status: ld.so {want[0]}, rtld {got[0]}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(compare(sys.argv[1], ['--list-tunables'], ENVS))
