/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The LVCMDQ register window and command ring as a guest uses them
 * (README.md, "The register page"): header-only, so the host tests, which
 * link no test library, share it with the VM-side programs.
 *
 * Registers are little-endian u32 at 0x80 * l + REG of the VINTF page0.
 * Loads are acquire (what the hardware wrote before CONS is visible after
 * it), stores release (the ring entries are written before PROD moves).
 */
#ifndef IOMMUFD_SIM_LVCMDQ_H
#define IOMMUFD_SIM_LVCMDQ_H

#include <endian.h>
#include <stdint.h>
#include <string.h>

#include <linux/iommufd_sim.h>

static inline volatile uint32_t *tl_lvcmdq_reg(volatile uint32_t *page0,
					       unsigned int l,
					       unsigned int reg)
{
	return &page0[IOMMUFD_SIM_TEGRA241_LVCMDQ_REG(l, reg) / 4];
}

static inline uint32_t tl_lvcmdq_rd(volatile uint32_t *page0, unsigned int l,
				    unsigned int reg)
{
	return le32toh(__atomic_load_n(tl_lvcmdq_reg(page0, l, reg),
				       __ATOMIC_ACQUIRE));
}

static inline void tl_lvcmdq_wr(volatile uint32_t *page0, unsigned int l,
				unsigned int reg, uint32_t val)
{
	__atomic_store_n(tl_lvcmdq_reg(page0, l, reg), htole32(val),
			 __ATOMIC_RELEASE);
}

/* Entries of a queue of 2^@log2size */
static inline uint32_t tl_q_entries(unsigned int log2size)
{
	return 1U << log2size;
}

/* The wrap|index bits of a CONS or PROD value */
static inline uint32_t tl_q_mask(unsigned int log2size)
{
	return (2U << log2size) - 1;
}

/* The index bits alone */
static inline uint32_t tl_q_idx(uint32_t ptr, unsigned int log2size)
{
	return ptr & (tl_q_entries(log2size) - 1);
}

/* Store one 16-byte command at ring slot @ptr (index bits), two LE words */
static inline void tl_ring_put(void *ring, unsigned int log2size,
			       uint32_t ptr, uint64_t w0, uint64_t w1)
{
	uint64_t le[2] = { htole64(w0), htole64(w1) };

	memcpy((char *)ring + (size_t)tl_q_idx(ptr, log2size) *
	       IOMMUFD_SIM_CMDQ_ENT_SIZE, le, sizeof(le));
}

#endif
