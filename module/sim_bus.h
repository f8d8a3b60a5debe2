/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: simulated VFIO PCI devices on the iommufd_sim bus
 * (sim_bus.c: the bus, its devices and their sysfs; vfio_device.c: the
 * VFIO device cdev each one's node speaks).  README.md, "Simulated VFIO
 * devices".
 *
 * Locking (see also iommufd_sim.h's "Locking rules"):
 *   isim_bus_lock (mutex, sim_bus.c): the table of devices by ID (their
 *     IDs and stream IDs are unique in it).  Outermost; taken before a
 *     device's lock.
 *   simdev->lock (mutex, one per device): its open count and "gone" flag,
 *     the file bound to a context, its configuration space and IRQ
 *     eventfds.  Every VFIO ioctl that changes state holds it, so it is the
 *     serialization upstream's dev_set->lock gives: taken before
 *     ctx->dev_lock and every other lock of a context (ATTACH runs under
 *     it).  No user memory is touched under it: arguments are copied in
 *     before and replies copied out after.
 */
#ifndef IOMMUFD_SIM_SIM_BUS_H
#define IOMMUFD_SIM_SIM_BUS_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/eventfd.h>

#include "iommufd_sim.h"
#include "pci_config.h"

/* IDs 0 .. ISIM_SIMDEV_MAX - 1: the ID is the node's minor number */
#define ISIM_SIMDEV_MAX 256

struct isim_vfdev_file;

struct isim_simdev {
	struct device dev;
	struct cdev cdev;
	u32 id;
	const struct isim_iommu_model *model;
	const char *model_name;		/* as written to new_device */
	u32 stream_id;
	struct mutex lock;		/* everything below */
	unsigned int open_count;	/* open files of the node */
	bool gone;			/* deleted: opens fail with ENODEV */
	struct isim_vfdev_file *bound;	/* the file bound to a context */
	unsigned int kvm_files;		/* open files KVM has linked */
	struct isim_pci_cfg cfg;
	/* VFIO_PCI_ERR_IRQ_INDEX and VFIO_PCI_REQ_IRQ_INDEX triggers */
	struct eventfd_ctx *err_trigger;
	struct eventfd_ctx *req_trigger;
	struct dentry *debugfs;		/* devices/<ID> */
};

int isim_sim_bus_init(void);
void isim_sim_bus_exit(void);

/* sim_bus.c: an open of the node counts; a deleted device cannot be opened */
int isim_simdev_open(struct isim_simdev *simdev);
void isim_simdev_close(struct isim_simdev *simdev);

/* vfio_device.c */
extern const struct file_operations isim_vfdev_fops;
struct seq_file;
void isim_vfdev_show(struct seq_file *m, struct isim_simdev *simdev);

#endif /* IOMMUFD_SIM_SIM_BUS_H */
