// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated devices: the iommufd device (idev, ISIM_OBJ_DEVICE) every other
 * ioctl names by dev_id, the plugged device behind it (stdev,
 * ISIM_OBJ_SELFTEST; destroying it unplugs the device), attaching a device
 * to a HWPT_PAGING, to a nested HWPT or to an IOAS through an auto domain,
 * replacing that attachment, and IOMMU_GET_HW_INFO.  Unplugging a device
 * destroys its vDEVICE and leaves the vDEVICE's id a tombstone.
 *
 * Two device models exist, each behind its own simulated IOMMU instance, so
 * a page table of one model cannot be attached to a device of the other:
 *
 *   IOMMUFD_SIM_MODEL_SELFTEST: upstream's selftest mock IOMMU.  Aperture
 *     [MOCK_APERTURE_START, MOCK_APERTURE_LAST] = [0x1000000, 0x7fffffff],
 *     smallest IO page PAGE_SIZE / 2; dirty tracking unless the device has
 *     MOCK_FLAGS_DEVICE_NO_DIRTY; 20 PASID bits with MOCK_FLAGS_DEVICE_PASID.
 *   IOMMUFD_SIM_MODEL_TEGRA241: the simulated Grace SMMUv3 with CMDQV.
 *     Aperture [0, 2^48 - 1] (a 48-bit input address space, IDR5.VAX = 0),
 *     smallest IO page PAGE_SIZE; no dirty tracking (IDR0.HTTU = 0) and no
 *     PASID (the devices have no PASID capability).
 */
#include <linux/bitfield.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "iommufd_sim.h"

#define ISIM_TEGRA241_APERTURE_LAST ((1ULL << 48) - 1)

bool isim_device_dirty_capable(const struct isim_device *idev)
{
	return idev->model == IOMMUFD_SIM_MODEL_SELFTEST &&
	       !(idev->dev_flags & MOCK_FLAGS_DEVICE_NO_DIRTY);
}

/* The page table geometry a domain allocated for @idev has. */
void isim_device_domain_init(const struct isim_device *idev,
			     struct isim_domain *domain)
{
	INIT_LIST_HEAD(&domain->ioas_item);
	if (idev->model == IOMMUFD_SIM_MODEL_TEGRA241) {
		domain->aperture_start = 0;
		domain->aperture_last = ISIM_TEGRA241_APERTURE_LAST;
		domain->pgsize = PAGE_SIZE;
	} else {
		domain->aperture_start = MOCK_APERTURE_START;
		domain->aperture_last = MOCK_APERTURE_LAST;
		domain->pgsize = PAGE_SIZE / 2;
	}
}

/*
 * Allocate an idev (not yet visible).  Two Tegra241 devices of one context
 * cannot share a stream ID: the SMMU tells devices apart by it, and vDEVICE
 * allocation maps virtual to physical stream IDs.
 */
struct isim_device *isim_device_alloc(struct isim_ctx *ctx, u32 model,
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
	for (i = 0; i < MOCK_DEV_CACHE_NUM; i++)
		idev->cache[i] = IOMMU_TEST_DEV_CACHE_DEFAULT;

	mutex_lock(&ctx->dev_lock);
	if (model == IOMMUFD_SIM_MODEL_TEGRA241) {
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
 * for a NO_DIRTY device on a domain with dirty tracking.
 */
int isim_hwpt_compatible(const struct isim_hwpt_paging *hwpt,
			 const struct isim_device *idev)
{
	if (hwpt->model != idev->model)
		return -EINVAL;
	if (hwpt->dirty_tracking &&
	    (idev->dev_flags & MOCK_FLAGS_DEVICE_NO_DIRTY))
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
	hwpt = isim_hwpt_paging_create(ctx, ioas, idev, 0, true);
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
 * mock's attach answers (its guest could not name the device).  On success
 * *virt_id is that vDEVICE's virt_id.  Called with ctx->dev_lock held.
 */
static int isim_nested_compatible(const struct isim_hwpt_nested *hwpt,
				  const struct isim_device *idev, u64 *virt_id)
{
	if (hwpt->viommu->model != idev->model)
		return -EINVAL;
	if (!idev->vdev || idev->vdev->viommu != hwpt->viommu)
		return -ENOENT;
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

	if (old)
		(*isim_pt_ndevices(old))--;
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

/*
 * Attach a fresh idev to @pt_id: an IOAS (auto domain), a HWPT_PAGING or a
 * nested HWPT.
 */
int isim_device_attach(struct isim_ctx *ctx, struct isim_device *idev,
		       u32 pt_id, u32 *out_hwpt_id)
{
	struct isim_object *pt_obj, *pt;
	bool created;
	u64 virt_id;
	int rc = 0;

	pt_obj = isim_obj_get(ctx, pt_id, ISIM_OBJ_ANY);
	if (IS_ERR(pt_obj))
		return PTR_ERR(pt_obj);

	mutex_lock(&ctx->dev_lock);
	pt = isim_pt_resolve(ctx, idev, pt_obj, &created, &virt_id);
	if (IS_ERR(pt)) {
		rc = PTR_ERR(pt);
		goto out_unlock;
	}
	isim_device_set_pt(idev, pt, virt_id);
	if (created)
		isim_auto_hwpt_publish(ctx, container_of(pt,
							 struct isim_hwpt_paging,
							 obj));
	*out_hwpt_id = pt->id;
out_unlock:
	mutex_unlock(&ctx->dev_lock);
	isim_obj_put(ctx, pt_obj);
	return rc;
}

/*
 * IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE: move an attached device to another
 * HWPT.  Replacing with the current HWPT changes nothing.  The old auto
 * domain is destroyed once no device uses it.
 */
int isim_device_replace(struct isim_ctx *ctx, struct isim_device *idev,
			u32 pt_id, u32 *out_hwpt_id)
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
	if (!old || old == pt) {
		mutex_unlock(&ctx->dev_lock);
		/* an unattached device has nothing to replace */
		rc = old ? 0 : -EINVAL;
		if (old)
			*out_hwpt_id = pt->id;
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
	isim_pt_put(ctx, old);
out_put:
	isim_obj_put(ctx, pt_obj);
	return rc;
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

void isim_device_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_device *idev = container_of(obj, struct isim_device, obj);

	isim_device_detach(ctx, idev);
	if (!list_empty(&idev->ctx_item)) {
		mutex_lock(&ctx->dev_lock);
		list_del(&idev->ctx_item);
		mutex_unlock(&ctx->dev_lock);
	}
	kfree(idev);
}

/*
 * Plug a device: its stdev (id N), its idev (N+1) and, when @attach names
 * an IOAS without a compatible auto domain, a new auto HWPT (N+2), the
 * order upstream's selftest allocates them in.  Returns the stdev for the
 * caller to finalize (ucmd->new_obj), with the idev and HWPT already
 * visible; on failure everything is gone again.
 */
struct isim_stdev *isim_stdev_alloc(struct isim_ctx *ctx, u32 model,
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
 * tombstone (spec (e)): the guest's handle on the device is gone, but the
 * id must not name anything else while user space may still hold it.  A
 * vDEVICE that a concurrent DESTROY already took out of the table is left
 * to it; its destroy op drops the idev.
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
 * Unplug: detach, tombstone the vDEVICE, then destroy the idev (and an auto
 * domain left empty).
 */
void isim_stdev_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_stdev *stdev = container_of(obj, struct isim_stdev, obj);
	struct isim_device *idev = stdev->idev;

	if (idev) {
		isim_device_detach(ctx, idev);
		isim_device_tombstone_vdev(ctx, idev);
		isim_obj_unhold_and_try_remove(ctx, &idev->obj);
	}
	kfree(stdev);
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

static void isim_smmuv3_hw_info(struct iommu_hw_info_arm_smmuv3 *info)
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
		       FIELD_PREP(SMMU_IDR1_CMDQS, smmu_cmdqs);
	info->idr[2] = 0;
	info->idr[3] = SMMU_IDR3_HAD | SMMU_IDR3_RIL;
	info->idr[4] = 0;
	info->idr[5] = FIELD_PREP(SMMU_IDR5_OAS, 5) | SMMU_IDR5_GRAN4K |
		       SMMU_IDR5_GRAN16K | SMMU_IDR5_GRAN64K |
		       FIELD_PREP(SMMU_IDR5_VAX, 0);
	info->iidr = FIELD_PREP(SMMU_IIDR_IMPLEMENTER, ISIM_JEP106_NVIDIA);
	info->aidr = FIELD_PREP(SMMU_AIDR_MINOR, 2);
}

union isim_hw_info_data {
	struct iommu_test_hw_info selftest;
	struct iommu_hw_info_arm_smmuv3 smmuv3;
	struct iommu_hw_info_tegra241_cmdqv cmdqv;
};

/*
 * The driver part of GET_HW_INFO: fill @data for the requested @type
 * (DEFAULT = the driver's own); EOPNOTSUPP for a type the driver lacks.
 */
static int isim_device_hw_info(const struct isim_device *idev, u32 type,
			       union isim_hw_info_data *data, u32 *len,
			       u32 *out_type)
{
	if (idev->model == IOMMUFD_SIM_MODEL_SELFTEST) {
		if (type != IOMMU_HW_INFO_TYPE_DEFAULT &&
		    type != IOMMU_HW_INFO_TYPE_SELFTEST)
			return -EOPNOTSUPP;
		data->selftest.flags = 0;
		data->selftest.test_reg = IOMMU_HW_INFO_SELFTEST_REGVAL;
		*len = sizeof(data->selftest);
		*out_type = IOMMU_HW_INFO_TYPE_SELFTEST;
		return 0;
	}

	switch (type) {
	case IOMMU_HW_INFO_TYPE_DEFAULT:
	case IOMMU_HW_INFO_TYPE_ARM_SMMUV3:
		isim_smmuv3_hw_info(&data->smmuv3);
		*len = sizeof(data->smmuv3);
		*out_type = IOMMU_HW_INFO_TYPE_ARM_SMMUV3;
		return 0;
	case IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV:
		/* PARAM as seen by one VINTF: the VMM exposes one VINTF */
		data->cmdqv.flags = 0;
		data->cmdqv.version = 1;
		data->cmdqv.log2vcmdqs = ilog2(cmdqv_lvcmdqs_per_vintf);
		data->cmdqv.log2vsids = cmdqv_log2_vsids;
		*len = sizeof(data->cmdqv);
		*out_type = IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
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

	rc = isim_device_hw_info(idev, cmd->in_data_type, &data, &len, &type);
	cmd->out_capabilities = isim_device_dirty_capable(idev) ?
					IOMMU_HW_CAP_DIRTY_TRACKING : 0;
	cmd->out_max_pasid_log2 =
		idev->model == IOMMUFD_SIM_MODEL_SELFTEST &&
		(idev->dev_flags & MOCK_FLAGS_DEVICE_PASID) ?
			MOCK_PASID_WIDTH : 0;
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
