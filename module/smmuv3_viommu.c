// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ARM SMMUv3 of the simulated Grace (IOMMUFD_SIM_MODEL_TEGRA241) as a
 * VMM sees it: the ID registers GET_HW_INFO reports (and the smmu_cmdqs
 * parameter behind IDR1.CMDQS), and IOMMU_VIOMMU_TYPE_ARM_SMMUV3, the plain
 * vSMMU: nested HWPTs with a guest STE (IOMMU_HWPT_DATA_ARM_SMMUV3), the
 * trapped invalidation path (IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3) and
 * the simulated invalidation counters IOMMUFD_SIM_OP_VIOMMU_COUNTERS reads.
 * User data is ignored, as upstream's arm_vsmmu_init() ignores it.
 *
 * The TEGRA241_CMDQV vIOMMU (tegra241_cmdqv.c) is this vSMMU plus a VINTF:
 * it embeds a struct isim_vsmmu, and commands its vCMDQs run go through
 * isim_vsmmu_exec() just like trapped ones.
 *
 * Each vIOMMU gets its own VMID from a module-wide allocator.  Upstream the
 * VMID belongs to the nesting parent's stage-2 domain; here it only shows
 * in the counters, where one VMID per vIOMMU is what a test wants to see.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/idr.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "iommufd_sim.h"
#include "smmuv3_cmd.h"
#include "smmuv3_viommu.h"

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

unsigned int isim_smmu_cmdqs = 19;
module_param_named(smmu_cmdqs, isim_smmu_cmdqs, uint, 0444);
MODULE_PARM_DESC(smmu_cmdqs,
		 "SMMU IDR1.CMDQS: log2 of the largest command queue in entries, in [1, 19] (default 19)");

/* SMMUv3 command queues have at most 2^19 entries */
bool isim_smmuv3_params_valid(void)
{
	if (isim_smmu_cmdqs < 1 || isim_smmu_cmdqs > 19) {
		pr_err("smmu_cmdqs=%u must be in [1, 19]\n", isim_smmu_cmdqs);
		return false;
	}
	return true;
}

/*
 * The simulated Grace SMMUv3 ID registers reported by GET_HW_INFO
 * (IOMMU_HW_INFO_TYPE_ARM_SMMUV3).  Field layout from the SMMUv3
 * architecture as the Linux arm-smmu-v3 driver reads it.  The values are a
 * plausible Grace configuration that passes QEMU's smmuv3-accel host checks
 * (equal STLEVEL and granules, at least its SIDSIZE, SSIDSIZE, RIL and
 * OAS); the real Grace values are not known to us.
 */
#define SMMU_IDR0_S2P		BIT(0)		/* stage 2 translation */
#define SMMU_IDR0_S1P		BIT(1)		/* stage 1 translation */
#define SMMU_IDR0_TTF		GENMASK(3, 2)	/* 2: AArch64 tables only */
#define SMMU_IDR0_COHACC	BIT(4)		/* coherent table walks */
#define SMMU_IDR0_HYP		BIT(9)		/* EL2 translation regimes */
#define SMMU_IDR0_ATS		BIT(10)		/* PCIe ATS */
#define SMMU_IDR0_ASID16	BIT(12)		/* 16-bit ASIDs */
#define SMMU_IDR0_MSI		BIT(13)		/* MSI-capable queues */
#define SMMU_IDR0_VMID16	BIT(18)		/* 16-bit VMIDs */
#define SMMU_IDR0_CD2L		BIT(19)		/* 2-level CD tables */
#define SMMU_IDR0_TTENDIAN	GENMASK(22, 21)	/* 0: mixed endian */
#define SMMU_IDR0_STALL_MODEL	GENMASK(25, 24)	/* 1: no stall */
#define SMMU_IDR0_TERM_MODEL	BIT(26)		/* aborts, never RAZ/WI */
#define SMMU_IDR0_ST_LVL	GENMASK(28, 27)	/* 1: 2-level stream table */

#define SMMU_IDR1_SIDSIZE	GENMASK(5, 0)
#define SMMU_IDR1_SSIDSIZE	GENMASK(10, 6)
#define SMMU_IDR1_PRIQS		GENMASK(15, 11)
#define SMMU_IDR1_EVTQS		GENMASK(20, 16)
#define SMMU_IDR1_CMDQS		GENMASK(25, 21)

#define SMMU_IDR3_HAD		BIT(2)		/* hierarchical attr. disable */
#define SMMU_IDR3_RIL		BIT(10)		/* range invalidation */

#define SMMU_IDR5_OAS		GENMASK(2, 0)	/* 5: 48-bit output */
#define SMMU_IDR5_GRAN4K	BIT(4)
#define SMMU_IDR5_GRAN16K	BIT(5)
#define SMMU_IDR5_GRAN64K	BIT(6)
#define SMMU_IDR5_VAX		GENMASK(11, 10)	/* 0: 48-bit input */

#define SMMU_IIDR_IMPLEMENTER	GENMASK(11, 0)
#define SMMU_AIDR_MINOR		GENMASK(3, 0)	/* 2: SMMUv3.2 */

/* JEP106 code of NVIDIA (bank 4: three continuation codes, then 0x6b) */
#define ISIM_JEP106_NVIDIA	0x36b
#define ISIM_SMMU_SIDSIZE	20
#define ISIM_SMMU_SSIDSIZE	20
#define ISIM_SMMU_EVTQS		19

void isim_smmuv3_hw_info(struct iommu_hw_info_arm_smmuv3 *info)
{
	info->idr[0] = SMMU_IDR0_S2P | SMMU_IDR0_S1P |
		       FIELD_PREP(SMMU_IDR0_TTF, 2) | SMMU_IDR0_COHACC |
		       SMMU_IDR0_HYP | SMMU_IDR0_ATS | SMMU_IDR0_ASID16 |
		       SMMU_IDR0_MSI | SMMU_IDR0_VMID16 | SMMU_IDR0_CD2L |
		       FIELD_PREP(SMMU_IDR0_TTENDIAN, 0) |
		       FIELD_PREP(SMMU_IDR0_STALL_MODEL, 1) |
		       SMMU_IDR0_TERM_MODEL | FIELD_PREP(SMMU_IDR0_ST_LVL, 1);
	info->idr[1] = FIELD_PREP(SMMU_IDR1_SIDSIZE, ISIM_SMMU_SIDSIZE) |
		       FIELD_PREP(SMMU_IDR1_SSIDSIZE, ISIM_SMMU_SSIDSIZE) |
		       FIELD_PREP(SMMU_IDR1_PRIQS, 0) |
		       FIELD_PREP(SMMU_IDR1_EVTQS, ISIM_SMMU_EVTQS) |
		       FIELD_PREP(SMMU_IDR1_CMDQS, isim_smmu_cmdqs);
	info->idr[2] = 0;
	info->idr[3] = SMMU_IDR3_HAD | SMMU_IDR3_RIL;
	info->idr[4] = 0;
	info->idr[5] = FIELD_PREP(SMMU_IDR5_OAS, 5) | SMMU_IDR5_GRAN4K |
		       SMMU_IDR5_GRAN16K | SMMU_IDR5_GRAN64K |
		       FIELD_PREP(SMMU_IDR5_VAX, 0);
	info->iidr = FIELD_PREP(SMMU_IIDR_IMPLEMENTER, ISIM_JEP106_NVIDIA);
	info->aidr = FIELD_PREP(SMMU_AIDR_MINOR, 2);
}

/* VMIDs of every SMMUv3 vIOMMU; 0 is never handed out */
static DEFINE_IDA(isim_vmid_ida);

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

static int isim_smmu_counters_record(struct isim_smmu_counters *c, u64 w0,
				     u64 w1)
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
	case ISIM_CMD_OP_CMD_SYNC:
		c->cmd_sync++;
		break;
	case ISIM_CMD_OP_TLBI_NH_ASID:
	case ISIM_CMD_OP_TLBI_NH_VA:
		a = isim_counters_entry(&c->asids, cmd.asid, sizeof(*a));
		if (!a) {
			rc = -ENOMEM;
			break;
		}
		if (cmd.opcode == ISIM_CMD_OP_TLBI_NH_ASID)
			a->tlbi_nh_asid++;
		else
			a->tlbi_nh_va++;
		break;
	case ISIM_CMD_OP_ATC_INV:
	case ISIM_CMD_OP_CFGI_CD:
	case ISIM_CMD_OP_CFGI_CD_ALL:
		s = isim_counters_entry(&c->sids, cmd.sid, sizeof(*s));
		if (!s) {
			rc = -ENOMEM;
			break;
		}
		if (cmd.opcode == ISIM_CMD_OP_ATC_INV)
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

int isim_vsmmu_init(struct isim_vsmmu *vsmmu, struct isim_viommu *viommu)
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

void isim_vsmmu_fini(struct isim_vsmmu *vsmmu)
{
	isim_smmu_counters_fini(&vsmmu->counters);
	ida_free(&isim_vmid_ida, vsmmu->vmid);
}

static int isim_vsmmu_viommu_init(struct isim_viommu *viommu,
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
int isim_vsmmu_alloc_domain_nested(struct isim_viommu *viommu,
				   struct isim_hwpt_nested *hwpt, u32 flags,
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
 * What an SMMUv3 command does to the vIOMMU @vsmmu, by whichever path it
 * came: the trapped IOMMU_HWPT_INVALIDATE or a Tegra241 vCMDQ.  A TLBI
 * runs with the vIOMMU's VMID whatever VMID field the guest wrote
 * (TLBI_NSNH_ALL becomes TLBI_NH_ALL of that VMID, as upstream's
 * arm_vsmmu_convert_user_cmd() converts it); ATC_INV, CFGI_CD and
 * CFGI_CD_ALL have their virtual SID (w0 [63:32]) replaced by the physical
 * one @to_psid finds; then the command is counted.  *w0 and *w1 become the
 * command as executed.  ENOENT when @to_psid knows no such vSID (nothing
 * is counted), ENOMEM when a new counter cannot be allocated.  Which
 * opcodes may come here is the caller's rule.  Under viommu->lock.
 */
int isim_vsmmu_exec(struct isim_vsmmu *vsmmu, u64 *w0, u64 *w1,
		    isim_vsmmu_psid_fn to_psid)
{
	struct isim_smmu_cmd cmd;
	u32 psid;

	lockdep_assert_held(&vsmmu->viommu->lock);
	isim_smmu_cmd_decode_words(*w0, *w1, &cmd);
	switch (cmd.opcode) {
	case ISIM_CMD_OP_TLBI_NSNH_ALL:
		*w0 = ISIM_CMD_OP_TLBI_NH_ALL |
		      FIELD_PREP(ISIM_CMD_TLBI_0_VMID_MASK, vsmmu->vmid);
		*w1 = 0;
		break;
	case ISIM_CMD_OP_TLBI_NH_ALL:
	case ISIM_CMD_OP_TLBI_NH_VAA:
	case ISIM_CMD_OP_TLBI_NH_ASID:
	case ISIM_CMD_OP_TLBI_NH_VA:
		*w0 &= ~ISIM_CMD_TLBI_0_VMID_MASK;
		*w0 |= FIELD_PREP(ISIM_CMD_TLBI_0_VMID_MASK, vsmmu->vmid);
		break;
	case ISIM_CMD_OP_ATC_INV:
	case ISIM_CMD_OP_CFGI_CD:
	case ISIM_CMD_OP_CFGI_CD_ALL:
		if (!to_psid(vsmmu, cmd.sid, &psid))
			return -ENOENT;
		*w0 &= ~ISIM_CMD_CFGI_0_SID_MASK;
		*w0 |= FIELD_PREP(ISIM_CMD_CFGI_0_SID_MASK, psid);
		break;
	default:	/* CMD_SYNC */
		break;
	}
	return isim_smmu_counters_record(&vsmmu->counters, *w0, *w1);
}

/*
 * The trapped path's vSID -> pSID: the device of the vDEVICE whose
 * virt_id is @vsid.  viommu->lock keeps the vDEVICE and its device alive.
 */
static bool isim_vsmmu_vdev_psid(struct isim_vsmmu *vsmmu, u32 vsid,
				 u32 *psid)
{
	struct isim_vdevice *vdev = xa_load(&vsmmu->viommu->vdevs, vsid);

	if (!vdev)
		return false;
	*psid = vdev->idev->stream_id;
	return true;
}

/*
 * One trapped command, as upstream's arm_vsmmu_convert_user_cmd() and
 * arm_vsmmu_cache_invalidate(): an opcode outside the accepted set and a
 * vSID without a vDEVICE are EIO.
 */
static int isim_vsmmu_invalidate_one(struct isim_viommu *viommu, void *entry)
{
	struct iommu_viommu_arm_smmuv3_invalidate *inv = entry;
	u64 w0 = le64_to_cpu(inv->cmd[0]), w1 = le64_to_cpu(inv->cmd[1]);
	int rc;

	if (!isim_smmu_cmd_trap_accepts(w0 & ISIM_CMD_0_OP_MASK))
		return -EIO;
	rc = isim_vsmmu_exec(viommu->driver, &w0, &w1, isim_vsmmu_vdev_psid);
	return rc == -ENOENT ? -EIO : rc;
}

/*
 * Upstream's arm_vsmmu_cache_invalidate(): the whole array is copied in
 * first (another type or an empty array EINVAL, a short entry zero-filled,
 * non-zero bytes past 16 E2BIG), then the commands are converted and
 * executed in order; the first one that fails stops the call and
 * entry_num reports how many ran before it.
 */
int isim_vsmmu_cache_invalidate(struct isim_viommu *viommu,
				struct isim_user_array *array)
{
	return isim_viommu_invalidate_each(viommu, array,
					   IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3,
					   sizeof(struct iommu_viommu_arm_smmuv3_invalidate),
					   isim_vsmmu_invalidate_one);
}

/*
 * Both SMMUv3 types keep their struct isim_vsmmu at viommu->driver (a
 * VINTF embeds it first), and only they do.
 */
struct isim_vsmmu *isim_vsmmu_of(struct isim_viommu *viommu)
{
	if (viommu->type != IOMMU_VIOMMU_TYPE_ARM_SMMUV3 &&
	    viommu->type != IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV)
		return NULL;
	return viommu->driver;
}

/*
 * Upstream's arm_smmu_attach_prepare_vmaster(): a stage-1 STE needs the
 * device's vDEVICE (its vSID names the device in invalidations and
 * events); an abort or bypass STE, the guest's GBPA before it installs
 * one, does not.  A non-valid STE was zeroed: Cfg abort.
 */
bool isim_vsmmu_attach_without_vdev(const struct isim_hwpt_nested *hwpt)
{
	unsigned int cfg = FIELD_GET(ISIM_STE_0_CFG,
				     le64_to_cpu(hwpt->drv.smmu.ste[0]));

	return cfg == ISIM_STE_0_CFG_ABORT || cfg == ISIM_STE_0_CFG_BYPASS;
}

void isim_vsmmu_debugfs_show(struct seq_file *m, struct isim_vsmmu *vsmmu)
{
	struct isim_smmu_counters *c = &vsmmu->counters;
	struct isim_smmu_asid_counters *asid;
	struct isim_smmu_sid_counters *sid;
	unsigned long index;

	mutex_lock(&c->lock);
	seq_printf(m, "  vmid=%u tlbi_nh_all=%u tlbi_nh_vaa=%u cmd_sync=%u\n",
		   vsmmu->vmid, c->tlbi_nh_all, c->tlbi_nh_vaa, c->cmd_sync);
	xa_for_each(&c->asids, index, asid)
		seq_printf(m, "  asid %lu tlbi_nh_asid=%u tlbi_nh_va=%u\n",
			   index, asid->tlbi_nh_asid, asid->tlbi_nh_va);
	xa_for_each(&c->sids, index, sid)
		seq_printf(m, "  sid 0x%lx atc_inv=%u cfgi_cd=%u cfgi_cd_all=%u\n",
			   index, sid->atc_inv, sid->cfgi_cd, sid->cfgi_cd_all);
	mutex_unlock(&c->lock);
}

static void isim_vsmmu_viommu_debugfs_show(struct seq_file *m,
					   struct isim_viommu *viommu)
{
	isim_vsmmu_debugfs_show(m, viommu->driver);
}

static const struct isim_viommu_ops isim_vsmmu_viommu_ops = {
	.destroy = isim_vsmmu_viommu_destroy,
	.debugfs_show = isim_vsmmu_viommu_debugfs_show,
	.alloc_domain_nested = isim_vsmmu_alloc_domain_nested,
	.attach_without_vdev = isim_vsmmu_attach_without_vdev,
	.cache_invalidate = isim_vsmmu_cache_invalidate,
};

const struct isim_viommu_type isim_vsmmu_viommu_type = {
	.type = IOMMU_VIOMMU_TYPE_ARM_SMMUV3,
	.init = isim_vsmmu_viommu_init,
	.ops = &isim_vsmmu_viommu_ops,
};
