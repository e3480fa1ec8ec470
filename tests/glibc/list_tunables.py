"""`rtld --list-tunables` against `ld.so --list-tunables`: the same lines,
in the same order, under several environments (GLIBC_TUNABLES, the
variables that stand for single tunables, values out of bounds, the CPU
tunables whose bounds ld.so narrows).
usage: list_tunables.py RTLD"""
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


def listing(loader, env):
    p = subprocess.run([loader, '--list-tunables'], env=dict(env, PATH='/usr/bin:/bin'),
                       capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def main():
    rtld = sys.argv[1]
    failed = 0
    for env in ENVS:
        want, got = listing(LDSO, env), listing(rtld, env)
        label = ' '.join(f'{k}={v}' for k, v in env.items()) or '(no tunables set)'
        if want == got:
            print(f'ok {label}')
            continue
        failed += 1
        print(f'FAIL {label}')
        for w, g in zip(want[1].splitlines(), got[1].splitlines()):
            if w != g:
                print(f'  ld.so: {w}\n  rtld:  {g}')
        if want[0] != got[0] or want[2] != got[2]:
            print(f'  status/stderr: ld.so {want[0]} {want[2]!r}, rtld {got[0]} {got[2]!r}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
