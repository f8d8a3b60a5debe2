// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated devices: the iommufd device (idev, ISIM_OBJ_DEVICE) every other
 * ioctl names by dev_id, the plugged device behind it (stdev,
 * ISIM_OBJ_SELFTEST; destroying it unplugs the device), attaching a device
 * to a HWPT_PAGING, to a nested HWPT or to an IOAS through an auto domain,
 * replacing that attachment, PASID attachments (the selftest's PASID ops)
 * and IOMMU_GET_HW_INFO.  Unplugging a device detaches its PASIDs,
 * destroys its vDEVICE and leaves the vDEVICE's id a tombstone.
 *
 * Every device sits behind one simulated IOMMU, its model (struct
 * isim_iommu_model, listed in isim_models[] below): the model decides the
 * domain geometry, the capabilities GET_HW_INFO reports and whether stream
 * IDs must be unique.  A page table of one model cannot be attached to a
 * device of another.
 */
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "iommufd_sim.h"

/*
 * The simulated IOMMUs, by IOMMUFD_SIM_MODEL_* number.  A new model is one
 * file defining its struct isim_iommu_model and one line here.
 */
static const struct isim_iommu_model *const isim_models[] = {
	[IOMMUFD_SIM_MODEL_SELFTEST] = &isim_selftest_model,
	[IOMMUFD_SIM_MODEL_TEGRA241] = &isim_grace_model,
};

const struct isim_iommu_model *isim_model_find(u32 id)
{
	if (id >= ARRAY_SIZE(isim_models))
		return NULL;
	return isim_models[array_index_nospec(id, ARRAY_SIZE(isim_models))];
}

int isim_models_init(void)
{
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(isim_models); i++) {
		if (!isim_models[i]->init)
			continue;
		rc = isim_models[i]->init();
		if (rc)
			goto err_exit;
	}
	return 0;

err_exit:
	while (i--)
		if (isim_models[i]->exit)
			isim_models[i]->exit();
	return rc;
}

void isim_models_exit(void)
{
	unsigned int i = ARRAY_SIZE(isim_models);

	while (i--)
		if (isim_models[i]->exit)
			isim_models[i]->exit();
}

/* The page table geometry a domain allocated for @idev has. */
void isim_device_domain_init(const struct isim_device *idev,
			     struct isim_domain *domain)
{
	INIT_LIST_HEAD(&domain->ioas_item);
	domain->aperture_start = idev->model->aperture_start;
	domain->aperture_last = idev->model->aperture_last;
	domain->pgsize = idev->model->pgsize;
	domain->huge_pgsize = 0;
	xa_init(&domain->dirty);
}

/*
 * Allocate an idev (not yet visible).  Where the model says so, two devices
 * of one context cannot share a stream ID: an SMMU tells devices apart by
 * it, and vDEVICE allocation maps virtual to physical stream IDs.
 */
struct isim_device *isim_device_alloc(struct isim_ctx *ctx,
				      const struct isim_iommu_model *model,
				      u32 dev_flags, u32 stream_id)
{
	struct isim_device *idev, *other;
	struct isim_object *obj;
	unsigned int i;

	obj = isim_obj_alloc(ctx, sizeof(*idev), ISIM_OBJ_DEVICE);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	idev = container_of(obj, struct isim_device, obj);
	idev->model = model;
	idev->dev_flags = dev_flags;
	idev->stream_id = stream_id;
	INIT_LIST_HEAD(&idev->ctx_item);
	xa_init(&idev->pasids);
	for (i = 0; i < MOCK_DEV_CACHE_NUM; i++)
		idev->cache[i] = IOMMU_TEST_DEV_CACHE_DEFAULT;

	mutex_lock(&ctx->dev_lock);
	if (model->unique_stream_ids) {
		list_for_each_entry(other, &ctx->devices, ctx_item) {
			if (other->model == model &&
			    other->stream_id == stream_id) {
				mutex_unlock(&ctx->dev_lock);
				/* not listed yet: the destroy op skips the list */
				isim_obj_abort(ctx, obj);
				return ERR_PTR(-EEXIST);
			}
		}
	}
	list_add_tail(&idev->ctx_item, &ctx->devices);
	mutex_unlock(&ctx->dev_lock);
	return idev;
}

/*
 * Can @idev be attached to @hwpt?  -EINVAL when not, as the IOMMU core
 * answers for a domain of another IOMMU instance, and as the mock answers
 * for a device without dirty tracking (NO_DIRTY) on a domain with it.
 */
int isim_hwpt_compatible(const struct isim_hwpt_paging *hwpt,
			 const struct isim_device *idev)
{
	if (hwpt->model != idev->model)
		return -EINVAL;
	if (hwpt->domain.dirty_ops && !isim_device_dirty_capable(idev))
		return -EINVAL;
	return 0;
}

/*
 * Look for an auto domain of @ioas that @idev can use and take a reference
 * on it, in the order they were created.  Called with ctx->dev_lock held.
 */
static struct isim_hwpt_paging *isim_auto_hwpt_find(struct isim_ctx *ctx,
						    struct isim_ioas *ioas,
						    struct isim_device *idev)
{
	struct isim_hwpt_paging *hwpt;

	lockdep_assert_held(&ctx->dev_lock);
	list_for_each_entry(hwpt, &ctx->auto_hwpts, ctx_item) {
		if (hwpt->ioas != ioas || isim_hwpt_compatible(hwpt, idev))
			continue;
		/* fails for one whose last device just left: it is dying */
		if (isim_obj_hold(ctx, &hwpt->obj))
			continue;
		return hwpt;
	}
	return NULL;
}

/*
 * Find a compatible auto domain of @ioas or create one, with a reference
 * taken for the device.  *created tells the caller to list and finalize a
 * new one once it is attached.  Called with ctx->dev_lock held.
 */
static struct isim_hwpt_paging *isim_auto_hwpt_get(struct isim_ctx *ctx,
						   struct isim_ioas *ioas,
						   struct isim_device *idev,
						   bool *created)
{
	struct isim_hwpt_paging *hwpt;

	*created = false;
	hwpt = isim_auto_hwpt_find(ctx, ioas, idev);
	if (hwpt)
		return hwpt;
	hwpt = isim_hwpt_paging_create(ctx, ioas, idev, 0, NULL, true);
	if (IS_ERR(hwpt))
		return hwpt;
	isim_obj_hold_new(&hwpt->obj);
	*created = true;
	return hwpt;
}

/* Publish a new auto domain once a device uses it. */
static void isim_auto_hwpt_publish(struct isim_ctx *ctx,
				   struct isim_hwpt_paging *hwpt)
{
	lockdep_assert_held(&ctx->dev_lock);
	list_add_tail(&hwpt->ctx_item, &ctx->auto_hwpts);
	isim_obj_finalize(ctx, &hwpt->obj);
}

/*
 * Can @idev be attached to @hwpt, a nested HWPT?  EINVAL for another IOMMU
 * instance; ENOENT without a vDEVICE of @idev in the HWPT's vIOMMU, as the
 * mock's attach answers (its guest could not name the device), unless the
 * vIOMMU type allows that HWPT without one (an SMMUv3 abort or bypass STE).  On success
 * *virt_id is that vDEVICE's virt_id (0 for a HWPT directly on a nesting
 * parent, which has no vIOMMU).  Called with ctx->dev_lock held.
 */
static int isim_nested_compatible(const struct isim_hwpt_nested *hwpt,
				  const struct isim_device *idev, u64 *virt_id)
{
	if (!hwpt->viommu)
		return hwpt->parent->model == idev->model ? 0 : -EINVAL;
	if (hwpt->viommu->model != idev->model)
		return -EINVAL;
	if (!idev->vdev || idev->vdev->viommu != hwpt->viommu) {
		if (hwpt->viommu->ops->attach_without_vdev &&
		    hwpt->viommu->ops->attach_without_vdev(hwpt)) {
			*virt_id = 0;
			return 0;
		}
		return -ENOENT;
	}
	*virt_id = idev->vdev->virt_id;
	return 0;
}

/*
 * Resolve @pt_obj to the HWPT (paging or nested) @idev should use, with a
 * reference taken: EINVAL for an object that is neither an IOAS nor a
 * HWPT, or for an incompatible HWPT; ENOENT for a nested HWPT without the
 * device's vDEVICE.  *virt_id is set for a nested HWPT.  Called with
 * ctx->dev_lock held.
 */
static struct isim_object *isim_pt_resolve(struct isim_ctx *ctx,
					   struct isim_device *idev,
					   struct isim_object *pt_obj,
					   bool *created, u64 *virt_id)
{
	struct isim_hwpt_paging *hwpt;
	int rc;

	*created = false;
	*virt_id = 0;
	switch (pt_obj->type) {
	case ISIM_OBJ_HWPT_PAGING:
		hwpt = container_of(pt_obj, struct isim_hwpt_paging, obj);
		rc = isim_hwpt_compatible(hwpt, idev);
		break;
	case ISIM_OBJ_HWPT_NESTED:
		rc = isim_nested_compatible(container_of(pt_obj,
							 struct isim_hwpt_nested,
							 obj),
					    idev, virt_id);
		break;
	case ISIM_OBJ_IOAS:
		hwpt = isim_auto_hwpt_get(ctx, container_of(pt_obj,
							    struct isim_ioas,
							    obj),
					  idev, created);
		return IS_ERR(hwpt) ? ERR_CAST(hwpt) : &hwpt->obj;
	default:
		return ERR_PTR(-EINVAL);
	}
	if (!rc)
		rc = isim_obj_hold(ctx, pt_obj);
	return rc ? ERR_PTR(rc) : pt_obj;
}

/* The device count of @pt, a HWPT_PAGING or HWPT_NESTED */
static unsigned int *isim_pt_ndevices(struct isim_object *pt)
{
	if (pt->type == ISIM_OBJ_HWPT_NESTED)
		return &container_of(pt, struct isim_hwpt_nested, obj)->ndevices;
	return &container_of(pt, struct isim_hwpt_paging, obj)->ndevices;
}

/* What @idev is attached to, or NULL.  Called with ctx->dev_lock held. */
static struct isim_object *isim_device_pt(const struct isim_device *idev)
{
	if (idev->nested)
		return &idev->nested->obj;
	return idev->hwpt ? &idev->hwpt->obj : NULL;
}

/*
 * Attach @idev to @pt (NULL: detach), whose reference the caller passes
 * on, and count it; the previous HWPT's count drops.  Called with
 * ctx->dev_lock held.
 */
static void isim_device_set_pt(struct isim_device *idev,
			       struct isim_object *pt, u64 virt_id)
{
	struct isim_object *old = isim_device_pt(idev);

	if (old) {
		(*isim_pt_ndevices(old))--;
		/* the requests it raised there are answered now */
		if (old != pt && isim_pt_fault(old))
			isim_fault_auto_respond(isim_pt_fault(old), idev, 0);
	}
	idev->hwpt = NULL;
	idev->nested = NULL;
	idev->nested_virt_id = 0;
	if (!pt)
		return;
	if (pt->type == ISIM_OBJ_HWPT_NESTED) {
		idev->nested = container_of(pt, struct isim_hwpt_nested, obj);
		/* what TRIGGER_VEVENT reports, as the mock's attach records */
		idev->nested_virt_id = virt_id;
	} else {
		idev->hwpt = container_of(pt, struct isim_hwpt_paging, obj);
	}
	(*isim_pt_ndevices(pt))++;
}

/*
 * Drop the reference isim_pt_resolve() took.  An auto domain that has no
 * device left is destroyed with it; this must run without ctx->dev_lock.
 */
static void isim_pt_put(struct isim_ctx *ctx, struct isim_object *pt)
{
	if (pt->type == ISIM_OBJ_HWPT_PAGING &&
	    container_of(pt, struct isim_hwpt_paging, obj)->auto_domain)
		isim_obj_unhold_and_try_remove(ctx, pt);
	else
		isim_obj_unhold(pt);
}

/* Was @pt, a HWPT_PAGING or HWPT_NESTED, allocated with ALLOC_PASID? */
static bool isim_pt_pasid_compat(struct isim_object *pt)
{
	if (pt->type == ISIM_OBJ_HWPT_NESTED)
		return container_of(pt, struct isim_hwpt_nested,
				    obj)->pasid_compat;
	return container_of(pt, struct isim_hwpt_paging, obj)->pasid_compat;
}

/*
 * Attach @idev to @pt_id: an IOAS (through an auto domain), a HWPT_PAGING
 * or a nested HWPT.  While a PASID is attached the RID takes only a HWPT
 * allocated with ALLOC_PASID (EINVAL, so never an auto domain), as
 * upstream's iommufd_hwpt_pasid_compat(); a plain attach of an attached
 * RID (PASID_ATTACH of PASID 0) is EBUSY.  With @replace (IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE) the
 * device must be attached already (EINVAL otherwise), replacing with the
 * current HWPT changes nothing, and the old auto domain is destroyed once
 * no device uses it.
 */
static int isim_device_set_hwpt(struct isim_ctx *ctx,
				struct isim_device *idev, u32 pt_id,
				u32 *out_hwpt_id, bool replace)
{
	struct isim_object *pt_obj, *pt, *old;
	bool created;
	u64 virt_id;
	int rc = 0;

	pt_obj = isim_obj_get(ctx, pt_id, ISIM_OBJ_ANY);
	if (IS_ERR(pt_obj))
		return PTR_ERR(pt_obj);

	mutex_lock(&ctx->dev_lock);
	pt = isim_pt_resolve(ctx, idev, pt_obj, &created, &virt_id);
	if (IS_ERR(pt)) {
		mutex_unlock(&ctx->dev_lock);
		rc = PTR_ERR(pt);
		goto out_put;
	}
	old = isim_device_pt(idev);
	if ((replace && (!old || old == pt)) || (!replace && old) ||
	    (!isim_pt_pasid_compat(pt) && !xa_empty(&idev->pasids))) {
		if (!replace && old)
			rc = -EBUSY;
		else if (replace && old == pt)
			*out_hwpt_id = pt->id;
		else
			/* nothing to replace, or a RID without PASID support */
			rc = -EINVAL;
		mutex_unlock(&ctx->dev_lock);
		if (created) {
			/* never visible: nothing can have found it */
			isim_obj_unhold(pt);
			isim_obj_abort(ctx, pt);
		} else {
			isim_pt_put(ctx, pt);
		}
		goto out_put;
	}
	isim_device_set_pt(idev, pt, virt_id);
	if (created)
		isim_auto_hwpt_publish(ctx, container_of(pt,
							 struct isim_hwpt_paging,
							 obj));
	*out_hwpt_id = pt->id;
	mutex_unlock(&ctx->dev_lock);
	if (old)
		isim_pt_put(ctx, old);
out_put:
	isim_obj_put(ctx, pt_obj);
	return rc;
}

/* Attach a fresh, unattached idev */
int isim_device_attach(struct isim_ctx *ctx, struct isim_device *idev,
		       u32 pt_id, u32 *out_hwpt_id)
{
	return isim_device_set_hwpt(ctx, idev, pt_id, out_hwpt_id, false);
}

int isim_device_replace(struct isim_ctx *ctx, struct isim_device *idev,
			u32 pt_id, u32 *out_hwpt_id)
{
	return isim_device_set_hwpt(ctx, idev, pt_id, out_hwpt_id, true);
}

/*
 * Detach @idev from the HWPT at PASID @pasid (not 0), if any; the mock
 * then blocks the PASID and the requests that came through it are
 * answered.  Returns the HWPT for the caller to put without dev_lock.
 */
static struct isim_object *isim_pasid_remove(struct isim_device *idev,
					     u32 pasid)
{
	struct isim_object *pt = xa_erase(&idev->pasids, pasid);

	if (!pt)
		return NULL;
	(*isim_pt_ndevices(pt))--;
	if (isim_pt_fault(pt))
		isim_fault_auto_respond(isim_pt_fault(pt), idev, pasid);
	if (idev->model->max_pasid_log2 && idev->model->max_pasid_log2(idev))
		/* a detach cannot fail (upstream's blocking domain) */
		WARN_ON(idev->model->set_dev_pasid(idev, pasid, true));
	return pt;
}

/* Detach @idev from its HWPT, if any; the HWPT reference is dropped. */
static void isim_device_detach(struct isim_ctx *ctx, struct isim_device *idev)
{
	struct isim_object *pt;

	mutex_lock(&ctx->dev_lock);
	pt = isim_device_pt(idev);
	isim_device_set_pt(idev, NULL, 0);
	mutex_unlock(&ctx->dev_lock);
	if (pt)
		isim_pt_put(ctx, pt);
}

/* Every PASID of @idev and then its RID, as an unplug does. */
static void isim_device_detach_all(struct isim_ctx *ctx,
				   struct isim_device *idev)
{
	struct isim_object *pt;
	unsigned long pasid;

	for (;;) {
		pasid = 0;
		mutex_lock(&ctx->dev_lock);
		pt = xa_find(&idev->pasids, &pasid, ULONG_MAX, XA_PRESENT);
		if (pt)
			pt = isim_pasid_remove(idev, pasid);
		mutex_unlock(&ctx->dev_lock);
		if (!pt)
			break;
		isim_pt_put(ctx, pt);
	}
	isim_device_detach(ctx, idev);
}

/*
 * What may be attached at a PASID (not 0) of @idev: upstream's rules in
 * its order.  An attached PASID is EBUSY for an attach; a PASID with
 * nothing attached is EINVAL for a replace; an IOAS is EINVAL (its auto
 * domains are never ALLOC_PASID).  Then the HWPT must be ALLOC_PASID, and
 * so must the RID's if the RID is attached (EINVAL); its IOMMU must take
 * PASIDs (EOPNOTSUPP) and be the device's (EINVAL); an attach needs a
 * PASID below the device's max_pasid_log2 bits (EINVAL; a device without
 * PASIDs is not checked, as the IOMMU core skips it).  Under dev_lock.
 */
static int isim_pasid_check(struct isim_device *idev, u32 pasid,
			    struct isim_object *pt, struct isim_object *old,
			    bool replace)
{
	const struct isim_iommu_model *model;
	struct isim_object *rid;
	u8 bits;

	switch (pt->type) {
	case ISIM_OBJ_HWPT_PAGING:
		model = container_of(pt, struct isim_hwpt_paging, obj)->model;
		break;
	case ISIM_OBJ_HWPT_NESTED: {
		struct isim_hwpt_nested *nested =
			container_of(pt, struct isim_hwpt_nested, obj);

		model = nested->viommu ? nested->viommu->model :
					 nested->parent->model;
		break;
	}
	case ISIM_OBJ_IOAS:
		model = NULL;
		break;
	default:
		return -EINVAL;
	}
	if (replace && !old)
		return -EINVAL;
	if (!replace && old)
		return -EBUSY;
	if (!model)
		return -EINVAL;
	if (pt == old)
		return 0;
	rid = isim_device_pt(idev);
	if (!isim_pt_pasid_compat(pt) || (rid && !isim_pt_pasid_compat(rid)))
		return -EINVAL;
	if (!model->set_dev_pasid)
		return -EOPNOTSUPP;
	if (model != idev->model)
		return -EINVAL;
	bits = idev->model->max_pasid_log2 ?
		       idev->model->max_pasid_log2(idev) : 0;
	if (!replace && bits && pasid >= (1ULL << bits))
		return -EINVAL;
	return 0;
}

/*
 * PASID_ATTACH and PASID_REPLACE of PASID @pasid of @idev to the HWPT
 * *@pt_id, as upstream's iommufd_device_attach()/replace() with a PASID;
 * PASID 0 is the RID's attach or replace.  A failed change (the mock's
 * PASID 1024 fake ENOMEM) leaves the old HWPT in place.
 */
int isim_device_pasid_attach(struct isim_ctx *ctx, struct isim_device *idev,
			     u32 pasid, u32 *pt_id, bool replace)
{
	struct isim_object *pt_obj, *old = NULL;
	bool has_pasids;
	int rc;

	if (!pasid)
		return isim_device_set_hwpt(ctx, idev, *pt_id, pt_id, replace);

	pt_obj = isim_obj_get(ctx, *pt_id, ISIM_OBJ_ANY);
	if (IS_ERR(pt_obj))
		return PTR_ERR(pt_obj);
	has_pasids = idev->model->max_pasid_log2 &&
		     idev->model->max_pasid_log2(idev);

	mutex_lock(&ctx->dev_lock);
	old = xa_load(&idev->pasids, pasid);
	rc = isim_pasid_check(idev, pasid, pt_obj, old, replace);
	if (rc || pt_obj == old) {
		old = NULL;
		goto out_unlock;
	}
	rc = isim_obj_hold(ctx, pt_obj);
	if (rc)
		goto out_unlock;
	if (!old) {
		rc = xa_reserve(&idev->pasids, pasid, GFP_KERNEL_ACCOUNT);
		if (rc)
			goto err_unhold;
	}
	if (has_pasids) {
		rc = idev->model->set_dev_pasid(idev, pasid, false);
		if (rc)
			goto err_release;
	}
	/* the slot exists: storing cannot fail */
	WARN_ON(xa_is_err(xa_store(&idev->pasids, pasid, pt_obj,
				   GFP_KERNEL_ACCOUNT)));
	(*isim_pt_ndevices(pt_obj))++;
	if (old) {
		(*isim_pt_ndevices(old))--;
		if (isim_pt_fault(old))
			isim_fault_auto_respond(isim_pt_fault(old), idev, pasid);
	}
	goto out_unlock;

err_release:
	if (!old)
		xa_release(&idev->pasids, pasid);
	old = NULL;
err_unhold:
	isim_obj_unhold(pt_obj);
out_unlock:
	mutex_unlock(&ctx->dev_lock);
	if (old)
		isim_pt_put(ctx, old);
	isim_obj_put(ctx, pt_obj);
	return rc;
}

/* PASID_DETACH: nothing attached is no error; PASID 0 is the RID. */
void isim_device_pasid_detach(struct isim_ctx *ctx, struct isim_device *idev,
			      u32 pasid)
{
	struct isim_object *pt;

	if (!pasid) {
		isim_device_detach(ctx, idev);
		return;
	}
	mutex_lock(&ctx->dev_lock);
	pt = isim_pasid_remove(idev, pasid);
	mutex_unlock(&ctx->dev_lock);
	if (pt)
		isim_pt_put(ctx, pt);
}

struct isim_object *isim_device_pasid_pt(struct isim_device *idev, u32 pasid)
{
	return xa_load(&idev->pasids, pasid);
}

/*
 * PASID_CHECK_HWPT: PASID @pasid (0: the RID) of @idev must be attached
 * to HWPT @hwpt_id, or with @hwpt_id 0 to nothing: EINVAL otherwise, and
 * for an object that is not a HWPT; ENOENT for no object.
 */
int isim_device_pasid_check(struct isim_ctx *ctx, struct isim_device *idev,
			    u32 pasid, u32 hwpt_id)
{
	struct isim_object *obj = NULL, *cur;
	int rc = 0;

	if (hwpt_id) {
		obj = isim_obj_get(ctx, hwpt_id, ISIM_OBJ_ANY);
		if (IS_ERR(obj))
			return PTR_ERR(obj);
		if (obj->type != ISIM_OBJ_HWPT_PAGING &&
		    obj->type != ISIM_OBJ_HWPT_NESTED)
			rc = -EINVAL;
	}
	mutex_lock(&ctx->dev_lock);
	cur = pasid ? xa_load(&idev->pasids, pasid) : isim_device_pt(idev);
	if (cur != obj)
		rc = -EINVAL;
	mutex_unlock(&ctx->dev_lock);
	if (obj)
		isim_obj_put(ctx, obj);
	return rc;
}

void isim_device_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_device *idev = container_of(obj, struct isim_device, obj);

	isim_device_detach_all(ctx, idev);
	if (!list_empty(&idev->ctx_item)) {
		mutex_lock(&ctx->dev_lock);
		list_del(&idev->ctx_item);
		mutex_unlock(&ctx->dev_lock);
	}
	xa_destroy(&idev->pasids);
	kfree(idev);
}

/*
 * Plug a device: its stdev (id N), its idev (N+1) and, when @attach names
 * an IOAS without a compatible auto domain, a new auto HWPT (N+2), the
 * order upstream's selftest allocates them in.  Returns the stdev for the
 * caller to finalize (ucmd->new_obj), with the idev and HWPT already
 * visible; on failure everything is gone again.
 */
struct isim_stdev *isim_stdev_alloc(struct isim_ctx *ctx,
				    const struct isim_iommu_model *model,
				    u32 dev_flags, u32 stream_id, bool attach,
				    u32 pt_id, u32 *out_hwpt_id)
{
	struct isim_device *idev;
	struct isim_stdev *stdev;
	struct isim_object *obj;
	int rc;

	obj = isim_obj_alloc(ctx, sizeof(*stdev), ISIM_OBJ_SELFTEST);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	stdev = container_of(obj, struct isim_stdev, obj);

	idev = isim_device_alloc(ctx, model, dev_flags, stream_id);
	if (IS_ERR(idev)) {
		rc = PTR_ERR(idev);
		goto err_stdev;
	}

	*out_hwpt_id = 0;
	if (attach) {
		rc = isim_device_attach(ctx, idev, pt_id, out_hwpt_id);
		if (rc)
			goto err_idev;
	}

	/* Held before it becomes visible, so DESTROY(idev) is always EBUSY */
	isim_obj_hold_new(&idev->obj);
	stdev->idev = idev;
	isim_obj_finalize(ctx, &idev->obj);
	return stdev;

err_idev:
	isim_obj_abort(ctx, &idev->obj);
err_stdev:
	isim_obj_abort(ctx, &stdev->obj);
	return ERR_PTR(rc);
}

/*
 * The vDEVICE of a device being unplugged dies with it, leaving its id a
 * tombstone (docs/object-model.md, 'Tombstones'): the guest's handle on the
 * device is gone, but the id must not name anything else while user space may
 * still hold it.  A vDEVICE that a concurrent DESTROY already took out of the
 * table is left to it; its destroy op drops the idev.
 */
static void isim_device_tombstone_vdev(struct isim_ctx *ctx,
				       struct isim_device *idev)
{
	struct isim_vdevice *vdev;

	mutex_lock(&ctx->dev_lock);
	/* no new vDEVICE from now on (VDEVICE_ALLOC answers ENOENT) */
	idev->destroying = true;
	vdev = idev->vdev;
	/* held, it cannot be freed once dev_lock is dropped */
	if (vdev && isim_obj_hold(ctx, &vdev->obj))
		vdev = NULL;
	mutex_unlock(&ctx->dev_lock);
	if (vdev)
		WARN_ON(isim_obj_tombstone_kernel(ctx, &vdev->obj));
}

/*
 * Unplug an idev its owner holds (an stdev, a bound VFIO device file):
 * detach, tombstone the vDEVICE, then destroy the idev (and an auto domain
 * left empty).
 */
void isim_device_unplug(struct isim_ctx *ctx, struct isim_device *idev)
{
	isim_device_detach_all(ctx, idev);
	isim_device_tombstone_vdev(ctx, idev);
	isim_obj_unhold_and_try_remove(ctx, &idev->obj);
}

void isim_stdev_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_stdev *stdev = container_of(obj, struct isim_stdev, obj);

	if (stdev->idev)
		isim_device_unplug(ctx, stdev->idev);
	kfree(stdev);
}

/*
 * Plug a device that something outside the context owns (a VFIO device
 * file, vfio_device.c): a visible idev with nothing attached, held for the
 * owner so that IOMMU_DESTROY of it is EBUSY; isim_device_unplug() undoes it.
 */
struct isim_device *isim_device_plug(struct isim_ctx *ctx,
				     const struct isim_iommu_model *model,
				     u32 stream_id)
{
	struct isim_device *idev;

	idev = isim_device_alloc(ctx, model, 0, stream_id);
	if (IS_ERR(idev))
		return idev;
	isim_obj_hold_new(&idev->obj);
	isim_obj_finalize(ctx, &idev->obj);
	return idev;
}

/* The id of the HWPT the RID of @idev is attached to, or 0 (ids start at 1) */
u32 isim_device_rid_pt_id(struct isim_ctx *ctx, struct isim_device *idev)
{
	struct isim_object *pt;
	u32 id;

	mutex_lock(&ctx->dev_lock);
	pt = isim_device_pt(idev);
	id = pt ? pt->id : 0;
	mutex_unlock(&ctx->dev_lock);
	return id;
}

bool isim_device_dirty_capable(const struct isim_device *idev)
{
	return idev->model->dirty_capable &&
	       idev->model->dirty_capable(idev);
}

/*
 * IOMMU_GET_HW_INFO, upstream's checks in order: flags, __reserved, the
 * device, the driver's type; then min(data_len, kernel length) bytes are
 * copied, the rest of a larger user buffer is cleared, and data_len
 * reports the kernel's length.
 */
int isim_get_hw_info_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_hw_info *cmd = ucmd->cmd;
	void __user *uptr = u64_to_user_ptr(cmd->data_uptr);
	union isim_hw_info_data data = {};
	struct isim_device *idev;
	struct isim_object *obj;
	u32 len, type, copy_len;
	int rc;

	if (cmd->flags & ~IOMMU_HW_INFO_FLAG_INPUT_TYPE)
		return -EOPNOTSUPP;
	if (cmd->__reserved[0] || cmd->__reserved[1] || cmd->__reserved[2])
		return -EOPNOTSUPP;
	/* without INPUT_TYPE the field is output only: ignore its content */
	if (!(cmd->flags & IOMMU_HW_INFO_FLAG_INPUT_TYPE))
		cmd->in_data_type = IOMMU_HW_INFO_TYPE_DEFAULT;

	obj = isim_obj_get(ucmd->ctx, cmd->dev_id, ISIM_OBJ_DEVICE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	idev = container_of(obj, struct isim_device, obj);

	rc = idev->model->hw_info(idev, cmd->in_data_type, &data, &len,
				  &type);
	cmd->out_capabilities = isim_device_dirty_capable(idev) ?
					IOMMU_HW_CAP_DIRTY_TRACKING : 0;
	cmd->out_max_pasid_log2 = idev->model->max_pasid_log2 ?
					  idev->model->max_pasid_log2(idev) :
					  0;
	isim_obj_put(ucmd->ctx, obj);
	if (rc)
		return rc;

	copy_len = min(cmd->data_len, len);
	if (copy_to_user(uptr, &data, copy_len))
		return -EFAULT;
	if (copy_len < cmd->data_len &&
	    clear_user(uptr + copy_len, cmd->data_len - copy_len))
		return -EFAULT;

	cmd->data_len = len;
	cmd->out_data_type = type;
	return isim_ucmd_respond(ucmd, sizeof(*cmd));
}
