"""Edits of the GNU property note of an ELF64 object (the x86 ISA level
note that -Wl,-z,x86-64-vN writes), for the isa_note_* cases and for
cpu_features.py: each function takes the bytes of a file and returns
the edited bytes.  Nothing moves: program headers and note fields are
rewritten in place.
"""
import struct

PT_NULL, PT_LOAD, PT_NOTE, PT_GNU_PROPERTY = 0, 1, 4, 0x6474e553
NT_GNU_PROPERTY_TYPE_0 = 5
PHDR = struct.Struct('<IIQQQQQQ')   # type, flags, offset, vaddr, paddr, filesz, memsz, align


def phdrs(data):
    """(file offset of the header, [fields]) of each program header."""
    phoff, = struct.unpack_from('<Q', data, 32)
    phentsize, phnum = struct.unpack_from('<HH', data, 54)
    for i in range(phnum):
        at = phoff + i * phentsize
        yield at, list(PHDR.unpack_from(data, at))


def _edit_phdrs(data, change):
    """change(fields) -> fields or None (unchanged), for every header."""
    out = bytearray(data)
    for at, f in phdrs(data):
        new = change(f)
        if new is not None:
            PHDR.pack_into(out, at, *new)
    return bytes(out)


def _property_segment(data):
    """The PT_NOTE aligned to 8 that holds the property note: header
    offset and fields."""
    for at, f in phdrs(data):
        if f[0] == PT_NOTE and f[7] == 8:
            return at, f
    raise ValueError('no PT_NOTE aligned to 8 (no property note)')


def drop_property_notes(data):
    """The PT_NOTE segments aligned to 8 become PT_NULL: ld.so then sees
    no property note (PT_GNU_PROPERTY stays, which x86 ignores)."""
    return _edit_phdrs(data, lambda f: [PT_NULL] + f[1:] if f[0] == PT_NOTE and f[7] == 8
                       else None)


def drop_gnu_property(data):
    """PT_GNU_PROPERTY becomes PT_NULL; the PT_NOTE stays."""
    return _edit_phdrs(data, lambda f: [PT_NULL] + f[1:] if f[0] == PT_GNU_PROPERTY else None)


def _property_phdr(change):
    """An edit of the property PT_NOTE's header: change(fields) in place."""
    def edit(data):
        at, f = _property_segment(data)
        change(f)
        out = bytearray(data)
        PHDR.pack_into(out, at, *f)
        return bytes(out)
    return edit


def note_memsz(size):
    """The property PT_NOTE's p_memsz (and p_filesz) cut to size."""
    def change(f):
        f[5] = f[6] = size
    return _property_phdr(change)


def note_align(align):
    """The property PT_NOTE's p_align."""
    def change(f):
        f[7] = align
    return _property_phdr(change)


def other_notes_align(align):
    """Every PT_NOTE but the property one gets p_align align."""
    def edit(data):
        keep, _ = _property_segment(data)
        out = bytearray(data)
        for at, f in phdrs(data):
            if f[0] == PT_NOTE and at != keep:
                f[7] = align
                PHDR.pack_into(out, at, *f)
        return bytes(out)
    return edit


def _note_at(data):
    """File offset of the property note (the first of its segment)."""
    _, f = _property_segment(data)
    namesz, descsz, ntype = struct.unpack_from('<III', data, f[2])
    if (namesz, ntype) != (4, NT_GNU_PROPERTY_TYPE_0) or data[f[2] + 12:f[2] + 16] != b'GNU\0':
        raise ValueError('the PT_NOTE aligned to 8 does not start with a property note')
    return f[2]


def note_word(index, value):
    """Word index of the property note (0 namesz, 1 descsz, 2 type, 3 the
    name, 4 the first property's type, 5 its size, 6 its value) set to
    value."""
    def edit(data):
        out = bytearray(data)
        struct.pack_into('<I', out, _note_at(data) + 4 * index, value)
        return bytes(out)
    return edit


def note_twice(data):
    """A copy of the property note right after it, in the same segment
    (whose p_memsz grows to hold both); it overwrites the bytes there,
    the build-id note, which no loader reads."""
    at, f = _property_segment(data)
    note = _note_at(data)
    size = f[6]
    out = bytearray(data)
    out[note + size:note + 2 * size] = data[note:note + size]
    f[5] = f[6] = 2 * size
    PHDR.pack_into(out, at, *f)
    return bytes(out)


def note_moved(to):
    """The property note copied to file offset `to`, into the zero padding
    after the data of the PT_LOAD that holds it (which grows to cover the
    copy), and its PT_NOTE pointed there: past the first KiB, the bytes
    rtld reads with the headers."""
    def edit(data):
        at, f = _property_segment(data)
        size = f[6]
        if any(data[to:to + size]):
            raise ValueError(f'the bytes at {to:#x} are not padding')
        out = bytearray(data)
        out[to:to + size] = data[f[2]:f[2] + size]
        for load_at, load in phdrs(data):
            if load[0] == PT_LOAD and load[2] <= f[2] < load[2] + load[5]:
                if load[3] - load[2] != f[3] - f[2]:
                    raise ValueError('the note\'s segment maps at another offset')
                load[5] = load[6] = max(load[5], to + size - load[2])
                PHDR.pack_into(out, load_at, *load)
                break
        delta = to - f[2]
        f[2], f[3], f[4] = to, f[3] + delta, f[4] + delta
        PHDR.pack_into(out, at, *f)
        return bytes(out)
    return edit
