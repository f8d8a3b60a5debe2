/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: the ARM SMMUv3 of the simulated Grace (smmuv3_viommu.c).
 */
#ifndef IOMMUFD_SIM_SMMUV3_VIOMMU_H
#define IOMMUFD_SIM_SMMUV3_VIOMMU_H

#include <linux/mutex.h>
#include <linux/xarray.h>

#include "iommufd_sim.h"

/*
 * Simulated invalidation effects of one vIOMMU: what the trapped
 * IOMMU_HWPT_INVALIDATE path and the vCMDQ engine executed, after VMID
 * replacement and vSID -> pSID translation.  Counts wrap at 2^32.
 */
struct isim_smmu_counters {
	struct mutex lock;	/* everything below */
	u32 tlbi_nh_all;	/* TLBI_NH_ALL, and NSNH_ALL converted to it */
	u32 tlbi_nh_vaa;
	u32 cmd_sync;		/* vCMDQ path only: the trap path has none */
	struct xarray asids;	/* ASID -> struct isim_smmu_asid_counters */
	struct xarray sids;	/* physical SID -> struct isim_smmu_sid_counters */
};

struct isim_smmu_asid_counters {
	u32 tlbi_nh_asid;
	u32 tlbi_nh_va;
};

struct isim_smmu_sid_counters {
	u32 atc_inv;
	u32 cfgi_cd;
	u32 cfgi_cd_all;
};

/* The SMMUv3 part of a vIOMMU of type ARM_SMMUV3 or TEGRA241_CMDQV. */
struct isim_vsmmu {
	struct isim_viommu *viommu;
	u16 vmid;		/* module-wide unique, from 1 */
	struct isim_smmu_counters counters;
};

/* IDR1.CMDQS: the largest command queue has 2^isim_smmu_cmdqs entries */
extern unsigned int isim_smmu_cmdqs;
bool isim_smmuv3_params_valid(void);
/* The ID registers of IOMMU_HW_INFO_TYPE_ARM_SMMUV3 */
void isim_smmuv3_hw_info(struct iommu_hw_info_arm_smmuv3 *info);

/* IOMMU_VIOMMU_TYPE_ARM_SMMUV3 */
extern const struct isim_viommu_type isim_vsmmu_viommu_type;

/*
 * A vIOMMU of type ARM_SMMUV3 or TEGRA241_CMDQV has a struct isim_vsmmu at
 * viommu->driver; NULL for any other vIOMMU.
 */
struct isim_vsmmu *isim_vsmmu_of(struct isim_viommu *viommu);
/* For a type built on the vSMMU (TEGRA241_CMDQV): VMID and counters */
int isim_vsmmu_init(struct isim_vsmmu *vsmmu, struct isim_viommu *viommu);
void isim_vsmmu_fini(struct isim_vsmmu *vsmmu);
/* debugfs: VMID and the invalidation counters, as indented lines */
void isim_vsmmu_debugfs_show(struct seq_file *m, struct isim_vsmmu *vsmmu);
int isim_vsmmu_alloc_domain_nested(struct isim_viommu *viommu,
				   struct isim_hwpt_nested *hwpt, u32 flags,
				   const struct isim_user_data *data);
int isim_vsmmu_cache_invalidate(struct isim_viommu *viommu,
				struct isim_user_array *array);
bool isim_vsmmu_attach_without_vdev(const struct isim_hwpt_nested *hwpt);

/* The physical SID of @vsid, false when there is none */
typedef bool (*isim_vsmmu_psid_fn)(struct isim_vsmmu *vsmmu, u32 vsid,
				   u32 *psid);
int isim_vsmmu_exec(struct isim_vsmmu *vsmmu, u64 *w0, u64 *w1,
		    isim_vsmmu_psid_fn to_psid);

#endif /* IOMMUFD_SIM_SMMUV3_VIOMMU_H */
