// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim: the VFIO device cdev of a simulated PCI device
 * (/dev/iommufd-sim-vfio<ID>, sim_bus.c), with the rules of Linux 7.2's
 * drivers/vfio/device_cdev.c, vfio_main.c and vfio-pci for a function
 * without BARs, interrupts or power management (README.md, "Simulated
 * VFIO devices", lists the answers).
 *
 * Every open is a file of its own.  Until VFIO_DEVICE_BIND_IOMMUFD
 * succeeds on it every other ioctl, read, write and mmap answers EINVAL;
 * one file at a time may be bound.  Binding plugs the device into the
 * iommufd-sim context whose fd it names (its idev, nothing attached, so
 * DMA is blocked) and holds that context's file until this file is
 * closed, which unplugs the device as upstream's unbind does.  Locking:
 * sim_bus.h.
 */
#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../uapi/linux/iommufd_sim_vfio.h"
#include "kvm_link.h"
#include "sim_bus.h"

struct isim_vfdev_file {
	struct isim_simdev *simdev;
	/* set once, with the fields below, when BIND succeeds (release) */
	bool bound;
	struct file *ctx_file;		/* held */
	struct isim_ctx *ctx;
	struct isim_device *idev;	/* held (isim_device_plug()) */
	bool kvm_linked;		/* simdev->lock; isim_vfio_file_set_kvm() */
};

/* Region and IRQ counts of a VFIO PCI device: fixed by the uAPI */
#define ISIM_VFDEV_OFFSET_SHIFT 40
#define ISIM_VFDEV_OFFSET_MASK ((1ULL << ISIM_VFDEV_OFFSET_SHIFT) - 1)

static int isim_vfdev_open(struct inode *inode, struct file *filp)
{
	struct isim_simdev *simdev =
		container_of(inode->i_cdev, struct isim_simdev, cdev);
	struct isim_vfdev_file *vf;
	int rc;

	vf = kzalloc(sizeof(*vf), GFP_KERNEL_ACCOUNT);
	if (!vf)
		return -ENOMEM;
	rc = isim_simdev_open(simdev);
	if (rc) {
		kfree(vf);
		return rc;
	}
	vf->simdev = simdev;
	filp->private_data = vf;
	return 0;
}

static void isim_vfdev_put_triggers(struct isim_simdev *simdev)
{
	if (simdev->err_trigger)
		eventfd_ctx_put(simdev->err_trigger);
	if (simdev->req_trigger)
		eventfd_ctx_put(simdev->req_trigger);
	simdev->err_trigger = NULL;
	simdev->req_trigger = NULL;
}

/* Undo a bind: unplug the idev, free the device for another file. */
static void isim_vfdev_unbind(struct isim_vfdev_file *vf)
{
	struct isim_simdev *simdev = vf->simdev;

	mutex_lock(&simdev->lock);
	isim_device_unplug(vf->ctx, vf->idev);
	isim_vfdev_put_triggers(simdev);
	simdev->bound = NULL;
	vf->bound = false;
	mutex_unlock(&simdev->lock);
	fput(vf->ctx_file);
}

/*
 * The bound side of debugfs devices/<ID> (sim_bus.c).  Under simdev->lock,
 * so a bound file's context and idev cannot go away meanwhile.
 */
void isim_vfdev_show(struct seq_file *m, struct isim_simdev *simdev)
{
	struct isim_vfdev_file *vf = simdev->bound;
	u32 pt_id;

	lockdep_assert_held(&simdev->lock);
	if (!vf) {
		seq_puts(m, "bound: no\n");
		return;
	}
	pt_id = isim_device_rid_pt_id(vf->ctx, vf->idev);
	seq_printf(m, "bound: yes\ndev_id: %u\n", vf->idev->obj.id);
	if (pt_id)
		seq_printf(m, "attached: %u\n", pt_id);
	else
		seq_puts(m, "attached: none (DMA blocked)\n");
}

static int isim_vfdev_release(struct inode *inode, struct file *filp)
{
	struct isim_vfdev_file *vf = filp->private_data;

	/*
	 * KVM unlinks a file before it drops its reference, unless the
	 * companion module was removed meanwhile (its symbol is gone then).
	 */
	if (vf->kvm_linked)
		isim_vfio_file_set_kvm(filp, false);
	if (vf->bound)
		isim_vfdev_unbind(vf);
	isim_simdev_close(vf->simdev);
	kfree(vf);
	return 0;
}

/*
 * A VF token names the SR-IOV PF a VF belongs to.  This function is a PF
 * without VFs, so, as vfio-pci answers, no token is expected and one
 * given is EINVAL (after it is read, so a bad pointer is EFAULT).
 */
static int isim_vfdev_check_token(const struct iommufd_sim_vfio_bind_iommufd *bind)
{
	u8 uuid[16];

	if (!(bind->flags & IOMMUFD_SIM_VFIO_BIND_FLAG_TOKEN))
		return 0;
	if (copy_from_user(uuid, u64_to_user_ptr(bind->token_uuid_ptr),
			   sizeof(uuid)))
		return -EFAULT;
	return -EINVAL;
}

static int isim_vfdev_bind(struct isim_vfdev_file *vf,
			   struct iommufd_sim_vfio_bind_iommufd __user *arg)
{
	const size_t minsz =
		offsetofend(struct iommufd_sim_vfio_bind_iommufd, out_devid);
	struct iommufd_sim_vfio_bind_iommufd bind;
	struct isim_simdev *simdev = vf->simdev;
	struct isim_device *idev;
	struct file *file;
	u32 user_size;
	int rc;

	if (get_user(user_size, &arg->argsz))
		return -EFAULT;
	if (user_size < minsz)
		return -EINVAL;
	rc = copy_struct_from_user(&bind, sizeof(bind), arg, user_size);
	if (rc)
		return rc;
	if (bind.iommufd < 0 || bind.flags & ~IOMMUFD_SIM_VFIO_BIND_FLAG_TOKEN)
		return -EINVAL;

	/* what the token check reads comes in before the lock is taken */
	file = fget(bind.iommufd);
	if (!file)
		return -EBADF;
	if (!isim_file_is_ctx(file)) {
		rc = -EBADFD;
		goto err_fput;
	}

	mutex_lock(&simdev->lock);
	/* bound already, or being bound by another thread on this file */
	if (vf->bound || simdev->bound == vf) {
		rc = -EINVAL;
		goto err_unlock;
	}
	mutex_unlock(&simdev->lock);
	rc = isim_vfdev_check_token(&bind);
	if (rc)
		goto err_fput;

	mutex_lock(&simdev->lock);
	/* a device is bound through one file at a time (vfio_df_open()) */
	if (simdev->bound) {
		rc = -EINVAL;
		goto err_unlock;
	}
	idev = isim_device_plug(file->private_data, simdev->model,
				simdev->stream_id);
	if (IS_ERR(idev)) {
		rc = PTR_ERR(idev);
		goto err_unlock;
	}
	vf->ctx_file = file;
	vf->ctx = file->private_data;
	vf->idev = idev;
	simdev->bound = vf;
	mutex_unlock(&simdev->lock);

	if (put_user(idev->obj.id, &arg->out_devid)) {
		/* never usable (bound stays false): unbind as upstream does */
		isim_vfdev_unbind(vf);
		return -EFAULT;
	}
	/* pairs with the acquire in every other file operation */
	smp_store_release(&vf->bound, true);
	return 0;

err_unlock:
	mutex_unlock(&simdev->lock);
err_fput:
	fput(file);
	return rc;
}

/* Undo an ATTACH whose reply could not be written. */
static void isim_vfdev_detach(struct isim_vfdev_file *vf, bool pasid_flag,
			      u32 pasid)
{
	mutex_lock(&vf->simdev->lock);
	isim_device_pasid_detach(vf->ctx, vf->idev, pasid_flag ? pasid : 0);
	mutex_unlock(&vf->simdev->lock);
}

/*
 * ATTACH to an IOAS (an auto domain; its id is written back), a paging or
 * a nested HWPT.  An attached device is replaced onto the new one with no
 * blocked moment between, as vfio_iommufd_physical_attach_ioas() does;
 * with VFIO_DEVICE_ATTACH_PASID the same happens at that PASID.
 */
static int isim_vfdev_attach(struct isim_vfdev_file *vf,
			     struct iommufd_sim_vfio_attach_pt __user *arg)
{
	const size_t minsz =
		offsetofend(struct iommufd_sim_vfio_attach_pt, pt_id);
	const size_t xend =
		offsetofend(struct iommufd_sim_vfio_attach_pt, pasid);
	struct iommufd_sim_vfio_attach_pt attach = {};
	bool pasid_flag, replace;
	u32 pasid = 0;
	int rc;

	if (copy_from_user(&attach, arg, minsz))
		return -EFAULT;
	if (attach.argsz < minsz ||
	    attach.flags & ~IOMMUFD_SIM_VFIO_ATTACH_PASID)
		return -EINVAL;
	pasid_flag = attach.flags & IOMMUFD_SIM_VFIO_ATTACH_PASID;
	if (pasid_flag) {
		if (attach.argsz < xend)
			return -EINVAL;
		if (copy_from_user((void *)&attach + minsz,
				   (void __user *)arg + minsz, xend - minsz))
			return -EFAULT;
		pasid = attach.pasid;
	}

	mutex_lock(&vf->simdev->lock);
	if (pasid)
		replace = isim_device_pasid_pt(vf->idev, pasid);
	else
		replace = isim_device_rid_pt_id(vf->ctx, vf->idev) != 0;
	rc = isim_device_pasid_attach(vf->ctx, vf->idev, pasid, &attach.pt_id,
				      replace);
	mutex_unlock(&vf->simdev->lock);
	if (rc)
		return rc;

	if (put_user(attach.pt_id, &arg->pt_id)) {
		isim_vfdev_detach(vf, pasid_flag, pasid);
		return -EFAULT;
	}
	return 0;
}

static int isim_vfdev_detach_ioctl(struct isim_vfdev_file *vf,
				   struct iommufd_sim_vfio_detach_pt __user *arg)
{
	const size_t minsz =
		offsetofend(struct iommufd_sim_vfio_detach_pt, flags);
	const size_t xend =
		offsetofend(struct iommufd_sim_vfio_detach_pt, pasid);
	struct iommufd_sim_vfio_detach_pt detach = {};
	bool pasid_flag;

	if (copy_from_user(&detach, arg, minsz))
		return -EFAULT;
	if (detach.argsz < minsz ||
	    detach.flags & ~IOMMUFD_SIM_VFIO_DETACH_PASID)
		return -EINVAL;
	pasid_flag = detach.flags & IOMMUFD_SIM_VFIO_DETACH_PASID;
	if (pasid_flag) {
		if (detach.argsz < xend)
			return -EINVAL;
		if (copy_from_user((void *)&detach + minsz,
				   (void __user *)arg + minsz, xend - minsz))
			return -EFAULT;
	}
	/* detaching what is not attached is no error */
	isim_vfdev_detach(vf, pasid_flag, detach.pasid);
	return 0;
}

static int isim_vfdev_get_info(struct vfio_device_info __user *arg)
{
	const size_t minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	/* no capabilities: no zPCI, no AtomicOp completer (DEVCAP2 is 0) */
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = VFIO_PCI_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/*
 * The config space is the one region; the BARs and the ROM are reported
 * with size 0 and no flags, as vfio-pci reports unimplemented BARs; a
 * function without VGA has no VGA region (EINVAL), nor device-specific
 * regions past it.
 */
static int isim_vfdev_get_region_info(struct vfio_region_info __user *arg)
{
	const size_t minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	switch (info.index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		info.size = ISIM_PCI_CFG_SIZE;
		info.flags = VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_WRITE;
		break;
	case VFIO_PCI_BAR0_REGION_INDEX ... VFIO_PCI_ROM_REGION_INDEX:
		info.size = 0;
		info.flags = 0;
		break;
	default:
		return -EINVAL;
	}
	info.offset = (u64)info.index << ISIM_VFDEV_OFFSET_SHIFT;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/*
 * How many interrupts of each index the function has, as
 * vfio_pci_get_irq_count() counts them: INTx pin 0, no MSI or MSI-X; a PCI
 * Express function has the error (AER) notification, and every device the
 * request (hot-unplug) one.
 */
static u32 isim_vfdev_irq_count(u32 index)
{
	switch (index) {
	case VFIO_PCI_ERR_IRQ_INDEX:
	case VFIO_PCI_REQ_IRQ_INDEX:
		return 1;
	default:
		return 0;
	}
}

static int isim_vfdev_get_irq_info(struct vfio_irq_info __user *arg)
{
	const size_t minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_IRQS)
		return -EINVAL;
	info.flags = VFIO_IRQ_INFO_EVENTFD;
	info.count = isim_vfdev_irq_count(info.index);
	if (info.index == VFIO_PCI_INTX_IRQ_INDEX)
		info.flags |= VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED;
	else
		info.flags |= VFIO_IRQ_INFO_NORESIZE;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/*
 * One eventfd trigger (vfio_pci_set_ctx_trigger_single()): DATA_NONE with
 * a count signals it (loopback) or, with count 0, drops it; DATA_BOOL
 * signals it when the byte is non-zero; DATA_EVENTFD installs the eventfd
 * (-1 drops it).  Under simdev->lock.
 */
static int isim_vfdev_set_trigger(struct eventfd_ctx **trigger, u32 count,
				  u32 flags, const void *data)
{
	struct eventfd_ctx *efd;
	s32 fd;

	if (flags & VFIO_IRQ_SET_DATA_NONE) {
		if (*trigger) {
			if (count) {
				isim_eventfd_signal(*trigger);
			} else {
				eventfd_ctx_put(*trigger);
				*trigger = NULL;
			}
			return 0;
		}
	} else if (flags & VFIO_IRQ_SET_DATA_BOOL) {
		if (!count)
			return -EINVAL;
		if (*(const u8 *)data && *trigger)
			isim_eventfd_signal(*trigger);
		return 0;
	} else if (flags & VFIO_IRQ_SET_DATA_EVENTFD) {
		if (!count)
			return -EINVAL;
		fd = *(const s32 *)data;
		if (fd == -1) {
			if (*trigger)
				eventfd_ctx_put(*trigger);
			*trigger = NULL;
		} else if (fd >= 0) {
			efd = eventfd_ctx_fdget(fd);
			if (IS_ERR(efd))
				return PTR_ERR(efd);
			if (*trigger)
				eventfd_ctx_put(*trigger);
			*trigger = efd;
		}
		return 0;
	}
	return -EINVAL;
}

/*
 * SET_IRQS, checked as vfio_set_irqs_validate_and_prepare() does: the
 * header, the index, start and count against the index's interrupts, one
 * known data type and the data's size.  Only the ERR and REQ triggers
 * exist; any other action on them is ENOTTY.
 */
static int isim_vfdev_set_irqs(struct isim_vfdev_file *vf,
			       struct vfio_irq_set __user *arg)
{
	const size_t minsz = offsetofend(struct vfio_irq_set, count);
	struct isim_simdev *simdev = vf->simdev;
	struct eventfd_ctx **trigger;
	struct vfio_irq_set hdr;
	size_t size, data_size = 0;
	void *data = NULL;
	u32 max;
	int rc;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	max = isim_vfdev_irq_count(hdr.index);
	if (hdr.argsz < minsz || hdr.index >= VFIO_PCI_NUM_IRQS ||
	    hdr.count >= U32_MAX - hdr.start ||
	    hdr.flags & ~(VFIO_IRQ_SET_DATA_TYPE_MASK |
			  VFIO_IRQ_SET_ACTION_TYPE_MASK))
		return -EINVAL;
	if (hdr.start >= max || hdr.start + hdr.count > max)
		return -EINVAL;
	switch (hdr.flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_NONE:
		size = 0;
		break;
	case VFIO_IRQ_SET_DATA_BOOL:
		size = sizeof(u8);
		break;
	case VFIO_IRQ_SET_DATA_EVENTFD:
		size = sizeof(s32);
		break;
	default:
		return -EINVAL;
	}
	if (size) {
		/* count <= max (1): no overflow */
		data_size = hdr.count * size;
		if (hdr.argsz - minsz < data_size)
			return -EINVAL;
		data = memdup_user((void __user *)arg + minsz, data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}

	mutex_lock(&simdev->lock);
	trigger = hdr.index == VFIO_PCI_ERR_IRQ_INDEX ? &simdev->err_trigger :
							&simdev->req_trigger;
	if ((hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) !=
	    VFIO_IRQ_SET_ACTION_TRIGGER)
		rc = -ENOTTY;
	else
		rc = isim_vfdev_set_trigger(trigger, hdr.count, hdr.flags,
					    data);
	mutex_unlock(&simdev->lock);
	kfree(data);
	return rc;
}

static int isim_vfdev_reset(struct isim_vfdev_file *vf)
{
	mutex_lock(&vf->simdev->lock);
	isim_pci_cfg_reset(&vf->simdev->cfg);
	mutex_unlock(&vf->simdev->lock);
	return 0;
}

/* No slot or bus reset reaches this function alone: ENODEV, as vfio-pci. */
static int isim_vfdev_hot_reset_info(struct vfio_pci_hot_reset_info __user *arg)
{
	const size_t minsz = offsetofend(struct vfio_pci_hot_reset_info, count);
	struct vfio_pci_hot_reset_info hdr;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	if (hdr.argsz < minsz)
		return -EINVAL;
	return -ENODEV;
}

/* A bound cdev file may pass an empty group list; still no reset path. */
static int isim_vfdev_hot_reset(struct vfio_pci_hot_reset __user *arg)
{
	const size_t minsz = offsetofend(struct vfio_pci_hot_reset, count);
	struct vfio_pci_hot_reset hdr;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	if (hdr.argsz < minsz || hdr.flags || hdr.count)
		return -EINVAL;
	return -ENODEV;
}

/*
 * VFIO_DEVICE_FEATURE: the header is checked as vfio_ioctl_device_feature()
 * does; the function has no feature (no migration, dirty logging, power
 * management, VF token or BAR to export), so every one is ENOTTY.
 */
static int isim_vfdev_feature(struct vfio_device_feature __user *arg)
{
	const size_t minsz = offsetofend(struct vfio_device_feature, flags);
	struct vfio_device_feature feature;

	if (copy_from_user(&feature, arg, minsz))
		return -EFAULT;
	if (feature.argsz < minsz)
		return -EINVAL;
	if (feature.flags &
	    ~(VFIO_DEVICE_FEATURE_MASK | VFIO_DEVICE_FEATURE_SET |
	      VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_PROBE))
		return -EINVAL;
	if (!(feature.flags & VFIO_DEVICE_FEATURE_PROBE) &&
	    (feature.flags & VFIO_DEVICE_FEATURE_SET) &&
	    (feature.flags & VFIO_DEVICE_FEATURE_GET))
		return -EINVAL;
	return -ENOTTY;
}

static long isim_vfdev_ioctl(struct file *filp, unsigned int cmd,
			     unsigned long arg)
{
	struct isim_vfdev_file *vf = filp->private_data;
	void __user *uarg = (void __user *)arg;

	if (cmd == IOMMUFD_SIM_VFIO_BIND_IOMMUFD)
		return isim_vfdev_bind(vf, uarg);
	/* pairs with the release at the end of a successful BIND */
	if (!smp_load_acquire(&vf->bound))
		return -EINVAL;

	switch (cmd) {
	case IOMMUFD_SIM_VFIO_ATTACH_IOMMUFD_PT:
		return isim_vfdev_attach(vf, uarg);
	case IOMMUFD_SIM_VFIO_DETACH_IOMMUFD_PT:
		return isim_vfdev_detach_ioctl(vf, uarg);
	case VFIO_DEVICE_FEATURE:
		return isim_vfdev_feature(uarg);
	case VFIO_DEVICE_GET_INFO:
		return isim_vfdev_get_info(uarg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return isim_vfdev_get_region_info(uarg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return isim_vfdev_get_irq_info(uarg);
	case VFIO_DEVICE_SET_IRQS:
		return isim_vfdev_set_irqs(vf, uarg);
	case VFIO_DEVICE_RESET:
		return isim_vfdev_reset(vf);
	case VFIO_DEVICE_GET_PCI_HOT_RESET_INFO:
		return isim_vfdev_hot_reset_info(uarg);
	case VFIO_DEVICE_PCI_HOT_RESET:
		return isim_vfdev_hot_reset(uarg);
	case VFIO_DEVICE_IOEVENTFD:
		/* an ioeventfd needs a BAR to sit in; there is none */
		return -EINVAL;
	default:
		return -ENOTTY;
	}
}

/*
 * pread/pwrite at VFIO_PCI_INDEX_TO_OFFSET(index) + pos.  Only the config
 * region has contents (another region EINVAL); an access that does not
 * fit in the 4 KiB config space is EFAULT as vfio_config_do_rw() answers.
 * The bytes move through a kernel buffer, outside simdev->lock.
 */
static ssize_t isim_vfdev_rw(struct file *filp, char __user *ubuf,
			     size_t count, loff_t *ppos, bool write)
{
	struct isim_vfdev_file *vf = filp->private_data;
	struct isim_simdev *simdev = vf->simdev;
	u64 index = (u64)*ppos >> ISIM_VFDEV_OFFSET_SHIFT;
	u64 pos = (u64)*ppos & ISIM_VFDEV_OFFSET_MASK;
	ssize_t rc = count;
	void *kbuf;

	/* pairs with the release at the end of a successful BIND */
	if (!smp_load_acquire(&vf->bound))
		return -EINVAL;
	if (index != VFIO_PCI_CONFIG_REGION_INDEX)
		return -EINVAL;
	if (!count)
		return 0;
	if (pos >= ISIM_PCI_CFG_SIZE || count > ISIM_PCI_CFG_SIZE - pos)
		return -EFAULT;

	kbuf = kmalloc(count, GFP_KERNEL_ACCOUNT);
	if (!kbuf)
		return -ENOMEM;
	if (write && copy_from_user(kbuf, ubuf, count)) {
		rc = -EFAULT;
		goto out;
	}
	mutex_lock(&simdev->lock);
	if (write)
		isim_pci_cfg_write(&simdev->cfg, pos, kbuf, count);
	else
		isim_pci_cfg_read(&simdev->cfg, pos, kbuf, count);
	mutex_unlock(&simdev->lock);
	if (!write && copy_to_user(ubuf, kbuf, count)) {
		rc = -EFAULT;
		goto out;
	}
	*ppos += count;
out:
	kfree(kbuf);
	return rc;
}

static ssize_t isim_vfdev_read(struct file *filp, char __user *buf,
			       size_t count, loff_t *ppos)
{
	return isim_vfdev_rw(filp, buf, count, ppos, false);
}

static ssize_t isim_vfdev_write(struct file *filp, const char __user *buf,
				size_t count, loff_t *ppos)
{
	return isim_vfdev_rw(filp, (char __user *)buf, count, ppos, true);
}

bool isim_vfio_file_is_device(struct file *file)
{
	return file->f_op == &isim_vfdev_fops;
}
EXPORT_SYMBOL_GPL(isim_vfio_file_is_device);

void isim_vfio_file_set_kvm(struct file *file, bool linked)
{
	struct isim_vfdev_file *vf;
	struct isim_simdev *simdev;

	if (!isim_vfio_file_is_device(file))
		return;
	vf = file->private_data;
	simdev = vf->simdev;
	mutex_lock(&simdev->lock);
	if (vf->kvm_linked != linked) {
		vf->kvm_linked = linked;
		if (linked)
			simdev->kvm_files++;
		else
			simdev->kvm_files--;
	}
	mutex_unlock(&simdev->lock);
}
EXPORT_SYMBOL_GPL(isim_vfio_file_set_kvm);

/* Only BARs can be mapped, and there are none: EINVAL, bound or not. */
static int isim_vfdev_mmap(struct file *filp, struct vm_area_struct *vma)
{
	return -EINVAL;
}

/* .owner: an open node pins the module, so rmmod answers EBUSY */
const struct file_operations isim_vfdev_fops = {
	.owner = THIS_MODULE,
	.open = isim_vfdev_open,
	.release = isim_vfdev_release,
	.unlocked_ioctl = isim_vfdev_ioctl,
	.read = isim_vfdev_read,
	.write = isim_vfdev_write,
	.mmap = isim_vfdev_mmap,
	.llseek = noop_llseek,
};
