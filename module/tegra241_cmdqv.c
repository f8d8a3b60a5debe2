// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vIOMMU types of the simulated Grace SMMUv3 (IOMMUFD_SIM_MODEL_TEGRA241):
 *
 * - IOMMU_VIOMMU_TYPE_ARM_SMMUV3, the plain vSMMU: nested HWPTs with a
 *   guest STE (IOMMU_HWPT_DATA_ARM_SMMUV3) and the trapped invalidation
 *   path (IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3).  User data is ignored,
 *   as upstream's arm_vsmmu_init() ignores it.
 * - IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV: the same plus a CMDQV VINTF: a 64 KiB
 *   register page user space maps, a vSID -> pSID table filled by
 *   VDEVICE_ALLOC, and LVCMDQs created by HW_QUEUE_ALLOC.  The checks and
 *   their order are upstream's tegra241_cmdqv_init_vintf_user(),
 *   tegra241_vintf_init_vsid() and tegra241_vintf_alloc_lvcmdq_user()
 *   (spec cmdqv-model.md §3.2-§3.6).
 *
 * Nothing here consumes commands from an LVCMDQ: that is the engine's job
 * (cmdqv_engine.c).  It finds the queues through tegra241_cmdqv.h, and
 * records what it runs in the same per-vIOMMU counters the trapped path
 * uses, which IOMMUFD_SIM_OP_VIOMMU_COUNTERS reads.
 *
 * Each vIOMMU gets its own VMID from a module-wide allocator.  Upstream the
 * VMID belongs to the nesting parent's stage-2 domain; here it only shows
 * in the counters, where one VMID per vIOMMU is what a test wants to see.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/nospec.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "iommufd_sim.h"
#include "smmuv3_cmd.h"
#include "smmuv3_viommu.h"
#include "tegra241_cmdqv.h"

/* VINTF page0 as whole pages: 16 pages of 4 KiB, one of 64 KiB */
#define ISIM_CMDQV_PAGE0_ORDER get_order(SZ_64K)

/* Upstream's STE fields a guest may set (STRTAB_STE_*_NESTING_ALLOWED) */
#define ISIM_STE_0_V BIT_ULL(0)
#define ISIM_STE_0_CFG GENMASK_ULL(3, 1)
#define ISIM_STE_0_CFG_ABORT 0
#define ISIM_STE_0_CFG_BYPASS 4
#define ISIM_STE_0_CFG_S1_TRANS 5
#define ISIM_STE_0_S1FMT GENMASK_ULL(5, 4)
#define ISIM_STE_0_S1CTXPTR GENMASK_ULL(51, 6)
#define ISIM_STE_0_S1CDMAX GENMASK_ULL(63, 59)
#define ISIM_STE_0_NESTING_ALLOWED                                           \
	(ISIM_STE_0_V | ISIM_STE_0_CFG | ISIM_STE_0_S1FMT |                  \
	 ISIM_STE_0_S1CTXPTR | ISIM_STE_0_S1CDMAX)
#define ISIM_STE_1_S1DSS GENMASK_ULL(1, 0)
#define ISIM_STE_1_S1CIR GENMASK_ULL(3, 2)
#define ISIM_STE_1_S1COR GENMASK_ULL(5, 4)
#define ISIM_STE_1_S1CSH GENMASK_ULL(7, 6)
#define ISIM_STE_1_S1STALLD BIT_ULL(27)
#define ISIM_STE_1_EATS GENMASK_ULL(29, 28)
#define ISIM_STE_1_EATS_ABT 0
#define ISIM_STE_1_EATS_TRANS 1
#define ISIM_STE_1_NESTING_ALLOWED                                           \
	(ISIM_STE_1_S1DSS | ISIM_STE_1_S1CIR | ISIM_STE_1_S1COR |            \
	 ISIM_STE_1_S1CSH | ISIM_STE_1_S1STALLD | ISIM_STE_1_EATS)

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

/* The VINTFs in use; see tegra241_cmdqv.h */
DEFINE_MUTEX(isim_cmdqv_lock);
struct isim_cmdqv_vintf *isim_cmdqv_vintfs[ISIM_CMDQV_MAX_VINTFS];
unsigned int isim_cmdqv_nr_vintfs;

/* VMIDs of every SMMUv3 vIOMMU; 0 is never handed out */
static DEFINE_IDA(isim_vmid_ida);

/* ---- counters ---------------------------------------------------------- */

static void isim_smmu_counters_init(struct isim_smmu_counters *c)
{
	mutex_init(&c->lock);
	xa_init(&c->asids);
	xa_init(&c->sids);
}

static void isim_smmu_counters_fini(struct isim_smmu_counters *c)
{
	unsigned long index;
	void *entry;

	xa_for_each(&c->asids, index, entry)
		kfree(entry);
	xa_for_each(&c->sids, index, entry)
		kfree(entry);
	xa_destroy(&c->asids);
	xa_destroy(&c->sids);
	mutex_destroy(&c->lock);
}

/* The entry of @xa at @index, allocated zeroed on first use; under c->lock */
static void *isim_counters_entry(struct xarray *xa, unsigned long index,
				 size_t size)
{
	void *entry = xa_load(xa, index);
	int rc;

	if (entry)
		return entry;
	entry = kzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!entry)
		return NULL;
	rc = xa_err(xa_store(xa, index, entry, GFP_KERNEL_ACCOUNT));
	if (rc) {
		kfree(entry);
		return NULL;
	}
	return entry;
}

int isim_smmu_counters_record(struct isim_smmu_counters *c, u64 w0, u64 w1)
{
	struct isim_smmu_asid_counters *a;
	struct isim_smmu_sid_counters *s;
	struct isim_smmu_cmd cmd;
	int rc = 0;

	isim_smmu_cmd_decode_words(w0, w1, &cmd);
	mutex_lock(&c->lock);
	switch (cmd.opcode) {
	case ISIM_CMD_OP_TLBI_NH_ALL:
		c->tlbi_nh_all++;
		break;
	case ISIM_CMD_OP_TLBI_NH_VAA:
		c->tlbi_nh_vaa++;
		break;
	case IOMMUFD_SIM_CMDQ_OP_CMD_SYNC:
		c->cmd_sync++;
		break;
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID:
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA:
		a = isim_counters_entry(&c->asids, cmd.asid, sizeof(*a));
		if (!a) {
			rc = -ENOMEM;
			break;
		}
		if (cmd.opcode == IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID)
			a->tlbi_nh_asid++;
		else
			a->tlbi_nh_va++;
		break;
	case IOMMUFD_SIM_CMDQ_OP_ATC_INV:
	case ISIM_CMD_OP_CFGI_CD:
	case ISIM_CMD_OP_CFGI_CD_ALL:
		s = isim_counters_entry(&c->sids, cmd.sid, sizeof(*s));
		if (!s) {
			rc = -ENOMEM;
			break;
		}
		if (cmd.opcode == IOMMUFD_SIM_CMDQ_OP_ATC_INV)
			s->atc_inv++;
		else if (cmd.opcode == ISIM_CMD_OP_CFGI_CD)
			s->cfgi_cd++;
		else
			s->cfgi_cd_all++;
		break;
	default:
		break;
	}
	mutex_unlock(&c->lock);
	return rc;
}

/* ---- the plain vSMMU part ---------------------------------------------- */

static int isim_vsmmu_init(struct isim_vsmmu *vsmmu, struct isim_viommu *viommu)
{
	int vmid;

	vmid = ida_alloc_range(&isim_vmid_ida, 1, U16_MAX, GFP_KERNEL);
	if (vmid < 0)
		return vmid;
	vsmmu->viommu = viommu;
	vsmmu->vmid = vmid;
	isim_smmu_counters_init(&vsmmu->counters);
	return 0;
}

static void isim_vsmmu_fini(struct isim_vsmmu *vsmmu)
{
	isim_smmu_counters_fini(&vsmmu->counters);
	ida_free(&isim_vmid_ida, vsmmu->vmid);
}

int isim_vsmmu_viommu_init(struct isim_viommu *viommu,
			   const struct isim_user_data *data)
{
	struct isim_vsmmu *vsmmu;
	int rc;

	vsmmu = kzalloc(sizeof(*vsmmu), GFP_KERNEL_ACCOUNT);
	if (!vsmmu)
		return -ENOMEM;
	rc = isim_vsmmu_init(vsmmu, viommu);
	if (rc) {
		kfree(vsmmu);
		return rc;
	}
	viommu->driver = vsmmu;
	return 0;
}

static void isim_vsmmu_viommu_destroy(struct isim_viommu *viommu)
{
	struct isim_vsmmu *vsmmu = viommu->driver;

	isim_vsmmu_fini(vsmmu);
	kfree(vsmmu);
	viommu->driver = NULL;
}

/*
 * Upstream's arm_smmu_validate_vste(): a non-valid STE is accepted and
 * zeroed; otherwise any bit outside the nesting-allowed fields, a Cfg other
 * than abort, bypass or stage-1 translate, and an EATS other than ABT or
 * TRANS are EIO ("invalid STE data").  EATS is returned separately and
 * cleared from the stored STE.
 */
static int isim_smmu_validate_vste(struct iommu_hwpt_arm_smmuv3 *arg,
				   bool *enable_ats)
{
	u64 ste0 = le64_to_cpu(arg->ste[0]), ste1 = le64_to_cpu(arg->ste[1]);
	unsigned int cfg, eats;

	if (!(ste0 & ISIM_STE_0_V)) {
		memset(arg->ste, 0, sizeof(arg->ste));
		return 0;
	}
	if ((ste0 & ~ISIM_STE_0_NESTING_ALLOWED) ||
	    (ste1 & ~ISIM_STE_1_NESTING_ALLOWED))
		return -EIO;
	cfg = FIELD_GET(ISIM_STE_0_CFG, ste0);
	if (cfg != ISIM_STE_0_CFG_ABORT && cfg != ISIM_STE_0_CFG_BYPASS &&
	    cfg != ISIM_STE_0_CFG_S1_TRANS)
		return -EIO;
	eats = FIELD_GET(ISIM_STE_1_EATS, ste1);
	arg->ste[1] = cpu_to_le64(ste1 & ~ISIM_STE_1_EATS);
	if (eats != ISIM_STE_1_EATS_ABT && eats != ISIM_STE_1_EATS_TRANS)
		return -EIO;
	if (cfg == ISIM_STE_0_CFG_S1_TRANS)
		*enable_ats = eats == ISIM_STE_1_EATS_TRANS;
	return 0;
}

/*
 * Upstream's arm_vsmmu_alloc_domain_nested(): no flags (PASID included,
 * EOPNOTSUPP), the STE data as iommu_copy_struct_from_user() takes it
 * (another type or fewer than 16 bytes EINVAL, non-zero bytes past it
 * E2BIG), then the STE checks (EIO).
 */
static int isim_vsmmu_alloc_domain_nested(struct isim_viommu *viommu,
					  struct isim_hwpt_nested *hwpt,
					  u32 flags,
					  const struct isim_user_data *data)
{
	struct iommu_hwpt_arm_smmuv3 arg;
	bool enable_ats = false;
	int rc;

	if (flags)
		return -EOPNOTSUPP;
	rc = isim_copy_struct_from_user_data(&arg, sizeof(arg), data,
					     IOMMU_HWPT_DATA_ARM_SMMUV3,
					     offsetofend(typeof(arg), ste));
	if (rc)
		return rc;
	rc = isim_smmu_validate_vste(&arg, &enable_ats);
	if (rc)
		return rc;
	hwpt->drv.smmu.ste[0] = arg.ste[0];
	hwpt->drv.smmu.ste[1] = arg.ste[1];
	hwpt->drv.smmu.enable_ats = enable_ats;
	return 0;
}

/*
 * Upstream's arm_vsmmu_convert_user_cmd(): the accepted opcodes (spec §3.8)
 * get the vIOMMU's VMID or the physical SID of the vDEVICE named by their
 * SID field; anything else, and a vSID without a vDEVICE, is EIO.  Under
 * viommu->lock, which keeps the vDEVICE and its device alive.
 */
static int isim_vsmmu_convert_cmd(struct isim_vsmmu *vsmmu, u64 *w0, u64 *w1)
{
	struct isim_viommu *viommu = vsmmu->viommu;
	struct isim_smmu_cmd cmd;
	struct isim_vdevice *vdev;

	lockdep_assert_held(&viommu->lock);
	isim_smmu_cmd_decode_words(*w0, *w1, &cmd);
	if (!isim_smmu_cmd_trap_accepts(cmd.opcode))
		return -EIO;

	switch (cmd.opcode) {
	case ISIM_CMD_OP_TLBI_NSNH_ALL:
		*w0 = ISIM_CMD_OP_TLBI_NH_ALL |
		      FIELD_PREP(IOMMUFD_SIM_CMDQ_TLBI_0_VMID_MASK, vsmmu->vmid);
		*w1 = 0;
		break;
	case ISIM_CMD_OP_TLBI_NH_ALL:
	case ISIM_CMD_OP_TLBI_NH_VAA:
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID:
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA:
		*w0 &= ~IOMMUFD_SIM_CMDQ_TLBI_0_VMID_MASK;
		*w0 |= FIELD_PREP(IOMMUFD_SIM_CMDQ_TLBI_0_VMID_MASK, vsmmu->vmid);
		break;
	default:	/* ATC_INV, CFGI_CD, CFGI_CD_ALL: SID in w0 [63:32] */
		vdev = xa_load(&viommu->vdevs, cmd.sid);
		if (!vdev)
			return -EIO;
		*w0 &= ~ISIM_CMD_CFGI_0_SID_MASK;
		*w0 |= FIELD_PREP(ISIM_CMD_CFGI_0_SID_MASK,
				  vdev->idev->stream_id);
		break;
	}
	return 0;
}

/*
 * Upstream's arm_vsmmu_cache_invalidate(): the whole array is copied in
 * first (another type or an empty array EINVAL, a short entry zero-filled,
 * non-zero bytes past 16 E2BIG), then the commands are converted and
 * executed in order; the first one that fails stops the call and
 * entry_num reports how many ran before it.
 */
static int isim_vsmmu_cache_invalidate(struct isim_viommu *viommu,
				       struct isim_user_array *array)
{
	struct iommu_viommu_arm_smmuv3_invalidate *cmds;
	struct isim_vsmmu *vsmmu = viommu->driver;
	u32 done = 0, i;
	u64 w0, w1;
	int rc;

	/* entry_num is the caller's: a huge one just fails the allocation */
	cmds = kvcalloc(array->entry_num, sizeof(*cmds),
			GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!cmds) {
		rc = -ENOMEM;
		goto out;
	}
	rc = isim_copy_struct_from_full_user_array(cmds, sizeof(*cmds), array,
						   IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3);
	if (rc)
		goto out;

	mutex_lock(&viommu->lock);
	for (i = 0; i < array->entry_num; i++) {
		w0 = le64_to_cpu(cmds[i].cmd[0]);
		w1 = le64_to_cpu(cmds[i].cmd[1]);
		rc = isim_vsmmu_convert_cmd(vsmmu, &w0, &w1);
		if (rc)
			break;
		rc = isim_smmu_counters_record(&vsmmu->counters, w0, w1);
		if (rc)
			break;
		done++;
		cond_resched();
	}
	mutex_unlock(&viommu->lock);
out:
	kvfree(cmds);
	array->entry_num = done;
	return rc;
}

const struct isim_viommu_ops isim_vsmmu_viommu_ops = {
	.destroy = isim_vsmmu_viommu_destroy,
	.alloc_domain_nested = isim_vsmmu_alloc_domain_nested,
	.cache_invalidate = isim_vsmmu_cache_invalidate,
};

const struct isim_viommu_type isim_vsmmu_viommu_type = {
	.type = IOMMU_VIOMMU_TYPE_ARM_SMMUV3,
	.init = isim_vsmmu_viommu_init,
	.ops = &isim_vsmmu_viommu_ops,
};

/* ---- the VINTF --------------------------------------------------------- */

static struct isim_cmdqv_vintf *isim_vintf(struct isim_viommu *viommu)
{
	return container_of(viommu->driver, struct isim_cmdqv_vintf, vsmmu);
}

struct isim_cmdqv_vintf *isim_cmdqv_vintf_of(struct isim_viommu *viommu)
{
	return viommu->ops == &isim_cmdqv_viommu_ops ? isim_vintf(viommu) :
						       NULL;
}

/* The VINTF enters the engine's sight, or leaves it */
static void isim_cmdqv_vintf_list(struct isim_cmdqv_vintf *vintf, u16 idx)
{
	lockdep_assert_held(&isim_cmdqv_lock);
	vintf->idx = idx;
	isim_cmdqv_vintfs[idx] = vintf;
	WRITE_ONCE(isim_cmdqv_nr_vintfs, isim_cmdqv_nr_vintfs + 1);
}

static void isim_cmdqv_vintf_unlist(struct isim_cmdqv_vintf *vintf)
{
	mutex_lock(&isim_cmdqv_lock);
	isim_cmdqv_vintfs[vintf->idx] = NULL;
	WRITE_ONCE(isim_cmdqv_nr_vintfs, isim_cmdqv_nr_vintfs - 1);
	mutex_unlock(&isim_cmdqv_lock);
}

static void isim_cmdqv_page0_free(struct page *page0)
{
	unsigned int i;

	for (i = 0; i < 1U << ISIM_CMDQV_PAGE0_ORDER; i++)
		ClearPageReserved(page0 + i);
	__free_pages(page0, ISIM_CMDQV_PAGE0_ORDER);
}

/* Everything but the mmap region and the VINTF index */
static void isim_cmdqv_vintf_free(struct isim_cmdqv_vintf *vintf)
{
	if (vintf->page0)
		isim_cmdqv_page0_free(vintf->page0);
	kvfree(vintf->sids);
	kfree(vintf->lvcmdqs);
	if (vintf->vsmmu.viommu)
		isim_vsmmu_fini(&vintf->vsmmu);
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

/*
 * Upstream's tegra241_cmdqv_init_vintf_user(), in its order: no data
 * (EINVAL); the data as iommu_copy_struct_from_user() takes it (another
 * type or fewer than 16 bytes EINVAL, non-zero bytes past it E2BIG); a free
 * VINTF in 1 .. isim_cmdqv_num_vintfs - 1, ENOSPC when none is left (upstream
 * returns the error of ida_alloc_max(), which is ENOSPC); the page made
 * mmap-able; the offset and length written back (EINVAL for a user struct
 * longer than ours, EFAULT).  A failure undoes everything.
 */
int isim_cmdqv_viommu_init(struct isim_viommu *viommu,
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

	mutex_lock(&isim_cmdqv_lock);
	for (i = 1; i < isim_cmdqv_num_vintfs; i++)
		if (!isim_cmdqv_vintfs[i])
			break;
	if (i >= isim_cmdqv_num_vintfs) {
		mutex_unlock(&isim_cmdqv_lock);
		pr_info_ratelimited("no more available VINTF\n");
		rc = -ENOSPC;
		goto err_free;
	}
	/*
	 * Published with no queue: the engine only watches the windows
	 * (CONFIG.EN there is CMDQ_INIT_ERR).
	 */
	isim_cmdqv_vintf_list(vintf, i);
	mutex_unlock(&isim_cmdqv_lock);
	isim_cmdqv_engine_kick();

	rc = isim_mmap_register(viommu->ctx, &viommu->obj,
				page_to_pfn(vintf->page0), SZ_64K,
				isim_cmdqv_page0_written, vintf,
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
	isim_cmdqv_vintf_unlist(vintf);
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
	isim_cmdqv_vintf_unlist(vintf);
	isim_cmdqv_vintf_free(vintf);
	viommu->driver = NULL;
}

/* The SID_MATCH value of @vsid */
static u32 isim_cmdqv_sid_match(u32 vsid)
{
	return FIELD_PREP(ISIM_CMDQV_SID_MATCH_VSID_MASK, vsid) |
	       ISIM_CMDQV_SID_MATCH_ENABLE;
}

bool isim_cmdqv_vsid_to_psid(struct isim_cmdqv_vintf *vintf, u32 vsid,
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
	u64 length = hwq->length, max_len = 16ULL << isim_smmu_cmdqs;
	struct isim_cmdqv_lvcmdq *q;
	unsigned int log2size;
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
	if (length & (length - 1) || length < IOMMUFD_SIM_CMDQ_MIN_QUEUE_SIZE ||
	    length > max_len) {
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

	log2size = ilog2(length) - ilog2(IOMMUFD_SIM_CMDQ_ENT_SIZE);
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
		isim_cmdqv_engine_kick();
	return rc;
}

const struct isim_viommu_ops isim_cmdqv_viommu_ops = {
	.destroy = isim_cmdqv_viommu_destroy,
	.alloc_domain_nested = isim_vsmmu_alloc_domain_nested,
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

/* ---- IOMMUFD_SIM_OP_VIOMMU_COUNTERS ------------------------------------ */

int isim_sim_viommu_counters(struct isim_ucmd *ucmd,
			     struct iommufd_sim_cmd *cmd)
{
	struct iommufd_sim_viommu_counters *arg = &cmd->viommu_counters;
	struct isim_smmu_asid_counters *a;
	struct isim_smmu_sid_counters *s;
	struct isim_smmu_counters *c;
	struct isim_viommu *viommu;
	struct isim_vsmmu *vsmmu;
	struct isim_object *obj;

	if (arg->__reserved)
		return -EOPNOTSUPP;
	obj = isim_obj_get(ucmd->ctx, cmd->id, ISIM_OBJ_VIOMMU);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	viommu = container_of(obj, struct isim_viommu, obj);
	if (viommu->ops != &isim_vsmmu_viommu_ops &&
	    viommu->ops != &isim_cmdqv_viommu_ops) {
		isim_obj_put(ucmd->ctx, obj);
		return -EOPNOTSUPP;
	}
	vsmmu = viommu->driver;
	c = &vsmmu->counters;

	mutex_lock(&c->lock);
	arg->out_vmid = vsmmu->vmid;
	arg->out_tlbi_nh_all = c->tlbi_nh_all;
	arg->out_tlbi_nh_vaa = c->tlbi_nh_vaa;
	arg->out_cmd_sync = c->cmd_sync;
	a = xa_load(&c->asids, arg->asid);
	arg->out_tlbi_nh_asid = a ? a->tlbi_nh_asid : 0;
	arg->out_tlbi_nh_va = a ? a->tlbi_nh_va : 0;
	s = xa_load(&c->sids, arg->sid);
	arg->out_atc_inv = s ? s->atc_inv : 0;
	arg->out_cfgi_cd = s ? s->cfgi_cd : 0;
	arg->out_cfgi_cd_all = s ? s->cfgi_cd_all : 0;
	mutex_unlock(&c->lock);

	isim_obj_put(ucmd->ctx, obj);
	return isim_ucmd_respond(ucmd, sizeof(*cmd));
}
