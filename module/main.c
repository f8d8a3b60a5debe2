// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim: module init, parameters and the misc device.
 *
 * Every open() of the device is an independent iommufd context speaking the
 * upstream iommufd uAPI over simulated IOMMU hardware.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "iommufd_sim.h"
#include "sim_bus.h"

#define ISIM_DEVNAME_MAX 64

static char *isim_devname = "iommufd-sim";
module_param_named(devname, isim_devname, charp, 0444);
MODULE_PARM_DESC(devname,
		 "name of the device node under /dev (default iommufd-sim; \"iommu\" stands in for the kernel's own iommufd)");

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
	isim_ctx_debugfs_add(ctx);
	return 0;
}

static int isim_fops_release(struct inode *inode, struct file *filp)
{
	struct isim_ctx *ctx = filp->private_data;

	/* first: a debugfs reader may be looking at the objects */
	isim_ctx_debugfs_remove(ctx);
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

struct device *isim_misc_device(void)
{
	return isim_miscdev.this_device;
}

bool isim_file_is_ctx(const struct file *file)
{
	return file->f_op == &isim_fops;
}

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

static int __init isim_init(void)
{
	int rc;

	/* each model checks its parameters and starts its hardware */
	rc = isim_models_init();
	if (rc)
		return rc;

	if (!isim_devname_valid(isim_devname)) {
		pr_err("devname=\"%s\" is not a valid device name (1-%d characters, no '/')\n",
		       isim_devname, ISIM_DEVNAME_MAX);
		rc = -EINVAL;
		goto err_models;
	}
	if (isim_devname_taken(isim_devname)) {
		pr_err("/dev/%s is already registered by another driver; load with a different devname=\n",
		       isim_devname);
		/*
		 * Not -EEXIST: from init_module() that means "already
		 * loaded" to modprobe, and Linux 7.2 turns it into -EBUSY
		 * anyway; -EBUSY is the answer on every kernel.
		 */
		rc = -EBUSY;
		goto err_models;
	}

	isim_debugfs_init();
	rc = isim_sim_bus_init();
	if (rc) {
		pr_err("cannot register the iommufd_sim bus: error %d\n", rc);
		goto err_debugfs;
	}
	isim_miscdev.name = isim_devname;
	rc = misc_register(&isim_miscdev);
	if (rc) {
		pr_err("cannot register /dev/%s: error %d\n", isim_devname,
		       rc);
		goto err_bus;
	}
	pr_info("version " IOMMUFD_SIM_VERSION " ready on /dev/%s\n",
		isim_devname);
	return 0;

err_bus:
	isim_sim_bus_exit();
err_debugfs:
	isim_debugfs_exit();
err_models:
	isim_models_exit();
	return rc;
}

static void __exit isim_exit(void)
{
	misc_deregister(&isim_miscdev);
	isim_sim_bus_exit();
	isim_debugfs_exit();
	isim_models_exit();
	/* .owner kept us loaded while any context existed. */
	WARN_ON(atomic_long_read(&isim_live_objects));
}

module_init(isim_init);
module_exit(isim_exit);

MODULE_DESCRIPTION("iommufd uAPI over simulated IOMMU hardware (selftest mock, Grace SMMUv3 + Tegra241 CMDQV)");
MODULE_LICENSE("GPL");
MODULE_VERSION(IOMMUFD_SIM_VERSION);
