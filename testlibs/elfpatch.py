#!/usr/bin/env python3
"""Small ELF64 edits that no linker option produces (build-time helper).

debug-to-rpath IN OUT STRING
    Copy IN to OUT, turning its DT_DEBUG entry into a DT_RPATH whose value
    is STRING.  STRING must already be in .dynstr (for instance as the tail
    of the DT_RUNPATH string), so nothing moves.  GNU ld writes either
    DT_RPATH or DT_RUNPATH, never both; this makes an executable with both,
    to check that DT_RPATH is ignored when DT_RUNPATH is present.
"""
import shutil
import struct
import sys

DT_NULL, DT_STRTAB, DT_STRSZ, DT_RPATH, DT_DEBUG = 0, 5, 10, 15, 21
PT_LOAD, PT_DYNAMIC = 1, 2


def load(path):
    with open(path, 'rb') as f:
        data = bytearray(f.read())
    if data[:4] != b'\x7fELF' or data[4] != 2 or data[5] != 1:
        sys.exit(f'{path}: not a little-endian ELF64 file')
    return data


def phdrs(data):
    phoff, = struct.unpack_from('<Q', data, 32)
    phentsize, phnum = struct.unpack_from('<HH', data, 54)
    for i in range(phnum):
        yield struct.unpack_from('<IIQQQQQQ', data, phoff + i * phentsize)


def vaddr_to_offset(data, vaddr):
    for p_type, _, p_offset, p_vaddr, _, p_filesz, _, _ in phdrs(data):
        if p_type == PT_LOAD and p_vaddr <= vaddr < p_vaddr + p_filesz:
            return vaddr - p_vaddr + p_offset
    sys.exit(f'address {vaddr:#x} is not in the file')


def dynamic_entries(data):
    """Yield (file offset, tag, value) of each .dynamic entry."""
    for p_type, _, p_offset, _, _, p_filesz, _, _ in phdrs(data):
        if p_type == PT_DYNAMIC:
            for off in range(p_offset, p_offset + p_filesz, 16):
                tag, val = struct.unpack_from('<qQ', data, off)
                yield off, tag, val
                if tag == DT_NULL:
                    return
    sys.exit('no PT_DYNAMIC')


def debug_to_rpath(src, dst, string):
    data = load(src)
    dyn = {tag: val for _, tag, val in dynamic_entries(data)}
    strtab = vaddr_to_offset(data, dyn[DT_STRTAB])
    table = bytes(data[strtab:strtab + dyn[DT_STRSZ]])
    index = table.find(string.encode() + b'\0')
    if index < 0:
        sys.exit(f'{src}: "{string}" is not in .dynstr')
    for off, tag, _ in dynamic_entries(data):
        if tag == DT_DEBUG:
            struct.pack_into('<qQ', data, off, DT_RPATH, index)
            break
    else:
        sys.exit(f'{src}: no DT_DEBUG entry to reuse')
    with open(dst, 'wb') as f:
        f.write(data)
    shutil.copymode(src, dst)


def main(argv):
    if len(argv) == 5 and argv[1] == 'debug-to-rpath':
        debug_to_rpath(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
