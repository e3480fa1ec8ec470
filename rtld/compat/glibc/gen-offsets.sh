#!/usr/bin/env bash
# gen-offsets.sh: generate glibc_layout.h, the private layouts of the
# installed glibc, from its detached debug info (libc6-dbg) with gdb.
#
#   gen-offsets.sh OUT.h [DEPFILE]   write the header (and a make depfile)
#   gen-offsets.sh --check           exit 0 if gdb and the matching debug
#                                    info are there, else say why on stderr
#
# Every value comes from the debug info of *this* build of libc.so.6 and
# ld.so (they are keyed by build-id), never from upstream source: Debian's
# stable updates change these layouts (see LAYOUT.md).  Each struct is
# evaluated twice, against libc's and against ld.so's debug info; where
# both describe it they must agree.  The values are also checked against
# the _thread_db_* descriptors compiled into libc.so.6, which the header
# carries too, so that rtld can repeat that check at run time.
#
# Environment overrides: GLIBC_LIBC, GLIBC_LDSO (the objects),
# GLIBC_DEBUG_DIR (default /usr/lib/debug), GDB, READELF, NM, CC.
set -euo pipefail

prog=${0##*/}
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }

LIBC=${GLIBC_LIBC:-/lib/x86_64-linux-gnu/libc.so.6}
LDSO=${GLIBC_LDSO:-/lib64/ld-linux-x86-64.so.2}
DEBUG_DIR=${GLIBC_DEBUG_DIR:-/usr/lib/debug}
GDB=${GDB:-gdb}
READELF=${READELF:-readelf}
NM=${NM:-nm}
CC=${CC:-cc}

check_only=false
case ${1:-} in
--check) check_only=true ;;
''|-*) die "usage: $prog OUT.h [DEPFILE] | $prog --check" ;;
esac
out=${1:-}
depfile=${2:-}

# ---------------------------------------------------------------------------
# Prerequisites: tools, the two objects, their build-ids, the debug files.

for t in "$GDB" "$READELF" "$NM"; do
	command -v "$t" >/dev/null 2>&1 ||
		die "'$t' not found; install gdb and binutils (apt-get install gdb binutils)"
done
[ -r "$LIBC" ] || die "$LIBC not found (set GLIBC_LIBC)"
[ -r "$LDSO" ] || die "$LDSO not found (set GLIBC_LDSO)"

build_id() {
	LC_ALL=C "$READELF" -n "$1" 2>/dev/null |
		sed -n 's/^[[:space:]]*Build ID:[[:space:]]*\([0-9a-f]*\).*/\1/p' | head -n 1
}

pkg_versions() {
	command -v dpkg-query >/dev/null 2>&1 || return 0
	local v w
	v=$(dpkg-query -W -f='${Version}' libc6 2>/dev/null || true)
	w=$(dpkg-query -W -f='${Version}' libc6-dbg 2>/dev/null || true)
	printf ' (installed: libc6 %s, libc6-dbg %s)' "${v:-none}" "${w:-none}"
}

# debug_file OBJECT BUILD-ID: the path of the separate debug file, checked.
debug_file() {
	local f="$DEBUG_DIR/.build-id/${2:0:2}/${2:2}.debug" id
	[ -r "$f" ] || die "no debug info for $1 (build-id $2): $f is missing;" \
		"install libc6-dbg of exactly the installed libc6 version$(pkg_versions)"
	id=$(build_id "$f")
	[ "$id" = "$2" ] || die "$f has build-id '${id:-none}', not $2 (corrupt or foreign libc6-dbg)"
	printf '%s\n' "$f"
}

libc_id=$(build_id "$LIBC")
ldso_id=$(build_id "$LDSO")
[ -n "$libc_id" ] || die "$LIBC has no NT_GNU_BUILD_ID note"
[ -n "$ldso_id" ] || die "$LDSO has no NT_GNU_BUILD_ID note"
libc_dbg=$(debug_file "$LIBC" "$libc_id")
ldso_dbg=$(debug_file "$LDSO" "$ldso_id")

if $check_only; then
	printf 'libc.so.6 %s, ld.so %s: debug info present\n' "$libc_id" "$ldso_id"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gen-offsets.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------------------
# What to extract.  One entry a line, fields separated by '|':
#   @|text                        start a section (a comment in the header)
#   S|NAME|type                   GLIBC_SIZEOF_NAME, GLIBC_ALIGNOF_NAME
#   F|NAME|type|member[|opt]      GLIBC_OFF_NAME_MEMBER, GLIBC_SIZEOF_NAME_MEMBER
#   B|NAME|type|member            bitfield: GLIBC_OFF_/BIT_/WIDTH_NAME_MEMBER
#   E|NAME|expression[|opt]       GLIBC_NAME = an integer expression
# NAME is GL for struct rtld_global and GLRO for struct rtld_global_ro, as in
# glibc's GL()/GLRO() (and because RTLD_GLOBAL is a <dlfcn.h> macro).
# MEMBER in the macro name is the member path, upper case, each part without
# its leading underscores and array index: _dl_ns[0]._ns_loaded -> DL_NS_NS_LOADED.
# 'opt' marks values that may be absent from a glibc build.

read -r -d '' SPEC <<'EOF' || true
@|GLRO = struct rtld_global_ro (_rtld_global_ro@GLIBC_PRIVATE), read by libc, libm, libmvec
S|GLRO|struct rtld_global_ro
F|GLRO|struct rtld_global_ro|_dl_debug_mask
F|GLRO|struct rtld_global_ro|_dl_pagesize
F|GLRO|struct rtld_global_ro|_dl_minsigstacksize
F|GLRO|struct rtld_global_ro|_dl_clktck
F|GLRO|struct rtld_global_ro|_dl_fpu_control
F|GLRO|struct rtld_global_ro|_dl_hwcap
F|GLRO|struct rtld_global_ro|_dl_hwcap2
F|GLRO|struct rtld_global_ro|_dl_platform
F|GLRO|struct rtld_global_ro|_dl_auxv
F|GLRO|struct rtld_global_ro|_dl_x86_cpu_features
F|GLRO|struct rtld_global_ro|_dl_tls_static_size
F|GLRO|struct rtld_global_ro|_dl_tls_static_align
F|GLRO|struct rtld_global_ro|_dl_tls_static_surplus
F|GLRO|struct rtld_global_ro|_dl_init_all_dirs
F|GLRO|struct rtld_global_ro|_dl_sysinfo_dso
F|GLRO|struct rtld_global_ro|_dl_sysinfo_map
F|GLRO|struct rtld_global_ro|_dl_vdso_clock_gettime64
F|GLRO|struct rtld_global_ro|_dl_vdso_gettimeofday
F|GLRO|struct rtld_global_ro|_dl_vdso_time
F|GLRO|struct rtld_global_ro|_dl_vdso_getcpu
F|GLRO|struct rtld_global_ro|_dl_vdso_clock_getres_time64
F|GLRO|struct rtld_global_ro|_dl_debug_printf
F|GLRO|struct rtld_global_ro|_dl_mcount
F|GLRO|struct rtld_global_ro|_dl_lookup_symbol_x
F|GLRO|struct rtld_global_ro|_dl_open
F|GLRO|struct rtld_global_ro|_dl_close
F|GLRO|struct rtld_global_ro|_dl_catch_error
F|GLRO|struct rtld_global_ro|_dl_error_free
F|GLRO|struct rtld_global_ro|_dl_tls_get_addr_soft
F|GLRO|struct rtld_global_ro|_dl_libc_freeres
F|GLRO|struct rtld_global_ro|_dl_find_object
F|GLRO|struct rtld_global_ro|_dl_dlfcn_hook
F|GLRO|struct rtld_global_ro|_dl_audit
F|GLRO|struct rtld_global_ro|_dl_naudit
@|struct cpu_features at GLRO + GLIBC_OFF_GLRO_DL_X86_CPU_FEATURES; offsets are within it
S|CPU_FEATURES|struct cpu_features
F|CPU_FEATURES|struct cpu_features|basic.kind
F|CPU_FEATURES|struct cpu_features|basic.max_cpuid
F|CPU_FEATURES|struct cpu_features|basic.family
F|CPU_FEATURES|struct cpu_features|basic.model
F|CPU_FEATURES|struct cpu_features|basic.stepping
F|CPU_FEATURES|struct cpu_features|features
E|CPU_FEATURES_FEATURES_COUNT|sizeof(((struct cpu_features *)0)->features) / sizeof(((struct cpu_features *)0)->features[0])
S|CPUID_FEATURE_INTERNAL|struct cpuid_feature_internal
F|CPUID_FEATURE_INTERNAL|struct cpuid_feature_internal|cpuid_array
F|CPUID_FEATURE_INTERNAL|struct cpuid_feature_internal|active_array
F|CPU_FEATURES|struct cpu_features|preferred
F|CPU_FEATURES|struct cpu_features|isa_1
F|CPU_FEATURES|struct cpu_features|xsave_state_size
F|CPU_FEATURES|struct cpu_features|xsave_state_full_size
F|CPU_FEATURES|struct cpu_features|data_cache_size
F|CPU_FEATURES|struct cpu_features|shared_cache_size
F|CPU_FEATURES|struct cpu_features|non_temporal_threshold
F|CPU_FEATURES|struct cpu_features|rep_movsb_threshold
F|CPU_FEATURES|struct cpu_features|rep_movsb_stop_threshold
F|CPU_FEATURES|struct cpu_features|rep_stosb_threshold
F|CPU_FEATURES|struct cpu_features|level1_icache_size
F|CPU_FEATURES|struct cpu_features|level1_icache_linesize
F|CPU_FEATURES|struct cpu_features|level1_dcache_size
F|CPU_FEATURES|struct cpu_features|level1_dcache_assoc
F|CPU_FEATURES|struct cpu_features|level1_dcache_linesize
F|CPU_FEATURES|struct cpu_features|level2_cache_size
F|CPU_FEATURES|struct cpu_features|level2_cache_assoc
F|CPU_FEATURES|struct cpu_features|level2_cache_linesize
F|CPU_FEATURES|struct cpu_features|level3_cache_size
F|CPU_FEATURES|struct cpu_features|level3_cache_assoc
F|CPU_FEATURES|struct cpu_features|level3_cache_linesize
F|CPU_FEATURES|struct cpu_features|level4_cache_size
@|cpu_features.basic.kind values (enum cpu_features_kind)
E|ARCH_KIND_INTEL|arch_kind_intel
E|ARCH_KIND_AMD|arch_kind_amd
E|ARCH_KIND_ZHAOXIN|arch_kind_zhaoxin
E|ARCH_KIND_OTHER|arch_kind_other
@|cpu_features.features[] index of each CPUID leaf (CPUID_INDEX_*, public through <sys/platform/x86.h>)
E|CPUID_INDEX_1|CPUID_INDEX_1
E|CPUID_INDEX_7|CPUID_INDEX_7
E|CPUID_INDEX_80000001|CPUID_INDEX_80000001
E|CPUID_INDEX_D_ECX_1|CPUID_INDEX_D_ECX_1
E|CPUID_INDEX_80000007|CPUID_INDEX_80000007
E|CPUID_INDEX_80000008|CPUID_INDEX_80000008
E|CPUID_INDEX_7_ECX_1|CPUID_INDEX_7_ECX_1
E|CPUID_INDEX_19|CPUID_INDEX_19
E|CPUID_INDEX_14_ECX_0|CPUID_INDEX_14_ECX_0
@|cpu_features.preferred[0]: bit number of each flag (_bitindex_arch_*; all in word 0)
E|PREFERRED_FAST_REP_STRING|_bitindex_arch_Fast_Rep_String
E|PREFERRED_FAST_COPY_BACKWARD|_bitindex_arch_Fast_Copy_Backward
E|PREFERRED_SLOW_BSF|_bitindex_arch_Slow_BSF
E|PREFERRED_FAST_UNALIGNED_LOAD|_bitindex_arch_Fast_Unaligned_Load
E|PREFERRED_PREFER_PMINUB_FOR_STRINGOP|_bitindex_arch_Prefer_PMINUB_for_stringop
E|PREFERRED_FAST_UNALIGNED_COPY|_bitindex_arch_Fast_Unaligned_Copy
E|PREFERRED_I586|_bitindex_arch_I586
E|PREFERRED_I686|_bitindex_arch_I686
E|PREFERRED_SLOW_SSE4_2|_bitindex_arch_Slow_SSE4_2
E|PREFERRED_AVX_FAST_UNALIGNED_LOAD|_bitindex_arch_AVX_Fast_Unaligned_Load
E|PREFERRED_PREFER_NO_VZEROUPPER|_bitindex_arch_Prefer_No_VZEROUPPER
E|PREFERRED_PREFER_ERMS|_bitindex_arch_Prefer_ERMS
E|PREFERRED_PREFER_NO_AVX512|_bitindex_arch_Prefer_No_AVX512
E|PREFERRED_MATHVEC_PREFER_NO_AVX512|_bitindex_arch_MathVec_Prefer_No_AVX512
E|PREFERRED_PREFER_FSRM|_bitindex_arch_Prefer_FSRM
E|PREFERRED_AVOID_SHORT_DISTANCE_REP_MOVSB|_bitindex_arch_Avoid_Short_Distance_REP_MOVSB
@|GL = struct rtld_global (_rtld_global@GLIBC_PRIVATE), read and written by libc
S|GL|struct rtld_global
F|GL|struct rtld_global|_dl_ns
E|DL_NNS_MAX|sizeof(((struct rtld_global *)0)->_dl_ns) / sizeof(((struct rtld_global *)0)->_dl_ns[0])
F|GL|struct rtld_global|_dl_ns[0]._ns_loaded
F|GL|struct rtld_global|_dl_ns[0]._ns_nloaded
F|GL|struct rtld_global|_dl_ns[0]._ns_main_searchlist
F|GL|struct rtld_global|_dl_ns[0]._ns_global_scope_alloc
F|GL|struct rtld_global|_dl_ns[0].libc_map|opt
F|GL|struct rtld_global|_dl_nns
F|GL|struct rtld_global|_dl_load_lock
F|GL|struct rtld_global|_dl_load_write_lock
F|GL|struct rtld_global|_dl_load_tls_lock|opt
F|GL|struct rtld_global|_dl_load_adds
F|GL|struct rtld_global|_dl_initfirst
F|GL|struct rtld_global|_dl_profile_map
F|GL|struct rtld_global|_dl_all_dirs
F|GL|struct rtld_global|_dl_rtld_map
F|GL|struct rtld_global|_dl_stack_flags
F|GL|struct rtld_global|_dl_tls_dtv_gaps
F|GL|struct rtld_global|_dl_tls_max_dtv_idx
F|GL|struct rtld_global|_dl_tls_dtv_slotinfo_list
F|GL|struct rtld_global|_dl_tls_static_nelem|opt
F|GL|struct rtld_global|_dl_tls_static_used|opt
F|GL|struct rtld_global|_dl_tls_static_optional|opt
F|GL|struct rtld_global|_dl_initial_dtv
F|GL|struct rtld_global|_dl_tls_generation
F|GL|struct rtld_global|_dl_scope_free_list
F|GL|struct rtld_global|_dl_stack_used
F|GL|struct rtld_global|_dl_stack_user
F|GL|struct rtld_global|_dl_stack_cache
F|GL|struct rtld_global|_dl_stack_cache_actsize
F|GL|struct rtld_global|_dl_in_flight_stack
F|GL|struct rtld_global|_dl_stack_cache_lock
@|struct link_namespaces (one element of _rtld_global._dl_ns)
S|LINK_NAMESPACES|struct link_namespaces
@|pthread_mutex_t (the __rtld_lock_recursive_t locks in _rtld_global; initialise __kind)
S|PTHREAD_MUTEX|pthread_mutex_t
F|PTHREAD_MUTEX|pthread_mutex_t|__data.__lock
F|PTHREAD_MUTEX|pthread_mutex_t|__data.__count
F|PTHREAD_MUTEX|pthread_mutex_t|__data.__owner
F|PTHREAD_MUTEX|pthread_mutex_t|__data.__kind
E|PTHREAD_MUTEX_RECURSIVE_NP|PTHREAD_MUTEX_RECURSIVE_NP
S|RTLD_LOCK_RECURSIVE|__rtld_lock_recursive_t
@|struct link_map (the private one; the rtld keeps a shadow per object)
S|LINK_MAP|struct link_map
F|LINK_MAP|struct link_map|l_addr
F|LINK_MAP|struct link_map|l_name
F|LINK_MAP|struct link_map|l_ld
F|LINK_MAP|struct link_map|l_next
F|LINK_MAP|struct link_map|l_prev
F|LINK_MAP|struct link_map|l_real
F|LINK_MAP|struct link_map|l_ns
F|LINK_MAP|struct link_map|l_libname
F|LINK_MAP|struct link_map|l_info
E|L_INFO_COUNT|sizeof(((struct link_map *)0)->l_info) / sizeof(((struct link_map *)0)->l_info[0])
F|LINK_MAP|struct link_map|l_phdr
F|LINK_MAP|struct link_map|l_phnum
F|LINK_MAP|struct link_map|l_nbuckets
F|LINK_MAP|struct link_map|l_gnu_bitmask_idxbits
F|LINK_MAP|struct link_map|l_gnu_shift
F|LINK_MAP|struct link_map|l_gnu_bitmask
F|LINK_MAP|struct link_map|l_gnu_buckets
F|LINK_MAP|struct link_map|l_gnu_chain_zero
B|LINK_MAP|struct link_map|l_type
B|LINK_MAP|struct link_map|l_relocated
B|LINK_MAP|struct link_map|l_contiguous
B|LINK_MAP|struct link_map|l_free_initfini
F|LINK_MAP|struct link_map|l_map_start
F|LINK_MAP|struct link_map|l_map_end
F|LINK_MAP|struct link_map|l_initfini
F|LINK_MAP|struct link_map|l_init_called_next|opt
F|LINK_MAP|struct link_map|l_tls_initimage
F|LINK_MAP|struct link_map|l_tls_initimage_size
F|LINK_MAP|struct link_map|l_tls_blocksize
F|LINK_MAP|struct link_map|l_tls_align
F|LINK_MAP|struct link_map|l_tls_firstbyte_offset
F|LINK_MAP|struct link_map|l_tls_offset
F|LINK_MAP|struct link_map|l_tls_modid
F|LINK_MAP|struct link_map|l_tls_dtor_count
@|struct libname_list (link_map.l_libname)
S|LIBNAME_LIST|struct libname_list
F|LIBNAME_LIST|struct libname_list|name
F|LIBNAME_LIST|struct libname_list|next
F|LIBNAME_LIST|struct libname_list|dont_free
@|struct pthread (the TCB at %fs, TLS variant II; TLS_TCB_SIZE = its size)
S|PTHREAD|struct pthread
F|PTHREAD|struct pthread|header
F|PTHREAD|struct pthread|header.tcb
F|PTHREAD|struct pthread|header.dtv
F|PTHREAD|struct pthread|header.self
F|PTHREAD|struct pthread|header.multiple_threads
F|PTHREAD|struct pthread|header.gscope_flag
F|PTHREAD|struct pthread|header.stack_guard
F|PTHREAD|struct pthread|header.pointer_guard
F|PTHREAD|struct pthread|header.feature_1
F|PTHREAD|struct pthread|list
F|PTHREAD|struct pthread|tid
F|PTHREAD|struct pthread|robust_prev
F|PTHREAD|struct pthread|robust_head
F|PTHREAD|struct pthread|robust_head.list
F|PTHREAD|struct pthread|robust_head.futex_offset
F|PTHREAD|struct pthread|robust_head.list_op_pending
F|PTHREAD|struct pthread|cancelhandling
F|PTHREAD|struct pthread|specific_1stblock
F|PTHREAD|struct pthread|specific
F|PTHREAD|struct pthread|specific_used
F|PTHREAD|struct pthread|report_events
F|PTHREAD|struct pthread|user_stack
F|PTHREAD|struct pthread|stackblock
F|PTHREAD|struct pthread|stackblock_size
F|PTHREAD|struct pthread|guardsize
F|PTHREAD|struct pthread|rseq_area
F|PTHREAD|struct pthread|rseq_area.cpu_id_start
F|PTHREAD|struct pthread|rseq_area.cpu_id
E|RSEQ_AREA_SIZE|sizeof(((struct pthread *)0)->rseq_area)
E|RSEQ_FEATURE_SIZE|(long)&((struct pthread *)0)->rseq_area.flags - (long)&((struct pthread *)0)->rseq_area + sizeof(((struct pthread *)0)->rseq_area.flags)
S|PTHREAD_KEY_DATA|struct pthread_key_data
S|ROBUST_LIST_HEAD|struct robust_list_head
E|ROBUST_FUTEX_OFFSET|(long)&((pthread_mutex_t *)0)->__data.__lock - (long)&((pthread_mutex_t *)0)->__data.__list.__next
S|LIST_T|list_t
S|DTV_T|dtv_t
F|DTV_T|dtv_t|counter
F|DTV_T|dtv_t|pointer.val
F|DTV_T|dtv_t|pointer.to_free
@|struct dlfcn_hook (what _rtld_global_ro._dl_dlfcn_hook points to)
S|DLFCN_HOOK|struct dlfcn_hook
F|DLFCN_HOOK|struct dlfcn_hook|dlopen
F|DLFCN_HOOK|struct dlfcn_hook|dlclose
F|DLFCN_HOOK|struct dlfcn_hook|dlsym
F|DLFCN_HOOK|struct dlfcn_hook|dlvsym
F|DLFCN_HOOK|struct dlfcn_hook|dlerror
F|DLFCN_HOOK|struct dlfcn_hook|dladdr
F|DLFCN_HOOK|struct dlfcn_hook|dladdr1
F|DLFCN_HOOK|struct dlfcn_hook|dlinfo
F|DLFCN_HOOK|struct dlfcn_hook|dlmopen
F|DLFCN_HOOK|struct dlfcn_hook|libc_dlopen_mode
F|DLFCN_HOOK|struct dlfcn_hook|libc_dlsym
F|DLFCN_HOOK|struct dlfcn_hook|libc_dlvsym
F|DLFCN_HOOK|struct dlfcn_hook|libc_dlclose
@|struct dl_find_object (filled by _rtld_global_ro._dl_find_object)
S|DL_FIND_OBJECT|struct dl_find_object
F|DL_FIND_OBJECT|struct dl_find_object|dlfo_flags
F|DL_FIND_OBJECT|struct dl_find_object|dlfo_map_start
F|DL_FIND_OBJECT|struct dl_find_object|dlfo_map_end
F|DL_FIND_OBJECT|struct dl_find_object|dlfo_link_map
F|DL_FIND_OBJECT|struct dl_find_object|dlfo_eh_frame
@|struct r_found_version (the version libc's vDSO lookup asks for through _dl_lookup_symbol_x)
S|R_FOUND_VERSION|struct r_found_version
F|R_FOUND_VERSION|struct r_found_version|name
F|R_FOUND_VERSION|struct r_found_version|hash
F|R_FOUND_VERSION|struct r_found_version|hidden
@|tunables (ld.so's tunable_list; ids are the index passed to __tunable_get_val)
E|TUNABLES_COUNT|sizeof(tunable_list) / sizeof(tunable_list[0])|opt
E|SIZEOF_TUNABLE_VAL|sizeof(tunable_val_t)|opt
E|SIZEOF_TUNABLE_NAME|sizeof(tunable_list[0].name)|opt
E|SIZEOF_TUNABLE_ENV_ALIAS|sizeof(tunable_list[0].env_alias)|opt
F|TUNABLE_VAL|tunable_val_t|numval|opt
F|TUNABLE_VAL|tunable_val_t|strval|opt
EOF

# member path -> macro part: _dl_ns[0]._ns_loaded -> DL_NS_NS_LOADED
mangle() {
	local IFS=. p r=
	for p in $1; do
		p=${p%%\[*}
		while [ "${p#_}" != "$p" ]; do p=${p#_}; done
		r+=${r:+_}$p
	done
	printf '%s' "${r^^}"
}

# ---------------------------------------------------------------------------
# The gdb command file, run once against each object.

cmds=$tmp/cmds.gdb
: >"$cmds"
bitfield_types=()
while IFS='|' read -r kind name a b opt; do
	case $kind in
	S)	printf 'printf "V SIZEOF_%s %%ld\\n", (long)sizeof(%s)\n' "$name" "$a"
		printf 'printf "V ALIGNOF_%s %%ld\\n", (long)_Alignof(%s)\n' "$name" "$a" ;;
	F)	m=$(mangle "$b")
		printf 'printf "V OFF_%s_%s %%ld\\n", (long)&((%s *)0)->%s\n' "$name" "$m" "$a" "$b"
		printf 'printf "V SIZEOF_%s_%s %%ld\\n", (long)sizeof(((%s *)0)->%s)\n' "$name" "$m" "$a" "$b" ;;
	E)	printf 'printf "V %s %%ld\\n", (long)(%s)\n' "$name" "$a" ;;
	B)	case " ${bitfield_types[*]-} " in *" $a "*) ;; *) bitfield_types+=("$a") ;; esac ;;
	esac
done <<<"$SPEC" >>"$cmds"
for t in "${bitfield_types[@]}"; do
	printf 'echo @PTYPE %s\\n\nptype /o %s\necho @END\\n\n' "$t" "$t"
done >>"$cmds"
for t in tunable_id_t tunable_type_code_t tunable_seclevel_t; do
	printf 'echo @PTYPE %s\\n\nptype %s\necho @END\\n\n' "$t" "$t"
done >>"$cmds"
printf 'printf "STR VERSION %%s\\n", __libc_version\n' >>"$cmds"

# The _thread_db_* descriptors libc exports (GLIBC_PRIVATE): 4-byte scalars
# (sizes) and 12-byte {bit size, count, offset} triples.  Read from the
# object itself, so only the libc run gets these commands.
tdb_cmds=$tmp/tdb.gdb
: >"$tdb_cmds"
LC_ALL=C "$NM" -D --defined-only -S "$LIBC" |
	awk '$4 ~ /^_thread_db_/ { sub(/@.*/, "", $4); print $4, $2 }' | sort -u |
while read -r sym size; do
	case $((16#$size)) in
	4)  printf 'printf "T1 %s %%u\\n", *(const unsigned int *)&%s\n' "$sym" "$sym" ;;
	12) printf 'printf "T3 %s %%u %%u %%u\\n", ((const unsigned int *)&%s)[0], ((const unsigned int *)&%s)[1], ((const unsigned int *)&%s)[2]\n' \
		"$sym" "$sym" "$sym" "$sym" ;;
	*)  printf 'echo UNKNOWN %s %s\\n\n' "$sym" "$size" ;;
	esac
done >>"$tdb_cmds"
[ -s "$tdb_cmds" ] || die "$LIBC exports no _thread_db_* descriptors"

# Commands go in as -ex, one each: gdb stops a -x script at its first error,
# and an absent optional member is an error.
gdb_batch() { # tag gdb-arguments...; writes $tmp/$tag.{out,err}
	local tag=$1; shift
	"$GDB" -batch -nx -iex 'set debuginfod enabled off' \
		-iex "set debug-file-directory $DEBUG_DIR" -iex 'set width 0' \
		-iex 'set height 0' "$@" >"$tmp/$tag.out" 2>"$tmp/$tag.err" </dev/null || true
}
run_gdb() { # tag object command-files...
	local tag=$1 obj=$2 f line; shift 2
	local args=()
	for f; do
		while IFS= read -r line; do args+=(-ex "$line"); done <"$f"
	done
	gdb_batch "$tag" "$obj" "${args[@]}"
}
# ld.so's tunable_list as the file has it (before start-up), one line an
# entry.  A loop needs a script (-x), so it has a run of its own: gdb
# stopping that script at an error (a build without tunables) stops
# nothing else.
tun_cmds=$tmp/tunables.gdb
cat >"$tun_cmds" <<'GDB'
set $i = 0
while $i < sizeof(tunable_list) / sizeof(tunable_list[0])
printf "TUN|%d|%s|%d|%ld|%ld|%ld|%d|%d|%s|\n", $i, tunable_list[$i].name, (int)tunable_list[$i].type.type_code, (long)tunable_list[$i].type.min, (long)tunable_list[$i].type.max, (long)tunable_list[$i].val.numval, (int)tunable_list[$i].initialized, (int)tunable_list[$i].security_level, tunable_list[$i].env_alias
set $i = $i + 1
end
GDB
run_gdb libc "$LIBC" "$cmds" "$tdb_cmds" &
run_gdb ldso "$LDSO" "$cmds" &
gdb_batch tun -x "$tun_cmds" "$LDSO" &
wait

for tag in libc ldso; do
	grep -q '^V SIZEOF_LINK_MAP ' "$tmp/$tag.out" || {
		sed 's/^/  gdb: /' "$tmp/$tag.err" | head -n 5 >&2
		die "gdb could not read the debug info of the $tag object" \
			"(expected in $( [ $tag = libc ] && echo "$libc_dbg" || echo "$ldso_dbg"))"
	}
done

# ---------------------------------------------------------------------------
# Merge the two runs: a value either run lacks is taken from the other, a
# value they disagree on is an error.

declare -A val
errors=()
fail_if_errors() {
	[ ${#errors[@]} -eq 0 ] && return
	printf '%s: error: %s\n' "$prog" "the layouts of $LIBC ($libc_id) could not be derived:" >&2
	printf '  %s\n' "${errors[@]}" >&2
	exit 1
}
merge() { # NAME [opt]
	local n=$1 x y
	x=${vlibc[$n]-} y=${vldso[$n]-}
	if [ -n "$x" ] && [ -n "$y" ] && [ "$x" != "$y" ]; then
		errors+=("$n: libc's debug info says $x, ld.so's says $y")
	elif [ -n "$x$y" ]; then
		val[$n]=${x:-$y}
	elif [ "${2-}" != opt ]; then
		errors+=("$n: not found in the debug info (layout changed? re-audit)")
	fi
}
declare -A vlibc vldso
while read -r _ n v; do vlibc[$n]=$v; done < <(grep '^V ' "$tmp/libc.out")
while read -r _ n v; do vldso[$n]=$v; done < <(grep '^V ' "$tmp/ldso.out")

# Bitfields, parsed from `ptype /o`: "/*  820: 3  |  4 */  unsigned int l_relocated : 1;"
bitfield() { # tag type member -> "byte bit width" or nothing
	awk -v t="$2" -v m="$3" '
		$0 == "@PTYPE " t { on = 1; next }
		/^@END/ { on = 0 }
		on && match($0, /^\/\* *[0-9]+: *[0-9]+ *\| *[0-9]+ \*\//) {
			n = split($0, w, /[^A-Za-z0-9_]+/)
			if (w[n - 2] != m) next       # "... m : width;" ends with m, width, ""
			hdr = substr($0, RSTART, RLENGTH); gsub(/[^0-9]+/, " ", hdr)
			split(hdr, h, " "); print h[1], h[2], w[n - 1]; found++
		}
		END { exit found == 1 ? 0 : 1 }' "$tmp/$1.out"
}

while IFS='|' read -r kind name a b opt; do
	case $kind in
	S)	merge "SIZEOF_$name"; merge "ALIGNOF_$name" ;;
	F)	m=$(mangle "$b"); merge "OFF_${name}_$m" "$opt"; merge "SIZEOF_${name}_$m" "$opt" ;;
	E)	merge "$name" "$b" ;;
	B)	m=$(mangle "$b")
		for tag in libc ldso; do
			r=$(bitfield $tag "$a" "$b") || r=
			eval "bf_$tag=\$r"
		done
		if [ -n "$bf_libc" ] && [ -n "$bf_ldso" ] && [ "$bf_libc" != "$bf_ldso" ]; then
			errors+=("bitfield $a.$b: libc's debug info says '$bf_libc', ld.so's '$bf_ldso'")
		elif [ -z "$bf_libc$bf_ldso" ]; then
			errors+=("bitfield $a.$b: not found in ptype /o output")
		else
			read -r by bi wi <<<"${bf_libc:-$bf_ldso}"
			val[OFF_${name}_$m]=$by val[BIT_${name}_$m]=$bi val[WIDTH_${name}_$m]=$wi
		fi ;;
	esac
done <<<"$SPEC"

# enum_list TYPE ARRAY: the enumerators of an enum type, in order (so
# numbered 0, 1, ...), the same in libc's and ld.so's debug info.
enum_names() { # type tag
	awk -v t="$1" '$0 == "@PTYPE " t { on = 1; next } /^@END/ { on = 0 }
	on && /^type = enum/ { sub(/^[^{]*\{/, ""); sub(/\}.*/, ""); print }' "$tmp/$2.out"
}
enum_list() {
	local -n arr=$2
	local a b
	a=$(enum_names "$1" ldso) b=$(enum_names "$1" libc)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ] &&
		errors+=("$1 differs between libc's and ld.so's debug info")
	a=${a:-$b}
	arr=()
	[ -n "$a" ] || return 0
	case $a in *=*) errors+=("$1 has explicit values; teach $prog to parse them") ;; esac
	IFS=', ' read -r -a arr <<<"$a"
}
# Tunables: the ids (tunable_id_t), then ld.so's tunable_list, whose entry i
# must be the tunable with id i, not set yet, with a name and an alias that
# go into C strings as they are.
declare -a tunable_names=() tunable_types=() tunable_seclevels=() tunable_rows=()
enum_list tunable_id_t tunable_names
enum_list tunable_type_code_t tunable_types
enum_list tunable_seclevel_t tunable_seclevels
if [ ${#tunable_names[@]} -gt 0 ]; then
	if [ -n "${val[TUNABLES_COUNT]-}" ] && [ "${#tunable_names[@]}" != "${val[TUNABLES_COUNT]}" ]; then
		errors+=("tunable_id_t has ${#tunable_names[@]} ids but tunable_list ${val[TUNABLES_COUNT]} entries")
	fi
	while IFS='|' read -r _ i name type min max dflt init sec alias _; do
		[ "$i" = "${#tunable_rows[@]}" ] || { errors+=("tunable_list entry $i out of order"); break; }
		[ "${name//./_}" = "${tunable_names[$i]-}" ] ||
			errors+=("tunable_list[$i] is '$name' but tunable_id_t says '${tunable_names[$i]-}'")
		[[ $name$alias =~ ^[A-Za-z0-9_.]*$ ]] ||
			errors+=("tunable_list[$i]: unexpected characters in '$name' or '$alias'")
		[ "$init" = 0 ] || errors+=("tunable_list[$i] ($name) is set before start-up")
		[ -n "${tunable_types[$type]-}" ] || errors+=("tunable_list[$i] ($name): unknown type $type")
		[ -n "${tunable_seclevels[$sec]-}" ] ||
			errors+=("tunable_list[$i] ($name): unknown security level $sec")
		tunable_rows+=("$i|$name|$type|$min|$max|$dflt|$sec|$alias")
	done < <(grep '^TUN|' "$tmp/tun.out")
	if [ "${#tunable_rows[@]}" != "${#tunable_names[@]}" ]; then
		sed 's/^/  gdb: /' "$tmp/tun.err" | head -n 3 >&2
		errors+=("read ${#tunable_rows[@]} entries of ld.so's tunable_list, not ${#tunable_names[@]}")
	fi
fi

version=$(sed -n 's/^STR VERSION //p' "$tmp/libc.out" | head -n 1)
fail_if_errors

# ---------------------------------------------------------------------------
# l_info indices (glibc's ldsodefs.h: VERSYMIDX, VALIDX, ADDRIDX).  The
# DT_* counts come from the installed <elf.h> (libc6-dev is always the same
# version as libc6); DT_THISPROCNUM is what remains of l_info's length.

elf=$(printf '#include <elf.h>\n@ DT_NUM DT_VERSIONTAGNUM DT_EXTRANUM DT_VALNUM DT_ADDRNUM DT_VERSYM DT_VERDEF DT_VERNEED DT_FLAGS_1 DT_RELACOUNT DT_GNU_HASH DT_TLSDESC_PLT DT_TLSDESC_GOT DT_FILTER DT_AUXILIARY DT_VERNEEDNUM DT_VALRNGHI DT_ADDRRNGHI\n' |
	"$CC" -E -P -x c - 2>/dev/null | sed -n 's/^@ //p') ||
	die "cannot preprocess <elf.h> with '$CC' (set CC; libc6-dev provides elf.h)"
read -r DT_NUM DT_VERSIONTAGNUM DT_EXTRANUM DT_VALNUM DT_ADDRNUM DT_VERSYM DT_VERDEF \
	DT_VERNEED DT_FLAGS_1 DT_RELACOUNT DT_GNU_HASH DT_TLSDESC_PLT DT_TLSDESC_GOT \
	DT_FILTER DT_AUXILIARY DT_VERNEEDNUM DT_VALRNGHI DT_ADDRRNGHI <<<"$elf"
case $DT_NUM$DT_ADDRRNGHI in *DT_*|'') die "<elf.h> lacks DT_NUM or DT_ADDRRNGHI" ;; esac
l_info_count=${val[L_INFO_COUNT]:-0}
DT_THISPROCNUM=$((l_info_count - (DT_NUM + DT_VERSIONTAGNUM + DT_EXTRANUM + DT_VALNUM + DT_ADDRNUM)))
[ "$DT_THISPROCNUM" -ge 0 ] ||
	errors+=("l_info has $l_info_count entries, fewer than <elf.h>'s DT_* counts allow")
versym_base=$((DT_NUM + DT_THISPROCNUM))
extra_base=$((versym_base + DT_VERSIONTAGNUM))
val_base=$((extra_base + DT_EXTRANUM))
addr_base=$((val_base + DT_VALNUM))
versymidx() { echo $((versym_base + DT_VERNEEDNUM - $1)); }
extraidx() { echo $((extra_base + ((-(($1 << 33) >> 33)) & 0xffffffff) - 1)); }
addridx() { echo $((addr_base + DT_ADDRRNGHI - $1)); }

# ---------------------------------------------------------------------------
# Cross-check against the _thread_db_* descriptors libc carries.

declare -A tdb3 tdb1
while read -r _ n a b c; do tdb3[$n]="$a $b $c"; done < <(grep '^T3 ' "$tmp/libc.out")
while read -r _ n a; do tdb1[$n]=$a; done < <(grep '^T1 ' "$tmp/libc.out")
ntdb=$(grep -c '^printf' "$tdb_cmds")
grep -q '^UNKNOWN' "$tmp/libc.out" &&
	errors+=("_thread_db_* symbols of unexpected size: $(sed -n 's/^UNKNOWN //p' "$tmp/libc.out" | tr '\n' ' ')")
[ $((${#tdb1[@]} + ${#tdb3[@]})) = "$ntdb" ] ||
	errors+=("gdb read $((${#tdb1[@]} + ${#tdb3[@]})) of libc's $ntdb _thread_db_* descriptors")

tdb_expect() { # descriptor, expected "bits count offset" (count checked if given)
	local got=${tdb3[$1]-} e=$2
	[ -n "$got" ] || { errors+=("libc lacks $1"); return; }
	read -r gb gc go <<<"$got"; read -r eb ec eo <<<"$e"
	[ "$gb" = "$eb" ] && [ "$go" = "$eo" ] && { [ -z "$ec" ] || [ "$gc" = "$ec" ]; } ||
		errors+=("$1 is {$gb, $gc, $go} but the debug info gives {$eb, ${ec:-?}, $eo}")
}
tdb_size() {
	[ "${tdb1[$1]-}" = "$2" ] || errors+=("$1 is ${tdb1[$1]-missing} but the debug info gives $2")
}
v() { printf '%s' "${val[$1]:-?}"; }
tdb_size _thread_db_sizeof_pthread "$(v SIZEOF_PTHREAD)"
tdb_size _thread_db_sizeof_list_t "$(v SIZEOF_LIST_T)"
tdb_expect _thread_db_pthread_tid "$(($(v SIZEOF_PTHREAD_TID) * 8)) 1 $(v OFF_PTHREAD_TID)"
tdb_expect _thread_db_pthread_list "$(($(v SIZEOF_PTHREAD_LIST) * 8)) 1 $(v OFF_PTHREAD_LIST)"
tdb_expect _thread_db_pthread_report_events "$(($(v SIZEOF_PTHREAD_REPORT_EVENTS) * 8)) 1 $(v OFF_PTHREAD_REPORT_EVENTS)"
tdb_expect _thread_db_pthread_dtvp "$(($(v SIZEOF_PTHREAD_HEADER_DTV) * 8)) 1 $(v OFF_PTHREAD_HEADER_DTV)"
tdb_expect _thread_db_pthread_specific "$(($(v SIZEOF_PTHREAD_SPECIFIC) * 8)) 1 $(v OFF_PTHREAD_SPECIFIC)"
tdb_expect _thread_db_link_map_l_tls_modid "$(($(v SIZEOF_LINK_MAP_L_TLS_MODID) * 8)) 1 $(v OFF_LINK_MAP_L_TLS_MODID)"
tdb_expect _thread_db_link_map_l_tls_offset "$(($(v SIZEOF_LINK_MAP_L_TLS_OFFSET) * 8)) 1 $(v OFF_LINK_MAP_L_TLS_OFFSET)"
tdb_expect _thread_db_rtld_global__dl_stack_used "$(($(v SIZEOF_GL_DL_STACK_USED) * 8)) 1 $(v OFF_GL_DL_STACK_USED)"
tdb_expect _thread_db_rtld_global__dl_stack_user "$(($(v SIZEOF_GL_DL_STACK_USER) * 8)) 1 $(v OFF_GL_DL_STACK_USER)"
tdb_expect _thread_db_rtld_global__dl_tls_dtv_slotinfo_list "64 1 $(v OFF_GL_DL_TLS_DTV_SLOTINFO_LIST)"
tdb_expect _thread_db_dtv_t_pointer_val "64 1 $(v OFF_DTV_T_POINTER_VAL)"
tdb_expect _thread_db_dtv_t_counter "64 1 $(v OFF_DTV_T_COUNTER)"

fail_if_errors

# ---------------------------------------------------------------------------
# Write the header.

h=$tmp/out.h
def() { printf '#define %-56s %s\n' "GLIBC_$1" "$2"; }
c_long() { # a signed 64-bit value as a C constant of type long
	case $1 in
	-9223372036854775808) printf '(-9223372036854775807L - 1)' ;;
	*) printf '%sL' "$1" ;;
	esac
}
{
	printf '/* glibc_layout.h: private layouts of one glibc build.\n'
	printf ' * Generated by %s from libc6-dbg with gdb; do not edit.\n' "$prog"
	printf ' * Valid ONLY for the objects with these build-ids (see LAYOUT.md).\n'
	printf ' *   libc.so.6: %s\n *   ld.so:     %s\n */\n' "$libc_id" "$ldso_id"
	printf '#ifndef GLIBC_LAYOUT_H\n#define GLIBC_LAYOUT_H\n\n'
	def LIBC_BUILD_ID "\"$libc_id\""
	def LD_BUILD_ID "\"$ldso_id\""
	def LIBC_BUILD_ID_LEN $(( ${#libc_id} / 2 ))
	def LIBC_BUILD_ID_BYTES "$(sed 's/../0x&,/g; s/,$//' <<<"$libc_id")"
	def VERSION "\"${version:-unknown}\""
	if command -v dpkg-query >/dev/null 2>&1; then
		pv=$(dpkg-query -W -f='${Version}' libc6 2>/dev/null || true)
		[ -n "$pv" ] && def DEBIAN_VERSION "\"$pv\""
	fi
	while IFS='|' read -r kind name a b opt; do
		case $kind in
		@)	printf '\n/* %s */\n' "$name" ;;
		S)	def "SIZEOF_$name" "${val[SIZEOF_$name]}"
			def "ALIGNOF_$name" "${val[ALIGNOF_$name]}" ;;
		F)	m=$(mangle "$b")
			if [ -n "${val[OFF_${name}_$m]-}" ]; then
				def "OFF_${name}_$m" "${val[OFF_${name}_$m]}"
				def "SIZEOF_${name}_$m" "${val[SIZEOF_${name}_$m]}"
			else
				printf '/* %s.%s: not in this build */\n' "$a" "$b"
			fi ;;
		E)	if [ -n "${val[$name]-}" ]; then def "$name" "${val[$name]}"
			else printf '/* %s: not derivable for this build */\n' "$name"; fi ;;
		B)	m=$(mangle "$b")
			printf '/* bitfield %s: byte offset, bit in that byte, width */\n' "$b"
			def "OFF_${name}_$m" "${val[OFF_${name}_$m]}"
			def "BIT_${name}_$m" "${val[BIT_${name}_$m]}"
			def "WIDTH_${name}_$m" "${val[WIDTH_${name}_$m]}" ;;
		esac
	done <<<"$SPEC"

	if [ ${#tunable_names[@]} -gt 0 ]; then
		printf '/* tunable ids (tunable_id_t) */\n'
		i=0
		for t in "${tunable_names[@]}"; do def "TUNABLE_ID_${t^^}" $i; i=$((i + 1)); done
		printf '/* value types (tunable_type_code_t) and security levels (tunable_seclevel_t) */\n'
		i=0
		for t in "${tunable_types[@]}"; do def "$t" $i; i=$((i + 1)); done
		i=0
		for t in "${tunable_seclevels[@]}"; do def "$t" $i; i=$((i + 1)); done
		printf '/* tunable_list as built, before start-up: X(id, name, type, min, max,\n'
		printf ' * default, security level, env alias); bounds and default as int64_t */\n'
		printf '#define GLIBC_TUNABLE_LIST(X)'
		for r in "${tunable_rows[@]}"; do
			IFS='|' read -r i name type min max dflt sec alias <<<"$r"
			printf ' \\\n\tX(%s, "%s", GLIBC_%s, %s, %s, %s, GLIBC_%s, "%s")' "$i" "$name" \
				"${tunable_types[$type]}" "$(c_long "$min")" "$(c_long "$max")" \
				"$(c_long "$dflt")" "${tunable_seclevels[$sec]}" "$alias"
		done
		printf '\n'
	fi

	printf '\n/* l_info[] indices: glibc'"'"'s VERSYMIDX/VALIDX/ADDRIDX scheme.  Tags below\n'
	printf ' * DT_NUM index l_info directly.  l_info[].d_ptr holds absolute addresses. */\n'
	def DT_NUM "$DT_NUM"
	def DT_THISPROCNUM "$DT_THISPROCNUM"
	def DT_VERSIONTAGNUM "$DT_VERSIONTAGNUM"
	def DT_EXTRANUM "$DT_EXTRANUM"
	def DT_VALNUM "$DT_VALNUM"
	def DT_ADDRNUM "$DT_ADDRNUM"
	def 'VERSYMIDX(tag)' "($versym_base + (0x6fffffff - (tag)))"
	def 'EXTRAIDX(tag)' "($extra_base + ((unsigned)-((int)((unsigned)(tag) << 1) >> 1) - 1))"
	def 'VALIDX(tag)' "($val_base + (0x6ffffdff - (tag)))"
	def 'ADDRIDX(tag)' "($addr_base + (0x6ffffeff - (tag)))"
	def L_INFO_VERSYM "$(versymidx "$DT_VERSYM")"
	def L_INFO_VERDEF "$(versymidx "$DT_VERDEF")"
	def L_INFO_VERNEED "$(versymidx "$DT_VERNEED")"
	def L_INFO_FLAGS_1 "$(versymidx "$DT_FLAGS_1")"
	def L_INFO_RELACOUNT "$(versymidx "$DT_RELACOUNT")"
	def L_INFO_FILTER "$(extraidx "$DT_FILTER")"
	def L_INFO_AUXILIARY "$(extraidx "$DT_AUXILIARY")"
	def L_INFO_GNU_HASH "$(addridx "$DT_GNU_HASH")"
	def L_INFO_TLSDESC_PLT "$(addridx "$DT_TLSDESC_PLT")"
	def L_INFO_TLSDESC_GOT "$(addridx "$DT_TLSDESC_GOT")"

	printf '\n/* _thread_db_* descriptors exported by libc.so.6 (GLIBC_PRIVATE), as built.\n'
	printf ' * Scalars are 4 bytes; the others are uint32_t[3] {bits, count, offset}.\n'
	printf ' * rtld looks each up in libc'"'"'s .dynsym and compares (LAYOUT.md). */\n'
	printf '#define GLIBC_TDB_SCALARS(X)'
	for n in $(printf '%s\n' "${!tdb1[@]}" | sort); do printf ' \\\n\tX(%s, %s)' "$n" "${tdb1[$n]}"; done
	printf '\n#define GLIBC_TDB_DESCRIPTORS(X)'
	for n in $(printf '%s\n' "${!tdb3[@]}" | sort); do
		read -r a b c <<<"${tdb3[$n]}"
		printf ' \\\n\tX(%s, %s, %s, %s)' "$n" "$a" "$b" "$c"
	done
	printf '\n\n#endif\n'
} >"$h"

mv -f "$h" "$out"

if [ -n "$depfile" ]; then
	deps=("$0" "$(readlink -f "$LIBC")" "$(readlink -f "$LDSO")" "$libc_dbg" "$ldso_dbg")
	inc=$(printf '#include <elf.h>\n' | "$CC" -M -x c - 2>/dev/null | tr -d '\\\n' |
		tr ' ' '\n' | grep '/elf\.h$' | head -n 1) && deps+=("$inc")
	{ printf '%s:' "${out// /\\ }"; for d in "${deps[@]}"; do printf ' %s' "${d// /\\ }"; done; echo; } >"$depfile"
fi
