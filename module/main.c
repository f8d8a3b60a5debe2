// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim: module init, parameters and the misc device.
 *
 * Every open() of the device is an independent iommufd context speaking the
 * upstream iommufd uAPI over simulated IOMMU hardware.
 */
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "iommufd_sim.h"
#include "tegra241_cmdqv.h"

#define ISIM_DEVNAME_MAX 64

static char *devname = "iommufd-sim";
module_param(devname, charp, 0444);
MODULE_PARM_DESC(devname,
		 "name of the device node under /dev (default iommufd-sim; \"iommu\" stands in for the kernel's own iommufd)");

/*
 * Topology of the simulated Grace SMMUv3 + Tegra241 CMDQV, read-only once
 * loaded.  The defaults pass QEMU's tegra241-cmdqv host checks (version 1,
 * log2vcmdqs >= 1, log2vsids >= 4) and match the guest model QEMU exposes
 * (2 LVCMDQs and 16 SIDs per VINTF).
 */
unsigned int cmdqv_num_vintfs = 4;
module_param(cmdqv_num_vintfs, uint, 0444);
MODULE_PARM_DESC(cmdqv_num_vintfs,
		 "CMDQV VINTFs, a power of 2 in [2, 64]; VINTF0 is the host's, so this many minus one vIOMMUs can exist (default 4)");

unsigned int cmdqv_lvcmdqs_per_vintf = 2;
module_param(cmdqv_lvcmdqs_per_vintf, uint, 0444);
MODULE_PARM_DESC(cmdqv_lvcmdqs_per_vintf,
		 "logical command queues per VINTF, a power of 2 >= 2, at most 128 in all VINTFs together (default 2)");

unsigned int cmdqv_log2_vsids = 4;
module_param(cmdqv_log2_vsids, uint, 0444);
MODULE_PARM_DESC(cmdqv_log2_vsids,
		 "log2 of the stream IDs a VINTF can map, in [4, 15] (default 4: 16 SIDs)");

unsigned int smmu_cmdqs = 19;
module_param(smmu_cmdqs, uint, 0444);
MODULE_PARM_DESC(smmu_cmdqs,
		 "SMMU IDR1.CMDQS: log2 of the largest command queue in entries, in [1, 19] (default 19)");

/* Objects alive in every context, for leak checks in tests. */
atomic_long_t isim_live_objects = ATOMIC_LONG_INIT(0);

static int isim_fops_open(struct inode *inode, struct file *filp)
{
	struct isim_ctx *ctx;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return -ENOMEM;
	isim_ctx_init(ctx);
	ctx->file = filp;
	filp->private_data = ctx;
	return 0;
}

static int isim_fops_release(struct inode *inode, struct file *filp)
{
	struct isim_ctx *ctx = filp->private_data;

	isim_ctx_destroy_all(ctx);
	kfree(ctx);
	return 0;
}

/*
 * .owner pins the module while any fd is open, so rmmod fails with EBUSY
 * instead of unloading code that open files still point at.  Like upstream
 * there is no .compat_ioctl.
 */
static const struct file_operations isim_fops = {
	.owner = THIS_MODULE,
	.open = isim_fops_open,
	.release = isim_fops_release,
	.unlocked_ioctl = isim_fops_ioctl,
	.mmap = isim_fops_mmap,
	.llseek = noop_llseek,
};

static struct miscdevice isim_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.fops = &isim_fops,
	.mode = 0600,
};

static bool isim_devname_valid(const char *name)
{
	size_t len = strnlen(name, ISIM_DEVNAME_MAX + 1);

	return len && len <= ISIM_DEVNAME_MAX && !strchr(name, '/') &&
	       strcmp(name, ".") && strcmp(name, "..");
}

/*
 * A second misc device of the same name makes sysfs dump a stack before
 * misc_register() fails, so look for the name in the misc class first.
 * Where sysfs is not mounted, misc_register() still refuses the name.
 */
static bool isim_devname_taken(const char *name)
{
	struct path path;
	char *sysfs_path;
	bool taken;

	sysfs_path = kasprintf(GFP_KERNEL, "/sys/class/misc/%s", name);
	if (!sysfs_path)
		return false;
	taken = !kern_path(sysfs_path, 0, &path);
	if (taken)
		path_put(&path);
	kfree(sysfs_path);
	return taken;
}

/*
 * The CMDQV PARAM register has 4-bit log2 fields, the vEVENT error map has
 * 128 bits, and SMMUv3 command queues have at most 2^19 entries.
 */
static bool isim_params_valid(void)
{
	bool ok = true;

	if (!is_power_of_2(cmdqv_num_vintfs) || cmdqv_num_vintfs < 2 ||
	    cmdqv_num_vintfs > 64) {
		pr_err(ISIM_NAME ": cmdqv_num_vintfs=%u must be a power of 2 in [2, 64]\n",
		       cmdqv_num_vintfs);
		ok = false;
	}
	if (!is_power_of_2(cmdqv_lvcmdqs_per_vintf) ||
	    cmdqv_lvcmdqs_per_vintf < 2 ||
	    (u64)cmdqv_lvcmdqs_per_vintf * cmdqv_num_vintfs > 128) {
		pr_err(ISIM_NAME ": cmdqv_lvcmdqs_per_vintf=%u must be a power of 2 >= 2 with cmdqv_num_vintfs * cmdqv_lvcmdqs_per_vintf <= 128\n",
		       cmdqv_lvcmdqs_per_vintf);
		ok = false;
	}
	if (cmdqv_log2_vsids < 4 || cmdqv_log2_vsids > 15) {
		pr_err(ISIM_NAME ": cmdqv_log2_vsids=%u must be in [4, 15]\n",
		       cmdqv_log2_vsids);
		ok = false;
	}
	if (smmu_cmdqs < 1 || smmu_cmdqs > 19) {
		pr_err(ISIM_NAME ": smmu_cmdqs=%u must be in [1, 19]\n",
		       smmu_cmdqs);
		ok = false;
	}
	return ok;
}

static int __init isim_init(void)
{
	int rc;

	if (!isim_params_valid())
		return -EINVAL;

	if (!isim_devname_valid(devname)) {
		pr_err(ISIM_NAME ": devname=\"%s\" is not a valid device name (1-%d characters, no '/')\n",
		       devname, ISIM_DEVNAME_MAX);
		return -EINVAL;
	}
	if (isim_devname_taken(devname)) {
		pr_err(ISIM_NAME ": /dev/%s is already registered by another driver; load with a different devname=\n",
		       devname);
		/*
		 * Not -EEXIST: from init_module() that means "already
		 * loaded" to modprobe, and Linux 7.2 turns it into -EBUSY
		 * anyway; -EBUSY is the answer on every kernel.
		 */
		return -EBUSY;
	}

	isim_debugfs_init();
	/* running before any context can exist, stopped after the last */
	rc = isim_cmdqv_engine_start();
	if (rc) {
		pr_err(ISIM_NAME ": cannot start the CMDQV engine: error %d\n",
		       rc);
		goto err_debugfs;
	}
	isim_miscdev.name = devname;
	rc = misc_register(&isim_miscdev);
	if (rc) {
		pr_err(ISIM_NAME ": cannot register /dev/%s: error %d\n",
		       devname, rc);
		goto err_engine;
	}
	pr_info(ISIM_NAME ": version " IOMMUFD_SIM_VERSION " ready on /dev/%s\n",
		devname);
	return 0;

err_engine:
	isim_cmdqv_engine_stop();
err_debugfs:
	isim_debugfs_exit();
	return rc;
}

static void __exit isim_exit(void)
{
	misc_deregister(&isim_miscdev);
	isim_cmdqv_engine_stop();
	isim_debugfs_exit();
	/* .owner kept us loaded while any context existed. */
	WARN_ON(atomic_long_read(&isim_live_objects));
}

module_init(isim_init);
module_exit(isim_exit);

MODULE_DESCRIPTION("iommufd uAPI over simulated IOMMU hardware (selftest mock, Grace SMMUv3 + Tegra241 CMDQV)");
MODULE_LICENSE("GPL");
MODULE_VERSION(IOMMUFD_SIM_VERSION);
