// SPDX-License-Identifier: GPL-2.0-only
/*
 * vIOMMUs and vDEVICEs: IOMMU_VIOMMU_ALLOC, IOMMU_VDEVICE_ALLOC and
 * IOMMU_HWPT_INVALIDATE (docs/object-model.md, 'vIOMMU family'), plus the
 * helpers a vIOMMU type uses to read and write its driver data the way
 * upstream's iommu_copy_struct_*() helpers do.
 *
 * A vIOMMU sits on one simulated IOMMU instance (a device model) and holds
 * its nesting-parent HWPT_PAGING.  What it can do comes from its type, one
 * of the model's viommu_types (struct isim_iommu_model).
 * Everything else (vDEVICEs, nested HWPTs, vEVENTQs, HW queues) holds the
 * vIOMMU, so it can only be destroyed after them.
 */
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "iommufd_sim.h"

/* upstream's cap on IOMMU_HWPT_INVALIDATE's entry_num (7.x) */
#define ISIM_INVALIDATE_MAX_ENTRIES BIT(19)

/*
 * upstream's iommu_copy_struct_from_user() (7.x): the type must match and
 * the length must lie in [@min_len, @ksize] (EINVAL); shorter input is
 * zero-extended.  6.x scanned a longer input's tail for E2BIG instead.
 */
int isim_copy_struct_from_user_data(void *kdst, size_t ksize,
				    const struct isim_user_data *data,
				    u32 type, size_t min_len)
{
	if (data->type != type || data->len < min_len || data->len > ksize)
		return -EINVAL;
	return copy_struct_from_user(kdst, ksize, data->uptr, data->len);
}

/*
 * upstream's iommu_copy_struct_to_user(): the type must match and the user
 * length must lie in [@min_len, @ksize] (EINVAL otherwise, also for a user
 * struct longer than ours); exactly that many bytes are written.
 */
int isim_copy_struct_to_user_data(const struct isim_user_data *data,
				  const void *ksrc, size_t ksize, u32 type,
				  size_t min_len)
{
	if (data->type != type || data->len < min_len || data->len > ksize)
		return -EINVAL;
	if (copy_to_user(data->uptr, ksrc, data->len))
		return -EFAULT;
	return 0;
}

/*
 * upstream's iommu_copy_struct_from_user_array() (7.x): entry @index of
 * @array, which must be of @type with entries of [@min_len, @ksize] bytes
 * (EINVAL).
 */
int isim_copy_struct_from_user_array(void *kdst, size_t ksize,
				     const struct isim_user_array *array,
				     u32 type, u32 index, size_t min_len)
{
	size_t offset;

	if (array->type != type || array->entry_len < min_len ||
	    array->entry_len > ksize)
		return -EINVAL;
	/* both factors are u32, so the product fits in a 64-bit size_t */
	offset = (size_t)array->entry_len * index;
	return copy_struct_from_user(kdst, ksize, array->uptr + offset,
				     array->entry_len);
}

/*
 * upstream's iommu_copy_struct_from_full_user_array(): every entry of
 * @array (of @type; EINVAL otherwise or when empty) into @kdst, an array of
 * entry_num entries of @ksize bytes.
 */
int isim_copy_struct_from_full_user_array(void *kdst, size_t ksize,
					  const struct isim_user_array *array,
					  u32 type)
{
	u32 i;
	int rc;

	if (array->type != type || !array->entry_num)
		return -EINVAL;
	if (array->entry_len == ksize) {
		if (copy_from_user(kdst, array->uptr,
				   (size_t)array->entry_num * ksize))
			return -EFAULT;
		return 0;
	}
	for (i = 0; i != array->entry_num; i++) {
		rc = copy_struct_from_user(kdst + ksize * i, ksize,
					   array->uptr +
						   (size_t)array->entry_len * i,
					   array->entry_len);
		if (rc)
			return rc;
	}
	return 0;
}

int isim_viommu_invalidate_each(struct isim_viommu *viommu,
				struct isim_user_array *array, u32 type,
				size_t entry_size,
				int (*fn)(struct isim_viommu *viommu,
					  void *entry))
{
	u32 done = 0, i;
	void *cmds;
	int rc;

	/* entry_num <= ISIM_INVALIDATE_MAX_ENTRIES; charged to the caller */
	cmds = kvcalloc(array->entry_num, entry_size,
			GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!cmds) {
		rc = -ENOMEM;
		goto out;
	}
	/* another type fails here (EINVAL), an empty array included */
	rc = isim_copy_struct_from_full_user_array(cmds, entry_size, array,
						   type);
	if (rc)
		goto out;

	mutex_lock(&viommu->lock);
	for (i = 0; i < array->entry_num; i++) {
		rc = fn(viommu, cmds + (size_t)i * entry_size);
		if (rc)
			break;
		done++;
		cond_resched();
	}
	mutex_unlock(&viommu->lock);
out:
	kvfree(cmds);
	array->entry_num = done;
	return rc;
}

/* The vIOMMU type @type of @model's IOMMU, NULL when it has none */
static const struct isim_viommu_type *
isim_viommu_type_find(const struct isim_iommu_model *model, u32 type)
{
	unsigned int i;

	for (i = 0; i < model->nr_viommu_types; i++)
		if (model->viommu_types[i]->type == type)
			return model->viommu_types[i];
	return NULL;
}

/*
 * IOMMU_VIOMMU_ALLOC, upstream's checks in order: flags or the DEFAULT type
 * (EOPNOTSUPP; __reserved is not checked), dev_id (ENOENT), a type the
 * device's IOMMU lacks (EOPNOTSUPP), hwpt_id as a HWPT_PAGING (ENOENT), not
 * a nesting parent (EINVAL), then the type's init with the user data.
 * Simulator policy: a parent of another IOMMU instance is EINVAL, as real
 * drivers refuse a stage-2 table of another SMMU.
 */
int isim_viommu_alloc_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_viommu_alloc *cmd = ucmd->cmd;
	const struct isim_user_data data = {
		.type = cmd->type,
		.uptr = u64_to_user_ptr(cmd->data_uptr),
		.len = cmd->data_len,
	};
	const struct isim_viommu_type *vtype;
	struct isim_object *dev_obj, *hwpt_obj, *obj;
	struct isim_hwpt_paging *parent;
	struct isim_viommu *viommu;
	struct isim_device *idev;
	int rc;

	if (cmd->flags || cmd->type == IOMMU_VIOMMU_TYPE_DEFAULT)
		return -EOPNOTSUPP;

	dev_obj = isim_obj_get(ucmd->ctx, cmd->dev_id, ISIM_OBJ_DEVICE);
	if (IS_ERR(dev_obj))
		return PTR_ERR(dev_obj);
	idev = container_of(dev_obj, struct isim_device, obj);

	vtype = isim_viommu_type_find(idev->model, cmd->type);
	if (!vtype) {
		rc = -EOPNOTSUPP;
		goto out_put_dev;
	}

	hwpt_obj = isim_obj_get(ucmd->ctx, cmd->hwpt_id, ISIM_OBJ_HWPT_PAGING);
	if (IS_ERR(hwpt_obj)) {
		rc = PTR_ERR(hwpt_obj);
		goto out_put_dev;
	}
	parent = container_of(hwpt_obj, struct isim_hwpt_paging, obj);
	if (!parent->nest_parent || parent->model != idev->model) {
		rc = -EINVAL;
		goto out_put_hwpt;
	}

	obj = isim_obj_alloc(ucmd->ctx, sizeof(*viommu), ISIM_OBJ_VIOMMU);
	if (IS_ERR(obj)) {
		rc = PTR_ERR(obj);
		goto out_put_hwpt;
	}
	viommu = container_of(obj, struct isim_viommu, obj);
	viommu->ctx = ucmd->ctx;
	viommu->type = cmd->type;
	viommu->model = idev->model;
	mutex_init(&viommu->lock);
	xa_init(&viommu->vdevs);
	xa_init(&viommu->hw_queues);
	init_rwsem(&viommu->veventqs_rwsem);
	INIT_LIST_HEAD(&viommu->veventqs);
	/* From here on the dispatcher destroys the vIOMMU if we fail. */
	ucmd->new_obj = obj;

	/* ENOENT when a concurrent DESTROY took the parent away */
	rc = isim_obj_hold(ucmd->ctx, &parent->obj);
	if (rc)
		goto out_put_hwpt;
	viommu->parent = parent;

	rc = vtype->init ? vtype->init(viommu, data.len ? &data : NULL) : 0;
	if (rc)
		goto out_put_hwpt;
	viommu->ops = vtype->ops;
	/* a type without ops is a table bug; upstream answers EOPNOTSUPP */
	if (WARN_ON_ONCE(!viommu->ops)) {
		rc = -EOPNOTSUPP;
		goto out_put_hwpt;
	}

	cmd->out_viommu_id = obj->id;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
out_put_hwpt:
	isim_obj_put(ucmd->ctx, hwpt_obj);
out_put_dev:
	isim_obj_put(ucmd->ctx, dev_obj);
	return rc;
}

/*
 * Destroy (or abort) a vIOMMU: its type first (which unregisters its mmap
 * regions), then the parent.  Everything that used it held it, so it has no
 * vDEVICE, nested HWPT, vEVENTQ or HW queue left.
 */
void isim_viommu_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_viommu *viommu = container_of(obj, struct isim_viommu, obj);

	if (viommu->ops && viommu->ops->destroy)
		viommu->ops->destroy(viommu);
	if (viommu->parent)
		isim_obj_unhold(&viommu->parent->obj);
	WARN_ON(!xa_empty(&viommu->vdevs));
	WARN_ON(!xa_empty(&viommu->hw_queues));
	WARN_ON(!list_empty(&viommu->veventqs));
	xa_destroy(&viommu->vdevs);
	xa_destroy(&viommu->hw_queues);
	mutex_destroy(&viommu->lock);
	kfree(viommu);
}

/*
 * IOMMU_VDEVICE_ALLOC, upstream's checks in order: a virt_id the vdevs
 * table cannot index (EINVAL, 32-bit only), viommu_id and dev_id (ENOENT),
 * another IOMMU instance (EINVAL), a device being unplugged (ENOENT), a
 * device that has a vDEVICE on any vIOMMU (EEXIST), a virt_id taken in
 * this vIOMMU (EEXIST), then the type's vdevice_init.
 */
int isim_vdevice_alloc_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_vdevice_alloc *cmd = ucmd->cmd;
	struct isim_ctx *ctx = ucmd->ctx;
	struct isim_object *viommu_obj, *dev_obj, *obj;
	struct isim_viommu *viommu;
	struct isim_vdevice *vdev;
	struct isim_device *idev;
	void *curr;
	int rc;

	/* the vdevs xarray is indexed by an unsigned long */
	if (cmd->virt_id != (unsigned long)cmd->virt_id)
		return -EINVAL;

	viommu_obj = isim_obj_get(ctx, cmd->viommu_id, ISIM_OBJ_VIOMMU);
	if (IS_ERR(viommu_obj))
		return PTR_ERR(viommu_obj);
	viommu = container_of(viommu_obj, struct isim_viommu, obj);

	dev_obj = isim_obj_get(ctx, cmd->dev_id, ISIM_OBJ_DEVICE);
	if (IS_ERR(dev_obj)) {
		rc = PTR_ERR(dev_obj);
		goto out_put_viommu;
	}
	idev = container_of(dev_obj, struct isim_device, obj);

	if (viommu->model != idev->model) {
		rc = -EINVAL;
		goto out_put_dev;
	}

	mutex_lock(&ctx->dev_lock);
	if (idev->destroying) {
		rc = -ENOENT;
		goto out_unlock;
	}
	if (idev->vdev) {
		rc = -EEXIST;
		goto out_unlock;
	}

	obj = isim_obj_alloc(ctx, sizeof(*vdev), ISIM_OBJ_VDEVICE);
	if (IS_ERR(obj)) {
		rc = PTR_ERR(obj);
		goto out_unlock;
	}
	vdev = container_of(obj, struct isim_vdevice, obj);
	vdev->virt_id = cmd->virt_id;
	/* From here on the dispatcher destroys the vDEVICE if we fail. */
	ucmd->new_obj = obj;

	rc = isim_obj_hold(ctx, &viommu->obj);
	if (rc)
		goto out_unlock;
	vdev->viommu = viommu;
	/* not destroying under dev_lock: the idev is still in the table */
	rc = isim_obj_hold(ctx, &idev->obj);
	if (rc)
		goto out_unlock;
	vdev->idev = idev;

	mutex_lock(&viommu->lock);
	curr = xa_cmpxchg(&viommu->vdevs, cmd->virt_id, NULL, vdev,
			  GFP_KERNEL_ACCOUNT);
	if (curr) {
		mutex_unlock(&viommu->lock);
		rc = xa_is_err(curr) ? xa_err(curr) : -EEXIST;
		goto out_unlock;
	}
	rc = viommu->ops->vdevice_init ? viommu->ops->vdevice_init(vdev) : 0;
	if (rc) {
		xa_erase(&viommu->vdevs, cmd->virt_id);
		mutex_unlock(&viommu->lock);
		goto out_unlock;
	}
	mutex_unlock(&viommu->lock);
	idev->vdev = vdev;
	vdev->listed = true;
	mutex_unlock(&ctx->dev_lock);

	cmd->out_vdevice_id = obj->id;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
	goto out_put_dev;

out_unlock:
	mutex_unlock(&ctx->dev_lock);
out_put_dev:
	isim_obj_put(ctx, dev_obj);
out_put_viommu:
	isim_obj_put(ctx, viommu_obj);
	return rc;
}

/*
 * Destroy (or abort) a vDEVICE: unlist it, then drop the vIOMMU and the
 * idev.  The idev goes with it when its device was unplugged meanwhile.
 */
void isim_vdevice_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_vdevice *vdev = container_of(obj, struct isim_vdevice, obj);

	if (vdev->listed) {
		mutex_lock(&ctx->dev_lock);
		vdev->idev->vdev = NULL;
		mutex_lock(&vdev->viommu->lock);
		if (vdev->viommu->ops->vdevice_destroy)
			vdev->viommu->ops->vdevice_destroy(vdev);
		xa_cmpxchg(&vdev->viommu->vdevs, vdev->virt_id, vdev, NULL, 0);
		mutex_unlock(&vdev->viommu->lock);
		mutex_unlock(&ctx->dev_lock);
	}
	if (vdev->viommu)
		isim_obj_unhold(&vdev->viommu->obj);
	if (vdev->idev)
		isim_obj_unhold_and_try_remove(ctx, &vdev->idev->obj);
	kfree(vdev);
}

/*
 * IOMMU_HWPT_INVALIDATE, upstream's checks in order: __reserved
 * (EOPNOTSUPP), entries without a pointer or length, longer than a page or
 * more than ISIM_INVALIDATE_MAX_ENTRIES of them (EINVAL), hwpt_id of
 * any type (ENOENT), then a nested HWPT or a vIOMMU runs its type's
 * invalidation; other objects are EINVAL.  entry_num is always written
 * back: the entries handled, 0 when the driver never ran.
 */
int isim_hwpt_invalidate_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_hwpt_invalidate *cmd = ucmd->cmd;
	struct isim_user_array array = {
		.type = cmd->data_type,
		.uptr = u64_to_user_ptr(cmd->data_uptr),
		.entry_len = cmd->entry_len,
		.entry_num = cmd->entry_num,
	};
	struct isim_hwpt_nested *nested;
	struct isim_viommu *viommu;
	struct isim_object *obj;
	u32 done = 0;
	int rc;

	if (cmd->__reserved) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	/* 7.x bounds one call's work and copy_struct_from_user()'s tail scan */
	if (cmd->entry_num &&
	    (!cmd->data_uptr || !cmd->entry_len || cmd->entry_len > PAGE_SIZE ||
	     cmd->entry_num > ISIM_INVALIDATE_MAX_ENTRIES)) {
		rc = -EINVAL;
		goto out;
	}

	obj = isim_obj_get(ucmd->ctx, cmd->hwpt_id, ISIM_OBJ_ANY);
	if (IS_ERR(obj)) {
		rc = PTR_ERR(obj);
		goto out;
	}
	switch (obj->type) {
	case ISIM_OBJ_HWPT_NESTED:
		nested = container_of(obj, struct isim_hwpt_nested, obj);
		viommu = nested->viommu;
		if (!viommu) {
			/* directly on a nesting parent: the model's op */
			if (!nested->parent->model->nested_cache_invalidate) {
				rc = -EOPNOTSUPP;
				goto out_put;
			}
			rc = nested->parent->model->nested_cache_invalidate(nested,
									    &array);
			break;
		}
		if (!viommu->ops->nested_cache_invalidate) {
			rc = -EOPNOTSUPP;
			goto out_put;
		}
		rc = viommu->ops->nested_cache_invalidate(nested, &array);
		break;
	case ISIM_OBJ_VIOMMU:
		viommu = container_of(obj, struct isim_viommu, obj);
		if (!viommu->ops->cache_invalidate) {
			rc = -EOPNOTSUPP;
			goto out_put;
		}
		rc = viommu->ops->cache_invalidate(viommu, &array);
		break;
	default:
		rc = -EINVAL;
		goto out_put;
	}
	done = array.entry_num;
out_put:
	isim_obj_put(ucmd->ctx, obj);
out:
	cmd->entry_num = done;
	if (isim_ucmd_respond(ucmd, sizeof(*cmd)))
		return -EFAULT;
	return rc;
}
