// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim: the configuration space of a simulated VFIO device, a
 * register file with reset values, write masks and RW1C bits
 * (pci_config.h).  Offsets and bit names follow the PCI Local Bus and PCI
 * Express Base specifications; they are spelled out here because the host
 * unit tests build this file without the kernel's pci_regs.h.
 */
#include "pci_config.h"

/* Type 0 header */
#define CFG_VENDOR_ID		0x00
#define CFG_DEVICE_ID		0x02
#define CFG_COMMAND		0x04
#define CFG_STATUS		0x06
#define CFG_REVISION		0x08
#define CFG_CLASS_PROG		0x09	/* prog-if, subclass, base class */
#define CFG_CACHE_LINE		0x0c
#define CFG_SUBSYS_VENDOR	0x2c
#define CFG_SUBSYS_ID		0x2e
#define CFG_CAP_PTR		0x34
#define CFG_INT_LINE		0x3c

/* COMMAND bits a function without BARs or INTx still implements */
#define CMD_IO			0x0001
#define CMD_MEMORY		0x0002
#define CMD_MASTER		0x0004
#define CMD_PARITY		0x0040
#define CMD_SERR		0x0100
#define CMD_INTX_DISABLE	0x0400
/* STATUS: the capability list is present; the error bits are RW1C */
#define STS_CAP_LIST		0x0010
#define STS_ERRORS		0xf900

/* The PCI Express capability, relative to ISIM_PCI_EXP_CAP */
#define EXP_CAP_ID		0x10
#define EXP_FLAGS		0x02
#define EXP_FLAGS_V2_ENDPOINT	0x0002	/* version 2, type 0 (Endpoint) */
#define EXP_DEVCAP		0x04
#define EXP_DEVCAP_RBER		0x00008000	/* role-based error reporting */
#define EXP_DEVCTL		0x08
/*
 * Error reporting enables, relaxed ordering, max payload size, no snoop,
 * max read request size: read/write.  Extended tags, phantom functions,
 * AUX power and FLR are not implemented (their DEVCAP bits are 0).
 */
#define EXP_DEVCTL_WMASK	0x78ff
/* reset value: relaxed ordering and no snoop enabled, 512-byte requests */
#define EXP_DEVCTL_RESET	0x2810
#define EXP_DEVSTA		0x0a
#define EXP_DEVSTA_W1C		0x000f	/* CED, NFED, FED, URD */
#define EXP_LNKCAP		0x0c
#define EXP_LNKCAP_X1_2_5GT	0x00000011
#define EXP_LNKCTL		0x10
#define EXP_LNKCTL_WMASK	0x00c3	/* ASPM, common clock, ext. synch */
#define EXP_LNKSTA		0x12
#define EXP_LNKSTA_X1_2_5GT	0x0011
#define EXP_LNKCAP2		0x2c
#define EXP_LNKCAP2_2_5GT	0x00000002

static void put16(u8 *p, u32 pos, u16 v)
{
	p[pos] = v & 0xff;
	p[pos + 1] = v >> 8;
}

static void put32(u8 *p, u32 pos, u32 v)
{
	put16(p, pos, v & 0xffff);
	put16(p, pos + 2, v >> 16);
}

void isim_pci_cfg_reset(struct isim_pci_cfg *cfg)
{
	const u32 exp = ISIM_PCI_EXP_CAP;

	memset(cfg, 0, sizeof(*cfg));

	put16(cfg->val, CFG_VENDOR_ID, ISIM_PCI_VENDOR_ID);
	put16(cfg->val, CFG_DEVICE_ID, ISIM_PCI_DEVICE_ID);
	put16(cfg->wmask, CFG_COMMAND, CMD_IO | CMD_MEMORY | CMD_MASTER |
					       CMD_PARITY | CMD_SERR |
					       CMD_INTX_DISABLE);
	put16(cfg->val, CFG_STATUS, STS_CAP_LIST);
	put16(cfg->w1c, CFG_STATUS, STS_ERRORS);
	cfg->val[CFG_REVISION] = ISIM_PCI_REVISION;
	cfg->val[CFG_CLASS_PROG] = ISIM_PCI_CLASS & 0xff;
	put16(cfg->val, CFG_CLASS_PROG + 1, ISIM_PCI_CLASS >> 8);
	cfg->wmask[CFG_CACHE_LINE] = 0xff;
	/* BARs, the CardBus pointer and the expansion ROM are hardwired 0 */
	put16(cfg->val, CFG_SUBSYS_VENDOR, ISIM_PCI_VENDOR_ID);
	put16(cfg->val, CFG_SUBSYS_ID, ISIM_PCI_DEVICE_ID);
	cfg->val[CFG_CAP_PTR] = exp;
	/* INTERRUPT_LINE is scratch for software; INTERRUPT_PIN 0: no INTx */
	cfg->wmask[CFG_INT_LINE] = 0xff;

	/* the last capability: its next pointer stays 0 */
	cfg->val[exp] = EXP_CAP_ID;
	put16(cfg->val, exp + EXP_FLAGS, EXP_FLAGS_V2_ENDPOINT);
	put32(cfg->val, exp + EXP_DEVCAP, EXP_DEVCAP_RBER);
	put16(cfg->val, exp + EXP_DEVCTL, EXP_DEVCTL_RESET);
	put16(cfg->wmask, exp + EXP_DEVCTL, EXP_DEVCTL_WMASK);
	put16(cfg->w1c, exp + EXP_DEVSTA, EXP_DEVSTA_W1C);
	put32(cfg->val, exp + EXP_LNKCAP, EXP_LNKCAP_X1_2_5GT);
	put16(cfg->wmask, exp + EXP_LNKCTL, EXP_LNKCTL_WMASK);
	put16(cfg->val, exp + EXP_LNKSTA, EXP_LNKSTA_X1_2_5GT);
	put32(cfg->val, exp + EXP_LNKCAP2, EXP_LNKCAP2_2_5GT);
	/* offset 0x100 stays 0: no extended capabilities */
}

static int isim_pci_cfg_range_ok(u32 pos, u32 len)
{
	return pos < ISIM_PCI_CFG_SIZE && len <= ISIM_PCI_CFG_SIZE - pos;
}

int isim_pci_cfg_read(const struct isim_pci_cfg *cfg, u32 pos, void *buf,
		      u32 len)
{
	if (!isim_pci_cfg_range_ok(pos, len))
		return -1;
	memcpy(buf, cfg->val + pos, len);
	return 0;
}

int isim_pci_cfg_write(struct isim_pci_cfg *cfg, u32 pos, const void *buf,
		       u32 len)
{
	const u8 *src = buf;
	u32 i;

	if (!isim_pci_cfg_range_ok(pos, len))
		return -1;
	for (i = 0; i < len; i++) {
		u32 at = pos + i;
		u8 v = cfg->val[at];

		v = (v & ~cfg->wmask[at]) | (src[i] & cfg->wmask[at]);
		v &= ~(src[i] & cfg->w1c[at]);
		cfg->val[at] = v;
	}
	return 0;
}
