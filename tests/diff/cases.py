"""The differential test cases (run by run.py; programs in testlibs/).

Expected output is what glibc 2.36's ld.so gives, recorded here; run.py
checks the glibc modes against the record too, so a drift of the system
shows up as a failure of the glibc modes rather than passing silently.
{dir} stands for the testlibs build directory, {tmp} for the case's
scratch directory.
"""

ALL = ('glibc', 'glibc-direct', 'rtld-direct', 'rtld-interp')
DIRECT = ('glibc-direct', 'rtld-direct')  # cases with loader options
RTLD = ('rtld-direct', 'rtld-interp')     # glibc cannot run these

import struct


def _section(data, name):
    """(offset, size) of the section called name."""
    shoff, = struct.unpack_from('<Q', data, 40)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 58)
    def sh(i):
        return struct.unpack_from('<IIQQQQ', data, shoff + i * shentsize)
    names = sh(shstrndx)[4]
    for i in range(shnum):
        n = sh(i)
        end = data.index(b'\0', names + n[0])
        if data[names + n[0]:end].decode() == name:
            return n[4], n[5]
    raise ValueError(f'no section {name}')


def set_phdr(ptype, field, fmt, value, flags=None):
    """An edit: the first program header of type ptype (and these p_flags)
    gets value at byte field of its entry."""
    def edit(data):
        b = bytearray(data)
        phoff, = struct.unpack_from('<Q', data, 32)
        phnum, = struct.unpack_from('<H', data, 56)
        for at in range(phoff, phoff + 56 * phnum, 56):
            t, f = struct.unpack_from('<II', data, at)
            if t == ptype and flags in (None, f):
                struct.pack_into(fmt, b, at + field, value)
                return bytes(b)
        raise ValueError(f'no program header of type {ptype:#x}')
    return edit


def set_word(section, value):
    """An edit: the first 8 bytes of section (a RELA entry's r_offset, a
    RELR entry) become value."""
    def edit(data):
        b = bytearray(data)
        struct.pack_into('<Q', b, _section(data, section)[0], value)
        return bytes(b)
    return edit


# Ways to damage a copy of a library (run.damage): truncate to N bytes,
# replace the whole file, poke bytes at an offset, or edit it with a
# function of its bytes ('edit', f).
DAMAGE = {
    'empty': ('truncate', 0),
    'short': ('truncate', 40),                          # inside the ELF header
    'phdrs': ('truncate', 100),                         # program headers cut
    'text': ('replace', b'this is not an ELF file, only text that is long enough\n' * 20),
    'magic': ('poke', 0, b'\x7fELG'),
    'class32': ('poke', 4, b'\x01'),                    # EI_CLASS = ELFCLASS32
    'data': ('poke', 5, b'\x02'),                       # EI_DATA = big-endian
    'identver': ('poke', 6, b'\x00'),                   # EI_VERSION
    'osabi': ('poke', 7, b'\x05'),                      # EI_OSABI = NetBSD
    'pad': ('poke', 9, b'\x01'),                        # EI_PAD
    'etype': ('poke', 16, b'\x01\x00'),                 # ET_REL
    'machine': ('poke', 18, b'\xb7\x00'),               # EM_AARCH64
    'version': ('poke', 20, b'\x00'),                   # e_version
    'phentsize': ('poke', 54, b'\x20\x00'),
    'noload': ('poke', 56, b'\x00\x00'),                # e_phnum = 0
    # Damage glibc's ld.so does not check, and dies of (rtld refuses it):
    'relro_huge': ('edit', set_phdr(0x6474e552, 40, '<Q', 1 << 30)),     # p_memsz 1 GiB
    'dynamic_exec_only': ('edit', set_phdr(1, 4, '<I', 1, flags=6)),     # RW PT_LOAD made X
    'rela_in_text': ('edit', set_word('.rela.dyn', 0x1030)),            # r_offset in .text
    'relr_in_text': ('edit', set_word('.relr.dyn', 0x1000)),            # RELR address in .text
    'tls_image_far': ('edit', set_phdr(7, 16, '<Q', 1 << 40)),          # PT_TLS p_vaddr
}


class Case:
    """One program run, and what it must print and return.

    prog:   path in testlibs/ (or absolute); args: its arguments
    env:    extra environment ({dir} and {tmp} are expanded)
    opts:   loader options (--list, --preload...): direct modes only
    stdout, stderr, status: the expected results; stdout None means
            "whatever the first glibc mode prints"
    modes:  which modes to run (default: ALL, or DIRECT with opts)
    elf:    (file, readelf option, string) that must be in readelf's
            output, to show the case exercises what it claims
    damage: (library, DAMAGE key): a damaged copy goes into {tmp}
    requires: a testlibs file without which the case is skipped
    cwd:    working directory ({dir}: testlibs, or its mirror for
            rtld-interp); prog is then passed as it is, e.g. './t_reloc'
    cpu:    a qemu -cpu model: every mode runs under qemu-x86_64 as it
    subst:  (regex, replacement) pairs applied to stdout and stderr of every
            mode, for values that differ from run to run (addresses)
    """

    def __init__(self, name, prog, *args, env=None, opts=(), stdout='', stderr='',
                 status=0, modes=None, elf=(), damage=None, strip_addresses=False,
                 requires=None, cwd=None, cpu=None, subst=()):
        self.name = name
        self.prog = prog
        self.args = args
        self.env = env or {}
        self.opts = opts
        self.stdout = stdout
        self.stderr = stderr
        self.status = status
        self.modes = modes or (DIRECT if opts else ALL)
        self.elf = elf
        self.damage = damage
        self.strip_addresses = strip_addresses
        self.requires = requires
        self.cwd = cwd
        self.cpu = cpu
        self.subst = subst


def load_error(prog, message):
    return f'{{dir}}/{prog}: error while loading shared libraries: {message}\n'


def not_found(prog, lib):
    return load_error(prog, f'{lib}: cannot open shared object file: No such file or directory')


def lookup_error(prog, obj, symbol):
    return f'{{dir}}/{prog}: symbol lookup error: {obj}: undefined symbol: {symbol}\n'


def oks(*checks):
    return ''.join(f'ok {c}\n' for c in checks)


def with_fini(init_output):
    """What an init-order program prints when its %rdx fini function runs
    (RT_CALL_FINI=1): the destructors in the reverse order of the
    constructors (DT_FINI_ARRAY before DT_FINI, as DT_INIT before
    DT_INIT_ARRAY)."""
    done = []
    for line in reversed(init_output.splitlines()):
        for init, fini in (('init ', 'fini '), ('dt_init ', 'dt_fini ')):
            if line.startswith(init):
                done.append(fini + line[len(init):] + '\n')
    return init_output + ''.join(done)


CASES = []


def case(*args, **kw):
    CASES.append(Case(*args, **kw))


# --- relocation types -------------------------------------------------------

case('reloc_64', 't_reloc', '64', stdout=oks(
    '64: lib pointer to exe variable', '64: lib pointer with addend (dep_array+20)',
    '64: value through it', '64: function pointers agree (lib, exe)',
    '64: function pointer equals address in code', '64: call through lib pointer',
    '64: call through exe pointer', '64: string pointer with addend'),
    elf=[('libreloc.so', '-r', 'R_X86_64_64 '), ('t_reloc', '-r', 'R_X86_64_64 ')])

case('reloc_relative', 't_reloc', 'relative', stdout=oks(
    'relative: lib table[0]', 'relative: lib table[3]', 'relative: lib pointers to own data',
    'relative: exe table[0]', 'relative: exe table[2]'),
    elf=[('libreloc.so', '-r', 'R_X86_64_RELATIVE'), ('t_reloc', '-r', 'R_X86_64_RELATIVE')])

case('reloc_glob_dat', 't_reloc', 'globdat', stdout=oks(
    'globdat: lib reads exe variable', "globdat: lib sees exe's store",
    'globdat: lib reads dep variable', "globdat: dep's own GOT entry"),
    elf=[('libreloc.so', '-r', 'R_X86_64_GLOB_DAT'), ('librelocdep.so', '-r', 'R_X86_64_GLOB_DAT')])

case('reloc_jump_slot', 't_reloc', 'jumpslot', stdout=oks(
    'jumpslot: exe calls dep', 'jumpslot: exe calls lib calls dep'),
    elf=[('libreloc.so', '-r', 'R_X86_64_JUMP_SLOT'), ('t_reloc', '-r', 'R_X86_64_JUMP_SLOT')])

RELOC_COPY = oks(
    'copy: int member', 'copy: pointer member (relocated before the copy)',
    "copy: pointer to other lib's data", 'copy: array member', 'copy: const char array',
    "copy: lib uses the exe's copy", 'copy: lib and exe see the same object',
    'copy: copied pointer still points at dep')
case('reloc_copy', 't_reloc', 'copy', stdout=RELOC_COPY,
     elf=[('t_reloc', '-r', 'R_X86_64_COPY')])

# the executable's copy of copy_obj is smaller than the library's
case('copy_size_mismatch', 't_copysz', stdout='copy_obj = 11 22\nlibrary sees 11 99\n',
     stderr="{dir}/t_copysz: Symbol `copy_obj' has different size in shared object, "
            "consider re-linking\n",
     elf=[('t_copysz', '-r', 'R_X86_64_COPY'), ('libcopysz.so', '--dyn-syms', '32 OBJECT')])

case('reloc_bind_now', 't_reloc', 'jumpslot', 'copy', env={'LD_BIND_NOW': '1'},
     stdout=oks('jumpslot: exe calls dep', 'jumpslot: exe calls lib calls dep') + RELOC_COPY)

NOPIE_EXE = oks(
    'exe: absolute R_X86_64_32', 'exe: absolute R_X86_64_32S', 'exe: absolute R_X86_64_64',
    'exe: loaded at its link address, below 2 GiB',
    "exe: canonical PLT address is the lib's view too",
    'exe: call through canonical PLT address', "exe: lib's GOT entry for an exe function",
    'exe: copy relocation, int', 'exe: copy relocation, relocated pointer',
    "exe: lib reads the exe's copy")
NOPIE_TEXTREL = oks(
    'textrel: R_X86_64_32 in .text', 'textrel: R_X86_64_64 in .text',
    'textrel: R_X86_64_32 in .data', 'textrel: R_X86_64_PC32 in .data',
    'textrel: value at the PC32 target')
case('nopie_exe', 't_nopie', 'exe', stdout=NOPIE_EXE,
     elf=[('t_nopie', '-h', 'EXEC (Executable file)'), ('t_nopie', '-r', 'R_X86_64_COPY')])
case('textrel', 't_nopie', 'textrel', stdout=NOPIE_TEXTREL,
     elf=[('libtextrel.so', '-d', '(TEXTREL)'), ('libtextrel.so', '-r', 'R_X86_64_32 '),
          ('libtextrel.so', '-r', 'R_X86_64_64 '), ('libtextrel.so', '-r', 'R_X86_64_PC32'),
          ('libtextrel.so', '-r', 'R_X86_64_NONE')])
case('nopie_bind_now', 't_nopie', env={'LD_BIND_NOW': '1'}, stdout=NOPIE_EXE + NOPIE_TEXTREL)

IFUNC_LIB = oks(
    'lib: call exported ifunc', 'lib: its address agrees in lib and exe',
    'lib: call through its address', 'lib: local ifunc (IRELATIVE)',
    'lib: local ifunc through its address')
IFUNC_EXE = oks(
    'exe: local ifunc (IRELATIVE)', 'exe: local ifunc through a pointer',
    'exe: exported ifunc, called by the exe')
IFUNC_FROM_LIB = oks('exe: exported ifunc, called by the lib')
case('ifunc_lib', 't_ifunc', 'lib', stdout=IFUNC_LIB,
     elf=[('libifunc.so', '-r', 'R_X86_64_IRELATIVE'), ('libifunc.so', '--dyn-syms', 'IFUNC')])
case('ifunc_exe', 't_ifunc', 'exe', stdout=IFUNC_EXE + IFUNC_FROM_LIB,
     elf=[('t_ifunc', '-r', 'R_X86_64_IRELATIVE')])
case('ifunc_z_now', 't_ifunc_now', stdout=IFUNC_LIB + IFUNC_EXE,
     elf=[('t_ifunc_now', '-d', 'BIND_NOW')])
# glibc refuses to bind a library's reference to an IFUNC of the executable
# eagerly: the executable (whose resolver it is) is not relocated yet.
case('ifunc_exe_from_lib_bind_now', 't_ifunc', env={'LD_BIND_NOW': '1'}, status=127,
     stderr="{dir}/t_ifunc: IFUNC symbol 'exe_ifunc' referenced in '{dir}/libifuncx.so' is "
            "defined in the executable and creates an unsatisfiable circular dependency.\n")

case('relr', 't_relr', stdout=oks(
    "relr: executable's pointer tables", "relr: library's pointer tables"),
    elf=[('t_relr', '-d', '(RELR)'), ('librelr.so', '-d', '(RELR)'),
         ('librelr.so', '-r', 'R_X86_64_RELATIVE')])

# --- lazy and eager binding -------------------------------------------------


def bind(before):
    return (f'lazy_bind_probe bound before first call: {before}\n'
            'ok bind: first call\n'
            'lazy_bind_probe bound after first call: yes\n'
            'liblazynow (-z now) bound at its init: yes\n'
            'ok bind: call from liblazynow\n')


LAZY_INTS = oks(
    'ints: 8 integer arguments (6 in registers, 2 on the stack)',
    'ints: struct returned in %rax:%rdx',
    'ints: struct returned through hidden pointer in %rdi, 7 args',
    'ints: 6 register arguments from assembly', 'ints: callee-saved registers preserved')
LAZY_DOUBLES = oks('doubles: 8 double arguments in %xmm0-7',
                   'doubles: 15 mixed int/long/float/double arguments')
LAZY_VARARGS = oks('varargs: 8 doubles, %al = 8')
LAZY_VEC128 = oks('vec128: 8 x __m128, all lanes')
LAZY_ALL = LAZY_INTS + LAZY_DOUBLES + LAZY_VARARGS + LAZY_VEC128

# LD_BIND_NOT: the slot is resolved but not written, so it is still
# unbound after the first call (a value is needed: empty means unset).
case('lazy_bind_not', 't_lazy', 'bind', env={'LD_BIND_NOT': '1'},
     stdout=bind('no').replace('bound after first call: yes', 'bound after first call: no'))
case('lazy_bind_not_empty', 't_lazy', 'bind', env={'LD_BIND_NOT': ''}, stdout=bind('no'))
# LD_SHOW_AUXV: the kernel's auxiliary vector in ld.so's format, before
# the program runs.  As PT_INTERP only (run directly, it is the
# interpreter's own); addresses differ from run to run, and the patched
# copy has one more program header.
case('show_auxv', './t_lazy', 'bind', env={'LD_SHOW_AUXV': '1'}, stdout=None,
     modes=('glibc', 'rtld-interp'), cwd='{dir}',
     subst=[(r'(?m)^(AT_(?:SYSINFO_EHDR|PHDR|PHNUM|BASE|ENTRY|RANDOM): +).*$', r'\1?')])
case('lazy_bind', 't_lazy', 'bind', stdout=bind('no'),
     elf=[('t_lazy', '-r', 'R_X86_64_JUMP_SLOT'), ('liblazynow.so', '-d', 'BIND_NOW')])
case('lazy_bind_now_env', 't_lazy', 'bind', env={'LD_BIND_NOW': '1'}, stdout=bind('yes'))
# glibc binds eagerly for any non-empty value, even 0
case('lazy_bind_now_empty', 't_lazy', 'bind', env={'LD_BIND_NOW': ''}, stdout=bind('no'))
case('lazy_bind_now_zero', 't_lazy', 'bind', env={'LD_BIND_NOW': '0'}, stdout=bind('yes'))
case('lazy_bind_now_exe', 't_lazy_now', 'bind', stdout=bind('yes'),
     elf=[('t_lazy_now', '-d', 'BIND_NOW')])
case('lazy_ints', 't_lazy', 'ints', stdout=LAZY_INTS)
case('lazy_doubles', 't_lazy', 'doubles', stdout=LAZY_DOUBLES)
case('lazy_varargs', 't_lazy', 'varargs', stdout=LAZY_VARARGS)
case('lazy_vec128', 't_lazy', 'vec128', stdout=LAZY_VEC128)
# the IFUNC's resolver runs inside the lazy binding and wipes %xmm0-7
case('lazy_ifunc128', 't_lazy', 'ifunc128', stdout=oks('ifunc128: 8 x __m128 through an IFUNC'))
case('lazy_ifunc128_bind_now', 't_lazy', 'ifunc128', env={'LD_BIND_NOW': '1'},
     stdout=oks('ifunc128: 8 x __m128 through an IFUNC'))
case('lazy_vec256', 't_lazy', 'vec256', stdout=oks('vec256: 8 x __m256d, all lanes'))
case('lazy_vec512', 't_lazy', 'vec512', stdout=oks('vec512: 8 x __m512d, all lanes'))
case('lazy_ibt_plt', 't_lazy_ibt', 'bind', 'ints', 'doubles', 'varargs', 'vec128',
     stdout=bind('no') + LAZY_ALL, elf=[('t_lazy_ibt', '-S', '.plt.sec')])
case('lazy_args_bind_not', 't_lazy', 'ints', 'doubles', 'varargs', 'vec128',
     env={'LD_BIND_NOT': '1'}, stdout=LAZY_ALL)
case('lazy_args_bind_now', 't_lazy', 'ints', 'doubles', 'varargs', 'vec128',
     env={'LD_BIND_NOW': '1'}, stdout=LAZY_ALL)

# --- symbol interposition ---------------------------------------------------


def interpose(first, preloads=(), weak='libA'):
    """t_interpose's output when FIRST defines ip_libs first in the scope
    (preloaded libraries are initialised after the others, last first) and
    WEAK's ip_weak is the one bound."""
    return ('init libB\ninit libA\n' +
            ''.join(f'init {p}\n' for p in reversed(preloads)) + 'init exe\n'
            f'exe sees: ip_everywhere from exe; ip_libs from {first}; ip_weak from {weak}; '
            'prot_func from exe\n'
            f'libA sees: ip_everywhere from exe; ip_libs from {first}; ip_weak from {weak}; '
            'prot_func from exe; prot_var=11\n'
            f'libB sees: ip_everywhere from exe; ip_libs from {first}; ip_weak from {weak}; '
            'prot_func from exe; prot_var=11\n'
            'libprot sees: prot_func from libprot; prot_var=11\n')


case('interpose', 't_interpose', stdout=interpose('libA'),
     elf=[('libprot.so', '--dyn-syms', 'PROTECTED'), ('libipa.so', '--dyn-syms', 'WEAK')])
# LD_DYNAMIC_WEAK: ld.so's rule before glibc 2.2, still honoured outside
# secure mode: a weak definition (libA's ip_weak) gives way to a global
# one later in the scope (libB's), lazily and eagerly.
case('dynamic_weak', 't_interpose', env={'LD_DYNAMIC_WEAK': '1'},
     stdout=interpose('libA', weak='libB'))
case('dynamic_weak_bind_now', 't_interpose', env={'LD_DYNAMIC_WEAK': '', 'LD_BIND_NOW': '1'},
     stdout=interpose('libA', weak='libB'))
case('preload', 't_interpose', env={'LD_PRELOAD': 'libpre.so'},
     stdout=interpose('libpre', ['libpre']))
case('preload_two', 't_interpose', env={'LD_PRELOAD': '{dir}/libpre2.so {dir}/libpre.so'},
     stdout=interpose('libpre2', ['libpre2', 'libpre']))
case('preload_colon', 't_interpose', env={'LD_PRELOAD': '{dir}/libpre.so:{dir}/libpre2.so'},
     stdout=interpose('libpre', ['libpre', 'libpre2']))
case('preload_option', 't_interpose', opts=('--preload', 'libpre2.so'),
     stdout=interpose('libpre2', ['libpre2']))
case('preload_missing', 't_interpose', env={'LD_PRELOAD': 'libnope.so'},
     stdout=interpose('libA'),
     stderr="ERROR: ld.so: object 'libnope.so' from LD_PRELOAD cannot be preloaded "
            "(cannot open shared object file): ignored.\n")

case('weak_undefined', 't_weak', stdout=(
    'exe: &weak_fn null, &weak_var null\n'
    'lib: &weak_fn null, &weak_var null\n'
    'lib: pointers null, null\n'
    'ok lib: GOT and data pointers agree\n'),
    elf=[('libweak.so', '-r', 'R_X86_64_GLOB_DAT'), ('libweak.so', '-r', 'R_X86_64_64 '),
         ('t_weak', '-r', 'weak_fn')])
case('weak_defined_by_preload', 't_weak', env={'LD_PRELOAD': 'libpre.so'}, stdout=(
    'init libpre\n'
    'exe: &weak_fn set, &weak_var set\n'
    'exe: weak_fn(1) = 41\n'
    'exe: weak_var = 1234\n'
    'lib: &weak_fn set, &weak_var set\n'
    'lib: pointers set, set\n'
    'ok lib: GOT and data pointers agree\n'
    'lib: weak_fn(2) = 42\n'
    'lib: weak_var = 1234\n'))

# --- symbol versioning ------------------------------------------------------

case('version_new', 't_ver_new',
     stdout='foo -> foo@@V2\nbaz -> baz@@V1\nbar -> bar@@V2\n',
     elf=[('libver.so', '--dyn-syms', 'foo@V1'), ('libver.so', '--dyn-syms', 'foo@@V2'),
          ('libverdecoy.so', '--dyn-syms', 'foo@@DECOY'), ('t_ver_new', '-d', 'libverdecoy.so')])
case('version_old', 't_ver_old',
     stdout="foo -> foo@V1\nbaz -> baz@@V1\nlibveruser's foo -> foo@@V2\n")
# glibc binds an unversioned reference to the oldest version (index 2)
case('version_unversioned_ref', 't_ver_unv',
     stdout='foo -> foo@V1\nbaz -> baz@@V1\nbar -> bar@@V2\n')
# glibc exits with status 1 here, not 127
case('version_missing', 't_ver_missing', status=1,
     stderr="{dir}/t_ver_missing: {dir}/verold/libver.so: version `V2' not found "
            "(required by {dir}/t_ver_missing)\n")
case('version_symbol_missing_lazy', 't_ver_symmiss', status=127,
     stdout='foo -> foo@@V2\nbaz -> baz@@V1\n',
     stderr=lookup_error('t_ver_symmiss', '{dir}/t_ver_symmiss', 'bar, version V2'))
case('version_symbol_missing_bind_now', 't_ver_symmiss', env={'LD_BIND_NOW': '1'},
     status=127, stderr=lookup_error('t_ver_symmiss', '{dir}/t_ver_symmiss', 'bar, version V2'))

# --- a big scope: rtld's symbol index and eager binder -----------------------

# t_bigscope's tables, and libbigcaller.so's, are big enough against their
# scope (167 objects) for rtld to index the scope and bind them through its
# eager binder (rtld/symindex.c, bindrun.c): under LD_BIND_NOW all four,
# lazily the two that are not PLT tables (bigscope_stats.py checks that with
# LD_DEBUG=statistics).  Every special case among them is in the output.
BIGSCOPE_ELF = [('t_bigscope', '-r', s) for s in (
    'R_X86_64_JUMP_SLOT', 'R_X86_64_GLOB_DAT', 'R_X86_64_COPY', 'R_X86_64_IRELATIVE',
    'big_data + 4', 'big_weak_missing + 8', 'big_abs + 10', 'bigv@V1', 'bigv@V2',
    'big_weak_uncalled', 'bigc_c1ded6f4b10ad755')] + [
    ('libbigcaller.so', '-r', 'big_copied + 4'), ('libbigcaller.so', '-r', 'big_main_fn'),
    ('libbigunv.so', '--dyn-syms', 'unv_b@@VU2'), ('libbigunv.so', '--dyn-syms', 'unv_d@@VU3'),
    ('libbigunv.so', '--dyn-syms', 'unv_e@@VU2'),   # made visible (elfpatch.py)
    ('libbigspecial.so', '--dyn-syms', 'IFUNC'), ('libbig3.so', '--dyn-syms', 'NOTYPE  GLOBAL')]
case('bigscope_bind_now', 't_bigscope', env={'LD_BIND_NOW': '1'}, stdout=None, elf=BIGSCOPE_ELF)
case('bigscope_lazy', 't_bigscope', stdout=None, elf=BIGSCOPE_ELF)
# The same with LD_DYNAMIC_WEAK: the scope walk through the symbol index
# (the eager binder steps aside): big_dup_w, weak in libbig7, is libbig50's.
case('bigscope_dynamic_weak', 't_bigscope', env={'LD_BIND_NOW': '1', 'LD_DYNAMIC_WEAK': '1'},
     stdout=None, elf=BIGSCOPE_ELF)
# not PIE: the functions' SHN_UNDEF symbols in the program have the
# addresses of its PLT entries, which the R_X86_64_64 entries of
# libbigcaller.so must get, and the JUMP_SLOT entries must skip
BIGSCOPE_NOPIE_ELF = [('t_bigscope_nopie', '-h', 'EXEC (Executable file)'),
                      ('t_bigscope_nopie', '-r', 'R_X86_64_JUMP_SLOT')]
case('bigscope_nopie_bind_now', 't_bigscope_nopie', env={'LD_BIND_NOW': '1'}, stdout=None,
     elf=BIGSCOPE_NOPIE_ELF)
case('bigscope_nopie_lazy', 't_bigscope_nopie', stdout=None, elf=BIGSCOPE_NOPIE_ELF)

# --- initialisation order ---------------------------------------------------

INIT_CHAIN = ('preinit exe argc=3\n'
              'dt_init c3\n'
              'init c3\n'
              'init c2\n'
              '  c2: argc=3 [one] [two words] INIT_ENV=from the environment\n'
              'init c1\n'
              'init exe\n'
              'main\n')
INIT_DIAMOND = 'preinit exe argc=1\ninit dd\ninit dr\ninit dl\ninit exe\nmain\n'
INIT_CYCLE = 'preinit exe argc=1\ninit yb\ninit ya\ninit yc\ninit exe\nmain\n'
INIT_GRAPH = ('preinit exe argc=1\n' + ''.join(f'init g{n:02}\n' for n in (
    23, 29, 28, 16, 22, 27, 9, 21, 26, 14, 20, 24, 25, 18, 19, 13, 17, 10, 4, 11, 15, 12,
    6, 1, 7, 2, 8, 3, 0, 5)) + 'init exe\nmain\n')
INIT_ENV = {'INIT_ENV': 'from the environment'}
case('init_chain', 't_init_chain', 'one', 'two words', env=INIT_ENV, stdout=INIT_CHAIN,
     elf=[('libc3.so', '-d', '(INIT)'), ('libc3.so', '-d', '(FINI)'),
          ('t_init_chain', '-d', 'PREINIT_ARRAY')])
case('init_diamond', 't_init_diamond', stdout=INIT_DIAMOND)
case('init_cycle', 't_init_cycle', stdout=INIT_CYCLE)
case('init_graph', 't_init_graph', stdout=INIT_GRAPH)
# libddalias.so is a copy of libdd.so: loaded under that name, it also
# answers to its soname, so libdl's DT_NEEDED libdd.so does not load it twice
case('init_soname_match', 't_init_alias',
     stdout='preinit exe argc=1\ninit dd\ninit dl\ninit exe\nmain\n',
     elf=[('t_init_alias', '-d', '[libddalias.so]'), ('libdl.so', '-d', '[libdd.so]'),
          ('libddalias.so', '-d', 'soname: [libdd.so]')])
case('init_preload', 't_init_diamond', env={'LD_PRELOAD': 'libpre.so'},
     stdout=INIT_DIAMOND.replace('\ninit exe', '\ninit libpre\ninit exe'))
FINI = {'RT_CALL_FINI': '1'}
case('fini_chain', 't_init_chain', 'one', 'two words', env={**INIT_ENV, **FINI}, modes=RTLD,
     stdout=with_fini(INIT_CHAIN))
case('fini_diamond', 't_init_diamond', env=FINI, modes=RTLD, stdout=with_fini(INIT_DIAMOND))
case('fini_cycle', 't_init_cycle', env=FINI, modes=RTLD, stdout=with_fini(INIT_CYCLE))
case('fini_graph', 't_init_graph', env=FINI, modes=RTLD, stdout=with_fini(INIT_GRAPH))

# --- what the program gets ---------------------------------------------------

case('args', 't_misc', 'args', 'x', 'y z', '', stdout=(
    'argc=5 argv[0] basename=t_misc\n'
    'argv[1]=[args]\nargv[2]=[x]\nargv[3]=[y z]\nargv[4]=[]\n'
    'ok args: argv is NULL-terminated\n'))
# --verify (what ldd asks a loader): 0 with an interpreter, 2 without,
# 1 for what cannot be loaded; nothing printed
case('verify_program', 't_misc', opts=('--verify',))
case('verify_library', 'libc1.so', opts=('--verify',), status=2)
case('verify_not_elf', '/etc/passwd', opts=('--verify',), status=1)
case('verify_directory', '/tmp', opts=('--verify',), status=1)
case('verify_missing', 'nonexistent', opts=('--verify',), status=1)
case('argv0_option', 't_misc', 'argv0', opts=('--argv0', 'custom name'),
     stdout='argv[0]=[custom name]\n')
case('environment', 't_misc', 'env', env={'TEST_VAR1': 'one', 'TEST_VAR2': 'two=2'},
     stdout='TEST_VAR1=one\nTEST_VAR2=two=2\nTEST_UNSET=(unset)\n'
            "ok env: main's envp is the one after argv\n")
case('auxv', 't_misc', 'auxv', stdout=oks(
    "auxv: AT_PHDR is this program's", 'auxv: AT_PHNUM', 'auxv: AT_PHENT',
    "auxv: AT_ENTRY is this program's _start", 'auxv: AT_PAGESZ', 'auxv: AT_RANDOM present'))
case('relro', 't_misc', 'relro', status=-11, stdout=oks(
    'relro: call through the GOT', 'relro: found the GOT slot') + 'storing into the GOT\n',
    elf=[('t_misc', '-l', 'GNU_RELRO'), ('t_misc', '-d', 'BIND_NOW')])
case('hash_styles', 't_hash', stdout=oks(
    'sysv-hash library', 'gnu-hash library', 'sysv+gnu-hash library') + 'hash_common from libhg\n',
    elf=[('t_hash', '-d', '(HASH)'), ('libhsysv.so', '-d', '(HASH)'),
         ('libhgnu.so', '-d', '(GNU_HASH)'), ('libhboth.so', '-d', '(GNU_HASH)'),
         ('libhboth.so', '-d', '(HASH)')])

# --- library search ----------------------------------------------------------

FOUND_A = 'found libvariant A\n'
FOUND_B = 'found libvariant B\n'
case('path_not_found', 't_path_plain', status=127,
     stderr=not_found('t_path_plain', 'libvariant.so'))
case('path_llp', 't_path_plain', env={'LD_LIBRARY_PATH': '{dir}/pathA'}, stdout=FOUND_A)
case('path_llp_order', 't_path_plain', env={'LD_LIBRARY_PATH': '{dir}/pathB:{dir}/pathA'},
     stdout=FOUND_B)
case('path_llp_skips_missing_dir', 't_path_plain',
     env={'LD_LIBRARY_PATH': '/nonexistent:{dir}/pathB'}, stdout=FOUND_B)
case('path_llp_origin', 't_path_plain', env={'LD_LIBRARY_PATH': '$ORIGIN/pathB'},
     stdout=FOUND_B)
case('path_llp_semicolon', 't_path_plain',
     env={'LD_LIBRARY_PATH': '{dir}/pathB;{dir}/pathA'}, stdout=FOUND_B)
case('path_llp_empty_entries', 't_path_plain', env={'LD_LIBRARY_PATH': '::{dir}/pathA'},
     stdout=FOUND_A)
case('path_library_path_option', 't_path_plain', opts=('--library-path', '{dir}/pathB'),
     stdout=FOUND_B)
case('path_library_path_option_replaces_llp', 't_path_plain',
     opts=('--library-path', '{dir}/pathB'), env={'LD_LIBRARY_PATH': '{dir}/pathA'},
     stdout=FOUND_B)
case('path_rpath', 't_path_rpath', stdout=FOUND_A, elf=[('t_path_rpath', '-d', '(RPATH)')])
case('path_rpath_before_llp', 't_path_rpath', env={'LD_LIBRARY_PATH': '{dir}/pathB'},
     stdout=FOUND_A)
case('path_runpath', 't_path_runpath', stdout=FOUND_A,
     elf=[('t_path_runpath', '-d', '[${ORIGIN}/pathA]')])
case('path_llp_before_runpath', 't_path_runpath', env={'LD_LIBRARY_PATH': '{dir}/pathB'},
     stdout=FOUND_B)
case('path_rpath_ignored_with_runpath', 't_path_both', stdout=FOUND_B,
     elf=[('t_path_both', '-d', '(RPATH)'), ('t_path_both', '-d', '(RUNPATH)')])
case('path_rpath_indirect', 't_path_rpath_ind', stdout=FOUND_A)
case('path_runpath_not_indirect', 't_path_runpath_ind', status=127,
     stderr=not_found('t_path_runpath_ind', 'libvariant.so'))
case('path_origin_of_lib', 't_path_libori', stdout=FOUND_B)

# --- errors ---------------------------------------------------------------------

STARTED = 'main started\n'
case('missing_library', 't_err_nolib', status=127,
     stderr=not_found('t_err_nolib', 'libnothere.so'))
case('missing_symbol_lazy', 't_err_sym', status=127,
     stdout=STARTED + 'present_func called\ncalling gone_func\n',
     stderr=lookup_error('t_err_sym', '{dir}/t_err_sym', 'gone_func'))
case('missing_symbol_bind_now_env', 't_err_sym', env={'LD_BIND_NOW': '1'}, status=127,
     stderr=lookup_error('t_err_sym', '{dir}/t_err_sym', 'gone_func'))
case('missing_symbol_z_now', 't_err_sym_now', status=127,
     stderr=lookup_error('t_err_sym_now', '{dir}/t_err_sym_now', 'gone_func'))
case('missing_data_symbol', 't_err_data', status=127,
     stderr=lookup_error('t_err_data', '{dir}/t_err_data', 'gone_var'))
case('missing_symbol_in_lib_lazy', 't_err_libsym', status=127,
     stdout=STARTED + 'calling goneuser_call\nlibgoneuser calls gone_func\n',
     stderr=lookup_error('t_err_libsym', '{dir}/libgoneuser.so', 'gone_func'))
case('missing_symbol_in_lib_bind_now', 't_err_libsym', env={'LD_BIND_NOW': '1'}, status=127,
     stderr=lookup_error('t_err_libsym', '{dir}/libgoneuser.so', 'gone_func'))

# damaged copies of libvictim.so in {tmp}, found through LD_LIBRARY_PATH
VICTIM = 'found libvictim\n'
case('victim_intact', 't_victim', env={'LD_LIBRARY_PATH': '{dir}/victim'}, stdout=VICTIM)
DAMAGE_MESSAGES = {
    'empty': '{tmp}/libvictim.so: file too short',
    'short': '{tmp}/libvictim.so: file too short',
    'phdrs': '{tmp}/libvictim.so: cannot read file data',
    'text': '{tmp}/libvictim.so: invalid ELF header',
    'magic': '{tmp}/libvictim.so: invalid ELF header',
    'class32': 'libvictim.so: wrong ELF class: ELFCLASS32',
    'data': '{tmp}/libvictim.so: ELF file data encoding not little-endian',
    'identver': '{tmp}/libvictim.so: ELF file version ident does not match current one',
    'osabi': '{tmp}/libvictim.so: ELF file OS ABI invalid',
    'pad': '{tmp}/libvictim.so: nonzero padding in e_ident',
    'etype': '{tmp}/libvictim.so: only ET_DYN and ET_EXEC can be loaded',
    'machine': 'libvictim.so: cannot open shared object file: No such file or directory',
    'version': '{tmp}/libvictim.so: ELF file version does not match current one',
    'phentsize': "{tmp}/libvictim.so: ELF file's phentsize not the expected size",
    'noload': 'libvictim.so: object file has no loadable segments',
}
for how, message in DAMAGE_MESSAGES.items():
    case(f'damaged_{how}', 't_victim', env={'LD_LIBRARY_PATH': '{tmp}'}, status=127,
         stderr=load_error('t_victim', message), damage=('victim/libvictim.so', how))
# Damage ld.so dies of (SIGSEGV): rtld refuses the file instead.  A
# relocation's target must lie in the object's writable pages; the object
# is then named as ld.so names one that fails to relocate for another
# reason than an undefined symbol.
for how, prog, lib, message in [
        ('relro_huge', 't_victim', 'victim/libvictim.so',
         'libvictim.so: invalid PT_GNU_RELRO segment'),
        ('dynamic_exec_only', 't_victim', 'victim/libvictim.so',
         'libvictim.so: dynamic section outside any loadable segment'),
        ('rela_in_text', 't_reloc', 'libreloc.so',
         "{tmp}/libreloc.so: relocation at 0x1030 outside the object's writable pages"),
        ('relr_in_text', 't_relr', 'librelr.so',
         "{tmp}/librelr.so: RELR relocation at 0x1000 outside the object's writable pages"),
        ('tls_image_far', 'dl/t_tls', 'dl/libtlsa.so', 'libtlsa.so: invalid PT_TLS segment')]:
    # (the rtld-interp mode's mirror keeps no subdirectory in the name)
    case(f'damaged_{how}', prog, env={'LD_LIBRARY_PATH': '{tmp}:{dir}:{dir}/dl'},
         modes=RTLD if '/' not in prog else ('rtld-direct',),
         status=127, stderr=load_error(prog, message), damage=(lib, how))
# A shared object without an entry point, run as a program: ld.so jumps to
# its ELF header and dies; rtld says why it will not.
case('run_library_without_entry', 'libver.so', modes=('rtld-direct',), status=127,
     stderr="{dir}/libver.so: entry point at 0x0 outside the program's code\n")
# a library of the wrong class or machine is skipped, and the search goes on
for how in ('class32', 'machine'):
    case(f'damaged_{how}_skipped', 't_victim', env={'LD_LIBRARY_PATH': '{tmp}:{dir}/victim'},
         stdout=VICTIM, damage=('victim/libvictim.so', how))
case('wrong_class_m32', 't_victim', env={'LD_LIBRARY_PATH': '{dir}/m32'}, status=127,
     stderr=load_error('t_victim', 'libvictim.so: wrong ELF class: ELFCLASS32'),
     requires='m32/libvictim.so', elf=[('m32/libvictim.so', '-h', 'ELF32')])
case('wrong_class_m32_skipped', 't_victim',
     env={'LD_LIBRARY_PATH': '{dir}/m32:{dir}/victim'}, stdout=VICTIM,
     requires='m32/libvictim.so')

# --- x86-64 ISA level notes -----------------------------------------------------
# libisa2.so and libisa4.so need x86-64-v2 and v4: on a processor without
# them (qemu-x86_64 -cpu, skipped without qemu-user) ld.so names the first
# in the order of initialisation, or the program itself, and exits with
# 127; rtld, with no libc to ask about the processor, must do the same.
def isa_refused(obj):
    return f'{obj}: CPU ISA level is lower than required\n'


case('isa_needed_v3_cpu', 't_isa', cpu='max', status=127,
     stderr=isa_refused('{dir}/libisa4.so'), elf=[('libisa4.so', '-n', 'x86-64-v4')])
case('isa_needed_baseline_cpu', 't_isa', cpu='qemu64', status=127,
     stderr=isa_refused('{dir}/libisa4.so'))
case('isa_main_program_v3_cpu', 't_isa_main4', cpu='max', status=127,
     stderr=isa_refused('{dir}/t_isa_main4'), elf=[('t_isa_main4', '-n', 'x86-64-v4')])
# with no ISA note at all, nothing is asked of an unknown vendor's processor
case('isa_no_note_unknown_vendor', 't_misc', 'args', cpu='max,vendor=AbcdefghIjkl',
     stdout='argc=2 argv[0] basename=t_misc\nargv[1]=[args]\nok args: argv is NULL-terminated\n')

# --- --list and LD_TRACE_LOADED_OBJECTS ------------------------------------------

LIST = ('glibc-direct', 'rtld-direct', 'ldd')
TRACE = {'LD_TRACE_LOADED_OBJECTS': '1'}


def listing(name, prog, libs=None):
    """--list (and ldd) and LD_TRACE_LOADED_OBJECTS=1 of PROG, whose
    libraries are LIBS ((name, path) in load order; None: whatever glibc
    says, for system programs)."""
    stdout = None
    if libs is not None:
        stdout = '\tlinux-vdso.so.1\n' + ''.join(f'\t{n} => {p}\n' for n, p in libs)
    case(f'list_{name}', prog, opts=('--list',), modes=LIST, stdout=stdout,
         strip_addresses=True)
    case(f'trace_{name}', prog, env=TRACE, stdout=stdout, strip_addresses=True)


def here(*names):
    return [(n, '{dir}/' + n) for n in names]


listing('ls', '/bin/ls')
case('list_ls_inhibit_cache', '/bin/ls', opts=('--inhibit-cache', '--list'), stdout=None,
     strip_addresses=True)
listing('reloc', 't_reloc', here('libreloc.so', 'librelocdep.so'))
listing('nopie', 't_nopie', here('libtextrel.so'))
listing('graph', 't_init_graph', here(*(f'libg{n:02}.so' for n in (
    0, 17, 25, 3, 1, 2, 23, 24, 13, 7, 8, 4, 5, 6, 29, 20, 19, 12, 14, 15, 9, 10, 11, 26, 27,
    18, 21, 22, 16, 28))))
listing('version', 't_ver_new', here('libverdecoy.so', 'libver.so'))
listing('soname_match', 't_init_alias', here('libddalias.so', 'libdl.so'))
listing('path_rpath_indirect', 't_path_rpath_ind',
        here('libpmid.so') + [('libvariant.so', '{dir}/pathA/libvariant.so')])
# LD_VERBOSE (ldd -v): the versions each object needs, and who defines them
VERBOSE = {**TRACE, 'LD_VERBOSE': '1'}
case('trace_versions', 't_ver_new', env=VERBOSE, stdout=None, strip_addresses=True)
case('trace_versions_missing', 't_ver_missing', env=VERBOSE, stdout=None, strip_addresses=True,
     stderr="{dir}/t_ver_missing: {dir}/verold/libver.so: version `V2' not found "
            "(required by {dir}/t_ver_missing)\n")
# (not rtld-interp: the patched copy would name itself)
case('trace_versions_ls', '/bin/ls', env=VERBOSE, stdout=None, strip_addresses=True,
     modes=('glibc', 'glibc-direct', 'rtld-direct'))
# LD_WARN (ldd -d, and ldd -r with LD_BIND_NOW): the listing goes on to
# relocate, and reports each reference that fails; no IFUNC resolver runs
WARN = {**TRACE, 'LD_WARN': 'yes'}
WARN_NOW = {**WARN, 'LD_BIND_NOW': 'yes'}
case('trace_warn_now', 't_err_sym', env=WARN_NOW, stdout=None, strip_addresses=True,
     stderr='undefined symbol: gone_func\t({dir}/t_err_sym)\n')
case('trace_warn_lazy', 't_err_sym', env=WARN, stdout=None, strip_addresses=True)
case('trace_warn_data_now', 't_err_data', env=WARN_NOW, stdout=None, strip_addresses=True,
     stderr='undefined symbol: gone_var\t({dir}/t_err_data)\n'
            'undefined symbol: gone_func\t({dir}/t_err_data)\n')
case('trace_warn_data_lazy', 't_err_data', env=WARN, stdout=None, strip_addresses=True,
     stderr='undefined symbol: gone_var\t({dir}/t_err_data)\n')
case('trace_warn_library', 't_err_libsym', env=WARN_NOW, stdout=None, strip_addresses=True,
     stderr='undefined symbol: gone_func\t({dir}/libgoneuser.so)\n')
case('trace_warn_ifunc', 't_ifunc', env=WARN_NOW, stdout=None, strip_addresses=True)
# a program that names no library is "statically linked" to the listing
case('trace_no_needed', 't_isa_main4', env=TRACE, stdout='\tstatically linked\n')
# LD_DEBUG=unused (ldd -u): the program's direct dependencies that none of
# its relocations binds to, instead of the listing; status 1 if any
UNUSED = {**TRACE, 'LD_DEBUG': 'unused'}
case('trace_unused', 't_err_data', env=UNUSED, status=1,
     stdout='Unused direct dependencies:\n\t{dir}/libgone.so\n')
case('trace_unused_none', 't_reloc', env=UNUSED, stdout='')
case('trace_unused_missing', 't_err_nolib', env=UNUSED, status=1,
     stdout='Unused direct dependencies:\n\tlibnothere.so\n')
# --inhibit-rpath LIST: objects named in LIST lose their RPATH and RUNPATH.
# ld.so has emptied the program's name by then: its own path does not
# match, an empty entry of the list does.
case('inhibit_rpath_program_path', 't_reloc', opts=('--inhibit-rpath', '{dir}/t_reloc'),
     stdout=None)
case('inhibit_rpath_empty_entry', 't_reloc', opts=('--inhibit-rpath', 'x::y'), status=127,
     stderr=not_found('t_reloc', 'libreloc.so'))
# a relative program path: $ORIGIN is the path as given, with its "./",
# except when the kernel started the program (then it is /proc/self/exe)
RELATIVE = {'cwd': '{dir}', 'strip_addresses': True}
case('list_relative_path', './t_reloc', opts=('--list',), modes=LIST, **RELATIVE,
     stdout='\tlinux-vdso.so.1\n\tlibreloc.so => {dir}/./libreloc.so\n'
            '\tlibrelocdep.so => {dir}/./librelocdep.so\n')
case('trace_relative_path', './t_reloc', env=TRACE, modes=('glibc', 'rtld-interp'), **RELATIVE,
     stdout='\tlinux-vdso.so.1\n\tlibreloc.so => {dir}/libreloc.so\n'
            '\tlibrelocdep.so => {dir}/librelocdep.so\n')
case('trace_relative_path_direct', './t_reloc', env=TRACE, modes=DIRECT, **RELATIVE,
     stdout='\tlinux-vdso.so.1\n\tlibreloc.so => {dir}/./libreloc.so\n'
            '\tlibrelocdep.so => {dir}/./librelocdep.so\n')
# with a library missing, --list fails like a normal start, but
# LD_TRACE_LOADED_OBJECTS (what ldd uses) reports it and goes on
case('list_missing', 't_err_nolib', opts=('--list',), status=127, strip_addresses=True,
     stderr=not_found('t_err_nolib', 'libnothere.so'))
case('trace_missing', 't_err_nolib', env=TRACE, strip_addresses=True,
     stdout='\tlinux-vdso.so.1\n\tlibnothere.so => not found\n')
