/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: the ARM SMMUv3 of the simulated Grace (smmuv3_viommu.c).
 */
#ifndef IOMMUFD_SIM_SMMUV3_VIOMMU_H
#define IOMMUFD_SIM_SMMUV3_VIOMMU_H

#include "iommufd_sim.h"

/* IDR1.CMDQS: the largest command queue has 2^isim_smmu_cmdqs entries */
extern unsigned int isim_smmu_cmdqs;
bool isim_smmuv3_params_valid(void);
/* The ID registers of IOMMU_HW_INFO_TYPE_ARM_SMMUV3 */
void isim_smmuv3_hw_info(struct iommu_hw_info_arm_smmuv3 *info);

/* IOMMU_VIOMMU_TYPE_ARM_SMMUV3 */
extern const struct isim_viommu_type isim_vsmmu_viommu_type;

#endif /* IOMMUFD_SIM_SMMUV3_VIOMMU_H */
