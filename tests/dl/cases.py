"""The cases of tests/dl (run by run.py; programs in testlibs/dl).

A program that calls the dlopen family has two builds (testlibs/dl/dlt.h):
t_NAME, freestanding, run under rtld directly and as PT_INTERP; g_NAME,
the same sources built as an ordinary glibc program, run under glibc's
ld.so (mode glibc-build).  Every mode must print what is recorded here,
and the glibc-build mode keeps the records honest: they are glibc 2.36's
behaviour.  t_tlsdesc needs nothing from the dynamic linker and runs
under glibc's ld.so as it is (modes glibc and glibc-direct).

Most programs run one group of checks per case (the argument), printing
"ok WHAT" per check, and the libraries' constructors and destructors
print "init NAME" and "fini NAME".  {dir} stands for the build directory
of testlibs/dl, {tmp} for the case's scratch directory.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'diff'))
from cases import ALL, DAMAGE, RTLD, Case, oks  # noqa: E402,F401  (DAMAGE: run.py)

BOTH = ('glibc-build',) + RTLD    # the glibc build under glibc, the freestanding one under rtld
GDB = ('gdb-glibc', 'gdb')

CASES = []


def case(name, prog, *args, modes=BOTH, **kw):
    CASES.append(Case(name, prog, *args, modes=modes, **kw))


def lines(*items):
    return ''.join(f'{i}\n' for i in items)


def prefixed(prefix, *checks):
    return oks(*(f'{prefix}: {c}' for c in checks))


# --- static TLS (the initial objects) ------------------------------------------

TLS_EXE = oks(
    'exe: %fs:0 holds the thread pointer', 'exe: initialised variable (local-exec)',
    'exe: zero-initialised variable', 'exe: initialised array', 'exe: variable aligned to 4096',
    'exe: variable aligned to 16, value', 'exe: variable aligned to 16',
    'exe: block below the thread pointer', 'exe: write and read back')


def tls_ie(lib):
    return prefixed(
        f'ie {lib}', 'initialised variable', 'zero-initialised variable',
        "same addresses as the library's own accesses", 'same addresses for aligned variables',
        'array aligned to 4096', 'variable aligned to 64',
        'library reads what the executable wrote', 'block below the thread pointer')


def tls_lib(lib):
    return prefixed(
        lib, 'exported initialised variable', 'exported zero-initialised variable',
        'static initialised variable (local dynamic)',
        'static zero-initialised variable (local dynamic)', 'initial-exec variable of the library',
        'array aligned to 4096, value', 'array aligned to 4096', 'variable aligned to 64',
        'zero variable aligned to 16', 'in static TLS', 'same address on a second call')


TLS_DESC = tls_lib('libtlsd (TLSDESC)')
case('tls_exe', 't_tls', 'exe', stdout=TLS_EXE, elf=[('t_tls', '-l', 'TLS')])
case('tls_ie', 't_tls', 'ie', stdout=tls_ie('libtlsa') + tls_ie('libtlsd'),
     elf=[('t_tls', '-r', 'R_X86_64_TPOFF64')])
case('tls_gd_ld', 't_tls', 'gd', stdout=tls_lib('libtlsa (__tls_get_addr)'),
     elf=[('libtlsa.so', '-r', 'R_X86_64_DTPMOD64'), ('libtlsa.so', '-r', 'R_X86_64_DTPOFF64'),
          ('libtlsa.so', '-r', 'R_X86_64_TPOFF64'), ('libtlsa.so', '-d', 'STATIC_TLS'),
          ('libtlsa.so', '--dyn-syms', '__tls_get_addr@GLIBC_2.3')])
case('tls_desc', 't_tls', 'desc', stdout=TLS_DESC, elf=[('libtlsd.so', '-r', 'R_X86_64_TLSDESC')])
case('tls_get_addr_misaligned_stack', 't_tls', 'tga', stdout=oks(
    '__tls_get_addr through the PLT, stack 8-byte aligned',
    '__tls_get_addr through the GOT, stack 8-byte aligned'))
case('tls_distinct', 't_tls', 'distinct', stdout=oks("the modules' variables do not overlap"))
# freestanding, so also under glibc's ld.so as it is
case('tls_desc_static', 't_tlsdesc', modes=ALL, stdout=TLS_EXE + tls_ie('libtlsd') + TLS_DESC)
case('tls_50_modules', 't_tls50', stdout=oks(
    '50 modules: values through initial-exec (first bad module)',
    "50 modules: values through the modules' own accesses",
    '50 modules: both give the same address', '50 modules: distinct addresses',
    '50 modules: module 49 reads what the executable wrote'),
    elf=[('libtm48.so', '-r', 'R_X86_64_DTPMOD64'), ('libtm49.so', '-r', 'R_X86_64_TLSDESC')])

# --- TLS of dlopen'd libraries -------------------------------------------------


def first_access(who):
    return prefixed(
        who, 'dlinfo RTLD_DI_TLS_DATA is NULL before the first access',
        'dlpi_tls_data is NULL before the first access', 'initial values (0: all of them)',
        'dlinfo RTLD_DI_TLS_DATA is the block afterwards', 'dlpi_tls_data is the block afterwards',
        "dlsym of a TLS variable gives this thread's copy")


def dltls(lib, align):
    return (prefixed(lib, 'dlinfo RTLD_DI_TLS_MODID is not 0', 'dlpi_tls_modid is the same') +
            first_access(lib) +
            prefixed(lib, f'variable aligned to {align}', 'write and read back', 'dlclose'))


def dltls_thread(who):
    out = oks(f"{who}: the executable's TLS variable has its initial value")
    for lib in ('libdtls.so', 'libdtlsd.so'):
        out += first_access(f'{who}, {lib}') + prefixed(
            f'{who}, {lib}', "its own copy (address differs from the other threads')",
            'write and read back')
    return out


BEFORE, AFTER = 'thread A (created before dlopen)', 'thread B (created after dlopen)'
case('dltls_gd', 't_dltls', 'gd', stdout=dltls('libdtls.so', 64),
     elf=[('libdtls.so', '-r', 'R_X86_64_DTPMOD64'), ('libdtls.so', '-d', 'libdtls.so')])
case('dltls_desc', 't_dltls', 'desc', stdout=dltls('libdtlsd.so', 4096),
     elf=[('libdtlsd.so', '-r', 'R_X86_64_TLSDESC')])
case('dltls_threads', 't_dltls', 'threads', stdout=(
    dltls_thread(BEFORE) + dltls_thread(AFTER) +
    oks('main thread: its copies kept its values',
        'main thread: its executable TLS variable kept its value',
        'libdtls.so: dlclose', 'libdtlsd.so: dlclose')))


def ie_thread(who):
    return prefixed(who, 'initial value of the initial-exec variable',
                    'initial-exec and __tls_get_addr agree', 'its own copy', 'write and read back')


case('dltls_initial_exec', 't_dltls', 'ie', stdout=(
    oks('dlopen of a library with initial-exec TLS',
        'main thread: initial value of the initial-exec variable',
        'main thread: initial-exec and __tls_get_addr agree') +
    ie_thread(BEFORE) + ie_thread(AFTER) + oks('main thread: kept its value', 'dlclose')),
    elf=[('libdtlsie.so', '-d', 'STATIC_TLS'), ('libdtlsie.so', '-r', 'R_X86_64_TPOFF64')])
# libdtlsbigN.so, 1 KiB of initial-exec TLS each, until the surplus runs out
case('dltls_static_exhausted', 't_dltls', 'exhaust', stdout=oks(
    'a library with 1 KiB of initial-exec TLS fits in the surplus', 'the surplus runs out',
    'dlerror names the library and says why',
    'dl_iterate_phdr: the same objects as before the failed dlopen',
    'the failed library is not mapped', 'dlerror is cleared',
    "main thread: every loaded library's initial-exec TLS (first bad one)",
    "new thread: every loaded library's initial-exec TLS (first bad one)"),
    elf=[('libdtlsbig0.so', '-d', 'STATIC_TLS')])


def tm_thread(who):
    return prefixed(who, 'initial values in 50 modules (first bad one)',
                    'its own copies (first shared one)')


case('dltls_50_modules', 't_dltls', 'many', stdout=(
    oks('dlopen of 50 TLS modules', 'distinct module ids') + tm_thread('main thread') +
    tm_thread(BEFORE) + tm_thread(AFTER) +
    oks('dlclose of the 50 modules', 'dl_iterate_phdr: as many objects as before')))
case('dltls_unload_reload', 't_dltls', 'unload', stdout=oks(
    'thread: initial values', 'libdtls.so: dlclose', 'unloaded',
    'main thread: initial values after the reload', 'thread: initial values after the reload',
    'thread: write and read back', 'main thread: its copy untouched by the thread',
    'libdtls.so: dlclose'))
case('dltls_get_addr_misaligned_stack', 't_dltls', 'tga', stdout=oks(
    'main thread: first access through the GOT, stack 8-byte aligned',
    'new thread: first access through the PLT, stack 8-byte aligned',
    'new thread: initial values',
    'new thread: first access through the GOT, stack 8-byte aligned',
    'new thread: initial values', 'libdtls.so: dlclose'))
# glibc 2.36 fails this: its _dl_tlsdesc_dynamic calls C code that
# clobbers %xmm0 and %xmm1 (mask 0x30000; fixed in glibc 2.40)
case('dltls_desc_preserves_registers', 't_dltls', 'desc_regs', modes=RTLD, stdout=oks(
    'main thread: first TLSDESC call preserves the registers (mask of changed ones)',
    'new thread: first TLSDESC call preserves the registers (mask of changed ones)',
    'libdtlsd.so: dlclose'))

# --- the dlopen family ------------------------------------------------------------

# libdla.so needs libdlb.so and libdld.so; libdlb.so needs libdlc.so
INIT_DLA = lines('init dlc', 'init dld', 'init dlb', 'init dla')
FINI_DLA = lines('fini dla', 'fini dlb', 'fini dld', 'fini dlc')
NOT_FOUND = 'cannot open shared object file: No such file or directory'
PINNED = 'found through RTLD_DEFAULT from the program: stays after dlclose'


def api(name, group, stdout, **kw):
    case(f'dl_{name}', 't_dlapi', group, stdout=stdout, **kw)


OPEN_CLOSE = INIT_DLA + oks(
    'dlsym and call dla_func', 'dlopen again: the same handle, no constructor',
    'dlopen by path: the same handle', 'dlclose: third reference', 'dlclose: second reference',
    'still loaded') + 'dlclose: last reference\n' + FINI_DLA + oks(
    'dlclose: last reference', 'unloaded and unmapped with its dependencies')
api('open_close', 'open', OPEN_CLOSE)
# Run as ./t_dlapi, the path it dlopens is ./libdla.so: the library it
# already has under another name (rtld appended it to its list a second
# time, and its dependencies were never unloaded).
case('dl_open_close_relative', './t_dlapi', 'open', cwd='{dir}', modes=('rtld-direct',),
     stdout=OPEN_CLOSE)
api('name_copy', 'name_copy', lines('init dle', 'init dlh') + oks(
    'two names from one buffer: two handles', 'the first one found again by name', 'its l_name',
    'its l_name, the buffer changed', 'dlclose') + lines('fini dle') + oks('dlclose') +
    lines('fini dlh') + oks('dlclose'))
api('reload', 'reload', INIT_DLA + oks('constructor ran once', 'initialised data') +
    FINI_DLA + oks('dlclose') + INIT_DLA +
    oks('reloaded: constructor ran once in the new copy', 'reloaded: data initialised again') +
    FINI_DLA + oks('dlclose'))
api('missing', 'missing', oks('dlopen libnope.so fails') +
    f'dlerror: libnope.so: {NOT_FOUND}\n' +
    oks('dlerror is NULL once read', 'dlopen of a missing path fails') +
    f'dlerror: /nonexistent/libnope.so: {NOT_FOUND}\n' +
    oks('dlopen("") is the program', 'dlopen without RTLD_LAZY or RTLD_NOW fails') +
    'dlerror: libdla.so: invalid mode for dlopen(): Invalid argument\n' +
    oks('and loads nothing'))
# a successful call clears the error; the last failure is the one reported
api('dlerror', 'dlerror', oks('no error at start') + INIT_DLA +
    oks('dlsym of a missing symbol fails', 'then a dlsym that works') +
    'dlerror after both: no error\n'
    'dlerror after two failures: {dir}/libdla.so: undefined symbol: nope2\n' +
    oks('dlerror is NULL once read') + FINI_DLA + oks('dlclose'))
api('dlerror_per_thread', 'dlerror_threads', oks(
    'main thread: a failed dlsym', "thread: the main thread's error is not its own",
    'thread: a failed dlsym', 'thread: its own error', 'main thread: still its own error'))
# the handle's scope is breadth-first: libdld.so (a dependency) before
# libdlc.so (a dependency of a dependency)
api('dlsym', 'dlsym', INIT_DLA + lines(
    'dla handle: dl_common from libdla, dl_common2 from libdld') +
    oks('RTLD_NOLOAD handle of the dependency libdlb.so') +
    lines('dlb handle: dl_common from libdlb, dl_common2 from libdlc') + oks(
        "a dependency's function through the handle", "a dependency's data through the handle",
        'a missing symbol') +
    'dlerror: {dir}/libdla.so: undefined symbol: nope\n' + oks(
        'RTLD_DEFAULT: not in the global scope', 'RTLD_DEFAULT: dlerror names the program',
        "RTLD_DEFAULT: the program's function",
        "RTLD_DEFAULT: the program's definition comes first", 'dlclose libdlb.so') +
    FINI_DLA + oks('dlclose libdla.so'))
api('dlvsym', 'dlvsym', oks(
    'dlvsym vfunc@V1', 'dlvsym vfunc@V2', 'dlsym gives the default version, V2',
    'dlvsym of a missing version') +
    'dlerror: {dir}/libdlver.so: undefined symbol: vfunc, version V3\n' +
    oks('dlvsym of a missing symbol') +
    'dlerror: {dir}/libdlver.so: undefined symbol: nope, version V1\n' + oks('dlclose'),
    elf=[('libdlver.so', '--dyn-syms', 'vfunc@V1'), ('libdlver.so', '--dyn-syms', 'vfunc@@V2')])
# glibc makes an object NODELETE when dlsym(RTLD_DEFAULT) called from the
# program finds a symbol in it (PINNED)
api('local_then_global', 'local', lines('init dle') + oks(
    'RTLD_LOCAL: not visible through RTLD_DEFAULT', 'RTLD_DEFAULT: dlerror names the program',
    'RTLD_LOCAL: not visible through dlopen(NULL)', 'dlopen(NULL): dlerror names the program',
    'RTLD_LOCAL: visible through its handle', 'RTLD_NOLOAD | RTLD_GLOBAL: the same handle',
    'promoted: visible through dlopen(NULL)', 'promoted: visible through RTLD_DEFAULT',
    'dlclose', 'dlclose', PINNED, 'dlclose dlopen(NULL)'))
api('global', 'global', oks('RTLD_NOW with a symbol not yet global: fails') +
    'dlerror: {dir}/libdlg.so: undefined symbol: dlf_func\n' +
    oks('dl_iterate_phdr: the same objects as before') + lines('init dlf') +
    oks('RTLD_GLOBAL: visible through RTLD_DEFAULT') + lines('init dlg') +
    oks('a later library binds to it') + lines('fini dlg') +
    oks('dlclose libdlg.so', 'dlclose libdlf.so', PINNED))
# glibc sets no error when RTLD_NOLOAD finds nothing
api('noload', 'noload', oks('RTLD_NOLOAD, not loaded: NULL') + 'dlerror: no error\n' +
    oks('RTLD_NOLOAD loaded nothing') + lines('init dlh') +
    oks('RTLD_NOLOAD, loaded: the same handle', 'dlclose',
        'RTLD_NOLOAD took a reference: still loaded') +
    lines('dlclose: last reference', 'fini dlh') + oks('dlclose', 'unloaded'))
api('nodelete', 'nodelete', lines('init dli') + oks(
    'dlclose', 'RTLD_NODELETE: still loaded', 'RTLD_NODELETE: RTLD_NOLOAD finds it',
    'RTLD_NODELETE: still works') + lines('init dlj') +
    oks('dlclose', 'DF_1_NODELETE: still loaded') + lines('init dlk') +
    oks('RTLD_NOLOAD | RTLD_NODELETE: the same handle', 'dlclose', 'dlclose',
        'RTLD_NODELETE added later: still loaded'),
    elf=[('libdlj.so', '-d', 'NODELETE')])
api('dlopen_null', 'self', oks(
    'dlopen(NULL): the same handle twice', "dlopen(NULL): the program's function",
    'dlopen(NULL): nothing from libdla.so yet', 'dlopen(NULL): dlerror names the program') +
    INIT_DLA + oks('dlopen(NULL): sees a RTLD_GLOBAL library',
                   'dlopen(NULL): and its dependencies', 'RTLD_DEFAULT: the same') +
    lines('fini dla', 'fini dlb', 'fini dld') +
    oks('dlclose libdla.so', PINNED, 'dlclose dlopen(NULL)', 'dlclose dlopen(NULL)',
        'the program is still there'))
api('soname', 'soname', oks('dlopen by a soname not loaded, no such file') +
    f'dlerror: libdlsn.so.1: {NOT_FOUND}\n' + lines('init dlsn') +
    oks('dlopen by the soname of a loaded library: the same handle', 'dlclose') +
    lines('fini dlsn') + oks(
        'dlclose', 'unloaded', 'a library loaded at start-up, by name',
        'the dynamic linker, by its soname', 'dlclose', 'dlclose',
        'libraries loaded at start-up stay'),
    elf=[('libdlsnfile.so', '-d', 'soname: [libdlsn.so.1]')])
# the program, then libnx1.so, libnx2.so, libnx3.so (its DT_NEEDED order)
api('rtld_next', 'next',
    'chain: exe nx1 nx2 nx3 end ({dir}/libnx3.so: undefined symbol: nx_func)\n')
api('dl_iterate_phdr', 'iterate', INIT_DLA + lines('after dlopen: adds +4, subs +0, objects +4') +
    oks('libdla.so listed', 'dlpi_addr is l_addr', 'dlpi_name is l_name',
        'dlpi_phdr: its program headers (PT_LOAD, PT_DYNAMIC at l_ld)') +
    FINI_DLA + oks('dlclose') + lines('after dlclose: adds +4, subs +4, objects +0'))
api('dl_iterate_phdr_stop', 'iterate_stop', oks(
    'dl_iterate_phdr: size covers the whole structure', 'dl_iterate_phdr: the program comes first',
    "dl_iterate_phdr returns the callback's value",
    'dl_iterate_phdr stops at the first non-zero value'))
api('dladdr', 'dladdr', INIT_DLA + oks('dladdr: a function') +
    'dladdr: {dir}/libdla.so, dla_func\n' + oks(
        'dladdr: dli_saddr', 'dladdr: dli_fbase is the base', 'dladdr: inside a function',
        'dladdr: a data object', 'dladdr: an address in no object',
        "dladdr: the program's function", "dladdr: the program's base",
        "dladdr1 RTLD_DL_SYMENT: the function's symbol",
        "dladdr1 RTLD_DL_SYMENT: the data object's symbol",
        "dladdr1 RTLD_DL_LINKMAP: the object's link map", 'dladdr1: an address in no object') +
    FINI_DLA + oks('dlclose', 'dladdr after dlclose: in no object'))
# RTLD_DI_SERINFO: libdla.so's DT_RUNPATH ($ORIGIN), then the system
# directories; glibc 2.36 leaves dls_flags 0
api('dlinfo', 'dlinfo', INIT_DLA + lines(
    'l_name: {dir}/libdla.so', 'l_next from it: libdla.so libdlb.so libdld.so libdlc.so') +
    oks('l_prev and l_next agree', 'RTLD_DI_ORIGIN') + lines('origin: {dir}') +
    oks('RTLD_DI_SERINFOSIZE', 'RTLD_DI_SERINFO') +
    ''.join(f'search path: {d} (flags 0x0)\n' for d in (
        '{dir}', '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib', '/usr/lib')) +
    oks("RTLD_DI_SERINFO: the strings fit in RTLD_DI_SERINFOSIZE's size",
        'RTLD_DI_TLS_MODID: 0 without TLS', 'RTLD_DI_TLS_DATA: NULL without TLS',
        'RTLD_DI_LMID: the base namespace', 'an unknown request fails') +
    'dlerror: unsupported dlinfo request\n' + FINI_DLA + oks('dlclose'))
api('dl_find_object', 'find', INIT_DLA + oks(
    'libdla.so has PT_GNU_EH_FRAME', '_dl_find_object: a function of libdla.so',
    '_dl_find_object: the bounds contain it', '_dl_find_object: the start is the base',
    '_dl_find_object: the link map', '_dl_find_object: dlfo_eh_frame is PT_GNU_EH_FRAME',
    '_dl_find_object: the program', "_dl_find_object: the program's base and eh_frame",
    '_dl_find_object: an address in no object') +
    FINI_DLA + oks('dlclose', '_dl_find_object after dlclose'))


def no_trace(message):
    return (oks('dlopen fails') + f'dlerror: {message}\n' +
            oks('dl_iterate_phdr: the same objects as before', '/proc/self/maps: nothing of it',
                'dlopen fails again') + f'dlerror: {message}\n')


# libdlmiss.so needs libdlok.so, then libdlnothere.so (missing)
api('fail_missing_dependency', 'fail_dep', no_trace(f'libdlnothere.so: {NOT_FOUND}') +
    lines('init dlok', 'fini dlok') + oks('the dependency alone loads'))
api('fail_undefined_symbol_now', 'fail_sym',
    no_trace('{dir}/libdlundef.so: undefined symbol: dlundef_missing') +
    lines('init dlok', 'init dlundef', 'fini dlundef', 'fini dlok') +
    oks('RTLD_LAZY: loads, the function is not called'))
# a damaged copy of libdlok.so in {tmp}
BAD = {
    'empty': 'file too short',
    'phdrs': 'cannot read file data',
    'text': 'invalid ELF header',
    'class32': 'wrong ELF class: ELFCLASS32',
    'etype': 'only ET_DYN and ET_EXEC can be loaded',
    'machine': NOT_FOUND,
    'noload': 'object file has no loadable segments',
}
for how, message in BAD.items():
    api(f'fail_damaged_{how}', 'fail_bad', no_trace(f'{{tmp}}/libdlok.so: {message}'),
        env={'DLT_BAD': '{tmp}/libdlok.so'}, damage=('libdlok.so', how))
# libdlre.so's constructor dlopens libdlre2.so, its destructor dlcloses it:
# glibc runs libdlre2.so's destructor after the outer dlclose's
api('constructor_dlopen', 'ctor', lines(
    'init dlre: dlopen libdlre2.so', 'init dlre2', 'init dlre: dlre2_func() = 2') +
    oks('dlre_func') + lines('fini dlre: dlclose libdlre2.so', 'fini dlre: dlclose = 0',
                             'fini dlre2') + oks('dlclose', 'both unloaded'))
case('constructor_dlopen_startup', 't_dlctor', stdout=lines(
    'init dlre: dlopen libdlre2.so', 'init dlre2', 'init dlre: dlre2_func() = 2',
    'main: dlre_func() = 7') + oks('main: libdlre2.so is loaded', 'main: RTLD_NOLOAD finds it'))
# libfotop.so needs libfol.so and libfor.so; both need libfob.so, libfor.so
# also libfox.so
FO_INIT = lines('init fox', 'init fob', 'init for', 'init fol', 'init fotop')
api('fini_order', 'fini_order', FO_INIT + lines(
    'dlclose libfotop.so', 'fini fotop', 'fini fol', 'fini for', 'fini fob', 'fini fox') +
    oks('dlclose') + FO_INIT + lines(
        'dlclose libfotop.so, libfol.so still open', 'fini fotop', 'fini for', 'fini fox') +
    oks('dlclose') + lines('dlclose libfol.so', 'fini fol', 'fini fob') + oks('dlclose'))

# --- rtld's own interface: rtld_tls_dtor_hold / rtld_tls_dtor_release ---------------

HOLD_INIT = lines('init dlhold')
case('dtor_hold_release_last', 't_dlhold', 'release_last', modes=RTLD, stdout=HOLD_INIT + oks(
    'dlclose with a hold pending', 'held: still loaded', 'held: its code still runs') +
    lines('release', 'fini dlhold') + oks('released: unloaded'))
case('dtor_hold_close_last', 't_dlhold', 'close_last', modes=RTLD, stdout=HOLD_INIT + oks(
    'hold and release with the handle open: still loaded') +
    lines('dlclose', 'fini dlhold') + oks('dlclose', 'unloaded'))
case('dtor_hold_two', 't_dlhold', 'two_holds', modes=RTLD, stdout=HOLD_INIT + oks(
    'dlclose with two holds', 'one released: still loaded') +
    lines('release', 'fini dlhold') + oks('both released: unloaded'))
case('dtor_hold_reopen', 't_dlhold', 'reopen', modes=RTLD, stdout=HOLD_INIT + oks(
    'dlclose with a hold pending', 'held: RTLD_NOLOAD still finds it',
    'released, reopened: still loaded') + lines('dlclose', 'fini dlhold') +
    oks('dlclose', 'unloaded'))

# --- threads and the debugger ------------------------------------------------------

# 4 threads for about 2 s (the runner's timeout catches a deadlock)
case('stress_threads', 't_dlstress', stdout=oks(
    'every thread looped', 'no failed call',
    "a thread's own library starts with fresh TLS at every load", 'all unloaded',
    'VmRSS grew by less than 4 MiB'))
# gdb.py: a breakpoint in a dlopen'd library, set before it is loaded
case('gdb_pending_breakpoint', 't_dlgdb', modes=GDB, stdout=lines(
    'breakpoint pending before the dlopen: yes', 'stopped in dlgdb_target: yes',
    'info sharedlibrary lists libdlgdb.so: yes', 'the program went on: yes',
    'the program exited normally: yes'))
