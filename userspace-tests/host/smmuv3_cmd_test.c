// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of module/smmuv3_cmd.c: decode of every opcode and field
 * of the SMMUv3 command format, the vCMDQ policy (README.md, "Policy where
 * real hardware is not known") and the trapped-path opcode set (README.md,
 * "The register page").  No VM, no module: the pure file
 * is compiled in (see HOST_SRCS_* in the Makefile).
 *
 * Prints "smmuv3_cmd: N cases passed" and exits 0, or names every failed
 * case and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>

#include "smmuv3_cmd.h"
#include "check.h"


/* Decode through the little-endian byte path, as the engine does */
static void decode(u64 w0, u64 w1, struct isim_smmu_cmd *cmd)
{
	unsigned char bytes[16];
	__le64 ent[2];
	int i;

	for (i = 0; i < 8; i++) {
		bytes[i] = w0 >> (8 * i);
		bytes[8 + i] = w1 >> (8 * i);
	}
	memcpy(ent, bytes, sizeof(ent));
	isim_smmu_cmd_decode(ent, cmd);
	CHECK_EQ(cmd->w0, w0);
	CHECK_EQ(cmd->w1, w1);
}

static void test_opcode_byte(void)
{
	struct isim_smmu_cmd cmd;
	unsigned int op;

	/* The opcode is w0[7:0] whatever the other bits hold */
	for (op = 0; op < 256; op++) {
		decode(0xffffffffffffff00ULL | op, ~0ULL, &cmd);
		CHECK_EQ(cmd.opcode, op);
		decode(op, 0, &cmd);
		CHECK_EQ(cmd.opcode, op);
	}
}

static void test_tlbi_nh_asid(void)
{
	struct isim_smmu_cmd cmd;

	decode(0xbeefULL << 48 | 0x1234ULL << 32 | 0x11, 0, &cmd);
	CHECK_EQ(cmd.opcode, IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID);
	CHECK_EQ(cmd.vmid, 0x1234);
	CHECK_EQ(cmd.asid, 0xbeef);
	CHECK_EQ(cmd.addr, 0);
	/* Extreme values */
	decode(~0xffULL | 0x11, 0, &cmd);
	CHECK_EQ(cmd.vmid, 0xffff);
	CHECK_EQ(cmd.asid, 0xffff);
	CHECK_EQ(cmd.num, 0);	/* not a field of NH_ASID */
}

static void test_tlbi_nh_va(void)
{
	struct isim_smmu_cmd cmd;
	u64 w0 = 0x0102ULL << 48 | 0x0304ULL << 32 | 0x15ULL << 20 |
		 0x0aULL << 12 | 0x12;
	u64 w1 = 0x0000dead12345000ULL | 2ULL << 10 | 3ULL << 8 | 1;

	decode(w0, w1, &cmd);
	CHECK_EQ(cmd.opcode, IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA);
	CHECK_EQ(cmd.asid, 0x0102);
	CHECK_EQ(cmd.vmid, 0x0304);
	CHECK_EQ(cmd.scale, 0x15);
	CHECK_EQ(cmd.num, 0x0a);
	CHECK_EQ(cmd.leaf, 1);
	CHECK_EQ(cmd.ttl, 3);
	CHECK_EQ(cmd.tg, 2);
	CHECK_EQ(cmd.addr, 0x0000dead12345000ULL);
	/* The VA field is [63:12]: the low bits never leak into it */
	decode(0x12, 0xfffffffffffff0feULL, &cmd);
	CHECK_EQ(cmd.addr, 0xfffffffffffff000ULL);
	CHECK_EQ(cmd.leaf, 0);
	CHECK_EQ(cmd.ttl, 0);
	CHECK_EQ(cmd.tg, 0);
	/* NUM and SCALE are 5 bits each */
	decode(0x1fULL << 20 | 0x1fULL << 12 | 0x12, 0, &cmd);
	CHECK_EQ(cmd.num, 0x1f);
	CHECK_EQ(cmd.scale, 0x1f);
	decode(1ULL << 17 | 1ULL << 25 | 0x12, 0, &cmd);
	CHECK_EQ(cmd.num, 0);
	CHECK_EQ(cmd.scale, 0);
}

static void test_tlbi_others(void)
{
	struct isim_smmu_cmd cmd;

	decode(0x5555ULL << 48 | 0x0042ULL << 32 | 0x13, 0x7000 | 1, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_TLBI_NH_VAA);
	CHECK_EQ(cmd.vmid, 0x42);
	CHECK_EQ(cmd.asid, 0);	/* NH_VAA has no ASID */
	CHECK_EQ(cmd.addr, 0x7000);
	CHECK_EQ(cmd.leaf, 1);

	decode(0x5555ULL << 48 | 0x0042ULL << 32 | 0x10, ~0ULL, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_TLBI_NH_ALL);
	CHECK_EQ(cmd.vmid, 0x42);
	CHECK_EQ(cmd.asid, 0);
	CHECK_EQ(cmd.addr, 0);

	decode(0x0077ULL << 32 | 0x28, 0, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_TLBI_S12_VMALL);
	CHECK_EQ(cmd.vmid, 0x77);

	decode(0x0077ULL << 32 | 0x2a, 0xfff0000000001000ULL | 1, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_TLBI_S2_IPA);
	CHECK_EQ(cmd.vmid, 0x77);
	CHECK_EQ(cmd.addr, 0x0000000000001000ULL);	/* IPA [51:12] */
	CHECK_EQ(cmd.leaf, 1);

	decode(0x0abcULL << 48 | 0x0077ULL << 32 | 0x21, 0, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_TLBI_EL2_ASID);
	CHECK_EQ(cmd.asid, 0xabc);
	CHECK_EQ(cmd.vmid, 0);

	decode(0x0abcULL << 48 | 0x0077ULL << 32 | 0x22, 0x9000, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_TLBI_EL2_VA);
	CHECK_EQ(cmd.asid, 0xabc);
	CHECK_EQ(cmd.vmid, 0);
	CHECK_EQ(cmd.addr, 0x9000);

	decode(~0xffULL | 0x20, ~0ULL, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_TLBI_EL2_ALL);
	CHECK_EQ(cmd.vmid | cmd.asid | cmd.addr, 0);
	decode(~0xffULL | 0x30, ~0ULL, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_TLBI_NSNH_ALL);
	CHECK_EQ(cmd.vmid | cmd.asid | cmd.addr | cmd.sid, 0);
}

static void test_atc_inv(void)
{
	struct isim_smmu_cmd cmd;

	decode(0x87654321ULL << 32 | 0xabcdeULL << 12 | 1ULL << 11 |
	       1ULL << 9 | 0x40, 0x123456789abcd000ULL | 52, &cmd);
	CHECK_EQ(cmd.opcode, IOMMUFD_SIM_CMDQ_OP_ATC_INV);
	CHECK_EQ(cmd.sid, 0x87654321);
	CHECK_EQ(cmd.ssid, 0xabcde);
	CHECK_EQ(cmd.ssv, 1);
	CHECK_EQ(cmd.global, 1);
	CHECK_EQ(cmd.size, IOMMUFD_SIM_CMDQ_ATC_1_SIZE_ALL);
	CHECK_EQ(cmd.addr, 0x123456789abcd000ULL);
	CHECK_EQ(cmd.vmid, 0);

	decode(0x40, 0x3f | 0xfc0, &cmd);
	CHECK_EQ(cmd.sid, 0);
	CHECK_EQ(cmd.ssv, 0);
	CHECK_EQ(cmd.global, 0);
	CHECK_EQ(cmd.size, 0x3f);
	CHECK_EQ(cmd.addr, 0);	/* bits [11:6] are not address */
}

static void test_cfgi(void)
{
	struct isim_smmu_cmd cmd;

	decode(0x00000010ULL << 32 | 0x54321ULL << 12 | 0x05, 1, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_CFGI_CD);
	CHECK_EQ(cmd.sid, 0x10);
	CHECK_EQ(cmd.ssid, 0x54321);
	CHECK_EQ(cmd.leaf, 1);

	decode(0xffffffffULL << 32 | 0x54321ULL << 12 | 0x06, 1, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_CFGI_CD_ALL);
	CHECK_EQ(cmd.sid, 0xffffffff);
	CHECK_EQ(cmd.ssid, 0);
	CHECK_EQ(cmd.leaf, 0);

	decode(0x00000022ULL << 32 | 0x03, 1, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_CFGI_STE);
	CHECK_EQ(cmd.sid, 0x22);
	CHECK_EQ(cmd.leaf, 1);
	decode(0x00000022ULL << 32 | 0x03, 0, &cmd);
	CHECK_EQ(cmd.leaf, 0);

	decode(0x04, 0xffffffe0ULL | 31, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_CFGI_ALL);
	CHECK_EQ(cmd.range, 31);

	decode(0x00000033ULL << 32 | 0x01, 0, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_PREFETCH_CFG);
	CHECK_EQ(cmd.sid, 0x33);
}

static void test_pri_resume(void)
{
	struct isim_smmu_cmd cmd;

	decode(0x44ULL << 32 | 0x12345ULL << 12 | 1ULL << 11 | 0x41,
	       2ULL << 12 | 0x1ff, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_PRI_RESP);
	CHECK_EQ(cmd.sid, 0x44);
	CHECK_EQ(cmd.ssv, 1);
	CHECK_EQ(cmd.ssid, 0x12345);
	CHECK_EQ(cmd.resp, 2);	/* w1 [13:12], not the SSID bits of w0 */
	CHECK_EQ(cmd.grpid, 0x1ff);

	decode(0x55ULL << 32 | 2ULL << 12 | 0x44, 0xffffabcdULL, &cmd);
	CHECK_EQ(cmd.opcode, ISIM_CMD_OP_RESUME);
	CHECK_EQ(cmd.sid, 0x55);
	CHECK_EQ(cmd.resp, 2);
	CHECK_EQ(cmd.stag, 0xabcd);
}

static void test_cmd_sync(void)
{
	struct isim_smmu_cmd cmd;
	unsigned int cs;

	decode(0xcafef00dULL << 32 | 0xfULL << 24 | 3ULL << 22 | 1ULL << 12 |
	       0x46, 0xfedcba9876543217ULL, &cmd);
	CHECK_EQ(cmd.opcode, IOMMUFD_SIM_CMDQ_OP_CMD_SYNC);
	CHECK_EQ(cmd.msidata, 0xcafef00d);
	CHECK_EQ(cmd.msiattr, 0xf);
	CHECK_EQ(cmd.msh, 3);
	CHECK_EQ(cmd.cs, IOMMUFD_SIM_CMDQ_SYNC_0_CS_IRQ);
	CHECK_EQ(cmd.msiaddr, 0x000cba9876543214ULL);	/* [51:2] */

	for (cs = 0; cs < 4; cs++) {
		decode((u64)cs << 12 | 0x46, 0, &cmd);
		CHECK_EQ(cmd.cs, cs);
		/* the policy table: only CS = SIG_NONE runs in a vCMDQ */
		CHECK_EQ(isim_smmu_cmd_vcmdq_cerror(&cmd),
			 cs == IOMMUFD_SIM_CMDQ_SYNC_0_CS_NONE ?
			 IOMMUFD_SIM_TEGRA241_CERROR_NONE :
			 IOMMUFD_SIM_TEGRA241_CERROR_ILL);
	}
	/* MSH, MSIATTR, MSIDATA and MSIADDR do not make a SIG_NONE illegal */
	decode((~0ULL & ~(3ULL << 12) & ~0xffULL) | 0x46, ~0ULL, &cmd);
	CHECK_EQ(cmd.cs, 0);
	CHECK_EQ(isim_smmu_cmd_vcmdq_cerror(&cmd), 0);
}

static void test_policy(void)
{
	struct isim_smmu_cmd cmd;
	unsigned int op;

	for (op = 0; op < 256; op++) {
		bool ok = op == IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID ||
			  op == IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA ||
			  op == IOMMUFD_SIM_CMDQ_OP_ATC_INV ||
			  op == IOMMUFD_SIM_CMDQ_OP_CMD_SYNC;
		bool trap = op == ISIM_CMD_OP_TLBI_NSNH_ALL ||
			    op == ISIM_CMD_OP_TLBI_NH_ALL ||
			    op == IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID ||
			    op == IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA ||
			    op == ISIM_CMD_OP_TLBI_NH_VAA ||
			    op == IOMMUFD_SIM_CMDQ_OP_ATC_INV ||
			    op == ISIM_CMD_OP_CFGI_CD ||
			    op == ISIM_CMD_OP_CFGI_CD_ALL;

		/* Every other bit set: the class depends on the opcode only */
		decode(op, 0, &cmd);
		CHECK_EQ(isim_smmu_cmd_vcmdq_cerror(&cmd),
			 ok ? 0 : IOMMUFD_SIM_TEGRA241_CERROR_ILL);
		decode((~0xffULL & ~(3ULL << 12)) | op, ~0ULL, &cmd);
		CHECK_EQ(isim_smmu_cmd_vcmdq_cerror(&cmd),
			 ok ? 0 : IOMMUFD_SIM_TEGRA241_CERROR_ILL);
		CHECK_EQ(isim_smmu_cmd_trap_accepts(op), trap);
	}
}

int main(void)
{
	test_opcode_byte();
	test_tlbi_nh_asid();
	test_tlbi_nh_va();
	test_tlbi_others();
	test_atc_inv();
	test_cfgi();
	test_pri_resume();
	test_cmd_sync();
	test_policy();

	return tl_check_report("smmuv3_cmd");
}
