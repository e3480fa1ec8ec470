"""The cases of tests/glibc (run by run.py): glibc programs under glibc's
ld.so and under rtld.

Three kinds:
  - the ordinary C and C++ programs of testlibs/glibc, one group of checks
    per case (the subcommand);
  - real commands of Debian 12 (absolute paths), skipped when not
    installed, some on files a setup script makes in {tmp};
  - --list (and LD_TRACE_LOADED_OBJECTS) of real commands against ldd.
The reference is glibc: stdout None means "what the first mode (glibc's
ld.so) printed", and so do stderr and status when they are LEARN.  Every
mode must then give the same bytes.  {dir} stands for the testlibs/glibc
build directory, {tmp} for the case's scratch directory.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'diff'))
from cases import DAMAGE, Case  # noqa: E402,F401  (DAMAGE: run.py)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import elfnotes  # noqa: E402

LEARN = object()            # stderr or status: whatever the first mode gives
LIST = ('ldd', 'glibc-direct', 'rtld-direct')
COMMAND_ENV = {'PATH': '/usr/bin:/bin', 'TZ': 'UTC'}


class GCase(Case):
    """A Case (see tests/diff/cases.py) with, in addition:
    setup:  a shell script run in {tmp} (under the system's loader) first
    tools:  commands that a script run by /bin/sh calls: each mode runs
            them under its loader too (see run.py)
    missing: the name of a command that is not installed: skip the case
    setuid: run a copy of the program that is setuid nobody (run by
            root, so in secure mode), through its PT_INTERP only
    """

    def __init__(self, name, prog, *args, stdout=None, stderr='', status=0, setup=None,
                 tools=(), missing=None, setuid=False, **kw):
        if setuid:
            kw.setdefault('modes', ('glibc', 'rtld-interp'))
        super().__init__(name, prog, *args, stdout=stdout, stderr=stderr, status=status, **kw)
        self.setup = setup
        self.tools = tools
        self.missing = missing
        self.setuid = setuid


CASES = []


def case(name, prog, *args, **kw):
    CASES.append(GCase(name, prog, *args, **kw))


def group(prefix, prog, commands, **kw):
    """One case per subcommand of a testlibs/glibc program, named
    PREFIX_COMMAND."""
    for command in commands:
        case(f'{prefix}_{command}', prog, command, **kw)


def load_error(prog, message):
    return f'{{dir}}/{prog}: error while loading shared libraries: {message}\n'


def lookup_error(prog, obj, symbol):
    return f'{{dir}}/{prog}: symbol lookup error: {obj}: undefined symbol: {symbol}\n'


# --- C programs: libc ---------------------------------------------------------

group('basic', 'gbasic', ['malloc', 'memcpy', 'auxv', 'locale', 'iconv', 'nss', 'setjmp',
                          'version', 'cpu', 'sysconf', 'vdso', 'rseq', 'ifunc'])
case('basic_printf', 'gbasic', 'printf', status=3, stderr='a line on stderr\n')
case('basic_args', 'gbasic', 'args', 'one', 'two words', env={'GL_VAR': 'value'})
case('basic_signal', 'gbasic', 'signal', status=-15)
case('basic_abort', 'gbasic', 'abort', status=-6)
case('basic_assert', 'gbasic', 'assert', status=-6, stderr=LEARN)
case('basic_double_free', 'gbasic', 'doublefree', status=-6,
     stderr='free(): double free detected in tcache 2\n')

# malloc's tunables, which the dynamic linker reads
case('tunables_none', 'gbasic', 'tunables')
case('tunables_glibc_tunables', 'gbasic', 'tunables',
     env={'GLIBC_TUNABLES': 'glibc.malloc.perturb=165'})
case('tunables_malloc_perturb', 'gbasic', 'tunables', env={'MALLOC_PERTURB_': '165'})
# several at once: unknown names, a name without a value, values out of
# range (ignored: the last good one stays), hexadecimal and octal, a string
case('tunables_several', 'gbasic', 'tunables', env={'GLIBC_TUNABLES': (
    'glibc.malloc.perturb=0x11:glibc.nosuch=1:junk::glibc.malloc.perturb=300:'
    'glibc.malloc.mmap_threshold=0x100000:glibc.malloc.tcache_count=0:glibc.malloc.mmap_max=-1:'
    'glibc.cpu.hwcaps=-AVX512F:glibc.malloc.top_pad=010000:glibc.malloc.arena_max=0')})
# a value runs to the next ':' (so 7=8 is 7), an empty value is 0, and a
# last name without a value ends the list
case('tunables_odd_syntax', 'gbasic', 'tunables', env={
    'GLIBC_TUNABLES': 'glibc.malloc.perturb=7=8:glibc.malloc.top_pad=:glibc.malloc.mmap_max=0:'
                      'glibc.malloc.mmap_threshold'})
# the variables that stand for tunables
case('tunables_env_aliases', 'gbasic', 'tunables', env={
    'MALLOC_PERTURB_': '0x22', 'MALLOC_TOP_PAD_': '4096', 'MALLOC_MMAP_THRESHOLD_': '1048576',
    'MALLOC_ARENA_MAX': '1', 'MALLOC_ARENA_TEST': '0', 'MALLOC_CHECK_': '0'})
# the environment's order decides: GLIBC_TUNABLES over an earlier alias; an
# alias after it only counts when GLIBC_TUNABLES gave no valid value
case('tunables_alias_then_glibc_tunables', 'gbasic', 'tunables', env={
    'MALLOC_PERTURB_': '1', 'GLIBC_TUNABLES': 'glibc.malloc.perturb=2', 'MALLOC_MMAP_MAX_': '0'})
case('tunables_glibc_tunables_then_alias', 'gbasic', 'tunables', env={
    'GLIBC_TUNABLES': 'glibc.malloc.perturb=2:glibc.malloc.mmap_max=-1', 'MALLOC_PERTURB_': '1',
    'MALLOC_MMAP_MAX_': '0'})
# glibc.cpu.hwcaps and the cache thresholds (the cpu_features_tunables test
# compares the whole block): what libc then reports, which implementation
# each IFUNC selects, and the string functions with odd thresholds
HWCAPS = 'glibc.cpu.hwcaps='
case('tunables_hwcaps_cpu', 'gbasic', 'cpu', env={
    'GLIBC_TUNABLES': HWCAPS + '-AVX2,-ERMS,-XSAVEC,RTM,-avx512f,-AVX512F_Usable'})
case('tunables_hwcaps_ifunc_no_avx2_erms', 'gbasic', 'ifunc',
     env={'GLIBC_TUNABLES': HWCAPS + '-AVX2,-ERMS'})
case('tunables_hwcaps_ifunc_no_avx512', 'gbasic', 'ifunc',
     env={'GLIBC_TUNABLES': HWCAPS + '-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ'})
case('tunables_hwcaps_ifunc_prefer_no_avx512', 'gbasic', 'ifunc',
     env={'GLIBC_TUNABLES': HWCAPS + 'Prefer_No_AVX512,MathVec_Prefer_No_AVX512'})
case('tunables_hwcaps_ifunc_preferences', 'gbasic', 'ifunc', env={'GLIBC_TUNABLES': (
    HWCAPS + 'Prefer_No_VZEROUPPER,-Prefer_ERMS,Prefer_FSRM,-Fast_Unaligned_Copy,'
    'Fast_Copy_Backward,Slow_BSF,-AVX_Fast_Unaligned_Load,Slow_SSE4_2,-Fast_Rep_String')})
case('tunables_hwcaps_ifunc_sse2', 'gbasic', 'ifunc', env={'GLIBC_TUNABLES': (
    HWCAPS + '-AVX,-AVX2,-SSSE3,-SSE4_1,-SSE4_2,-BMI1,-BMI2,-POPCNT,-LZCNT,-MOVBE,-FMA,-FMA4,'
    '-AVX512F,-Prefer_PMINUB_for_stringop')})
case('tunables_hwcaps_ifunc_no_xsave', 'gbasic', 'ifunc',
     env={'GLIBC_TUNABLES': HWCAPS + '-XSAVE,-XSAVEC'})
case('tunables_hwcaps_ifunc_not_names', 'gbasic', 'ifunc',
     env={'GLIBC_TUNABLES': HWCAPS + '-AVX2_Usable,avx2,-Prefer_No_AVX5120,AVX2,,-'})
# glibc reads on past the value, into the environment strings after it
case('tunables_hwcaps_ifunc_next_env', 'gbasic', 'ifunc',
     env={'GLIBC_TUNABLES': HWCAPS + '-AVX512F', 'GL_NEXT': 'x,-AVX2,-BMI2'})
case('tunables_thresholds_memcpy', 'gbasic', 'memcpy', env={'GLIBC_TUNABLES': (
    'glibc.cpu.x86_non_temporal_threshold=0x4041:glibc.cpu.x86_rep_movsb_threshold=0x201:'
    'glibc.cpu.x86_rep_stosb_threshold=1:glibc.cpu.x86_data_cache_size=0x1000:'
    'glibc.cpu.x86_shared_cache_size=0x8000')})
case('tunables_thresholds_memcpy_large', 'gbasic', 'memcpy', env={'GLIBC_TUNABLES': (
    'glibc.cpu.x86_non_temporal_threshold=0x0fffffffffffffff:'
    'glibc.cpu.x86_rep_movsb_threshold=0x10000000:glibc.cpu.x86_rep_stosb_threshold=0x10000000:'
    + HWCAPS + '-ERMS,-FSRM')})
# rseq not registered, as rtld never does: what glibc then tells libc
case('tunables_rseq_off', 'gbasic', 'rseq', env={'GLIBC_TUNABLES': 'glibc.pthread.rseq=0'})

# secure mode: what a setuid program keeps of its environment
UNSAFE_ENV = {
    'LD_LIBRARY_PATH': '/nonexistent', 'LD_PRELOAD': 'libgnope.so', 'LD_BIND_NOW': '1',
    'TMPDIR': '/tmp/x', 'GL_VAR': 'value', 'MALLOC_CHECK_': '3', 'MALLOC_ARENA_MAX': '2',
    'GLIBC_TUNABLES': 'glibc.malloc.check=3:glibc.malloc.mmap_threshold=4096',
}
case('secure_setuid_environment', 'gbasic', 'args', env=UNSAFE_ENV, stderr=LEARN, setuid=True)
case('environment_not_setuid', 'gbasic', 'args', env=UNSAFE_ENV, stderr=LEARN)
# GLIBC_TUNABLES rewritten for a setuid program: unknown names and
# SXID_ERASE tunables dropped, SXID_IGNORE ones kept (and not read), a value
# kept as it was written; the SXID_ERASE aliases removed, the others kept
case('secure_tunables_rewritten', 'gbasic', 'args', setuid=True, env={
    'GLIBC_TUNABLES': 'glibc.malloc.perturb=0x800:not_valid.malloc.check=2:glibc.malloc.check=2:'
                      '::glibc.rtld.nns=2:glibc.malloc.mmap_threshold=glibc.malloc.top_pad=4096:'
                      'glibc.malloc.tcache_count=0:glibc.malloc.arena_max=9:glibc.cpu.hwcaps',
    'MALLOC_CHECK_': '2', 'LD_HWCAP_MASK': '0x10', 'MALLOC_TOP_PAD_': '1', 'GL_VAR': 'x',
    'MALLOC_PERTURB_': '3', 'MALLOC_ARENA_TEST': '4'})
case('secure_tunables_all_erased', 'gbasic', 'args', setuid=True, env={
    'GLIBC_TUNABLES': 'glibc.malloc.check=2:glibc.malloc.tcache_count=0:glibc.nope=1', 'GL_VAR': 'x'})
# ... and none of them read
case('secure_tunables_not_read', 'gbasic', 'tunables', setuid=True, env={
    'GLIBC_TUNABLES': 'glibc.malloc.perturb=165:glibc.malloc.mmap_threshold=1048576:'
                      'glibc.malloc.tcache_count=0', 'MALLOC_TOP_PAD_': '4096'})

# the glibc.cpu.* tunables are SXID_ERASE: not read in secure mode
case('secure_hwcaps_not_read', 'gbasic', 'cpu', setuid=True, env={
    'GLIBC_TUNABLES': HWCAPS + '-AVX2,-ERMS:glibc.cpu.x86_rep_stosb_threshold=1'})

# malloc interposed by an LD_PRELOAD library that counts the calls
case('preload_none', 'gbasic', 'interpose')
case('preload_malloc', 'gbasic', 'interpose', env={'LD_PRELOAD': '{dir}/libgmalloc.so'})
case('preload_malloc_option', 'gbasic', 'interpose', opts=('--preload', '{dir}/libgmalloc.so'))

# --- C programs: threads and TLS ----------------------------------------------

group('threads', 'gthreads', ['tls', 'dyntls', 'cancel', 'stack', 'forklock', 'ctorthread',
                              'dtorthread', 'exitthread', 'execstack', 'lazyrace'])
case('threads_tls_bind_now', 'gthreads', 'tls', env={'LD_BIND_NOW': '1'})
# libgexecstack.so is a dependency: all stacks are executable from the start
case('threads_execstack_at_startup', 'gthreads_execstack', 'execstack')

# --- C programs: the dlopen family --------------------------------------------

group('dlfcn', 'gdl', ['scope', 'deps', 'errors', 'dlsym', 'dladdr', 'phdr', 'dlinfo',
                       'backtrace', 'statictls'])
# the static TLS surplus grows with glibc.rtld.optional_static_tls and
# glibc.rtld.nns: then libgie.so's block fits beside rtld's own words too
case('tunables_static_tls_optional', 'gdl', 'statictls',
     env={'GLIBC_TUNABLES': 'glibc.rtld.optional_static_tls=4096'})
case('tunables_static_tls_nns', 'gdl', 'statictls', env={'GLIBC_TUNABLES': 'glibc.rtld.nns=8'})

# --- C programs: processes ----------------------------------------------------

group('proc', 'gproc', ['fork', 'exec', 'spawn', 'system'])

# --- C++ ----------------------------------------------------------------------

CXX = {'requires': 'gcxx'}
group('cxx', 'gcxx', ['exceptions', 'threads', 'plugin', 'tldtor', 'tldtor_unload'], **CXX)
case('cxx_stl', 'gcxx', 'stl', stderr='to std::cerr\n', **CXX)
case('cxx_exceptions_bind_now', 'gcxx', 'exceptions', env={'LD_BIND_NOW': '1'}, **CXX)

# --- LD_BIND_NOW and LD_LIBRARY_PATH ------------------------------------------

GUNDEF = lookup_error('gbind', '{dir}/libgundef.so', 'gundef_missing')
case('bind_lazy', 'gbind')
case('bind_lazy_failing_call', 'gbind', 'call', status=127, stderr=GUNDEF)
case('bind_now', 'gbind', env={'LD_BIND_NOW': '1'}, status=127, stderr=GUNDEF)

LPATH_B = {'LD_LIBRARY_PATH': '{dir}/lpathB'}
case('search_runpath', 'gpath_runpath')
case('search_platform', 'gpath_platform')
case('search_ld_library_path_first', 'gpath_runpath', env=LPATH_B)
case('search_missing', 'gpath_bare', status=127, stderr=load_error(
    'gpath_bare', 'libgvariant.so: cannot open shared object file: No such file or directory'))
case('search_ld_library_path', 'gpath_bare', env=LPATH_B)
case('search_library_path_option', 'gpath_bare', opts=('--library-path', '{dir}/lpathA'))

# --- x86-64 ISA level notes ----------------------------------------------------
# libgisaN.so need x86-64-vN (GNU_PROPERTY_X86_ISA_1_NEEDED).  ld.so refuses
# an object whose level the processor lacks before relocating anything:
# at start-up "OBJECT: CPU ISA level is lower than required" (the program's
# argv[0] for the program itself) and status 127, at dlopen the same text
# from dlerror.  This machine has x86-64-v4, so the refusals show under
# qemu-x86_64 with processors of lower levels (cpu=); the native cases
# take what ld.so does here.

def isa_refused(obj):
    return f'{obj}: CPU ISA level is lower than required\n'


# found through gisa_dl's DT_RUNPATH
ISA_LIBS = ['libgisa2.so', 'libgisa3.so', 'libgisa4.so', 'libgisa4dep.so']


def isa_dlopen(levels):
    """gisa_dl's output for ISA_LIBS on a processor with the given levels."""
    out = ''
    for lib, level in (('libgisa2.so', 2), ('libgisa3.so', 3), ('libgisa4.so', 4),
                       ('libgisa4dep.so', 4)):
        if level <= levels:
            out += f'dlopen {lib}: ok, v{level}\n'
        else:
            out += f'dlopen {lib}: ' + isa_refused('{dir}/libgisa4.so' if level == 4 else
                                                   '{dir}/' + lib) + 'ok not left loaded\n'
    return out + 'main done\n'


case('isa_native_needed', 'gisa', stderr=LEARN, status=LEARN)
case('isa_native_dlopen', 'gisa_dl', *ISA_LIBS)
case('isa_native_main_program', 'gisa_main4', stderr=LEARN, status=LEARN)
# glibc computes the level before it applies glibc.cpu.hwcaps
case('isa_native_hwcaps_off', 'gisa', stderr=LEARN, status=LEARN,
     env={'GLIBC_TUNABLES': 'glibc.cpu.hwcaps=-AVX512F,-AVX512BW,-AVX2,-BMI2,-SSE4_2'})
# every library lacks a level: the first in the order of initialisation is named
case('isa_needed_baseline_cpu', 'gisa', cpu='qemu64', status=127, stdout='',
     stderr=isa_refused('{dir}/libgisa4.so'))
case('isa_needed_v2_cpu', 'gisa', cpu='Nehalem', status=127, stdout='',
     stderr=isa_refused('{dir}/libgisa4.so'))
case('isa_needed_v3_cpu', 'gisa', cpu='max', status=127, stdout='',
     stderr=isa_refused('{dir}/libgisa4.so'))
case('isa_needed_v3_cpu_v3_library', 'gisa_dl', 'libgisa3.so', cpu='max',
     stdout='dlopen libgisa3.so: ok, v3\nmain done\n')
case('isa_dlopen_baseline_cpu', 'gisa_dl', *ISA_LIBS, cpu='qemu64', stdout=isa_dlopen(1))
case('isa_dlopen_v2_cpu', 'gisa_dl', *ISA_LIBS, cpu='Nehalem', stdout=isa_dlopen(2))
case('isa_dlopen_v3_cpu', 'gisa_dl', *ISA_LIBS, cpu='max,vendor=GenuineIntel',
     stdout=isa_dlopen(3))
# AVX and AVX2 are there, but without XSAVE the OS cannot save them
case('isa_dlopen_avx_not_enabled', 'gisa_dl', *ISA_LIBS, cpu='max,-xsave', stdout=isa_dlopen(2))
# a Zhaoxin model on which glibc turns AVX off after computing the level
case('isa_dlopen_zhaoxin_avx_off', 'gisa_dl', *ISA_LIBS,
     cpu='max,vendor=CentaurHauls,family=6,model=15', stdout=isa_dlopen(3))
# a preloaded library is checked with the program's dependencies
case('isa_preload_v3_cpu', 'gisa_dl', cpu='max', env={'LD_PRELOAD': '{dir}/libgisa4.so'},
     status=127, stdout='', stderr=isa_refused('{dir}/libgisa4.so'))
# the program itself (its argv[0] named)
case('isa_main_program_v3_cpu', 'gisa_main4', cpu='max', status=127, stdout='',
     stderr=isa_refused('{dir}/gisa_main4'))
# glibc reads no feature of an unknown vendor's processor: then even
# libc.so.6, which needs the baseline, is refused
case('isa_unknown_vendor', 'gbasic', 'version', cpu='max,vendor=AbcdefghIjkl', status=127,
     stdout='', stderr=isa_refused('/lib/x86_64-linux-gnu/libc.so.6'))
# listing the dependencies checks nothing
case('isa_list_baseline_cpu', 'gisa', cpu='qemu64', opts=('--list',), strip_addresses=True)
case('isa_trace_baseline_cpu', 'gisa', cpu='qemu64', strip_addresses=True,
     env={'LD_TRACE_LOADED_OBJECTS': '1'})

# Damaged notes in copies of libgisa4.so (in {tmp}, found first through
# LD_LIBRARY_PATH), on an x86-64-v3 processor: the copy is refused only
# when ld.so still reads x86-64-v4 from it.
DAMAGE = dict(DAMAGE, **{
    # ld.so reads the note's descriptor whatever p_memsz says ...
    'note_memsz_cut': ('edit', elfnotes.note_memsz(0x18)),
    # ... but no note starts less than 12 bytes before it
    'note_memsz_header': ('edit', elfnotes.note_memsz(12)),
    'note_align_4': ('edit', elfnotes.note_align(4)),
    # x86's glibc 2.36 reads PT_NOTE, not PT_GNU_PROPERTY
    'note_segment_dropped': ('edit', elfnotes.drop_property_notes),
    'note_gnu_property_dropped': ('edit', elfnotes.drop_gnu_property),
    # the last PT_NOTE aligned to 8 decides, here the build-id's
    'note_later_segment_decides': ('edit', elfnotes.other_notes_align(8)),
    'note_descsz_4': ('edit', elfnotes.note_word(1, 4)),
    'note_descsz_12': ('edit', elfnotes.note_word(1, 12)),
    'note_descsz_huge': ('edit', elfnotes.note_word(1, 0xfffffff8)),
    'note_not_gnu': ('edit', elfnotes.note_word(3, 0x00554e48)),
    'note_property_size_8': ('edit', elfnotes.note_word(5, 8)),
    'note_property_past_end': ('edit', elfnotes.note_word(5, 0x100)),
    'note_property_type_above': ('edit', elfnotes.note_word(4, 0xc0008003)),
    'note_unknown_level': ('edit', elfnotes.note_word(6, 0x10)),
    'note_twice': ('edit', elfnotes.note_twice),
    # not in the bytes rtld reads with the headers: read in the mapping
    'note_moved_past_headers': ('edit', elfnotes.note_moved(0x800)),
})
ISA_DAMAGE_REFUSED = ('note_memsz_cut', 'note_gnu_property_dropped', 'note_descsz_huge',
                      'note_moved_past_headers')
ISA_DAMAGE_ACCEPTED = ('note_memsz_header', 'note_align_4', 'note_segment_dropped',
                       'note_later_segment_decides', 'note_descsz_4', 'note_descsz_12',
                       'note_not_gnu', 'note_property_size_8', 'note_property_past_end',
                       'note_property_type_above', 'note_twice')
for how in ISA_DAMAGE_REFUSED + ISA_DAMAGE_ACCEPTED:
    refused = how in ISA_DAMAGE_REFUSED
    case(f'isa_{how}', 'gisa4', cpu='max', env={'LD_LIBRARY_PATH': '{tmp}'},
         damage=('libgisa4.so', how), status=127 if refused else 0,
         stdout='' if refused else 'libraries: v4\nmain done\n',
         stderr=isa_refused('{tmp}/libgisa4.so') if refused else '')
# a level above v4: no processor has it, this one included
case('isa_note_unknown_level', 'gisa4', env={'LD_LIBRARY_PATH': '{tmp}'},
     damage=('libgisa4.so', 'note_unknown_level'), status=127, stdout='',
     stderr=isa_refused('{tmp}/libgisa4.so'))

# --- real commands ------------------------------------------------------------

def installed(name):
    for d in ('/usr/bin', '/bin'):
        path = os.path.join(d, name)
        if os.access(path, os.X_OK):
            return os.path.realpath(path) if name == 'awk' else path
    return None


def command(name, cmd, *args, tools=(), env=None, **kw):
    """A real command, run under each loader.  With tools, cmd is a shell
    script for /bin/sh, and the tools it calls run under the loader too."""
    if tools:
        prog, args = '/bin/sh', ('-c', cmd)
        need = tools
    else:
        prog, need = installed(cmd), (cmd,)
    missing = next((t for t in need if not installed(t)), None)
    case(name, prog or f'/usr/bin/{cmd}', *args, env={**COMMAND_ENV, **(env or {})},
         stderr=LEARN, status=LEARN, tools=tools, missing=missing, **kw)


# A tree of files with fixed contents and times.
TREE = '''
mkdir tree tree/sub
printf '10\\n9\\n100\\n-3\\n9\\n' > tree/numbers
printf 'pear,3\\napple,10\\nfig,1\\n\\xc3\\xa9clair,7\\nBanana,2\\n' > tree/fruit
printf 'alpha beta\\ngamma delta\\nbeta epsilon\\n12 34\\n' > tree/words
printf 'A\\xc3\\xa9\\xe2\\x82\\xac\\n' > tree/utf8
head -c 3000 /dev/zero | tr '\\0' 'x' > tree/sub/big
printf '\\000\\001\\002\\377binary' > tree/bin
ln -s words tree/link
for f in tree/* tree/sub/* tree/sub tree; do touch -h -d '2001-02-03 04:05:06 UTC' "$f"; done
'''

command('ls', 'ls', 'tree', setup=TREE)
command('ls_long', 'ls', '-l', 'tree', setup=TREE)
command('ls_long_all_recursive', 'ls', '-laR', '--full-time', 'tree', setup=TREE)
command('ls_missing_file', 'ls', 'no-such-file', setup=TREE)
command('sort_numeric', 'sort', '-n', 'tree/numbers', setup=TREE)
command('sort_fields', 'sort', '-t,', '-k2,2n', '-r', 'tree/fruit', setup=TREE)
command('sort_utf8_locale', 'sort', 'tree/fruit', setup=TREE, env={'LC_ALL': 'C.UTF-8'})
command('sha256sum', 'sha256sum', 'tree/numbers', 'tree/sub/big', 'tree/bin', setup=TREE)
command('date_epoch', 'date', '-u', '-d', '@0')
command('date_zone_locale', 'date', '-d', '@1000000000', '+%c %Z',
        env={'TZ': 'Europe/Paris', 'LC_ALL': 'C.UTF-8'})
command('seq', 'seq', '-s', ',', '-f', '%.2f', '0', '0.25', '2')
command('stat_size', 'stat', '-c', '%s %n', 'tree/sub/big', 'tree/words', setup=TREE)
command('od', 'od', '-An', '-tx1', 'tree/bin', setup=TREE)
command('grep', 'grep', '-n', '-E', 'beta|gamma', 'tree/words', setup=TREE)
command('grep_perl_regex', 'grep', '-o', '-P', r'\b\w+(?= delta)', 'tree/words', setup=TREE)
command('grep_recursive_count', 'grep', '-rc', 'a', 'tree', setup=TREE)
command('sed', 'sed', '-e', 's/beta/BETA/g', '-e', '2d', 'tree/words', setup=TREE)
command('awk', 'awk', '-F,', '{ s += $2; printf "%-8s %5.1f\\n", $1, $2 * 1.5 } END { print s }',
        'tree/fruit', setup=TREE)
command('find', 'find', 'tree', '-type', 'f', '-size', '-2k', '-printf', '%p %s %TY\\n',
        setup=TREE)
command('tar_gzip_roundtrip', '''
rm -rf work && mkdir work && cd work || exit 1
tar -cf t.tar -C .. tree && gzip -9n t.tar && gzip -t t.tar.gz &&
gzip -dc t.tar.gz | sha256sum && mkdir out && tar -xzf t.tar.gz -C out &&
sha256sum out/tree/* out/tree/sub/* && tar -tvzf t.tar.gz | sort && ls -l out/tree
''', tools=('tar', 'gzip', 'sha256sum', 'sort', 'ls', 'mkdir', 'rm'), setup=TREE)
command('iconv', 'iconv -f UTF-8 -t ISO-8859-15 tree/utf8 | od -An -tx1',
        tools=('iconv', 'od'), setup=TREE)
command('getconf_cache', 'for v in LEVEL1_ICACHE_SIZE LEVEL1_ICACHE_LINESIZE '
        'LEVEL1_DCACHE_SIZE LEVEL1_DCACHE_ASSOC LEVEL2_CACHE_SIZE LEVEL3_CACHE_SIZE '
        'LEVEL4_CACHE_SIZE; do echo "$v $(getconf $v)"; done', tools=('getconf',))
command('id', 'id', 'root')
command('env', 'env')
command('locale_charmap', 'locale', 'charmap', env={'LC_ALL': 'C.UTF-8'})
command('perl', 'perl', '-MDigest::MD5=md5_hex', '-MList::Util=sum,max', '-MPOSIX=floor', '-e',
        'print md5_hex("abc"), " ", sum(1..10), " ", max(3, 9, 2), " ", floor(-2.5), "\\n";'
        'my %h = map { $_ => length } qw(a bb ccc); print join(",", map { "$_=$h{$_}" } '
        'sort keys %h), "\\n"; printf "%.3e\\n", 1/7;')
command('python3_ssl', 'python3', '-c', '''
import hashlib, ssl
print(ssl.OPENSSL_VERSION.split()[0], ssl.HAS_TLSv1_3)
ctx = ssl.create_default_context()
print(ctx.verify_mode == ssl.CERT_REQUIRED, ctx.check_hostname)
print(hashlib.sha256(b"abc").hexdigest(), hashlib.md5(b"abc").hexdigest())
''')
command('python3_sqlite3_json', 'python3', '-c', '''
import json, sqlite3
db = sqlite3.connect(":memory:")
db.execute("create table t (k text, v real)")
db.executemany("insert into t values (?, ?)", [("a", 1.5), ("b", 2.25), ("a", 3)])
rows = db.execute("select k, sum(v) from t group by k order by k").fetchall()
text = json.dumps({"rows": rows, "version": sqlite3.sqlite_version_info[0]}, sort_keys=True)
print(text, json.loads(text)["rows"] == [list(r) for r in rows])
''')
command('python3_ctypes', 'python3', '-c', '''
import ctypes, ctypes.util
libc = ctypes.CDLL(None)
print(libc.strlen(b"hello"), ctypes.util.find_library("m"))
libm = ctypes.CDLL("libm.so.6")
libm.cos.restype = ctypes.c_double
libm.cos.argtypes = [ctypes.c_double]
print(libm.cos(0.0))
buf = ctypes.create_string_buffer(32)
libc.snprintf(buf, 32, b"%d-%s", 42, b"ctypes")
print(buf.value)
''')
command('python3_threading_subprocess', 'python3', '-c', '''
import subprocess, sys, threading
local = threading.local()
results = [None] * 4
def work(i):
    local.v = i
    results[i] = sum(range(i * 100000)) + local.v
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]
print(results)
r = subprocess.run(["sh", "-c", "echo out; echo err >&2; exit 3"], capture_output=True)
print(r.returncode, r.stdout, r.stderr)
print(subprocess.check_output([sys.executable, "-c", "print(6 * 7)"]))
''')
command('gdb_version', 'gdb', '--version')
command('git_version', 'git', '--version')
command('cmake_version', 'cmake', '--version')
command('openssl_dgst', 'openssl', 'dgst', '-sha256', 'tree/words', setup=TREE)
command('sqlite3', 'sqlite3', ':memory:', 'select 6 * 7, upper("abc"), sqlite_version() > "3";')
command('xz_roundtrip', 'xz -9 -c tree/words > w.xz && xz -dc w.xz | sha256sum',
        tools=('xz', 'sha256sum'), setup=TREE)

# --- --list and LD_TRACE_LOADED_OBJECTS against ldd -----------------------------

for name in ('python3', 'perl', 'git', 'gdb', 'cmake', 'openssl', 'sqlite3', 'tar'):
    path = installed(name)
    common = {'strip_addresses': True, 'missing': None if path else name}
    case(f'list_{name}', path or name, opts=('--list',), modes=LIST, **common)
    case(f'trace_{name}', path or name, env={'LD_TRACE_LOADED_OBJECTS': '1'}, **common)
