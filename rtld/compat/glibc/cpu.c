/* glibc's struct cpu_features, filled as glibc 2.36's ld.so fills it at
 * start-up (init_cpu_features), so that libc's IFUNCs choose the same
 * implementations under rtld as under ld.so; plus what glibc derives from
 * it: GLRO(dl_hwcap), GLRO(dl_platform) and, when the kernel gives no
 * AT_MINSIGSTKSZ, GLRO(dl_minsigstacksize).
 *
 * glibc executes CPUID 68 times on our Intel machines (some leaves a dozen
 * times); rtld asks rtld_cpuid, which executes each leaf and subleaf once,
 * and asks only for those glibc's data depend on. */
#include "cpu.h"

#define HWCAP_X86_64 (1u << 1)
#define HWCAP_X86_AVX512_1 (1u << 2)
#define MINSIGSTKSZ_CONSTANT 2048	/* <bits/sigstack.h>, x86_64 */

/* CPUID leaf 0's vendor string as EBX, ECX, EDX. */
static bool vendor(const uint32_t r[4], const char *name)
{
	const char *s[3] = { (const char *)&r[1], (const char *)&r[3], (const char *)&r[2] };
	for (int i = 0; i < 12; i++)
		if (s[i / 4][i % 4] != name[i])
			return false;
	return true;
}

static void read_leaf(char *cf, unsigned index, uint32_t leaf, uint32_t sub)
{
	rtld_cpuid(leaf, sub, cpu_cpuid_word(cf, index));
}

/* glibc's emulation of AT_MINSIGSTKSZ for kernels that do not send it: the
 * kernel's signal frame (rt_sigframe and return address, 16-aligned, then
 * padding to put the XSAVE buffer on 64 bytes) plus the XSAVE area and
 * its 4-byte end marker. */
static void min_signal_stack(char *cf)
{
	if (GLRO(GLIBC_OFF_GLRO_DL_MINSIGSTACKSIZE, size_t) != 0)
		return;
	size_t size = MINSIGSTKSZ_CONSTANT;
	if (BASIC(cf, MAX_CPUID, int) >= 0xd && cpu_has(cf, F_OSXSAVE)) {
		uint32_t r[4];
		rtld_cpuid(0xd, 0, r);
		size = ((440 + 8 + 15 + 15) & ~15u) + (64 - 16) + r[1] + 4;
	}
	GLRO(GLIBC_OFF_GLRO_DL_MINSIGSTACKSIZE, size_t) = size;
}

/* The leaves every vendor's path reads (glibc's get_common_indices);
 * leaf 1 only for the vendors whose family and model glibc looks at. */
static void read_common(char *cf, bool leaf1, unsigned *family, unsigned *model,
			unsigned *ext_model, unsigned *stepping)
{
	int max = BASIC(cf, MAX_CPUID, int);
	if (leaf1) {
		read_leaf(cf, GLIBC_CPUID_INDEX_1, 1, 0);
		uint32_t eax = cpu_cpuid_word(cf, GLIBC_CPUID_INDEX_1)[EAX];
		*family = (eax >> 8) & 0xf;
		*model = (eax >> 4) & 0xf;
		*ext_model = (eax >> 12) & 0xf0;
		*stepping = eax & 0xf;
		if (*family == 0xf) {
			*family += (eax >> 20) & 0xff;
			*model += *ext_model;
		}
	}
	if (max >= 7) {
		read_leaf(cf, GLIBC_CPUID_INDEX_7, 7, 0);
		read_leaf(cf, GLIBC_CPUID_INDEX_7_ECX_1, 7, 1);
	}
	if (max >= 0xd)
		read_leaf(cf, GLIBC_CPUID_INDEX_D_ECX_1, 0xd, 1);
	if (max >= 0x14)
		read_leaf(cf, GLIBC_CPUID_INDEX_14_ECX_0, 0x14, 0);
	if (max >= 0x19)
		read_leaf(cf, GLIBC_CPUID_INDEX_19, 0x19, 0);
	min_signal_stack(cf);
}

static void read_extended(char *cf)
{
	uint32_t r[4];
	rtld_cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000001)
		read_leaf(cf, GLIBC_CPUID_INDEX_80000001, 0x80000001, 0);
	if (r[0] >= 0x80000007)
		read_leaf(cf, GLIBC_CPUID_INDEX_80000007, 0x80000007, 0);
	if (r[0] >= 0x80000008)
		read_leaf(cf, GLIBC_CPUID_INDEX_80000008, 0x80000008, 0);
}

/* GLRO(dl_hwcap) and GLRO(dl_platform) as glibc derives them for x86_64:
 * getauxval(AT_HWCAP) returns this dl_hwcap, not the kernel's. */
static void hwcap_and_platform(char *cf)
{
	uint64_t hwcap = HWCAP_X86_64;
	const char *platform = 0;
	if (BASIC(cf, KIND, uint32_t) == GLIBC_ARCH_KIND_INTEL) {
		if (cpu_usable(cf, F_AVX512CD)) {
			if (cpu_usable(cf, F_AVX512ER)) {
				if (cpu_usable(cf, F_AVX512PF))
					platform = "xeon_phi";
			} else if (cpu_usable(cf, F_AVX512BW) && cpu_usable(cf, F_AVX512DQ) &&
				   cpu_usable(cf, F_AVX512VL)) {
				hwcap |= HWCAP_X86_AVX512_1;
			}
		}
		static const enum feature haswell[] = { F_AVX2, F_FMA, F_BMI1, F_BMI2,
							F_LZCNT, F_MOVBE, F_POPCNT };
		bool all = true;
		for (size_t i = 0; i < sizeof haswell / sizeof haswell[0]; i++)
			all = all && cpu_usable(cf, haswell[i]);
		if (!platform && all)
			platform = "haswell";
	}
	GLRO(GLIBC_OFF_GLRO_DL_HWCAP, uint64_t) = hwcap;
	/* Otherwise it stays the kernel's AT_PLATFORM ("x86_64"). */
	if (platform)
		GLRO(GLIBC_OFF_GLRO_DL_PLATFORM, const char *) = platform;
}

void glibc_cpu_features(char *cf)
{
	uint32_t r[4];
	unsigned family = 0, model = 0, ext_model = 0, stepping = 0, kind;
	rtld_cpuid(0, 0, r);
	BASIC(cf, MAX_CPUID, int) = (int)r[0];
	if (vendor(r, "GenuineIntel")) {
		kind = GLIBC_ARCH_KIND_INTEL;
		read_common(cf, true, &family, &model, &ext_model, &stepping);
		read_extended(cf);
		cpu_update_active(cf);
		if (family == 6)
			model += ext_model;
	} else if (vendor(r, "AuthenticAMD") || vendor(r, "HygonGenuine")) {
		kind = GLIBC_ARCH_KIND_AMD;
		read_common(cf, true, &family, &model, &ext_model, &stepping);
		read_extended(cf);
		cpu_update_active(cf);
	} else if (vendor(r, "CentaurHauls") || vendor(r, "  Shanghai  ")) {
		kind = GLIBC_ARCH_KIND_ZHAOXIN;
		/* glibc reads the stepping into a variable of this branch
		 * only, so Zhaoxin processors report stepping 0; and it adds
		 * the extended model whatever the family. */
		unsigned zx_stepping;
		read_common(cf, true, &family, &model, &ext_model, &zx_stepping);
		read_extended(cf);
		cpu_update_active(cf);
		model += ext_model;
	} else {
		kind = GLIBC_ARCH_KIND_OTHER;
		read_common(cf, false, 0, 0, 0, 0);
		cpu_update_active(cf);
	}
	BASIC(cf, KIND, uint32_t) = kind;
	BASIC(cf, FAMILY, uint32_t) = family;
	BASIC(cf, MODEL, uint32_t) = model;
	BASIC(cf, STEPPING, uint32_t) = stepping;
	if (kind == GLIBC_ARCH_KIND_INTEL)
		cpu_intel_quirks(cf);
	else if (kind == GLIBC_ARCH_KIND_AMD)
		cpu_amd_quirks(cf);
	else if (kind == GLIBC_ARCH_KIND_ZHAOXIN)
		cpu_zhaoxin_quirks(cf);
	if (cpu_has(cf, F_CX8))
		*cpu_preferred(cf) |= PREF(I586);
	if (cpu_has(cf, F_CMOV))
		*cpu_preferred(cf) |= PREF(I686);

	cpu_init_cacheinfo(cf);
	cpu_tune_hwcaps(cf);
	cpu_check_xsave(cf);
	hwcap_and_platform(cf);
}
