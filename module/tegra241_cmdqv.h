/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: the simulated Grace SMMUv3 vIOMMUs (tegra241_cmdqv.c), as
 * the CMDQV engine and the IOMMUFD_SIM_CMD ops see them.
 *
 * Every vIOMMU of type ARM_SMMUV3 or TEGRA241_CMDQV has a struct isim_vsmmu
 * (viommu->driver): its VMID and its simulated invalidation counters.  A
 * TEGRA241_CMDQV vIOMMU embeds it in a struct isim_cmdqv_vintf, which adds
 * the VINTF: its index, its 64 KiB page0 (the registers user space maps),
 * its LVCMDQ slots and its vSID -> pSID table.
 *
 * Finding the queues (for the engine, cmdqv_engine.c):
 * isim_cmdqv_vintfs[1 .. isim_cmdqv_num_vintfs - 1] are the VINTFs in use (NULL
 * = free; VINTF0, the host's, is never given out), under isim_cmdqv_lock.
 * A VINTF leaves the array before its memory is freed, so while
 * isim_cmdqv_lock is held every listed VINTF, its page and its vIOMMU stay
 * alive.  Its lvcmdqs[], sids[], error map and trace are protected by
 * vintf->vsmmu.viommu->lock: every slot's struct isim_cmdqv_q is bound to
 * its register window from VIOMMU_ALLOC on (the engine watches windows
 * without a queue too), and a slot with a non-NULL hwq is an allocated
 * LVCMDQ whose ring stays pinned until isim_cmdqv_q_detach() (under that
 * lock, before the core unpins it).  Lock order: isim_cmdqv_lock, then
 * viommu->lock, then vsmmu->counters.lock; a vEVENT is reported with
 * viommu->lock dropped.
 */
#ifndef IOMMUFD_SIM_TEGRA241_CMDQV_H
#define IOMMUFD_SIM_TEGRA241_CMDQV_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

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
	u16 idx;		/* 1 .. isim_cmdqv_num_vintfs - 1 */
	struct page *page0;	/* order get_order(SZ_64K), reserved */
	__le32 *page0_va;	/* the registers, little-endian u32s */
	u64 mmap_offset;
	/* under viommu->lock */
	struct isim_cmdqv_lvcmdq *lvcmdqs;	/* isim_cmdqv_lvcmdqs_per_vintf */
	struct isim_cmdqv_sid *sids;		/* 1 << isim_cmdqv_log2_vsids */
	u64 lvcmdq_err_map[2];	/* LVCMDQ_ERR_MAP_64(0..1), for the engine */
	/*
	 * Set by the engine when it write-protects page0 to sleep; cleared
	 * by the first user store after that (isim_cmdqv_page0_written()).
	 * READ_ONCE/WRITE_ONCE, no lock: the store's page fault takes none.
	 */
	bool page0_armed;
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

extern struct mutex isim_cmdqv_lock;
extern struct isim_cmdqv_vintf *isim_cmdqv_vintfs[ISIM_CMDQV_MAX_VINTFS];
/* How many entries of isim_cmdqv_vintfs[] are set; written under the lock */
extern unsigned int isim_cmdqv_nr_vintfs;

/* The VINTF of a TEGRA241_CMDQV vIOMMU; NULL for any other vIOMMU */
struct isim_cmdqv_vintf *isim_cmdqv_vintf_of(struct isim_viommu *viommu);

/*
 * The physical SID the VINTF's SID table maps @vsid to; false when no
 * enabled pair matches.  Under viommu->lock.
 */
bool isim_cmdqv_vsid_to_psid(struct isim_cmdqv_vintf *vintf, u32 vsid,
			     u32 *psid);

/* IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV, of grace_smmuv3.c */
extern const struct isim_viommu_type isim_cmdqv_viommu_type;
/*
 * cmdqv_engine.c.  The engine runs in its own thread from module init to
 * exit (isim_cmdqv_engine_start/stop); isim_cmdqv_engine_kick() wakes it
 * when a VINTF or a queue appears, so that it does not wait out an idle
 * poll interval.  The IOMMUFD_SIM_OP_CMDQV_* ops run it on demand and read
 * its state.
 */
int isim_cmdqv_engine_start(void);
/* mmap.c's on_write hook of page0 (data = the VINTF): wake the engine */
void isim_cmdqv_page0_written(void *data);
void isim_cmdqv_engine_stop(void);
void isim_cmdqv_engine_kick(void);
int isim_sim_cmdqv_step(struct isim_ucmd *ucmd, struct iommufd_sim_cmd *cmd);
int isim_sim_cmdqv_queue_state(struct isim_ucmd *ucmd,
			       struct iommufd_sim_cmd *cmd);
int isim_sim_cmdqv_trace(struct isim_ucmd *ucmd, struct iommufd_sim_cmd *cmd);

#endif /* IOMMUFD_SIM_TEGRA241_CMDQV_H */
