// SPDX-License-Identifier: GPL-2.0-only
/*
 * HW page tables: HWPT_PAGING objects (a domain on an IOAS), HWPT_NESTED
 * objects (a stage-1 table on a vIOMMU) and IOMMU_HWPT_ALLOC.
 *
 * A HWPT_PAGING holds its IOAS and adds its domain to it when created, even
 * before any device is attached, so the IOAS reports the domain's aperture
 * and alignment and pins its mappings from then on; destroying the HWPT
 * removes the domain again.  Auto domains are HWPT_PAGINGs created by
 * attaching a device to an IOAS; they die with their last device.
 *
 * A paging HWPT allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING (on a
 * capable device, as upstream) has dirty tracking: dirty.c.  Nested HWPTs are
 * allocated on a vIOMMU, whose type validates the data and fills the
 * table, and hold the vIOMMU; or directly on a nesting parent HWPT_PAGING,
 * which they hold, where the model has a domain_alloc_nested op (the
 * selftest mock; EOPNOTSUPP elsewhere).  A HWPT allocated with
 * IOMMU_HWPT_FAULT_ID_VALID holds its fault queue (fault.c).
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "iommufd_sim.h"

/*
 * Create a HWPT_PAGING for @idev's IOMMU on @ioas, not yet visible, with
 * its domain added to the IOAS; @data is the driver data of HWPT_ALLOC, or
 * NULL.  The caller finalizes it, or aborts it
 * (which removes the domain again).
 */
struct isim_hwpt_paging *
isim_hwpt_paging_create(struct isim_ctx *ctx, struct isim_ioas *ioas,
			struct isim_device *idev, u32 flags,
			const struct isim_user_data *data, bool auto_domain)
{
	struct isim_hwpt_paging *hwpt;
	struct isim_object *obj;
	int rc;

	obj = isim_obj_alloc(ctx, sizeof(*hwpt), ISIM_OBJ_HWPT_PAGING);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	hwpt = container_of(obj, struct isim_hwpt_paging, obj);
	INIT_LIST_HEAD(&hwpt->ctx_item);
	hwpt->model = idev->model;
	hwpt->auto_domain = auto_domain;
	hwpt->nest_parent = flags & IOMMU_HWPT_ALLOC_NEST_PARENT;
	hwpt->pasid_compat = flags & IOMMU_HWPT_ALLOC_PASID;
	isim_device_domain_init(idev, &hwpt->domain);
	hwpt->domain.dirty_ops = flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING;
	if (data) {
		/* isim_hwpt_paging_check() saw that the model takes data */
		rc = idev->model->paging_data(&hwpt->domain, data);
		if (rc)
			goto err_abort;
	}

	/* ENOENT when a concurrent DESTROY took the IOAS away */
	rc = isim_obj_hold(ctx, &ioas->obj);
	if (rc)
		goto err_abort;
	hwpt->ioas = ioas;

	rc = isim_ioas_add_domain(ioas, &hwpt->domain);
	if (rc)
		goto err_abort;
	hwpt->domain_added = true;
	return hwpt;

err_abort:
	isim_obj_abort(ctx, obj);
	return ERR_PTR(rc);
}

void isim_hwpt_paging_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_hwpt_paging *hwpt =
		container_of(obj, struct isim_hwpt_paging, obj);

	/* Only complete auto domains are listed; creation holds dev_lock. */
	if (!list_empty(&hwpt->ctx_item)) {
		mutex_lock(&ctx->dev_lock);
		list_del(&hwpt->ctx_item);
		mutex_unlock(&ctx->dev_lock);
	}
	WARN_ON(hwpt->ndevices);
	if (hwpt->fault)
		isim_fault_unhold(hwpt->fault);
	if (hwpt->domain_added)
		isim_ioas_remove_domain(hwpt->ioas, &hwpt->domain);
	if (hwpt->ioas)
		isim_obj_unhold(&hwpt->ioas->obj);
	kfree(hwpt);
}

/*
 * A nested HWPT for @idev on @viommu, not yet visible, in upstream's order:
 * another IOMMU instance (EINVAL), flags beyond FAULT_ID_VALID and PASID,
 * no data, no nested support in the type (EOPNOTSUPP), then the type's
 * alloc_domain_nested (without FAULT_ID_VALID, which the core handles).
 */
static struct isim_hwpt_nested *
isim_hwpt_nested_create(struct isim_ctx *ctx, struct isim_device *idev,
			struct isim_viommu *viommu,
			const struct iommu_hwpt_alloc *cmd)
{
	const struct isim_user_data data = {
		.type = cmd->data_type,
		.uptr = u64_to_user_ptr(cmd->data_uptr),
		.len = cmd->data_len,
	};
	struct isim_hwpt_nested *hwpt;
	struct isim_object *obj;
	int rc;

	if (viommu->model != idev->model)
		return ERR_PTR(-EINVAL);
	if (cmd->flags & ~(IOMMU_HWPT_FAULT_ID_VALID | IOMMU_HWPT_ALLOC_PASID))
		return ERR_PTR(-EOPNOTSUPP);
	if (!cmd->data_len || !viommu->ops->alloc_domain_nested)
		return ERR_PTR(-EOPNOTSUPP);

	obj = isim_obj_alloc(ctx, sizeof(*hwpt), ISIM_OBJ_HWPT_NESTED);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	hwpt = container_of(obj, struct isim_hwpt_nested, obj);
	hwpt->pasid_compat = cmd->flags & IOMMU_HWPT_ALLOC_PASID;

	/* ENOENT when a concurrent DESTROY took the vIOMMU away */
	rc = isim_obj_hold(ctx, &viommu->obj);
	if (rc)
		goto err_abort;
	hwpt->viommu = viommu;

	rc = viommu->ops->alloc_domain_nested(viommu, hwpt,
					      cmd->flags &
						      ~IOMMU_HWPT_FAULT_ID_VALID,
					      &data);
	if (rc)
		goto err_abort;
	return hwpt;

err_abort:
	isim_obj_abort(ctx, obj);
	return ERR_PTR(rc);
}

void isim_hwpt_nested_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_hwpt_nested *hwpt =
		container_of(obj, struct isim_hwpt_nested, obj);

	/* attached devices hold it */
	WARN_ON(hwpt->ndevices);
	if (hwpt->fault)
		isim_fault_unhold(hwpt->fault);
	if (hwpt->viommu)
		isim_obj_unhold(&hwpt->viommu->obj);
	if (hwpt->parent)
		isim_obj_unhold(&hwpt->parent->obj);
	kfree(hwpt);
}

/*
 * A nested HWPT for @idev directly on @parent, not yet visible, in
 * upstream's order (iommufd_hwpt_nested_alloc): flags beyond FAULT_ID_VALID
 * and PASID, no data, or a model without domain_alloc_nested EOPNOTSUPP;
 * an auto domain, a HWPT allocated without NEST_PARENT or one of another
 * IOMMU EINVAL; then the model's op (without FAULT_ID_VALID).
 */
static struct isim_hwpt_nested *
isim_hwpt_nested_on_parent(struct isim_ctx *ctx, struct isim_device *idev,
			   struct isim_hwpt_paging *parent,
			   const struct isim_iommu_model *model,
			   const struct iommu_hwpt_alloc *cmd)
{
	const struct isim_user_data data = {
		.type = cmd->data_type,
		.uptr = u64_to_user_ptr(cmd->data_uptr),
		.len = cmd->data_len,
	};
	struct isim_hwpt_nested *hwpt;
	struct isim_object *obj;
	int rc;

	if ((cmd->flags &
	     ~(IOMMU_HWPT_FAULT_ID_VALID | IOMMU_HWPT_ALLOC_PASID)) ||
	    !cmd->data_len || !model->alloc_domain_nested)
		return ERR_PTR(-EOPNOTSUPP);
	if (parent->auto_domain || !parent->nest_parent ||
	    parent->model != model)
		return ERR_PTR(-EINVAL);

	obj = isim_obj_alloc(ctx, sizeof(*hwpt), ISIM_OBJ_HWPT_NESTED);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	hwpt = container_of(obj, struct isim_hwpt_nested, obj);
	hwpt->pasid_compat = cmd->flags & IOMMU_HWPT_ALLOC_PASID;

	/* ENOENT when a concurrent DESTROY took the parent away */
	rc = isim_obj_hold(ctx, &parent->obj);
	if (rc)
		goto err_abort;
	hwpt->parent = parent;

	rc = model->alloc_domain_nested(hwpt,
					cmd->flags & ~IOMMU_HWPT_FAULT_ID_VALID,
					&data);
	if (rc)
		goto err_abort;
	return hwpt;

err_abort:
	isim_obj_abort(ctx, obj);
	return ERR_PTR(rc);
}

/*
 * The flag and data checks of a paging HWPT for @idev, in upstream's order:
 * the core's (unknown flag, dirty tracking the device's IOMMU cannot do,
 * FAULT_ID_VALID with NEST_PARENT),
 * then the driver's domain_alloc_paging_flags (which never sees
 * FAULT_ID_VALID): the model's flag rule, and driver data only where the
 * model has a paging_data op (the selftest mock's iommu_hwpt_selftest;
 * EOPNOTSUPP elsewhere).  The op itself runs in isim_hwpt_paging_create().
 */
static int isim_hwpt_paging_check(const struct isim_device *idev, u32 flags,
				  bool user_data)
{
	const u32 valid = IOMMU_HWPT_ALLOC_NEST_PARENT |
			  IOMMU_HWPT_ALLOC_DIRTY_TRACKING |
			  IOMMU_HWPT_FAULT_ID_VALID | IOMMU_HWPT_ALLOC_PASID;
	int rc;

	if (flags & ~valid)
		return -EOPNOTSUPP;
	if ((flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING) &&
	    !isim_device_dirty_capable(idev))
		return -EOPNOTSUPP;
	/* a nesting parent never reports faults itself */
	if ((flags & IOMMU_HWPT_FAULT_ID_VALID) &&
	    (flags & IOMMU_HWPT_ALLOC_NEST_PARENT))
		return -EOPNOTSUPP;

	flags &= ~IOMMU_HWPT_FAULT_ID_VALID;
	if (idev->model->paging_flags_check) {
		rc = idev->model->paging_flags_check(flags);
		if (rc)
			return rc;
	}
	if (user_data && !idev->model->paging_data)
		return -EOPNOTSUPP;
	return 0;
}

/*
 * IOMMU_HWPT_ALLOC, upstream's checks in order: __reserved (EOPNOTSUPP;
 * __reserved2 is not checked upstream either), data_type against data_len
 * (EINVAL), dev_id (ENOENT), pt_id of any type (EINVAL when missing), then
 * by pt_id type: IOAS -> paging HWPT; HWPT_PAGING -> nested HWPT on it;
 * vIOMMU -> nested HWPT of the vIOMMU's type; anything else EINVAL.  Last,
 * FAULT_ID_VALID looks up fault_id (ENOENT for anything but a fault
 * queue), which the new HWPT then holds.
 */
int isim_hwpt_alloc_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_hwpt_alloc *cmd = ucmd->cmd;
	const struct isim_user_data data = {
		.type = cmd->data_type,
		.uptr = u64_to_user_ptr(cmd->data_uptr),
		.len = cmd->data_len,
	};
	struct isim_hwpt_nested *nested = NULL;
	struct isim_hwpt_paging *hwpt = NULL;
	struct isim_object *dev_obj, *pt_obj, *new_obj;
	struct isim_fault *fault;
	struct isim_device *idev;
	int rc;

	if (cmd->__reserved)
		return -EOPNOTSUPP;
	if ((cmd->data_type == IOMMU_HWPT_DATA_NONE && cmd->data_len) ||
	    (cmd->data_type != IOMMU_HWPT_DATA_NONE && !cmd->data_len))
		return -EINVAL;

	dev_obj = isim_obj_get(ucmd->ctx, cmd->dev_id, ISIM_OBJ_DEVICE);
	if (IS_ERR(dev_obj))
		return PTR_ERR(dev_obj);
	idev = container_of(dev_obj, struct isim_device, obj);

	pt_obj = isim_obj_get(ucmd->ctx, cmd->pt_id, ISIM_OBJ_ANY);
	if (IS_ERR(pt_obj)) {
		rc = -EINVAL;
		goto out_put_dev;
	}

	switch (pt_obj->type) {
	case ISIM_OBJ_IOAS:
		rc = isim_hwpt_paging_check(idev, cmd->flags, cmd->data_len);
		if (rc)
			goto out_put_pt;
		hwpt = isim_hwpt_paging_create(ucmd->ctx,
					       container_of(pt_obj,
							    struct isim_ioas,
							    obj),
					       idev, cmd->flags,
					       cmd->data_len ? &data : NULL,
					       false);
		if (IS_ERR(hwpt)) {
			rc = PTR_ERR(hwpt);
			goto out_put_pt;
		}
		new_obj = &hwpt->obj;
		break;
	case ISIM_OBJ_HWPT_PAGING:
		nested = isim_hwpt_nested_on_parent(ucmd->ctx, idev,
						    container_of(pt_obj,
								 struct isim_hwpt_paging,
								 obj),
						    idev->model, cmd);
		if (IS_ERR(nested)) {
			rc = PTR_ERR(nested);
			goto out_put_pt;
		}
		new_obj = &nested->obj;
		break;
	case ISIM_OBJ_VIOMMU:
		nested = isim_hwpt_nested_create(ucmd->ctx, idev,
						 container_of(pt_obj,
							      struct isim_viommu,
							      obj),
						 cmd);
		if (IS_ERR(nested)) {
			rc = PTR_ERR(nested);
			goto out_put_pt;
		}
		new_obj = &nested->obj;
		break;
	default:
		rc = -EINVAL;
		goto out_put_pt;
	}
	/* From here on the dispatcher aborts the HWPT if we fail. */
	ucmd->new_obj = new_obj;

	if (cmd->flags & IOMMU_HWPT_FAULT_ID_VALID) {
		fault = isim_fault_hold(ucmd->ctx, cmd->fault_id);
		if (IS_ERR(fault)) {
			rc = PTR_ERR(fault);
			goto out_put_pt;
		}
		/* not yet visible: no device can be attached to it */
		if (nested)
			nested->fault = fault;
		else
			hwpt->fault = fault;
	}

	cmd->out_hwpt_id = new_obj->id;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
out_put_pt:
	isim_obj_put(ucmd->ctx, pt_obj);
out_put_dev:
	isim_obj_put(ucmd->ctx, dev_obj);
	return rc;
}
