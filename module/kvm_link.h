/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: what iommufd_sim.ko offers its KVM companion module,
 * iommufd_sim_kvm.ko (kvm_bridge.c).  KVM's VFIO pseudo device accepts a
 * file only when the symbol vfio_file_is_valid (vfio_file_is_group before
 * Linux 6.6) answers true for it; the companion exports that symbol and
 * answers through these two functions, so only files of this module's
 * simulated VFIO device nodes pass.  README.md, "KVM: the companion
 * module".
 */
#ifndef IOMMUFD_SIM_KVM_LINK_H
#define IOMMUFD_SIM_KVM_LINK_H

#include <linux/types.h>

struct file;

/* True when @file is an open /dev/iommufd-sim-vfio<ID> node */
bool isim_vfio_file_is_device(struct file *file);

/*
 * KVM linked (@linked) or unlinked @file; a file that is not such a node is
 * ignored.  Linked nodes are counted in debugfs devices/<ID> ("kvm_files").  Nothing else uses the
 * link: a simulated device has no KVM-dependent behaviour.
 */
void isim_vfio_file_set_kvm(struct file *file, bool linked);

#endif /* IOMMUFD_SIM_KVM_LINK_H */
