// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ARM SMMUv3 of the simulated Grace (IOMMUFD_SIM_MODEL_TEGRA241) as a
 * guest's VMM sees it: the ID registers GET_HW_INFO reports and the
 * smmu_cmdqs parameter behind IDR1.CMDQS.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/moduleparam.h>

#include "iommufd_sim.h"
#include "smmuv3_viommu.h"

unsigned int isim_smmu_cmdqs = 19;
module_param_named(smmu_cmdqs, isim_smmu_cmdqs, uint, 0444);
MODULE_PARM_DESC(smmu_cmdqs,
		 "SMMU IDR1.CMDQS: log2 of the largest command queue in entries, in [1, 19] (default 19)");

/* SMMUv3 command queues have at most 2^19 entries */
bool isim_smmuv3_params_valid(void)
{
	if (isim_smmu_cmdqs < 1 || isim_smmu_cmdqs > 19) {
		pr_err("smmu_cmdqs=%u must be in [1, 19]\n", isim_smmu_cmdqs);
		return false;
	}
	return true;
}

/*
 * The simulated Grace SMMUv3 ID registers reported by GET_HW_INFO
 * (IOMMU_HW_INFO_TYPE_ARM_SMMUV3).  Field layout from the SMMUv3
 * architecture as the Linux arm-smmu-v3 driver reads it.  The values are a
 * plausible Grace configuration that passes QEMU's smmuv3-accel host checks
 * (equal STLEVEL and granules, at least its SIDSIZE, SSIDSIZE, RIL and
 * OAS); the real Grace values are not known to us.
 */
#define SMMU_IDR0_S2P		BIT(0)		/* stage 2 translation */
#define SMMU_IDR0_S1P		BIT(1)		/* stage 1 translation */
#define SMMU_IDR0_TTF		GENMASK(3, 2)	/* 2: AArch64 tables only */
#define SMMU_IDR0_COHACC	BIT(4)		/* coherent table walks */
#define SMMU_IDR0_HYP		BIT(9)		/* EL2 translation regimes */
#define SMMU_IDR0_ATS		BIT(10)		/* PCIe ATS */
#define SMMU_IDR0_ASID16	BIT(12)		/* 16-bit ASIDs */
#define SMMU_IDR0_MSI		BIT(13)		/* MSI-capable queues */
#define SMMU_IDR0_VMID16	BIT(18)		/* 16-bit VMIDs */
#define SMMU_IDR0_CD2L		BIT(19)		/* 2-level CD tables */
#define SMMU_IDR0_TTENDIAN	GENMASK(22, 21)	/* 0: mixed endian */
#define SMMU_IDR0_STALL_MODEL	GENMASK(25, 24)	/* 1: no stall */
#define SMMU_IDR0_TERM_MODEL	BIT(26)		/* aborts, never RAZ/WI */
#define SMMU_IDR0_ST_LVL	GENMASK(28, 27)	/* 1: 2-level stream table */

#define SMMU_IDR1_SIDSIZE	GENMASK(5, 0)
#define SMMU_IDR1_SSIDSIZE	GENMASK(10, 6)
#define SMMU_IDR1_PRIQS		GENMASK(15, 11)
#define SMMU_IDR1_EVTQS		GENMASK(20, 16)
#define SMMU_IDR1_CMDQS		GENMASK(25, 21)

#define SMMU_IDR3_HAD		BIT(2)		/* hierarchical attr. disable */
#define SMMU_IDR3_RIL		BIT(10)		/* range invalidation */

#define SMMU_IDR5_OAS		GENMASK(2, 0)	/* 5: 48-bit output */
#define SMMU_IDR5_GRAN4K	BIT(4)
#define SMMU_IDR5_GRAN16K	BIT(5)
#define SMMU_IDR5_GRAN64K	BIT(6)
#define SMMU_IDR5_VAX		GENMASK(11, 10)	/* 0: 48-bit input */

#define SMMU_IIDR_IMPLEMENTER	GENMASK(11, 0)
#define SMMU_AIDR_MINOR		GENMASK(3, 0)	/* 2: SMMUv3.2 */

/* JEP106 code of NVIDIA (bank 4: three continuation codes, then 0x6b) */
#define ISIM_JEP106_NVIDIA	0x36b
#define ISIM_SMMU_SIDSIZE	20
#define ISIM_SMMU_SSIDSIZE	20
#define ISIM_SMMU_EVTQS		19

void isim_smmuv3_hw_info(struct iommu_hw_info_arm_smmuv3 *info)
{
	info->idr[0] = SMMU_IDR0_S2P | SMMU_IDR0_S1P |
		       FIELD_PREP(SMMU_IDR0_TTF, 2) | SMMU_IDR0_COHACC |
		       SMMU_IDR0_HYP | SMMU_IDR0_ATS | SMMU_IDR0_ASID16 |
		       SMMU_IDR0_MSI | SMMU_IDR0_VMID16 | SMMU_IDR0_CD2L |
		       FIELD_PREP(SMMU_IDR0_TTENDIAN, 0) |
		       FIELD_PREP(SMMU_IDR0_STALL_MODEL, 1) |
		       SMMU_IDR0_TERM_MODEL | FIELD_PREP(SMMU_IDR0_ST_LVL, 1);
	info->idr[1] = FIELD_PREP(SMMU_IDR1_SIDSIZE, ISIM_SMMU_SIDSIZE) |
		       FIELD_PREP(SMMU_IDR1_SSIDSIZE, ISIM_SMMU_SSIDSIZE) |
		       FIELD_PREP(SMMU_IDR1_PRIQS, 0) |
		       FIELD_PREP(SMMU_IDR1_EVTQS, ISIM_SMMU_EVTQS) |
		       FIELD_PREP(SMMU_IDR1_CMDQS, isim_smmu_cmdqs);
	info->idr[2] = 0;
	info->idr[3] = SMMU_IDR3_HAD | SMMU_IDR3_RIL;
	info->idr[4] = 0;
	info->idr[5] = FIELD_PREP(SMMU_IDR5_OAS, 5) | SMMU_IDR5_GRAN4K |
		       SMMU_IDR5_GRAN16K | SMMU_IDR5_GRAN64K |
		       FIELD_PREP(SMMU_IDR5_VAX, 0);
	info->iidr = FIELD_PREP(SMMU_IIDR_IMPLEMENTER, ISIM_JEP106_NVIDIA);
	info->aidr = FIELD_PREP(SMMU_AIDR_MINOR, 2);
}
