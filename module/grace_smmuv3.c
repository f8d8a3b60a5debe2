// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated NVIDIA Grace IOMMU (IOMMUFD_SIM_MODEL_TEGRA241): an ARM
 * SMMUv3 (smmuv3_viommu.c) with a Tegra241 CMDQV (tegra241_cmdqv.c, whose
 * queues the engine in cmdqv_engine.c consumes).
 *
 * Aperture [0, 2^48 - 1] (a 48-bit input address space, IDR5.VAX = 0),
 * smallest IO page PAGE_SIZE; no dirty tracking (IDR0.HTTU = 0) and no
 * PASID (the devices have no PASID capability); stream IDs unique in a
 * context.  GET_HW_INFO reports the SMMUv3 ID registers by default and the
 * CMDQV's PARAM on request; the vIOMMU types are the plain ARM_SMMUV3 and
 * the TEGRA241_CMDQV VINTF.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "cmdqv_engine.h"
#include "iommufd_sim.h"
#include "smmuv3_viommu.h"
#include "tegra241_cmdqv.h"

#define ISIM_GRACE_APERTURE_LAST ((1ULL << 48) - 1)

static int isim_grace_hw_info(const struct isim_device *idev, u32 type,
			      union isim_hw_info_data *data, u32 *len,
			      u32 *out_type)
{
	switch (type) {
	case IOMMU_HW_INFO_TYPE_DEFAULT:
	case IOMMU_HW_INFO_TYPE_ARM_SMMUV3:
		isim_smmuv3_hw_info(&data->smmuv3);
		*len = sizeof(data->smmuv3);
		*out_type = IOMMU_HW_INFO_TYPE_ARM_SMMUV3;
		return 0;
	case IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV:
		/* PARAM as seen by one VINTF: the VMM exposes one VINTF */
		isim_cmdqv_hw_info(&data->cmdqv);
		*len = sizeof(data->cmdqv);
		*out_type = IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * Upstream's arm_smmu_domain_alloc_paging_flags(): NEST_PARENT or
 * DIRTY_TRACKING, not both, each with PASID.
 */
static int isim_grace_paging_flags_check(u32 flags)
{
	u32 kind = flags & ~IOMMU_HWPT_ALLOC_PASID;

	if (!kind || kind == IOMMU_HWPT_ALLOC_NEST_PARENT ||
	    kind == IOMMU_HWPT_ALLOC_DIRTY_TRACKING)
		return 0;
	return -EOPNOTSUPP;
}

/* Every bad parameter is reported before the load fails */
static int isim_grace_init(void)
{
	bool ok = isim_cmdqv_params_valid();
	int rc;

	if (!isim_smmuv3_params_valid())
		ok = false;
	if (!ok)
		return -EINVAL;
	/* running before any context can exist, stopped after the last */
	rc = isim_engine_start();
	if (rc)
		pr_err("cannot start the CMDQV engine: error %d\n", rc);
	return rc;
}

static void isim_grace_exit(void)
{
	isim_engine_stop();
}

static const struct isim_viommu_type *const isim_grace_viommu_types[] = {
	&isim_vsmmu_viommu_type,
	&isim_cmdqv_viommu_type,
};

const struct isim_iommu_model isim_grace_model = {
	.name = "tegra241",
	.init = isim_grace_init,
	.exit = isim_grace_exit,
	.aperture_start = 0,
	.aperture_last = ISIM_GRACE_APERTURE_LAST,
	.pgsize = PAGE_SIZE,
	.unique_stream_ids = true,
	.hw_info = isim_grace_hw_info,
	.paging_flags_check = isim_grace_paging_flags_check,
	.viommu_types = isim_grace_viommu_types,
	.nr_viommu_types = ARRAY_SIZE(isim_grace_viommu_types),
};
