/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: the Tegra241 CMDQV VINTF vIOMMU (tegra241_cmdqv.c), as the
 * Grace model and the IOMMUFD_SIM_CMD ops (sim_cmd.c) see it.
 *
 * A TEGRA241_CMDQV vIOMMU's viommu->driver is a struct isim_cmdqv_vintf:
 * the vSMMU (smmuv3_viommu.h: VMID, counters) first, then the VINTF: its
 * index, its 64 KiB page0 (the registers user space maps), its LVCMDQ
 * slots, its vSID -> pSID table and its trace, and its registration with
 * the engine (cmdqv_engine.h), from VIOMMU_ALLOC to vIOMMU destroy.
 * lvcmdqs[], sids[], the error map and the trace are protected by
 * vintf->vsmmu.viommu->lock: every slot's struct isim_cmdqv_q is bound to
 * its register window from VIOMMU_ALLOC on (the engine watches windows
 * without a queue too), and a slot with a non-NULL hwq is an allocated
 * LVCMDQ whose ring stays pinned until isim_cmdqv_q_detach() (under that
 * lock, before the core unpins it).
 */
#ifndef IOMMUFD_SIM_TEGRA241_CMDQV_H
#define IOMMUFD_SIM_TEGRA241_CMDQV_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "cmdqv_engine.h"
#include "cmdqv_queue.h"
#include "iommufd_sim.h"
#include "smmuv3_viommu.h"

/* VCMDQ BASE register (page1, kernel-private): ADDR [47:5], LOG2SIZE [4:0] */
#define ISIM_CMDQV_BASE_ADDR_MASK GENMASK_ULL(47, 5)
#define ISIM_CMDQV_BASE_LOG2SIZE_MASK GENMASK_ULL(4, 0)
/* VINTF SID_MATCH: ENABLE [0], virtual SID [20:1] */
#define ISIM_CMDQV_SID_MATCH_ENABLE BIT(0)
#define ISIM_CMDQV_SID_MATCH_VSID_MASK GENMASK(20, 1)
/* Largest VINTF count the PARAM register can express (NUM_VINTF_LOG2 6) */
#define ISIM_CMDQV_MAX_VINTFS 64

/*
 * One LVCMDQ slot.  @hwq is NULL while the slot is free; otherwise the
 * rest describes the queue as HW_QUEUE_ALLOC latched it.  Kernel-private:
 * user space only sees the slot's register window in page0.
 */
struct isim_cmdqv_lvcmdq {
	struct isim_cmdqv_q q;	/* the engine's view of window and ring */
	struct isim_hw_queue *hwq;
	phys_addr_t base_pa;	/* host PA of the ring, aligned to its size */
	u64 q_base;		/* the BASE register: ADDR | LOG2SIZE */
};

/* One vSID -> pSID pair; match is 0 while the pair is free. */
struct isim_cmdqv_sid {
	u32 match;		/* SID_MATCH: (vSID << 1) | ENABLE */
	u32 replace;		/* SID_REPLACE: the physical SID */
};

struct isim_cmdqv_vintf {
	struct isim_vsmmu vsmmu;	/* first: viommu->driver points here */
	struct isim_engine_vintf engine;	/* its queues, for the engine */
	u16 idx;		/* 1 .. isim_cmdqv_num_vintfs - 1 */
	struct page *page0;	/* order get_order(SZ_64K), reserved */
	__le32 *page0_va;	/* the registers, little-endian u32s */
	u64 mmap_offset;
	/* under viommu->lock */
	struct isim_cmdqv_lvcmdq *lvcmdqs;	/* isim_cmdqv_lvcmdqs_per_vintf */
	struct isim_cmdqv_sid *sids;		/* 1 << isim_cmdqv_log2_vsids */
	u64 lvcmdq_err_map[2];	/* LVCMDQ_ERR_MAP_64(0..1), for the engine */
	/* the last commands fetched: entry seq % DEPTH holds number seq */
	struct iommufd_sim_cmdqv_trace_entry trace[IOMMUFD_SIM_CMDQV_TRACE_DEPTH];
	u64 trace_total;	/* commands fetched so far */
};

/* The topology parameters (cmdqv_* in /sys/module/iommufd_sim/parameters) */
extern unsigned int isim_cmdqv_num_vintfs;
extern unsigned int isim_cmdqv_lvcmdqs_per_vintf;
extern unsigned int isim_cmdqv_log2_vsids;
bool isim_cmdqv_params_valid(void);
/* IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV */
void isim_cmdqv_hw_info(struct iommu_hw_info_tegra241_cmdqv *info);

/* The VINTF of a TEGRA241_CMDQV vIOMMU; NULL for any other vIOMMU */
struct isim_cmdqv_vintf *isim_cmdqv_vintf_of(struct isim_viommu *viommu);

/* IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV, of grace_smmuv3.c */
extern const struct isim_viommu_type isim_cmdqv_viommu_type;

#endif /* IOMMUFD_SIM_TEGRA241_CMDQV_H */
