// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOMMUFD_SIM_CMD: the simulator's own command, for what upstream iommufd
 * has no word for.  Validated like an upstream ioctl: the dispatcher
 * applies the size rules, a non-zero __reserved or an unknown op is
 * EOPNOTSUPP, and so is a known field holding a value we do not support.
 */
#include <linux/bitfield.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "cmdqv_engine.h"
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

/*
 * The vIOMMU @id as a VINTF, with a short-term reference the caller drops
 * with isim_obj_put(); ENOENT when @id is not a vIOMMU, EOPNOTSUPP when it
 * is not a TEGRA241_CMDQV one.
 */
static struct isim_cmdqv_vintf *isim_sim_get_vintf(struct isim_ctx *ctx, u32 id)
{
	struct isim_cmdqv_vintf *vintf;
	struct isim_viommu *viommu;
	struct isim_object *obj;

	obj = isim_obj_get(ctx, id, ISIM_OBJ_VIOMMU);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	viommu = container_of(obj, struct isim_viommu, obj);
	vintf = isim_cmdqv_vintf_of(viommu);
	if (!vintf) {
		isim_obj_put(ctx, obj);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return vintf;
}

/* IOMMUFD_SIM_OP_CMDQV_STEP: run the engine on one VINTF until idle */
static int isim_sim_cmdqv_step(struct isim_ucmd *ucmd,
			       struct iommufd_sim_cmd *cmd)
{
	struct iommufd_sim_cmdqv_step *arg = &cmd->cmdqv_step;
	struct isim_engine_run total = {};
	struct isim_cmdqv_vintf *vintf;

	if (arg->flags)
		return -EOPNOTSUPP;
	vintf = isim_sim_get_vintf(ucmd->ctx, cmd->id);
	if (IS_ERR(vintf))
		return PTR_ERR(vintf);

	isim_engine_step(&vintf->engine, &total);
	isim_obj_put(ucmd->ctx, &vintf->vsmmu.viommu->obj);

	arg->out_consumed = total.consumed;
	arg->out_errors = total.errors;
	arg->out_events = total.events;
	arg->out_more = total.more;
	return isim_ucmd_respond(ucmd, sizeof(*cmd));
}

/* IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE: the engine's truth about one LVCMDQ */
static int isim_sim_cmdqv_queue_state(struct isim_ucmd *ucmd,
				      struct iommufd_sim_cmd *cmd)
{
	struct iommufd_sim_cmdqv_queue_state *arg = &cmd->cmdqv_queue_state;
	struct isim_cmdqv_vintf *vintf;
	struct isim_cmdqv_lvcmdq *lv;
	struct isim_viommu *viommu;
	struct isim_hw_queue *hwq;
	struct isim_object *obj;
	struct isim_cmdqv_q *q;
	int rc = 0;

	obj = isim_obj_get(ucmd->ctx, cmd->id, ISIM_OBJ_HW_QUEUE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	hwq = container_of(obj, struct isim_hw_queue, obj);
	viommu = hwq->viommu;
	vintf = isim_cmdqv_vintf_of(viommu);
	if (!vintf || hwq->type != IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV) {
		rc = -EOPNOTSUPP;
		goto out_put;
	}

	mutex_lock(&viommu->lock);
	lv = &vintf->lvcmdqs[hwq->index];
	q = &lv->q;
	/* a live queue object owns its slot */
	if (WARN_ON(lv->hwq != hwq)) {
		mutex_unlock(&viommu->lock);
		rc = -EIO;
		goto out_put;
	}
	arg->out_base = lv->q_base;
	arg->out_index = hwq->index;
	arg->out_log2size = q->log2size;
	arg->out_cons = FIELD_PREP(IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_MASK,
				   q->cons_err) | q->cons;
	arg->out_gerror = q->gerror;
	arg->out_flags = 0;
	if (q->enabled)
		arg->out_flags |= IOMMUFD_SIM_CMDQV_Q_ENABLED;
	if (q->cons_err)
		arg->out_flags |= IOMMUFD_SIM_CMDQV_Q_ERROR;
	if (vintf->lvcmdq_err_map[hwq->index / 64] & BIT_ULL(hwq->index % 64))
		arg->out_flags |= IOMMUFD_SIM_CMDQV_Q_ERR_MAP;
	arg->out_nr_tlbi_nh_asid = q->nr[ISIM_CMDQV_CNT_TLBI_NH_ASID];
	arg->out_nr_tlbi_nh_va = q->nr[ISIM_CMDQV_CNT_TLBI_NH_VA];
	arg->out_nr_atc_inv = q->nr[ISIM_CMDQV_CNT_ATC_INV];
	arg->out_nr_cmd_sync = q->nr[ISIM_CMDQV_CNT_CMD_SYNC];
	arg->out_nr_errors = q->nr[ISIM_CMDQV_CNT_ERROR];
	mutex_unlock(&viommu->lock);

out_put:
	isim_obj_put(ucmd->ctx, obj);
	return rc ? rc : isim_ucmd_respond(ucmd, sizeof(*cmd));
}

/*
 * IOMMUFD_SIM_OP_CMDQV_TRACE: the newest commands of a VINTF, oldest
 * first.  Copied under viommu->lock into a kernel buffer, then to user
 * space with no lock held.
 */
static int isim_sim_cmdqv_trace(struct isim_ucmd *ucmd,
				struct iommufd_sim_cmd *cmd)
{
	struct iommufd_sim_cmdqv_trace *arg = &cmd->cmdqv_trace;
	struct iommufd_sim_cmdqv_trace_entry *buf = NULL;
	struct isim_cmdqv_vintf *vintf;
	struct isim_viommu *viommu;
	u64 total, first, seq;
	unsigned int n = 0;
	int rc = 0;

	if (arg->entry_len != sizeof(*buf))
		return -EINVAL;
	vintf = isim_sim_get_vintf(ucmd->ctx, cmd->id);
	if (IS_ERR(vintf))
		return PTR_ERR(vintf);
	viommu = vintf->vsmmu.viommu;

	buf = kcalloc(IOMMUFD_SIM_CMDQV_TRACE_DEPTH, sizeof(*buf),
		      GFP_KERNEL_ACCOUNT);
	if (!buf) {
		rc = -ENOMEM;
		goto out_put;
	}
	mutex_lock(&viommu->lock);
	total = vintf->trace_total;
	n = min_t(u64, min_t(u64, arg->entry_num, total),
		  IOMMUFD_SIM_CMDQV_TRACE_DEPTH);
	first = total - n;
	for (seq = first; seq < total; seq++)
		buf[seq - first] =
			vintf->trace[seq % IOMMUFD_SIM_CMDQV_TRACE_DEPTH];
	mutex_unlock(&viommu->lock);

	if (n && copy_to_user(u64_to_user_ptr(arg->uptr), buf,
			      n * sizeof(*buf))) {
		rc = -EFAULT;
		goto out_put;
	}
	arg->entry_num = n;
	arg->out_total = total;
out_put:
	kfree(buf);
	isim_obj_put(ucmd->ctx, &viommu->obj);
	return rc ? rc : isim_ucmd_respond(ucmd, sizeof(*cmd));
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
