// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of module/pci_config.c, the configuration space of a
 * simulated VFIO device.  No VM, no module: the pure file is compiled in
 * (see HOST_SRCS_* in the Makefile).
 *
 * Covers: every reset value a VMM reads (IDs, class, header type, the
 * capability list, the PCI Express Endpoint capability, the empty
 * extended list); that a write of all ones changes exactly the writable
 * bits of every byte and nothing else; RW1C status bits clear only where
 * 1 is written; BAR and ROM sizing reads back 0 (no BARs); the range
 * check at every boundary, with no byte touched on a refused access;
 * reset after writes.
 *
 * Prints "pci_config: N cases passed" and exits 0, or names every failed
 * case and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "pci_config.h"

static struct isim_pci_cfg cfg;

static u32 rd(u32 pos, u32 len)
{
	u8 b[4] = { 0 };
	u32 v = 0, i;

	CHECK_EQ(isim_pci_cfg_read(&cfg, pos, b, len), 0);
	for (i = 0; i < len; i++)
		v |= (u32)b[i] << (8 * i);
	return v;
}

static void wr(u32 pos, u32 len, u32 v)
{
	u8 b[4];
	u32 i;

	for (i = 0; i < len; i++)
		b[i] = v >> (8 * i);
	CHECK_EQ(isim_pci_cfg_write(&cfg, pos, b, len), 0);
}

static void test_reset_values(void)
{
	const u32 exp = ISIM_PCI_EXP_CAP;
	u32 pos;

	isim_pci_cfg_reset(&cfg);
	CHECK_EQ(rd(0x00, 2), 0x1b36);
	CHECK_EQ(rd(0x02, 2), 0x0005);
	CHECK_EQ(rd(0x00, 4), 0x00051b36);
	CHECK_EQ(rd(0x04, 2), 0);		/* COMMAND: all off */
	CHECK_EQ(rd(0x06, 2), 0x0010);	/* STATUS: capability list */
	CHECK_EQ(rd(0x08, 4), 0xff000001);	/* class ff0000, revision 1 */
	CHECK_EQ(rd(0x0e, 1), 0);		/* header type 0, one function */
	for (pos = 0x10; pos < 0x28; pos += 4)
		CHECK_EQ(rd(pos, 4), 0);	/* BAR0..5 */
	CHECK_EQ(rd(0x2c, 2), 0x1b36);	/* subsystem vendor */
	CHECK_EQ(rd(0x2e, 2), 0x0005);	/* subsystem */
	CHECK_EQ(rd(0x30, 4), 0);		/* expansion ROM */
	CHECK_EQ(rd(0x34, 1), exp);		/* capability pointer */
	CHECK_EQ(rd(0x3d, 1), 0);		/* INTERRUPT_PIN: none */

	CHECK_EQ(rd(exp, 1), 0x10);		/* PCI Express */
	CHECK_EQ(rd(exp + 1, 1), 0);		/* the last capability */
	CHECK_EQ(rd(exp + 2, 2), 0x0002);	/* v2, Endpoint */
	CHECK_EQ(rd(exp + 4, 4), 0x00008000);	/* DEVCAP: RBER only, no FLR */
	CHECK_EQ(rd(exp + 8, 2), 0x2810);	/* DEVCTL */
	CHECK_EQ(rd(exp + 0xa, 2), 0);	/* DEVSTA */
	CHECK_EQ(rd(exp + 0xc, 4), 0x11);	/* LNKCAP: x1, 2.5 GT/s */
	CHECK_EQ(rd(exp + 0x12, 2), 0x11);	/* LNKSTA */
	CHECK_EQ(rd(exp + 0x24, 4), 0);	/* DEVCAP2 */
	CHECK_EQ(rd(exp + 0x2c, 4), 0x2);	/* LNKCAP2: 2.5 GT/s */
	CHECK_EQ(rd(0x100, 4), 0);		/* no extended capability */
	CHECK_EQ(rd(0xffc, 4), 0);
}

/* Write 0xff to every byte, one at a time: only the writable bits move. */
static void test_write_masks(void)
{
	static struct isim_pci_cfg before;
	const u32 exp = ISIM_PCI_EXP_CAP;
	u32 pos, changed = 0;
	u8 ones = 0xff;

	isim_pci_cfg_reset(&cfg);
	before = cfg;
	for (pos = 0; pos < ISIM_PCI_CFG_SIZE; pos++) {
		CHECK_EQ(isim_pci_cfg_write(&cfg, pos, &ones, 1), 0);
		if (cfg.val[pos] != before.val[pos])
			changed++;
	}
	CHECK_EQ(rd(0x04, 2), 0x0547);	/* COMMAND's implemented bits */
	CHECK_EQ(rd(0x06, 2), 0x0010);	/* RW1C: 1 clears, none were set */
	CHECK_EQ(rd(0x0c, 1), 0xff);		/* cache line size */
	CHECK_EQ(rd(0x3c, 1), 0xff);		/* INTERRUPT_LINE */
	CHECK_EQ(rd(exp + 8, 2), 0x78ff);	/* DEVCTL's writable bits */
	CHECK_EQ(rd(exp + 0x10, 2), 0x00c3);	/* LNKCTL */
	CHECK_EQ(rd(0x00, 4), 0x00051b36);	/* IDs are read-only */
	/* BAR and ROM sizing: no BARs, so every BAR reads back 0 */
	for (pos = 0x10; pos < 0x28; pos += 4)
		CHECK_EQ(rd(pos, 4), 0);
	CHECK_EQ(rd(0x30, 4), 0);
	CHECK_EQ(rd(0x34, 1), exp);
	/* COMMAND (2 bytes), cache line, INT_LINE, DEVCTL (2), LNKCTL (1) */
	CHECK_EQ(changed, 7);
}

static void test_rw1c(void)
{
	const u32 exp = ISIM_PCI_EXP_CAP;

	isim_pci_cfg_reset(&cfg);
	/* set error bits as the "device" would, then clear some of them */
	cfg.val[0x07] |= 0xf9;
	cfg.val[exp + 0xa] |= 0x0f;
	wr(0x06, 2, 0x8100);		/* clears detected parity and SERR */
	CHECK_EQ(rd(0x06, 2), 0x7810);
	wr(0x06, 2, 0);			/* 0 changes nothing */
	CHECK_EQ(rd(0x06, 2), 0x7810);
	wr(0x06, 2, 0xffff);
	CHECK_EQ(rd(0x06, 2), 0x0010);	/* CAP_LIST is read-only */
	wr(exp + 0xa, 2, 0x5);
	CHECK_EQ(rd(exp + 0xa, 2), 0xa);
	wr(exp + 0xa, 2, 0xffff);
	CHECK_EQ(rd(exp + 0xa, 2), 0);
}

static void test_range(void)
{
	u8 buf[8], sentinel[8];
	u32 i;

	isim_pci_cfg_reset(&cfg);
	memset(buf, 0xa5, sizeof(buf));
	CHECK_EQ(isim_pci_cfg_read(&cfg, 4092, buf, 4), 0);
	CHECK_EQ(isim_pci_cfg_read(&cfg, 4093, buf, 4), -1);
	CHECK_EQ(isim_pci_cfg_read(&cfg, 4096, buf, 1), -1);
	CHECK_EQ(isim_pci_cfg_read(&cfg, 4096, buf, 0), -1);
	CHECK_EQ(isim_pci_cfg_read(&cfg, 4095, buf, 0), 0);
	CHECK_EQ(isim_pci_cfg_read(&cfg, 0, buf, 0), 0);
	/* a length that wraps pos + len around 32 bits */
	CHECK_EQ(isim_pci_cfg_read(&cfg, 8, buf, 0xfffffffc), -1);
	CHECK_EQ(isim_pci_cfg_read(&cfg, 0xffffffff, buf, 2), -1);

	/* a refused read writes nothing into the buffer */
	memset(buf, 0xa5, sizeof(buf));
	memcpy(sentinel, buf, sizeof(buf));
	CHECK_EQ(isim_pci_cfg_read(&cfg, 4094, buf, 4), -1);
	CHECK_EQ(memcmp(buf, sentinel, sizeof(buf)), 0);

	/* a refused write changes no byte, not even the in-range ones */
	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ(isim_pci_cfg_write(&cfg, 0x3c, buf, 0xfc5), -1);
	CHECK_EQ(rd(0x3c, 1), 0);
	CHECK_EQ(isim_pci_cfg_write(&cfg, 0x04, buf, 0xfffffffe), -1);
	CHECK_EQ(rd(0x04, 2), 0);
	CHECK_EQ(isim_pci_cfg_write(&cfg, 4095, buf, 1), 0);
	CHECK_EQ(isim_pci_cfg_write(&cfg, 4095, buf, 2), -1);
	for (i = 0; i < 4; i++)
		CHECK_EQ(rd(4092 + i, 1), 0);
}

static void test_reset_after_writes(void)
{
	static struct isim_pci_cfg fresh;

	isim_pci_cfg_reset(&fresh);
	isim_pci_cfg_reset(&cfg);
	wr(0x04, 2, 0x0006);
	wr(0x3c, 1, 0x0b);
	wr(ISIM_PCI_EXP_CAP + 8, 2, 0x1234);
	CHECK_EQ(rd(0x04, 2), 0x0006);
	CHECK(memcmp(&cfg, &fresh, sizeof(cfg)) != 0);
	isim_pci_cfg_reset(&cfg);
	CHECK_EQ(memcmp(&cfg, &fresh, sizeof(cfg)), 0);
}

int main(void)
{
	test_reset_values();
	test_write_masks();
	test_rw1c();
	test_range();
	test_reset_after_writes();

	return tl_check_report("pci_config");
}
