// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOMMUFD_SIM_CMD: the simulator's own command, for what upstream iommufd
 * has no word for.  Validated like an upstream ioctl: the dispatcher
 * applies the size rules, a non-zero __reserved or an unknown op is
 * EOPNOTSUPP, and so is a known field holding a value we do not support.
 */
#include "iommufd_sim.h"
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
