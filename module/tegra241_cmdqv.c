// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV of the simulated Grace
 * (IOMMUFD_SIM_MODEL_TEGRA241): the vSMMU of smmuv3_viommu.c plus a CMDQV
 * VINTF: a 64 KiB register page user space maps, a vSID -> pSID table filled by
 * VDEVICE_ALLOC, and LVCMDQs created by HW_QUEUE_ALLOC.  The checks and their
 * order are upstream's tegra241_cmdqv_init_vintf_user(),
 * tegra241_vintf_init_vsid() and tegra241_vintf_alloc_lvcmdq_user()
 * (docs/tegra241-cmdqv.md, 'VINTF and LVCMDQ allocation').  Also the topology
 * parameters.
 *
 * Nothing here consumes commands from an LVCMDQ: that is the engine's job
 * (cmdqv_engine.c).  What a command does to the vIOMMU is the vSMMU's
 * isim_vsmmu_exec(), which the trapped path calls too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/nospec.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "iommufd_sim.h"
#include "cmdqv_engine.h"
#include "smmuv3_cmd.h"
#include "smmuv3_viommu.h"
#include "tegra241_cmdqv.h"

/* VINTF page0 as whole pages: 16 pages of 4 KiB, one of 64 KiB */
#define ISIM_CMDQV_PAGE0_ORDER get_order(SZ_64K)

/*
 * The CMDQV topology, read-only once loaded.  The defaults pass QEMU's
 * tegra241-cmdqv host checks (version 1, log2vcmdqs >= 1, log2vsids >= 4)
 * and match the guest model QEMU exposes (2 LVCMDQs and 16 SIDs per VINTF).
 */
unsigned int isim_cmdqv_num_vintfs = 4;
module_param_named(cmdqv_num_vintfs, isim_cmdqv_num_vintfs, uint, 0444);
MODULE_PARM_DESC(cmdqv_num_vintfs,
		 "CMDQV VINTFs, a power of 2 in [2, 64]; VINTF0 is the host's, so this many minus one vIOMMUs can exist (default 4)");

unsigned int isim_cmdqv_lvcmdqs_per_vintf = 2;
module_param_named(cmdqv_lvcmdqs_per_vintf, isim_cmdqv_lvcmdqs_per_vintf,
		   uint, 0444);
MODULE_PARM_DESC(cmdqv_lvcmdqs_per_vintf,
		 "logical command queues per VINTF, a power of 2 >= 2, at most 128 in all VINTFs together (default 2)");

unsigned int isim_cmdqv_log2_vsids = 4;
module_param_named(cmdqv_log2_vsids, isim_cmdqv_log2_vsids, uint, 0444);
MODULE_PARM_DESC(cmdqv_log2_vsids,
		 "log2 of the stream IDs a VINTF can map, in [4, 15] (default 4: 16 SIDs)");

/*
 * The PARAM register has 4-bit log2 fields and the vEVENT error map has
 * 128 bits.  Every bad value is reported before the load fails.
 */
bool isim_cmdqv_params_valid(void)
{
	bool ok = true;

	if (!is_power_of_2(isim_cmdqv_num_vintfs) ||
	    isim_cmdqv_num_vintfs < 2 ||
	    isim_cmdqv_num_vintfs > ISIM_CMDQV_MAX_VINTFS) {
		pr_err("cmdqv_num_vintfs=%u must be a power of 2 in [2, 64]\n",
		       isim_cmdqv_num_vintfs);
		ok = false;
	}
	if (!is_power_of_2(isim_cmdqv_lvcmdqs_per_vintf) ||
	    isim_cmdqv_lvcmdqs_per_vintf < 2 ||
	    (u64)isim_cmdqv_lvcmdqs_per_vintf * isim_cmdqv_num_vintfs > 128) {
		pr_err("cmdqv_lvcmdqs_per_vintf=%u must be a power of 2 >= 2 with cmdqv_num_vintfs * cmdqv_lvcmdqs_per_vintf <= 128\n",
		       isim_cmdqv_lvcmdqs_per_vintf);
		ok = false;
	}
	if (isim_cmdqv_log2_vsids < 4 || isim_cmdqv_log2_vsids > 15) {
		pr_err("cmdqv_log2_vsids=%u must be in [4, 15]\n",
		       isim_cmdqv_log2_vsids);
		ok = false;
	}
	return ok;
}

/* GET_HW_INFO of TEGRA241_CMDQV: PARAM as one VINTF sees it */
void isim_cmdqv_hw_info(struct iommu_hw_info_tegra241_cmdqv *info)
{
	info->flags = 0;
	info->version = 1;
	info->log2vcmdqs = ilog2(isim_cmdqv_lvcmdqs_per_vintf);
	info->log2vsids = isim_cmdqv_log2_vsids;
}

/* VINTF indexes in use: 1 .. isim_cmdqv_num_vintfs - 1 (0 is the host's) */
static DEFINE_IDA(isim_cmdqv_vintf_ida);

/* ---- the VINTF --------------------------------------------------------- */

static struct isim_cmdqv_vintf *isim_vintf(struct isim_viommu *viommu)
{
	return container_of(viommu->driver, struct isim_cmdqv_vintf, vsmmu);
}

struct isim_cmdqv_vintf *isim_cmdqv_vintf_of(struct isim_viommu *viommu)
{
	return viommu->type == IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV ?
		       isim_vintf(viommu) : NULL;
}

static void isim_cmdqv_page0_free(struct page *page0)
{
	unsigned int i;

	for (i = 0; i < 1U << ISIM_CMDQV_PAGE0_ORDER; i++)
		ClearPageReserved(page0 + i);
	__free_pages(page0, ISIM_CMDQV_PAGE0_ORDER);
}

/* Everything but the mmap region and the engine's list */
static void isim_cmdqv_vintf_free(struct isim_cmdqv_vintf *vintf)
{
	if (vintf->page0)
		isim_cmdqv_page0_free(vintf->page0);
	kvfree(vintf->sids);
	kfree(vintf->lvcmdqs);
	if (vintf->vsmmu.viommu)
		isim_vsmmu_fini(&vintf->vsmmu);
	if (vintf->idx)
		ida_free(&isim_cmdqv_vintf_ida, vintf->idx);
	kfree(vintf);
}

/*
 * Page0 of the VINTF: zeroed memory the module owns.  Marked reserved so
 * that nothing can take a reference on it through a user mapping (mmap.c
 * maps it VM_IO | VM_PFNMAP, as real MMIO, so pinning it fails as upstream
 * fails for a PFN map).  It is RAM, kept cacheable in the kernel's linear
 * map, so mmap.c gives user space a cacheable mapping too: an uncached
 * alias of cacheable RAM is undefined on x86 and arm64.
 */
static struct page *isim_cmdqv_page0_alloc(void)
{
	struct page *page0;
	unsigned int i;

	page0 = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO,
			    ISIM_CMDQV_PAGE0_ORDER);
	if (!page0)
		return NULL;
	for (i = 0; i < 1U << ISIM_CMDQV_PAGE0_ORDER; i++)
		SetPageReserved(page0 + i);
	return page0;
}

/* The SID_MATCH value of @vsid */
static u32 isim_cmdqv_sid_match(u32 vsid)
{
	return FIELD_PREP(ISIM_CMDQV_SID_MATCH_VSID_MASK, vsid) |
	       ISIM_CMDQV_SID_MATCH_ENABLE;
}

/*
 * The physical SID the VINTF's SID table maps @vsid to; false when no
 * enabled pair matches.  Under viommu->lock.
 */
static bool isim_cmdqv_vsid_to_psid(struct isim_cmdqv_vintf *vintf, u32 vsid,
				    u32 *psid)
{
	u32 match = isim_cmdqv_sid_match(vsid), i;

	lockdep_assert_held(&vintf->vsmmu.viommu->lock);
	if (vsid > FIELD_MAX(ISIM_CMDQV_SID_MATCH_VSID_MASK))
		return false;
	for (i = 0; i < 1U << isim_cmdqv_log2_vsids; i++) {
		if (vintf->sids[i].match == match) {
			*psid = vintf->sids[i].replace;
			return true;
		}
	}
	return false;
}

/* Under viommu->lock: clear the pair VDEVICE_ALLOC filled */
static void isim_cmdqv_vdevice_destroy(struct isim_vdevice *vdev)
{
	struct isim_cmdqv_vintf *vintf = isim_vintf(vdev->viommu);
	u32 match = isim_cmdqv_sid_match(vdev->virt_id), i;

	lockdep_assert_held(&vdev->viommu->lock);
	for (i = 0; i < 1U << isim_cmdqv_log2_vsids; i++) {
		if (vintf->sids[i].match == match) {
			vintf->sids[i].match = 0;
			vintf->sids[i].replace = 0;
			return;
		}
	}
	WARN_ON_ONCE(1);
}

static void isim_cmdqv_trace(struct isim_cmdqv_vintf *vintf,
			     struct isim_cmdqv_q *q,
			     const struct isim_smmu_cmd *cmd, u64 w0, u64 w1,
			     u8 cerror)
{
	struct iommufd_sim_cmdqv_trace_entry *e;

	e = &vintf->trace[vintf->trace_total % IOMMUFD_SIM_CMDQV_TRACE_DEPTH];
	e->seq = vintf->trace_total++;
	e->cmd[0] = cpu_to_le64(cmd->w0);
	e->cmd[1] = cpu_to_le64(cmd->w1);
	e->exec[0] = cerror ? 0 : w0;
	e->exec[1] = cerror ? 0 : w1;
	e->lvcmdq = q->err_bit;
	e->cerror = cerror;
}

static bool isim_cmdqv_vintf_psid(struct isim_vsmmu *vsmmu, u32 vsid,
				  u32 *psid)
{
	return isim_cmdqv_vsid_to_psid(container_of(vsmmu,
						    struct isim_cmdqv_vintf,
						    vsmmu),
				       vsid, psid);
}

/*
 * The engine's exec callback (ctx: the VINTF's engine part), under
 * viommu->lock: what the vSMMU does with the command (isim_vsmmu_exec(),
 * with the VINTF's SID table for vSIDs), then the trace.
 */
static u8 isim_cmdqv_exec(void *ctx, struct isim_cmdqv_q *q,
			  const struct isim_smmu_cmd *cmd, u8 cerror)
{
	struct isim_cmdqv_vintf *vintf = container_of(ctx,
						      struct isim_cmdqv_vintf,
						      engine);
	u64 w0 = cmd->w0, w1 = cmd->w1;
	int rc;

	if (!cerror) {
		rc = isim_vsmmu_exec(&vintf->vsmmu, &w0, &w1,
				     isim_cmdqv_vintf_psid);
		/*
		 * UNVERIFIED, docs/tegra241-cmdqv.md, 'Policy', row "ATC_INV
		 * for a vSID with no vDEVICE in this VINTF": CERROR_ILL.
		 */
		if (rc == -ENOENT)
			cerror = IOMMUFD_SIM_TEGRA241_CERROR_ILL;
		/*
		 * Only a failed allocation of a new ASID or SID counter:
		 * stall at the command and fetch it again later, as hardware
		 * would stall.
		 */
		else if (rc)
			return ISIM_CMDQV_EXEC_RETRY;
	}
	isim_cmdqv_trace(vintf, q, cmd, w0, w1, cerror);
	return cerror;
}

static struct isim_cmdqv_q *isim_cmdqv_queue(struct isim_engine_vintf *ev,
					     unsigned int i)
{
	return &container_of(ev, struct isim_cmdqv_vintf,
			     engine)->lvcmdqs[i].q;
}

static void isim_cmdqv_write_protect(struct isim_engine_vintf *ev)
{
	struct isim_cmdqv_vintf *vintf =
		container_of(ev, struct isim_cmdqv_vintf, engine);

	isim_mmap_write_protect(vintf->vsmmu.viommu->ctx, vintf->mmap_offset,
				SZ_64K);
}

/* EOPNOTSUPP without a TEGRA241 vEVENTQ: nobody listens */
static void isim_cmdqv_report_error(struct isim_engine_vintf *ev,
				    const u64 err_map[2])
{
	struct isim_cmdqv_vintf *vintf =
		container_of(ev, struct isim_cmdqv_vintf, engine);
	struct iommu_vevent_tegra241_cmdqv event = {
		.lvcmdq_err_map = {
			cpu_to_le64(err_map[0]), cpu_to_le64(err_map[1]),
		},
	};

	isim_viommu_report_event(vintf->vsmmu.viommu,
				 IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV, &event,
				 sizeof(event));
}

static const struct isim_engine_vintf_ops isim_cmdqv_engine_ops = {
	.queue = isim_cmdqv_queue,
	.exec = isim_cmdqv_exec,
	.write_protect = isim_cmdqv_write_protect,
	.report_error = isim_cmdqv_report_error,
};

/*
 * Upstream's tegra241_cmdqv_init_vintf_user(), in its order: no data
 * (EINVAL); the data as iommu_copy_struct_from_user() takes it (another
 * type or fewer than 16 bytes EINVAL, non-zero bytes past it E2BIG); a free
 * VINTF in 1 .. isim_cmdqv_num_vintfs - 1, ENOSPC when none is left (upstream
 * returns the error of ida_alloc_max(), which is ENOSPC); the page made
 * mmap-able; the offset and length written back (EINVAL for a user struct
 * longer than ours, EFAULT).  A failure undoes everything.
 */
static int isim_cmdqv_viommu_init(struct isim_viommu *viommu,
				  const struct isim_user_data *data)
{
	const size_t min_len = offsetofend(struct iommu_viommu_tegra241_cmdqv,
					   out_vintf_mmap_length);
	struct iommu_viommu_tegra241_cmdqv udata;
	struct isim_cmdqv_vintf *vintf;
	unsigned int i;
	int rc;

	if (!data)
		return -EINVAL;
	rc = isim_copy_struct_from_user_data(&udata, sizeof(udata), data,
					     IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV,
					     min_len);
	if (rc)
		return rc;

	vintf = kzalloc(sizeof(*vintf), GFP_KERNEL_ACCOUNT);
	if (!vintf)
		return -ENOMEM;
	vintf->lvcmdqs = kcalloc(isim_cmdqv_lvcmdqs_per_vintf,
				 sizeof(*vintf->lvcmdqs), GFP_KERNEL_ACCOUNT);
	vintf->sids = kvcalloc(1U << isim_cmdqv_log2_vsids, sizeof(*vintf->sids),
			       GFP_KERNEL_ACCOUNT);
	vintf->page0 = isim_cmdqv_page0_alloc();
	if (!vintf->lvcmdqs || !vintf->sids || !vintf->page0) {
		rc = -ENOMEM;
		goto err_free;
	}
	vintf->page0_va = page_address(vintf->page0);
	for (i = 0; i < isim_cmdqv_lvcmdqs_per_vintf; i++)
		isim_cmdqv_q_init(&vintf->lvcmdqs[i].q, vintf->page0_va +
				  IOMMUFD_SIM_TEGRA241_LVCMDQ_REG(i, 0) /
				  sizeof(__le32), vintf->lvcmdq_err_map, i);
	rc = isim_vsmmu_init(&vintf->vsmmu, viommu);
	if (rc)
		goto err_free;

	rc = ida_alloc_range(&isim_cmdqv_vintf_ida, 1,
			     isim_cmdqv_num_vintfs - 1, GFP_KERNEL);
	if (rc < 0) {
		if (rc == -ENOSPC)
			pr_info_ratelimited("no more available VINTF\n");
		goto err_free;
	}
	vintf->idx = rc;
	/*
	 * Published with no queue: the engine only watches the windows
	 * (CONFIG.EN there is CMDQ_INIT_ERR).
	 */
	vintf->engine.ops = &isim_cmdqv_engine_ops;
	vintf->engine.lock = &viommu->lock;
	vintf->engine.nr_queues = isim_cmdqv_lvcmdqs_per_vintf;
	vintf->engine.err_map = vintf->lvcmdq_err_map;
	isim_engine_add(&vintf->engine);

	rc = isim_mmap_register(viommu->ctx, &viommu->obj,
				page_to_pfn(vintf->page0), SZ_64K,
				isim_engine_page_written, &vintf->engine,
				&vintf->mmap_offset);
	if (rc)
		goto err_unlist;

	udata.out_vintf_mmap_offset = vintf->mmap_offset;
	udata.out_vintf_mmap_length = SZ_64K;
	rc = isim_copy_struct_to_user_data(data, &udata, sizeof(udata),
					   IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV,
					   min_len);
	if (rc)
		goto err_unregister;

	viommu->driver = &vintf->vsmmu;
	return 0;

err_unregister:
	isim_mmap_unregister(viommu->ctx, vintf->mmap_offset);
err_unlist:
	isim_engine_remove(&vintf->engine);
err_free:
	isim_cmdqv_vintf_free(vintf);
	return rc;
}

/*
 * Every HW queue and vDEVICE held the vIOMMU, so the VINTF has none left,
 * and every VMA held it, so the page is mapped nowhere: unregister the
 * region, take the VINTF out of the engine's sight, then free the page.
 */
static void isim_cmdqv_viommu_destroy(struct isim_viommu *viommu)
{
	struct isim_cmdqv_vintf *vintf = isim_vintf(viommu);

	isim_mmap_unregister(viommu->ctx, vintf->mmap_offset);
	isim_engine_remove(&vintf->engine);
	isim_cmdqv_vintf_free(vintf);
	viommu->driver = NULL;
}

/*
 * Upstream's tegra241_vintf_init_vsid(), called by VDEVICE_ALLOC under
 * viommu->lock once virt_id is known to be free in the vIOMMU: a vSID
 * wider than SID_MATCH's 20 bits is EINVAL; a full table ENOSPC (the error
 * of upstream's ida_alloc_max()).  Every simulated device has exactly one
 * stream, so upstream's EOPNOTSUPP for other devices cannot happen.
 */
static int isim_cmdqv_vdevice_init(struct isim_vdevice *vdev)
{
	struct isim_cmdqv_vintf *vintf = isim_vintf(vdev->viommu);
	u32 i;

	lockdep_assert_held(&vdev->viommu->lock);
	if (vdev->virt_id > FIELD_MAX(ISIM_CMDQV_SID_MATCH_VSID_MASK))
		return -EINVAL;
	for (i = 0; i < 1U << isim_cmdqv_log2_vsids; i++) {
		if (!vintf->sids[i].match) {
			vintf->sids[i].replace = vdev->idev->stream_id;
			vintf->sids[i].match = isim_cmdqv_sid_match(vdev->virt_id);
			return 0;
		}
	}
	return -ENOSPC;
}

static bool isim_cmdqv_hw_queue_supported(struct isim_viommu *viommu,
					  u32 type)
{
	return type == IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV;
}

/*
 * Upstream's tegra241_vintf_destroy_lvcmdq_user(): the deinit sequence on
 * the window (disabled, indexes zeroed, a pending error acknowledged, the
 * error-map bit cleared: isim_cmdqv_q_detach()), the slot freed (the
 * engine no longer sees the ring, which the core unpins next) and the
 * queue below released.
 */
static void isim_cmdqv_hw_queue_destroy(struct isim_hw_queue *hwq)
{
	struct isim_viommu *viommu = hwq->viommu;
	struct isim_cmdqv_vintf *vintf = isim_vintf(viommu);
	struct isim_cmdqv_lvcmdq *lv = &vintf->lvcmdqs[hwq->index];

	mutex_lock(&viommu->lock);
	isim_cmdqv_q_detach(&lv->q);
	lv->hwq = NULL;
	lv->base_pa = 0;
	lv->q_base = 0;
	isim_hw_queue_undepend(hwq);
	mutex_unlock(&viommu->lock);
}

/*
 * Upstream's tegra241_vintf_alloc_lvcmdq_user(), checks in its order: an
 * index past the VINTF's LVCMDQs (EINVAL), a taken slot (EEXIST), a slot
 * whose predecessor is empty (EIO: the hardware maps them upwards), a
 * length that is not a power of two in [32, 16 << IDR1.CMDQS] (EINVAL), a
 * base with bits outside [47:5] or not aligned to the length (EINVAL).
 * Then the queue holds the one below (so they go away from the top down),
 * BASE is latched here, never in the page, and the window is reset with
 * the queue disabled: the guest enables it by writing CONFIG.EN.
 */
static int isim_cmdqv_hw_queue_init_phys(struct isim_hw_queue *hwq,
					 u32 index, phys_addr_t base_pa)
{
	struct isim_viommu *viommu = hwq->viommu;
	struct isim_cmdqv_vintf *vintf = isim_vintf(viommu);
	u64 length = hwq->length;
	struct isim_cmdqv_lvcmdq *q;
	int log2size;
	int rc;

	if (index >= isim_cmdqv_lvcmdqs_per_vintf)
		return -EINVAL;
	index = array_index_nospec(index, isim_cmdqv_lvcmdqs_per_vintf);

	mutex_lock(&viommu->lock);
	q = &vintf->lvcmdqs[index];
	if (q->hwq) {
		rc = -EEXIST;
		goto out_unlock;
	}
	if (index && !vintf->lvcmdqs[index - 1].hwq) {
		rc = -EIO;
		goto out_unlock;
	}
	log2size = isim_cmdqv_len_to_log2size(length, isim_smmu_cmdqs);
	if (log2size < 0) {
		rc = -EINVAL;
		goto out_unlock;
	}
	if ((u64)base_pa & ~ISIM_CMDQV_BASE_ADDR_MASK ||
	    (u64)base_pa & (length - 1)) {
		rc = -EINVAL;
		goto out_unlock;
	}
	if (index) {
		rc = isim_hw_queue_depend(hwq, vintf->lvcmdqs[index - 1].hwq);
		if (rc)
			goto out_unlock;
	}

	q->base_pa = base_pa;
	q->q_base = ((u64)base_pa & ISIM_CMDQV_BASE_ADDR_MASK) | log2size;
	q->hwq = hwq;
	/*
	 * Pinned RAM, physically contiguous (the core checked): the engine
	 * reads it through the linear map.
	 */
	isim_cmdqv_q_attach(&q->q, phys_to_virt(base_pa), log2size);
	hwq->destroy = isim_cmdqv_hw_queue_destroy;
	rc = 0;
out_unlock:
	mutex_unlock(&viommu->lock);
	if (!rc)
		isim_engine_kick();
	return rc;
}

/* A register of an LVCMDQ window as user space last stored it */
static u32 isim_cmdqv_window_reg(const struct isim_cmdqv_q *q,
				 unsigned int off)
{
	return le32_to_cpu(READ_ONCE(q->win[off / sizeof(__le32)]));
}

/*
 * debugfs, under viommu->lock: the vSMMU, then the VINTF's vSID table,
 * its allocated LVCMDQs (the engine's CONS, GERROR and state with the PROD
 * and CONFIG user space stored) and its trace, oldest first, raw: the
 * iommufd-sim-show CLI decodes the commands (README.md, "Watching the
 * simulated hardware").
 */
static void isim_cmdqv_viommu_debugfs_show(struct seq_file *m,
					   struct isim_viommu *viommu)
{
	struct isim_cmdqv_vintf *vintf = isim_cmdqv_vintf_of(viommu);
	u64 seq, first;
	unsigned int i;

	lockdep_assert_held(&viommu->lock);
	isim_vsmmu_debugfs_show(m, &vintf->vsmmu);
	seq_printf(m, "  vintf %u mmap_offset=0x%llx err_map=0x%llx:0x%llx\n",
		   vintf->idx, vintf->mmap_offset, vintf->lvcmdq_err_map[0],
		   vintf->lvcmdq_err_map[1]);
	for (i = 0; i < (1U << isim_cmdqv_log2_vsids); i++) {
		const struct isim_cmdqv_sid *sid = &vintf->sids[i];

		if (!(sid->match & ISIM_CMDQV_SID_MATCH_ENABLE))
			continue;
		seq_printf(m, "  vsid 0x%lx psid 0x%x\n",
			   FIELD_GET(ISIM_CMDQV_SID_MATCH_VSID_MASK, sid->match),
			   sid->replace);
	}
	for (i = 0; i < isim_cmdqv_lvcmdqs_per_vintf; i++) {
		const struct isim_cmdqv_lvcmdq *lv = &vintf->lvcmdqs[i];
		const struct isim_cmdqv_q *q = &lv->q;

		if (!lv->hwq)
			continue;
		seq_printf(m, "  lvcmdq %u hw_queue=%u base=0x%llx log2size=%u enabled=%u cons=0x%x prod=0x%x config=0x%x cons_err=%u gerror=0x%x tlbi_nh_asid=%llu tlbi_nh_va=%llu atc_inv=%llu cmd_sync=%llu errors=%llu\n",
			   i, lv->hwq->obj.id, lv->hwq->base_addr, q->log2size,
			   q->enabled, q->cons,
			   isim_cmdqv_window_reg(q, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD),
			   isim_cmdqv_window_reg(q, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG),
			   q->cons_err, q->gerror,
			   q->nr[ISIM_CMDQV_CNT_TLBI_NH_ASID],
			   q->nr[ISIM_CMDQV_CNT_TLBI_NH_VA],
			   q->nr[ISIM_CMDQV_CNT_ATC_INV],
			   q->nr[ISIM_CMDQV_CNT_CMD_SYNC],
			   q->nr[ISIM_CMDQV_CNT_ERROR]);
	}
	seq_printf(m, "  trace total=%llu\n", vintf->trace_total);
	first = vintf->trace_total > IOMMUFD_SIM_CMDQV_TRACE_DEPTH ?
		vintf->trace_total - IOMMUFD_SIM_CMDQV_TRACE_DEPTH : 0;
	for (seq = first; seq < vintf->trace_total; seq++) {
		const struct iommufd_sim_cmdqv_trace_entry *e =
			&vintf->trace[seq % IOMMUFD_SIM_CMDQV_TRACE_DEPTH];

		seq_printf(m, "  cmd seq=%llu q=%u cerror=%u raw=0x%llx:0x%llx exec=0x%llx:0x%llx\n",
			   e->seq, e->lvcmdq, e->cerror,
			   le64_to_cpu(e->cmd[0]), le64_to_cpu(e->cmd[1]),
			   e->exec[0], e->exec[1]);
	}
}

static const struct isim_viommu_ops isim_cmdqv_viommu_ops = {
	.destroy = isim_cmdqv_viommu_destroy,
	.debugfs_show = isim_cmdqv_viommu_debugfs_show,
	.alloc_domain_nested = isim_vsmmu_alloc_domain_nested,
	.attach_without_vdev = isim_vsmmu_attach_without_vdev,
	/* commands a vCMDQ may not run are still trapped */
	.cache_invalidate = isim_vsmmu_cache_invalidate,
	.vdevice_init = isim_cmdqv_vdevice_init,
	.vdevice_destroy = isim_cmdqv_vdevice_destroy,
	.hw_queue_supported = isim_cmdqv_hw_queue_supported,
	.hw_queue_init_phys = isim_cmdqv_hw_queue_init_phys,
};

const struct isim_viommu_type isim_cmdqv_viommu_type = {
	.type = IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV,
	.init = isim_cmdqv_viommu_init,
	.ops = &isim_cmdqv_viommu_ops,
};
