// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim: SMMUv3 command decode and the simulator's command policy.
 *
 * Pure code (see pure_types.h): no kernel-only headers, so the host unit
 * test userspace-tests/host/smmuv3_cmd_test.c runs exactly this file.
 */
#include "smmuv3_cmd.h"

/* Extract the field @mask (contiguous, non-zero) of @v, shifted down */
static inline u64 isim_field(u64 v, u64 mask)
{
	return (v & mask) >> __builtin_ctzll(mask);
}

static void isim_decode_tlbi(u64 w0, u64 w1, struct isim_smmu_cmd *cmd,
			     bool has_asid, bool has_va)
{
	cmd->vmid = isim_field(w0, ISIM_CMD_TLBI_0_VMID_MASK);
	if (has_asid)
		cmd->asid = isim_field(w0, IOMMUFD_SIM_CMDQ_TLBI_0_ASID_MASK);
	if (!has_va)
		return;
	cmd->num = isim_field(w0, IOMMUFD_SIM_CMDQ_TLBI_0_NUM_MASK);
	cmd->scale = isim_field(w0, IOMMUFD_SIM_CMDQ_TLBI_0_SCALE_MASK);
	cmd->leaf = w1 & IOMMUFD_SIM_CMDQ_TLBI_1_LEAF;
	cmd->ttl = isim_field(w1, IOMMUFD_SIM_CMDQ_TLBI_1_TTL_MASK);
	cmd->tg = isim_field(w1, IOMMUFD_SIM_CMDQ_TLBI_1_TG_MASK);
	cmd->addr = w1 & IOMMUFD_SIM_CMDQ_TLBI_1_VA_MASK;
}

void isim_smmu_cmd_decode_words(u64 w0, u64 w1, struct isim_smmu_cmd *cmd)
{
	*cmd = (struct isim_smmu_cmd){
		.w0 = w0,
		.w1 = w1,
		.opcode = w0 & ISIM_CMD_0_OP_MASK,
	};

	switch (cmd->opcode) {
	case ISIM_CMD_OP_CFGI_CD:
		cmd->ssid = isim_field(w0, ISIM_CMD_CFGI_0_SSID_MASK);
		fallthrough;
	case ISIM_CMD_OP_CFGI_STE:
		cmd->leaf = w1 & ISIM_CMD_CFGI_1_LEAF;
		fallthrough;
	case ISIM_CMD_OP_PREFETCH_CFG:
	case ISIM_CMD_OP_CFGI_CD_ALL:
		cmd->sid = isim_field(w0, ISIM_CMD_CFGI_0_SID_MASK);
		break;
	case ISIM_CMD_OP_CFGI_ALL:
		cmd->range = isim_field(w1, ISIM_CMD_CFGI_1_RANGE_MASK);
		break;
	case ISIM_CMD_OP_TLBI_NH_ALL:
	case ISIM_CMD_OP_TLBI_S12_VMALL:
		isim_decode_tlbi(w0, w1, cmd, false, false);
		break;
	case ISIM_CMD_OP_TLBI_NH_ASID:
		isim_decode_tlbi(w0, w1, cmd, true, false);
		break;
	case ISIM_CMD_OP_TLBI_NH_VA:
		isim_decode_tlbi(w0, w1, cmd, true, true);
		break;
	case ISIM_CMD_OP_TLBI_NH_VAA:
		isim_decode_tlbi(w0, w1, cmd, false, true);
		break;
	case ISIM_CMD_OP_TLBI_EL2_ASID:
		/* EL2 commands carry no VMID */
		cmd->asid = isim_field(w0, IOMMUFD_SIM_CMDQ_TLBI_0_ASID_MASK);
		break;
	case ISIM_CMD_OP_TLBI_EL2_VA:
		isim_decode_tlbi(w0, w1, cmd, true, true);
		cmd->vmid = 0;
		break;
	case ISIM_CMD_OP_TLBI_S2_IPA:
		isim_decode_tlbi(w0, w1, cmd, false, true);
		cmd->addr = w1 & ISIM_CMD_TLBI_1_IPA_MASK;
		break;
	case ISIM_CMD_OP_ATC_INV:
		cmd->ssv = w0 & IOMMUFD_SIM_CMDQ_ATC_0_SSV;
		cmd->global = w0 & IOMMUFD_SIM_CMDQ_ATC_0_GLOBAL;
		cmd->ssid = isim_field(w0, IOMMUFD_SIM_CMDQ_ATC_0_SSID_MASK);
		cmd->sid = isim_field(w0, IOMMUFD_SIM_CMDQ_ATC_0_SID_MASK);
		cmd->size = isim_field(w1, IOMMUFD_SIM_CMDQ_ATC_1_SIZE_MASK);
		cmd->addr = w1 & IOMMUFD_SIM_CMDQ_ATC_1_ADDR_MASK;
		break;
	case ISIM_CMD_OP_PRI_RESP:
		cmd->ssv = w0 & IOMMUFD_SIM_CMDQ_ATC_0_SSV;
		cmd->ssid = isim_field(w0, IOMMUFD_SIM_CMDQ_ATC_0_SSID_MASK);
		cmd->sid = isim_field(w0, ISIM_CMD_CFGI_0_SID_MASK);
		cmd->resp = isim_field(w1, ISIM_CMD_PRI_1_RESP_MASK);
		cmd->grpid = isim_field(w1, ISIM_CMD_PRI_1_GRPID_MASK);
		break;
	case ISIM_CMD_OP_RESUME:
		cmd->sid = isim_field(w0, ISIM_CMD_CFGI_0_SID_MASK);
		cmd->resp = isim_field(w0, ISIM_CMD_RESUME_0_RESP_MASK);
		cmd->stag = isim_field(w1, ISIM_CMD_RESUME_1_STAG_MASK);
		break;
	case ISIM_CMD_OP_CMD_SYNC:
		cmd->cs = isim_field(w0, IOMMUFD_SIM_CMDQ_SYNC_0_CS_MASK);
		cmd->msh = isim_field(w0, IOMMUFD_SIM_CMDQ_SYNC_0_MSH_MASK);
		cmd->msiattr = isim_field(w0,
					  IOMMUFD_SIM_CMDQ_SYNC_0_MSIATTR_MASK);
		cmd->msidata = isim_field(w0,
					  IOMMUFD_SIM_CMDQ_SYNC_0_MSIDATA_MASK);
		cmd->msiaddr = w1 & IOMMUFD_SIM_CMDQ_SYNC_1_MSIADDR_MASK;
		break;
	default:
		/* TLBI_EL2_ALL, TLBI_NSNH_ALL and unknown opcodes: no fields */
		break;
	}
}

void isim_smmu_cmd_decode(const __le64 ent[2], struct isim_smmu_cmd *cmd)
{
	isim_smmu_cmd_decode_words(le64_to_cpu(ent[0]), le64_to_cpu(ent[1]),
				   cmd);
}

u8 isim_smmu_cmd_vcmdq_cerror(const struct isim_smmu_cmd *cmd)
{
	switch (cmd->opcode) {
	case ISIM_CMD_OP_TLBI_NH_ASID:
	case ISIM_CMD_OP_TLBI_NH_VA:
	case ISIM_CMD_OP_ATC_INV:
		/* The guest-owned set (docs/tegra241-cmdqv.md, 'Commands') */
		return IOMMUFD_SIM_TEGRA241_CERROR_NONE;
	case ISIM_CMD_OP_CMD_SYNC:
		/*
		 * UNVERIFIED, docs/tegra241-cmdqv.md, 'Policy', row "CMD_SYNC
		 * with CS != SIG_NONE": CMDQV queues only support SIG_NONE;
		 * anything else is CERROR_ILL and no MSI write is ever made.
		 * CS = 3 is reserved, so it is illegal too.
		 */
		if (cmd->cs == IOMMUFD_SIM_CMDQ_SYNC_0_CS_NONE)
			return IOMMUFD_SIM_TEGRA241_CERROR_NONE;
		return IOMMUFD_SIM_TEGRA241_CERROR_ILL;
	default:
		/*
		 * UNVERIFIED, docs/tegra241-cmdqv.md, 'Policy', row
		 * "opcode other than TLBI_NH_ASID, TLBI_NH_VA, ATC_INV,
		 * CMD_SYNC": CERROR_ILL.
		 */
		return IOMMUFD_SIM_TEGRA241_CERROR_ILL;
	}
}

bool isim_smmu_cmd_trap_accepts(u8 opcode)
{
	switch (opcode) {
	case ISIM_CMD_OP_TLBI_NSNH_ALL:
	case ISIM_CMD_OP_TLBI_NH_ALL:
	case ISIM_CMD_OP_TLBI_NH_ASID:
	case ISIM_CMD_OP_TLBI_NH_VA:
	case ISIM_CMD_OP_TLBI_NH_VAA:
	case ISIM_CMD_OP_ATC_INV:
	case ISIM_CMD_OP_CFGI_CD:
	case ISIM_CMD_OP_CFGI_CD_ALL:
		return true;
	default:
		return false;
	}
}
