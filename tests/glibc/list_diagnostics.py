"""`rtld --list-diagnostics` against `ld.so --list-diagnostics`: the same
lines, in the same order, under several environments (variables shown or
filtered, quoting of odd bytes, LD_PROFILE_OUTPUT, GLIBC_TUNABLES that
change the CPU features).  The values of auxiliary vector entries that
are addresses, or the loader's own path, differ between the two loaders
and are blanked.
usage: list_diagnostics.py RTLD"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from list_tunables import compare  # noqa: E402

ENVS = [
    {},
    {b'LANG': b'C.UTF-8', b'SECRET': b'hidden', b'LC_ALL': b'C', b'MALLOC_X': b'1',
     b'TZ': b'UTC', b'TMPDIR': b'/tmp', b'LD_WHATEVER': b'x'},
    {b'ODD': b'tab\tquote"back\\slash', b'LD_Q': b'tab\tquote"back\\slash\x7f\x80\xc3\xa9'},
    {b'LD_PROFILE_OUTPUT': b'/tmp/prof'},
    {b'LD_PROFILE_OUTPUT': b''},
    {b'GLIBC_TUNABLES': b'glibc.cpu.hwcaps=-AVX2,-ERMS,-AVX512F:glibc.cpu.x86_rep_stosb_threshold=4096'},
]
# AT_PHDR, AT_BASE, AT_ENTRY, AT_RANDOM, AT_EXECFN, AT_SYSINFO_EHDR
ADDRESSES = {0x3, 0x7, 0x9, 0x19, 0x1f, 0x21}


def blank(text):
    types = dict(re.findall(r'^auxv\[(0x[0-9a-f]+)\]\.a_type=(0x[0-9a-f]+)$', text, re.M))
    def sub(m):
        return m.group(1) + '?' if int(types.get(m.group(2), '0x0'), 16) in ADDRESSES else m.group(0)
    return re.sub(r'^(auxv\[(0x[0-9a-f]+)\]\.a_val=).*$', sub, text, flags=re.M)


if __name__ == '__main__':
    sys.exit(compare(sys.argv[1], ['--list-diagnostics'], ENVS, blank))
