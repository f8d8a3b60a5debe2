// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs view of one context, for a VMM developer watching the simulated
 * hardware without the VMM's fd (README.md, "Watching the simulated
 * hardware"): /sys/kernel/debug/iommufd_sim/contexts/<N>/, N counting
 * opens of the device from 1.
 *
 *   owner     the process that opened it
 *   objects   every object: id, type, users, and what it is built on
 *   devices   every device: model, stream ID, attachment, vDEVICE, PASIDs
 *   ioas      every IOAS: mappings, pins, domains, reserved ranges
 *   viommus   every vIOMMU: its vDEVICEs, then its type's state (VMID,
 *             counters; a VINTF's vSID table, LVCMDQs with their HW
 *             queues, and the raw command trace)
 *
 * A reader takes the locks an ioctl would, one object at a time, holding
 * a short-term reference (isim_obj_get_next()), so a concurrent DESTROY
 * waits for it and nothing is freed under it.  Close removes the directory
 * before any object goes; debugfs_remove() waits for a running reader.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "iommufd_sim.h"
#include "smmuv3_viommu.h"

static atomic_t isim_ctx_debug_ids = ATOMIC_INIT(0);

static const char *const isim_obj_type_names[ISIM_OBJ_MAX] = {
	[ISIM_OBJ_IOAS] = "ioas",
	[ISIM_OBJ_HWPT_PAGING] = "hwpt_paging",
	[ISIM_OBJ_DEVICE] = "device",
	[ISIM_OBJ_SELFTEST] = "selftest",
	[ISIM_OBJ_HWPT_NESTED] = "hwpt_nested",
	[ISIM_OBJ_VIOMMU] = "viommu",
	[ISIM_OBJ_VDEVICE] = "vdevice",
	[ISIM_OBJ_VEVENTQ] = "veventq",
	[ISIM_OBJ_HW_QUEUE] = "hw_queue",
	[ISIM_OBJ_ACCESS] = "access",
	[ISIM_OBJ_FAULT] = "fault",
};

static const char *isim_viommu_type_name(u32 type)
{
	switch (type) {
	case IOMMU_VIOMMU_TYPE_ARM_SMMUV3:
		return "arm_smmuv3";
	case IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV:
		return "tegra241_cmdqv";
	case IOMMU_VIOMMU_TYPE_SELFTEST:
		return "selftest";
	default:
		return "unknown";
	}
}

static int isim_ctx_owner_show(struct seq_file *m, void *unused)
{
	struct isim_ctx *ctx = m->private;

	seq_printf(m, "pid=%d comm=%s\n", ctx->owner_tgid, ctx->owner_comm);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(isim_ctx_owner);

/*
 * What @obj is built on.  Under xa_lock: a finalized object's links are
 * set before it enters the table and stay until it leaves it.
 */
static void isim_obj_show_links(struct seq_file *m, struct isim_object *obj)
{
	switch (obj->type) {
	case ISIM_OBJ_HWPT_PAGING: {
		struct isim_hwpt_paging *hwpt =
			container_of(obj, struct isim_hwpt_paging, obj);

		seq_printf(m, " ioas=%u nest_parent=%u auto=%u",
			   hwpt->ioas ? hwpt->ioas->obj.id : 0,
			   hwpt->nest_parent, hwpt->auto_domain);
		break;
	}
	case ISIM_OBJ_DEVICE: {
		struct isim_device *idev =
			container_of(obj, struct isim_device, obj);

		seq_printf(m, " model=%s stream_id=0x%x", idev->model->name,
			   idev->stream_id);
		break;
	}
	case ISIM_OBJ_HWPT_NESTED: {
		struct isim_hwpt_nested *hwpt =
			container_of(obj, struct isim_hwpt_nested, obj);

		if (hwpt->viommu)
			seq_printf(m, " viommu=%u", hwpt->viommu->obj.id);
		if (hwpt->parent)
			seq_printf(m, " parent=%u", hwpt->parent->obj.id);
		/* the guest STE an SMMUv3 vIOMMU's nested HWPT installs */
		if (hwpt->viommu && isim_vsmmu_of(hwpt->viommu))
			seq_printf(m, " ste=0x%llx:0x%llx",
				   le64_to_cpu(hwpt->drv.smmu.ste[0]),
				   le64_to_cpu(hwpt->drv.smmu.ste[1]));
		break;
	}
	case ISIM_OBJ_VIOMMU: {
		struct isim_viommu *viommu =
			container_of(obj, struct isim_viommu, obj);

		seq_printf(m, " type=%s parent=%u",
			   isim_viommu_type_name(viommu->type),
			   viommu->parent->obj.id);
		break;
	}
	case ISIM_OBJ_VDEVICE: {
		struct isim_vdevice *vdev =
			container_of(obj, struct isim_vdevice, obj);

		seq_printf(m, " viommu=%u dev=%u virt_id=0x%llx",
			   vdev->viommu->obj.id, vdev->idev->obj.id,
			   vdev->virt_id);
		break;
	}
	case ISIM_OBJ_HW_QUEUE: {
		struct isim_hw_queue *hwq =
			container_of(obj, struct isim_hw_queue, obj);

		seq_printf(m, " viommu=%u index=%u base=0x%llx length=0x%llx",
			   hwq->viommu->obj.id, hwq->index, hwq->base_addr,
			   hwq->length);
		break;
	}
	default:
		break;
	}
}

static int isim_ctx_objects_show(struct seq_file *m, void *unused)
{
	struct isim_ctx *ctx = m->private;
	struct isim_object *obj;
	unsigned long index;

	xa_lock(&ctx->objects);
	xa_for_each(&ctx->objects, index, obj) {
		seq_printf(m, "%lu %s users=%u", index,
			   obj->type < ISIM_OBJ_MAX &&
			   isim_obj_type_names[obj->type] ?
			   isim_obj_type_names[obj->type] : "?",
			   refcount_read(&obj->users));
		isim_obj_show_links(m, obj);
		seq_putc(m, '\n');
	}
	xa_unlock(&ctx->objects);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(isim_ctx_objects);

static int isim_ctx_devices_show(struct seq_file *m, void *unused)
{
	struct isim_ctx *ctx = m->private;
	struct isim_device *idev;

	mutex_lock(&ctx->dev_lock);
	list_for_each_entry(idev, &ctx->devices, ctx_item) {
		unsigned long pasid;
		unsigned int npasids = 0;
		void *entry;

		xa_for_each(&idev->pasids, pasid, entry)
			npasids++;
		seq_printf(m, "device %u model=%s stream_id=0x%x", idev->obj.id,
			   idev->model->name, idev->stream_id);
		if (idev->hwpt)
			seq_printf(m, " attached=hwpt_paging:%u",
				   idev->hwpt->obj.id);
		else if (idev->nested)
			seq_printf(m, " attached=hwpt_nested:%u",
				   idev->nested->obj.id);
		else
			seq_puts(m, " attached=none");
		if (idev->vdev)
			seq_printf(m, " vdevice=%u virt_id=0x%llx",
				   idev->vdev->obj.id, idev->vdev->virt_id);
		seq_printf(m, " pasids=%u\n", npasids);
	}
	mutex_unlock(&ctx->dev_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(isim_ctx_devices);

/* @show for every object of @type, each under a short-term reference */
static void isim_ctx_show_each(struct seq_file *m, enum isim_obj_type type,
			       void (*show)(struct seq_file *m,
					    struct isim_object *obj))
{
	struct isim_ctx *ctx = m->private;
	struct isim_object *obj;
	unsigned long index = 0;

	while ((obj = isim_obj_get_next(ctx, &index, type))) {
		show(m, obj);
		isim_obj_put(ctx, obj);
		index++;
	}
}

static void isim_ioas_show(struct seq_file *m, struct isim_object *obj)
{
	seq_printf(m, "ioas %u\n", obj->id);
	isim_ioas_debugfs_show(m, container_of(obj, struct isim_ioas, obj));
}

static int isim_ctx_ioas_show(struct seq_file *m, void *unused)
{
	isim_ctx_show_each(m, ISIM_OBJ_IOAS, isim_ioas_show);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(isim_ctx_ioas);

static void isim_viommu_show(struct seq_file *m, struct isim_object *obj)
{
	struct isim_viommu *viommu = container_of(obj, struct isim_viommu, obj);
	struct isim_vdevice *vdev;
	unsigned long i;

	seq_printf(m, "viommu %u type=%s parent=%u\n", obj->id,
		   isim_viommu_type_name(viommu->type),
		   viommu->parent->obj.id);
	mutex_lock(&viommu->lock);
	xa_for_each(&viommu->vdevs, i, vdev)
		seq_printf(m, "  vdevice %u virt_id=0x%lx dev=%u\n",
			   vdev->obj.id, i, vdev->idev->obj.id);
	if (viommu->ops->debugfs_show)
		viommu->ops->debugfs_show(m, viommu);
	mutex_unlock(&viommu->lock);
}

static int isim_ctx_viommus_show(struct seq_file *m, void *unused)
{
	isim_ctx_show_each(m, ISIM_OBJ_VIOMMU, isim_viommu_show);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(isim_ctx_viommus);

void isim_ctx_debugfs_add(struct isim_ctx *ctx)
{
	struct dentry *dir;
	char name[16];

	ctx->debug_id = atomic_inc_return(&isim_ctx_debug_ids);
	ctx->owner_tgid = task_tgid_nr(current);
	get_task_comm(ctx->owner_comm, current);
	/* debugfs failures are not fatal (debugfs.c) */
	snprintf(name, sizeof(name), "%u", ctx->debug_id);
	dir = debugfs_create_dir(name, isim_debugfs_contexts_dir());
	debugfs_create_file("owner", 0400, dir, ctx, &isim_ctx_owner_fops);
	debugfs_create_file("objects", 0400, dir, ctx, &isim_ctx_objects_fops);
	debugfs_create_file("devices", 0400, dir, ctx, &isim_ctx_devices_fops);
	debugfs_create_file("ioas", 0400, dir, ctx, &isim_ctx_ioas_fops);
	debugfs_create_file("viommus", 0400, dir, ctx, &isim_ctx_viommus_fops);
	ctx->debugfs = dir;
}

void isim_ctx_debugfs_remove(struct isim_ctx *ctx)
{
	debugfs_remove_recursive(ctx->debugfs);
	ctx->debugfs = NULL;
}
