/* Pointer tables for DT_RELR (linked with -z pack-relative-relocs), in both
 * t_relr and librelr.so (RELR_FN names the check function).  The layouts
 * exercise RELR's encoding: a long run of consecutive words (address entry
 * followed by bitmaps), every other word, words far apart (several address
 * entries), and an unaligned pointer that stays an R_X86_64_RELATIVE in
 * .rela.dyn. */
#include "rt.h"

#define REP4(m, b) m(b) m(b + 1) m(b + 2) m(b + 3)
#define REP16(m, b) REP4(m, b) REP4(m, b + 4) REP4(m, b + 8) REP4(m, b + 12)
#define REP64(m, b) REP16(m, b) REP16(m, b + 16) REP16(m, b + 32) REP16(m, b + 48)

static int arr[256];

#define PTR(i) &arr[(i) % 256],
static int *dense[130] = {REP64(PTR, 0) REP64(PTR, 64) PTR(128) PTR(129)};

struct pair {
	int *p;
	long n;
};
#define PAIR(i) {&arr[(i) * 3 % 256], (i)},
static struct pair sparse[64] = {REP64(PAIR, 0)};

static struct {
	int *a;
	char gap[5000];
	int *b;
	char gap2[70 * 8];
	int *c;
} far = {&arr[1], {0}, &arr[2], {0}, &arr[3]};

static struct __attribute__((packed)) {
	char c;
	int *p;
} unaligned = {'x', &arr[200]};

int RELR_FN(void)
{
	int bad = 0;

	for (int i = 0; i < 130; i++)
		bad += RT_LOAD(dense[i]) != &arr[i % 256];
	for (int i = 0; i < 64; i++)
		bad += RT_LOAD(sparse[i].p) != &arr[i * 3 % 256] || RT_LOAD(sparse[i].n) != i;
	bad += RT_LOAD(far.a) != &arr[1] || RT_LOAD(far.b) != &arr[2] || RT_LOAD(far.c) != &arr[3];
	const volatile unsigned char *raw = (const volatile unsigned char *)&unaligned;
	uintptr_t p = 0;
	for (int i = 8; i >= 1; i--)
		p = p << 8 | raw[i];
	bad += p != (uintptr_t)&arr[200] || raw[0] != 'x';
	return bad;
}
