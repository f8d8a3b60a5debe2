// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOMMUFD_SIM_CMD: the simulator's own command, for what upstream iommufd
 * has no word for.  Validated like an upstream ioctl: the dispatcher
 * applies the size rules, a non-zero __reserved or an unknown op is
 * EOPNOTSUPP, and so is a known field holding a value we do not support.
 */
#include "iommufd_sim.h"
#include "smmuv3_viommu.h"
#include "tegra241_cmdqv.h"

/*
 * IOMMUFD_SIM_OP_DEVICE_ALLOC: plug a device of either model.  id = IOAS
 * (through an auto domain) or HWPT_PAGING to attach it to, or 0 to leave it
 * unattached.
 */
static int isim_sim_device_alloc(struct isim_ucmd *ucmd,
				 struct iommufd_sim_cmd *cmd)
{
	struct iommufd_sim_device_alloc *arg = &cmd->device_alloc;
	const struct isim_iommu_model *model = isim_model_find(arg->model);
	struct isim_stdev *stdev;
	u32 hwpt_id;

	if (!model || arg->flags)
		return -EOPNOTSUPP;

	stdev = isim_stdev_alloc(ucmd->ctx, model, 0, arg->stream_id,
				 cmd->id != 0, cmd->id, &hwpt_id);
	if (IS_ERR(stdev))
		return PTR_ERR(stdev);
	/* unplugged again by the dispatcher if the reply cannot be written */
	ucmd->new_obj = &stdev->obj;

	arg->out_stdev_id = stdev->obj.id;
	arg->out_hwpt_id = hwpt_id;
	arg->out_idev_id = stdev->idev->obj.id;
	return isim_ucmd_respond(ucmd, sizeof(*cmd));
}

/* IOMMUFD_SIM_OP_VIOMMU_COUNTERS: the simulated invalidations of a vSMMU */
static int isim_sim_viommu_counters(struct isim_ucmd *ucmd,
				    struct iommufd_sim_cmd *cmd)
{
	struct iommufd_sim_viommu_counters *arg = &cmd->viommu_counters;
	struct isim_smmu_asid_counters *a;
	struct isim_smmu_sid_counters *s;
	struct isim_smmu_counters *c;
	struct isim_viommu *viommu;
	struct isim_vsmmu *vsmmu;
	struct isim_object *obj;

	if (arg->__reserved)
		return -EOPNOTSUPP;
	obj = isim_obj_get(ucmd->ctx, cmd->id, ISIM_OBJ_VIOMMU);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	viommu = container_of(obj, struct isim_viommu, obj);
	vsmmu = isim_vsmmu_of(viommu);
	if (!vsmmu) {
		isim_obj_put(ucmd->ctx, obj);
		return -EOPNOTSUPP;
	}
	c = &vsmmu->counters;

	mutex_lock(&c->lock);
	arg->out_vmid = vsmmu->vmid;
	arg->out_tlbi_nh_all = c->tlbi_nh_all;
	arg->out_tlbi_nh_vaa = c->tlbi_nh_vaa;
	arg->out_cmd_sync = c->cmd_sync;
	a = xa_load(&c->asids, arg->asid);
	arg->out_tlbi_nh_asid = a ? a->tlbi_nh_asid : 0;
	arg->out_tlbi_nh_va = a ? a->tlbi_nh_va : 0;
	s = xa_load(&c->sids, arg->sid);
	arg->out_atc_inv = s ? s->atc_inv : 0;
	arg->out_cfgi_cd = s ? s->cfgi_cd : 0;
	arg->out_cfgi_cd_all = s ? s->cfgi_cd_all : 0;
	mutex_unlock(&c->lock);

	isim_obj_put(ucmd->ctx, obj);
	return isim_ucmd_respond(ucmd, sizeof(*cmd));
}

int isim_sim_cmd_ioctl(struct isim_ucmd *ucmd)
{
	struct iommufd_sim_cmd *cmd = ucmd->cmd;

	if (cmd->__reserved)
		return -EOPNOTSUPP;

	switch (cmd->op) {
	case IOMMUFD_SIM_OP_DEVICE_ALLOC:
		return isim_sim_device_alloc(ucmd, cmd);
	case IOMMUFD_SIM_OP_VIOMMU_COUNTERS:
		return isim_sim_viommu_counters(ucmd, cmd);
	case IOMMUFD_SIM_OP_CMDQV_STEP:
		return isim_sim_cmdqv_step(ucmd, cmd);
	case IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE:
		return isim_sim_cmdqv_queue_state(ucmd, cmd);
	case IOMMUFD_SIM_OP_CMDQV_TRACE:
		return isim_sim_cmdqv_trace(ucmd, cmd);
	default:
		return -EOPNOTSUPP;
	}
}
