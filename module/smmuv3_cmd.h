/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: decode and classification of SMMUv3 command-queue entries
 * (docs/tegra241-cmdqv.md, 'Commands' and 'Trapped path').
 *
 * Pure code: built into the module and into the host unit tests, so it
 * includes only pure_types.h and the uapi header.  The opcodes and fields a
 * vCMDQ may run are defined in uapi/linux/iommufd_sim.h (IOMMUFD_SIM_CMDQ_*);
 * the others, which only the trapped IOMMU_HWPT_INVALIDATE path and the
 * trace need, are defined here.
 */
#ifndef IOMMUFD_SIM_SMMUV3_CMD_H
#define IOMMUFD_SIM_SMMUV3_CMD_H

#include "pure_types.h"
#include "../uapi/linux/iommufd_sim.h"

/*
 * Every SMMUv3 opcode the simulator knows, in one namespace.  The four a
 * vCMDQ may run are uapi (IOMMUFD_SIM_CMDQ_OP_*, for user space that
 * builds commands); the names here alias them so module code uses only
 * ISIM_CMD_*.
 */
#define ISIM_CMD_0_OP_MASK IOMMUFD_SIM_CMDQ_0_OP_MASK
#define ISIM_CMD_TLBI_0_VMID_MASK IOMMUFD_SIM_CMDQ_TLBI_0_VMID_MASK
#define ISIM_CMD_OP_TLBI_NH_ASID IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID
#define ISIM_CMD_OP_TLBI_NH_VA IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA
#define ISIM_CMD_OP_ATC_INV IOMMUFD_SIM_CMDQ_OP_ATC_INV
#define ISIM_CMD_OP_CMD_SYNC IOMMUFD_SIM_CMDQ_OP_CMD_SYNC
#define ISIM_CMD_OP_PREFETCH_CFG 0x01
#define ISIM_CMD_OP_CFGI_STE 0x03
#define ISIM_CMD_OP_CFGI_ALL 0x04
#define ISIM_CMD_OP_CFGI_CD 0x05
#define ISIM_CMD_OP_CFGI_CD_ALL 0x06
#define ISIM_CMD_OP_TLBI_NH_ALL 0x10
#define ISIM_CMD_OP_TLBI_NH_VAA 0x13
#define ISIM_CMD_OP_TLBI_EL2_ALL 0x20
#define ISIM_CMD_OP_TLBI_EL2_ASID 0x21
#define ISIM_CMD_OP_TLBI_EL2_VA 0x22
#define ISIM_CMD_OP_TLBI_S12_VMALL 0x28
#define ISIM_CMD_OP_TLBI_S2_IPA 0x2a
#define ISIM_CMD_OP_TLBI_NSNH_ALL 0x30
#define ISIM_CMD_OP_PRI_RESP 0x41
#define ISIM_CMD_OP_RESUME 0x44

/* PREFETCH_CFG, CFGI_STE, CFGI_CD, CFGI_CD_ALL: SID in w0 [63:32] */
#define ISIM_CMD_CFGI_0_SSID_SHIFT 12
#define ISIM_CMD_CFGI_0_SSID_MASK (0xfffffULL << 12)
#define ISIM_CMD_CFGI_0_SID_SHIFT 32
#define ISIM_CMD_CFGI_0_SID_MASK (0xffffffffULL << 32)
#define ISIM_CMD_CFGI_1_LEAF 0x1ULL
/* CFGI_ALL: w1 RANGE [4:0]; 31 means every STE */
#define ISIM_CMD_CFGI_1_RANGE_MASK 0x1fULL
/* TLBI_S2_IPA: w1 IPA [51:12] */
#define ISIM_CMD_TLBI_1_IPA_MASK (0xffffffffffULL << 12)
/* PRI_RESP and RESUME */
#define ISIM_CMD_PRI_1_GRPID_MASK 0x1ffULL
#define ISIM_CMD_PRI_1_RESP_MASK (0x3ULL << 12)
#define ISIM_CMD_RESUME_0_RESP_MASK (0x3ULL << 12)
#define ISIM_CMD_RESUME_1_STAG_MASK 0xffffULL

/*
 * One decoded command.  Only the fields of the command's opcode are set;
 * the rest are zero.  @addr is the VA (TLBI_NH_VA/VAA, EL2_VA), the IPA
 * (TLBI_S2_IPA) or the address (ATC_INV), with its low 12 bits clear.
 */
struct isim_smmu_cmd {
	u64 w0, w1;		/* the raw words, CPU order */
	u8 opcode;
	/* TLBI_* */
	u16 vmid;
	u16 asid;
	u8 num;
	u8 scale;
	u8 ttl;
	u8 tg;
	bool leaf;		/* also CFGI_STE / CFGI_CD */
	u64 addr;
	/* ATC_INV, CFGI_*, PREFETCH_CFG, PRI_RESP, RESUME */
	u32 sid;
	u32 ssid;
	bool ssv;
	bool global;
	u8 size;		/* ATC_INV; IOMMUFD_SIM_CMDQ_ATC_1_SIZE_ALL = all */
	u8 range;		/* CFGI_ALL */
	u8 resp;		/* PRI_RESP, RESUME */
	u16 grpid;		/* PRI_RESP */
	u16 stag;		/* RESUME */
	/* CMD_SYNC */
	u8 cs;
	u8 msh;
	u8 msiattr;
	u32 msidata;
	u64 msiaddr;
};

/* Decode the 16-byte little-endian entry at @ent (two le64 words) */
void isim_smmu_cmd_decode(const __le64 ent[2], struct isim_smmu_cmd *cmd);
/* Decode two words already in CPU order */
void isim_smmu_cmd_decode_words(u64 w0, u64 w1, struct isim_smmu_cmd *cmd);

/*
 * What a guest-owned (HYP_OWN=0) vCMDQ does with @cmd: 0 to execute it,
 * or the CERROR code that stops the queue (docs/tegra241-cmdqv.md, 'Policy').
 */
u8 isim_smmu_cmd_vcmdq_cerror(const struct isim_smmu_cmd *cmd);

/*
 * Whether IOMMU_HWPT_INVALIDATE with ARM SMMUv3 data accepts @opcode
 * (docs/tegra241-cmdqv.md, 'Trapped path'); the trapped path fails the others
 * with -EIO.
 */
bool isim_smmu_cmd_trap_accepts(u8 opcode);

#endif /* IOMMUFD_SIM_SMMUV3_CMD_H */
