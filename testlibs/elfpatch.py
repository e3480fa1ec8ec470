#!/usr/bin/env python3
"""Small ELF64 edits that no linker option produces (build-time helper).

debug-to-rpath IN OUT STRING
    Copy IN to OUT, turning its DT_DEBUG entry into a DT_RPATH whose value
    is STRING.  STRING must already be in .dynstr (for instance as the tail
    of the DT_RUNPATH string), so nothing moves.  GNU ld writes either
    DT_RPATH or DT_RUNPATH, never both; this makes an executable with both,
    to check that DT_RPATH is ignored when DT_RUNPATH is present.

versym-unhide IN OUT NAME
    Copy IN to OUT, clearing the hidden bit of the version of every dynamic
    symbol called NAME.  GNU ld hides every version of a symbol but its
    default one; this makes a library with two visible versions of NAME,
    which ld.so will not give an unversioned reference (its "sole
    version" rule: it takes a versioned definition only when there is
    exactly one).
"""
import shutil
import struct
import sys

DT_NULL, DT_STRTAB, DT_STRSZ, DT_RPATH, DT_DEBUG = 0, 5, 10, 15, 21
PT_LOAD, PT_DYNAMIC = 1, 2
SHT_DYNSYM, SHT_GNU_VERSYM = 11, 0x6fffffff


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


def save(data, src, dst):
    with open(dst, 'wb') as f:
        f.write(data)
    shutil.copymode(src, dst)


def sections(data):
    """(type, file offset, size, link) of each section header."""
    shoff, = struct.unpack_from('<Q', data, 40)
    shentsize, shnum = struct.unpack_from('<HH', data, 58)
    for i in range(shnum):
        sh = struct.unpack_from('<IIQQQQII', data, shoff + i * shentsize)
        yield sh[1], sh[4], sh[5], sh[6]


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
    save(data, src, dst)


def versym_unhide(src, dst, name):
    data = load(src)
    secs = list(sections(data))
    dynsym = [s for s in secs if s[0] == SHT_DYNSYM]
    versym = [s for s in secs if s[0] == SHT_GNU_VERSYM]
    if not dynsym or not versym:
        sys.exit(f'{src}: no .dynsym or no .gnu.version')
    _, symoff, symsz, link = dynsym[0]
    stroff = secs[link][1]
    unhidden = 0
    for i in range(symsz // 24):
        st_name, = struct.unpack_from('<I', data, symoff + 24 * i)
        start = stroff + st_name
        if data[start:data.index(b'\0', start)] == name.encode():
            at = versym[0][1] + 2 * i
            v, = struct.unpack_from('<H', data, at)
            struct.pack_into('<H', data, at, v & 0x7fff)
            unhidden += v >> 15
    if not unhidden:
        sys.exit(f'{src}: no hidden version of {name}')
    save(data, src, dst)


def main(argv):
    if len(argv) == 5 and argv[1] == 'debug-to-rpath':
        debug_to_rpath(argv[2], argv[3], argv[4])
    elif len(argv) == 5 and argv[1] == 'versym-unhide':
        versym_unhide(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
