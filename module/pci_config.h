/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: the PCI configuration space of a simulated VFIO device
 * (pci_config.c), a pure register file also built into the host unit
 * tests (userspace-tests/host/pci_config_test.c).
 *
 * The function (README.md, "Simulated VFIO devices"): a 4 KiB PCIe
 * configuration space with a type 0 header, vendor 0x1b36, device 0x0005,
 * class 0xff0000, no BARs, no expansion ROM, INTx pin 0, no MSI or MSI-X;
 * one capability, a PCI Express v2 capability of an Endpoint (no FLR, no
 * ATS, no PASID), and an empty extended capability list.  Registers keep
 * what a real function keeps: a write changes only the writable bits, and
 * writing 1 clears a status bit (RW1C).
 *
 * Not thread-safe: the caller serializes accesses (vfio_device.c holds the
 * device's lock).
 */
#ifndef IOMMUFD_SIM_PCI_CONFIG_H
#define IOMMUFD_SIM_PCI_CONFIG_H

#include "pure_types.h"

#define ISIM_PCI_CFG_SIZE	4096
#define ISIM_PCI_VENDOR_ID	0x1b36
#define ISIM_PCI_DEVICE_ID	0x0005
#define ISIM_PCI_CLASS		0xff0000
#define ISIM_PCI_REVISION	0x01
/* where the PCI Express capability starts, and its length (v2) */
#define ISIM_PCI_EXP_CAP	0x40
#define ISIM_PCI_EXP_CAP_LEN	0x3c

struct isim_pci_cfg {
	u8 val[ISIM_PCI_CFG_SIZE];	/* what a read returns */
	u8 wmask[ISIM_PCI_CFG_SIZE];	/* bits a write may change */
	u8 w1c[ISIM_PCI_CFG_SIZE];	/* bits a write of 1 clears */
};

/* Power-on state: every register at its reset value. */
void isim_pci_cfg_reset(struct isim_pci_cfg *cfg);

/*
 * Read or write @len bytes at @pos.  Returns 0, or -1 when any byte of
 * [pos, pos + len) lies outside the configuration space (nothing done).
 */
int isim_pci_cfg_read(const struct isim_pci_cfg *cfg, u32 pos, void *buf,
		      u32 len);
int isim_pci_cfg_write(struct isim_pci_cfg *cfg, u32 pos, const void *buf,
		       u32 len);

#endif /* IOMMUFD_SIM_PCI_CONFIG_H */
