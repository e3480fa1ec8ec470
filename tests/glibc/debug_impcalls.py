"""LD_DEBUG=libs, bindings, symbols, files, reloc, versions and scopes of
/bin/true, under ld.so and
under rtld (both run directly): the same lines once the pids are gone,
from the library search to "calling fini" (ld.so's own look-ups of the
vDSO and of libc's malloc included; libc prints "initialize program" and
"transferring control" through the GLRO hooks rtld fills; every object
each lookup looks in).
usage: debug_impcalls.py RTLD"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from list_tunables import compare  # noqa: E402

ENVS = [
    {'LD_DEBUG': 'libs'},
    {'LD_DEBUG': 'bindings'},
    {'LD_DEBUG': 'libs,bindings', 'LD_BIND_NOW': '1'},
    {'LD_DEBUG': 'symbols'},
    {'LD_DEBUG': 'symbols,bindings', 'LD_BIND_NOW': '1'},
    {'LD_DEBUG': 'files'},
    {'LD_DEBUG': 'reloc,versions'},
    {'LD_DEBUG': 'scopes'},
    {'LD_DEBUG': 'all'},
]


def no_addresses(text):
    return re.sub(r'0x[0-9a-f]{16}', '0x?', no_pids(text))


def no_pids(text):
    return re.sub(r'(?m)^ *[0-9]+:', '', text)


if __name__ == '__main__':
    sys.exit(compare(sys.argv[1], ['/bin/true'], ENVS, no_addresses))
