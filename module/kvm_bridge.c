// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd_sim_kvm.ko: lets KVM take iommufd-sim's simulated VFIO device
 * files, so an unmodified VMM with KVM (QEMU adds every VFIO fd to KVM's
 * VFIO pseudo device and gives up when that fails) can use them.
 *
 * KVM asks vfio.ko, through symbol_get() of vfio_file_is_valid
 * (vfio_file_is_group before Linux 6.6), whether a file is a VFIO file.
 * This module exports that symbol and vfio_file_set_kvm, answering for
 * iommufd-sim's device nodes only (kvm_link.h).  A symbol has one owner:
 * the module cannot load while vfio.ko is loaded (or built in), and vfio.ko
 * cannot load while it is.  README.md, "KVM: the companion module".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/module.h>
#include <linux/vfio.h>

#include "kvm_link.h"

#ifdef HAVE_VFIO_FILE_IS_VALID
bool vfio_file_is_valid(struct file *file)
{
	return isim_vfio_file_is_device(file);
}
EXPORT_SYMBOL_GPL(vfio_file_is_valid);
#else
/* Before 6.6 KVM's VFIO device took VFIO group files only */
bool vfio_file_is_group(struct file *file)
{
	return isim_vfio_file_is_device(file);
}
EXPORT_SYMBOL_GPL(vfio_file_is_group);
#endif

/* KVM calls this with @kvm when it links @file and NULL when it unlinks it */
void vfio_file_set_kvm(struct file *file, struct kvm *kvm)
{
	isim_vfio_file_set_kvm(file, !!kvm);
}
EXPORT_SYMBOL_GPL(vfio_file_set_kvm);

static int __init isim_kvm_init(void)
{
	pr_info("KVM takes iommufd-sim's VFIO device files; vfio.ko cannot load until this module is removed\n");
	return 0;
}

static void __exit isim_kvm_exit(void)
{
}

module_init(isim_kvm_init);
module_exit(isim_kvm_exit);

MODULE_DESCRIPTION("iommufd-sim: KVM's VFIO device takes simulated VFIO device files");
MODULE_LICENSE("GPL");
MODULE_VERSION(IOMMUFD_SIM_VERSION);
