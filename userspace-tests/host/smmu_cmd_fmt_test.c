// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of cli/smmu_cmd_fmt.c, the text iommufd-sim-show prints
 * for SMMUv3 commands: every opcode's name, the fields of each command
 * format with their values, CERROR names, and truncation into a short
 * buffer.  Built with the module's decoder (module/smmuv3_cmd.c), as the
 * CLI is.
 *
 * Prints "smmu_cmd_fmt: N cases passed" and exits 0, or names every failed
 * case and exits 1.
 */
#include <stdio.h>
#include <string.h>

#include "smmu_cmd_fmt.h"
#include "check.h"

/* CHECK that words w0, w1 format as @want */
#define CHECK_FMT(w0, w1, want)                                         \
	do {                                                            \
		struct isim_smmu_cmd c_;                                \
		char buf_[256];                                         \
		int n_;                                                 \
									\
		isim_smmu_cmd_decode_words((w0), (w1), &c_);            \
		n_ = isim_smmu_cmd_format(&c_, buf_, sizeof(buf_));     \
		CHECK_EQ(n_, strlen(want));                             \
		if (strcmp(buf_, (want)))                               \
			fprintf(stderr, "  got  '%s'\n  want '%s'\n",   \
				buf_, (want));                          \
		CHECK_EQ(strcmp(buf_, (want)), 0);                      \
	} while (0)

static void test_names(void)
{
	static const struct { u8 op; const char *name; } names[] = {
		{ 0x01, "PREFETCH_CFG" }, { 0x03, "CFGI_STE" },
		{ 0x04, "CFGI_ALL" }, { 0x05, "CFGI_CD" },
		{ 0x06, "CFGI_CD_ALL" }, { 0x10, "TLBI_NH_ALL" },
		{ 0x11, "TLBI_NH_ASID" }, { 0x12, "TLBI_NH_VA" },
		{ 0x13, "TLBI_NH_VAA" }, { 0x20, "TLBI_EL2_ALL" },
		{ 0x21, "TLBI_EL2_ASID" }, { 0x22, "TLBI_EL2_VA" },
		{ 0x28, "TLBI_S12_VMALL" }, { 0x2a, "TLBI_S2_IPA" },
		{ 0x30, "TLBI_NSNH_ALL" }, { 0x40, "ATC_INV" },
		{ 0x41, "PRI_RESP" }, { 0x44, "RESUME" },
		{ 0x46, "CMD_SYNC" },
	};
	unsigned int i, op, named = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *n = isim_smmu_cmd_name(names[i].op);

		CHECK(n != NULL);
		CHECK_EQ(n ? strcmp(n, names[i].name) : 1, 0);
	}
	/* exactly those opcodes have names */
	for (op = 0; op < 256; op++)
		named += isim_smmu_cmd_name(op) != NULL;
	CHECK_EQ(named, sizeof(names) / sizeof(names[0]));
}

static void test_formats(void)
{
	/* TLBI_NH_ASID: ASID 7, VMID 0x1234 (92-tegra241-vcmdq's ASID7) */
	CHECK_FMT(0x0007123400000011ULL, 0, "TLBI_NH_ASID vmid=4660 asid=7");
	/* TLBI_NH_VA: every range field distinct */
	CHECK_FMT(0x0102ULL << 48 | 0x0304ULL << 32 | 0x15ULL << 20 |
		  0x0aULL << 12 | 0x12,
		  0x0000dead12345000ULL | 2ULL << 10 | 3ULL << 8 | 1,
		  "TLBI_NH_VA vmid=772 asid=258 va=0xdead12345000 leaf=1 num=10 scale=21 tg=2 ttl=3");
	CHECK_FMT(0x0000000500000013ULL, 0x2000,
		  "TLBI_NH_VAA vmid=5 va=0x2000 leaf=0 num=0 scale=0 tg=0 ttl=0");
	CHECK_FMT(0x0000000900000010ULL, 0, "TLBI_NH_ALL vmid=9");
	CHECK_FMT(0x30, 0, "TLBI_NSNH_ALL");
	CHECK_FMT(0x20, 0, "TLBI_EL2_ALL");
	CHECK_FMT(0x0003000000000021ULL, 0, "TLBI_EL2_ASID asid=3");
	CHECK_FMT(0x000000020000002aULL, 0x7000,
		  "TLBI_S2_IPA vmid=2 ipa=0x7000 leaf=0 num=0 scale=0 tg=0 ttl=0");
	/* ATC_INV vSID 0x10, the whole ATC; then a sized one with SSID */
	CHECK_FMT(0x0000001000000040ULL, 0x34,
		  "ATC_INV sid=0x10 ssid=0x0 ssv=0 global=0 size=all");
	CHECK_FMT(0x0000010000005840ULL | 1ULL << 11, 0x12345000ULL | 3,
		  "ATC_INV sid=0x100 ssid=0x5 ssv=1 global=0 addr=0x12345000 size=3");
	CHECK_FMT(0x0000002000000003ULL, 1, "CFGI_STE sid=0x20 leaf=1");
	CHECK_FMT(0x0000002000003005ULL, 0, "CFGI_CD sid=0x20 ssid=0x3 leaf=0");
	CHECK_FMT(0x0000002000000006ULL, 0, "CFGI_CD_ALL sid=0x20");
	CHECK_FMT(0x04, 31, "CFGI_ALL range=all");
	CHECK_FMT(0x04, 4, "CFGI_ALL range=4");
	CHECK_FMT(0x0000004000000001ULL, 0, "PREFETCH_CFG sid=0x40");
	/* CMD_SYNC CS=NONE, then CS=IRQ with MSI fields */
	CHECK_FMT(0x46, 0, "CMD_SYNC cs=none msh=0 msiattr=0 msidata=0x0 msiaddr=0x0");
	CHECK_FMT(0xabcdULL << 32 | 0xfULL << 24 | 3ULL << 22 | 1ULL << 12 |
		  0x46, 0x80001000ULL,
		  "CMD_SYNC cs=irq msh=3 msiattr=15 msidata=0xabcd msiaddr=0x80001000");
	/* an opcode the architecture does not define: its words */
	CHECK_FMT(0x47, 0x1,
		  "OP_0x47 raw=0x0000000000000047:0x0000000000000001");
}

static void test_cerror(void)
{
	CHECK_EQ(strcmp(isim_cerror_name(1), "ILL"), 0);
	CHECK_EQ(strcmp(isim_cerror_name(2), "ABT"), 0);
	CHECK_EQ(strcmp(isim_cerror_name(3), "ATC_INV_SYNC"), 0);
	CHECK_EQ(strcmp(isim_cerror_name(4), "ILL_ACCESS"), 0);
	CHECK(isim_cerror_name(0) == NULL);
	CHECK(isim_cerror_name(5) == NULL);
}

/* snprintf() semantics: truncated, NUL-terminated, full length returned */
static void test_truncation(void)
{
	const char *full = "TLBI_NH_VA vmid=1 asid=7 va=0x1000 leaf=0 num=0 scale=0 tg=0 ttl=0";
	struct isim_smmu_cmd c;
	char buf[64];
	size_t len;
	int n;

	isim_smmu_cmd_decode_words(0x0007000100000012ULL, 0x1000, &c);
	for (len = 1; len <= strlen(full) + 1; len++) {
		memset(buf, 'x', sizeof(buf));
		n = isim_smmu_cmd_format(&c, buf, len > sizeof(buf) ? sizeof(buf) : len);
		if (len > sizeof(buf))
			break;
		CHECK_EQ(buf[len - 1 < strlen(full) ? len - 1 : strlen(full)], 0);
		CHECK_EQ(strncmp(buf, full, len - 1), 0);
		/* the first part of every command is exact at any length */
		CHECK(n > 0);
	}
	n = isim_smmu_cmd_format(&c, buf, sizeof(buf));
	CHECK_EQ(n, strlen(full));
}

int main(void)
{
	test_names();
	test_formats();
	test_cerror();
	test_truncation();
	return tl_check_report("smmu_cmd_fmt");
}
