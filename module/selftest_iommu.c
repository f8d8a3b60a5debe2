// SPDX-License-Identifier: GPL-2.0-only
/*
 * The selftest mock IOMMU (IOMMUFD_SIM_MODEL_SELFTEST) and IOMMU_TEST_CMD:
 * upstream's selftest commands, with upstream's op numbers
 * and errnos, so a program written for the kernel's selftest mock runs here
 * by changing only the device path.
 *
 * Implemented: ADD_RESERVED, MOCK_DOMAIN, MD_CHECK_MAP, MD_CHECK_REFS,
 * SET_TEMP_MEMORY_LIMIT, MOCK_DOMAIN_REPLACE, MOCK_DOMAIN_FLAGS,
 * MD_CHECK_IOTLB, TRIGGER_IOPF, DEV_CHECK_CACHE, TRIGGER_VEVENT, DIRTY
 * (dirty.c), the PASID ops (PASID_ATTACH, PASID_REPLACE, PASID_DETACH,
 * PASID_CHECK_HWPT) and the access ops
 * (CREATE_ACCESS, DESTROY_ACCESS_PAGES, ACCESS_PAGES, ACCESS_RW,
 * ACCESS_REPLACE_IOAS: access.c), DMABUF_GET and DMABUF_REVOKE
 * (dmabuf.c).  Every
 * other op, known upstream or not, fails with EOPNOTSUPP.  Like upstream,
 * iommu_test_cmd::__reserved is not checked.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/overflow.h>

#include "iommufd_sim.h"

/*
 * The selftest mock IOMMU: aperture [MOCK_APERTURE_START,
 * MOCK_APERTURE_LAST] = [0x1000000, 0x7fffffff], smallest IO page
 * PAGE_SIZE / 2; dirty tracking unless the device has
 * MOCK_FLAGS_DEVICE_NO_DIRTY; MOCK_PASID_WIDTH PASID bits with
 * MOCK_FLAGS_DEVICE_PASID; GET_HW_INFO of IOMMU_HW_INFO_TYPE_SELFTEST; any
 * paging flag the core accepts; the selftest vIOMMU (viommu_selftest.c).
 */
static bool isim_selftest_dirty_capable(const struct isim_device *idev)
{
	return !(idev->dev_flags & MOCK_FLAGS_DEVICE_NO_DIRTY);
}

static u8 isim_selftest_max_pasid_log2(const struct isim_device *idev)
{
	return idev->dev_flags & MOCK_FLAGS_DEVICE_PASID ? MOCK_PASID_WIDTH : 0;
}

/*
 * The mock's set_dev_pasid, as upstream's, to test a failed replace: the
 * first attach of PASID 1024 arms a fake failure, which the next change
 * of that PASID (a replace) answers with ENOMEM, disarming it; a detach
 * disarms it too.  Under ctx->dev_lock.
 */
static int isim_selftest_set_dev_pasid(struct isim_device *idev, u32 pasid,
				       bool detach)
{
	if (pasid != 1024)
		return 0;
	if (detach) {
		idev->pasid_1024_fail = false;
		return 0;
	}
	if (idev->pasid_1024_fail) {
		idev->pasid_1024_fail = false;
		return -ENOMEM;
	}
	idev->pasid_1024_fail = true;
	return 0;
}

static int isim_selftest_hw_info(const struct isim_device *idev, u32 type,
				 union isim_hw_info_data *data, u32 *len,
				 u32 *out_type)
{
	if (type != IOMMU_HW_INFO_TYPE_DEFAULT &&
	    type != IOMMU_HW_INFO_TYPE_SELFTEST)
		return -EOPNOTSUPP;
	data->selftest.flags = 0;
	data->selftest.test_reg = IOMMU_HW_INFO_SELFTEST_REGVAL;
	*len = sizeof(data->selftest);
	*out_type = IOMMU_HW_INFO_TYPE_SELFTEST;
	return 0;
}

/*
 * A paging HWPT with driver data (7.x): struct iommu_hwpt_selftest, whose
 * pagetable_type picks the table.  DEFAULT keeps the mock's geometry;
 * HUGE is upstream's table with its own aperture (2^38 bytes of IOVA from
 * 0) and only PAGE_SIZE and MOCK_HUGE_PAGE_SIZE leaves, the large one
 * wherever a mapping is aligned and contiguous enough (dirty.c).  Another
 * data type or table EOPNOTSUPP; data shorter than @iotlb or longer than
 * the struct EINVAL, as upstream's iommu_copy_struct_from_user().
 */
static int isim_selftest_paging_data(struct isim_domain *domain,
				     const struct isim_user_data *data)
{
	struct iommu_hwpt_selftest cfg;
	int rc;

	if (data->type != IOMMU_HWPT_DATA_SELFTEST)
		return -EOPNOTSUPP;
	rc = isim_copy_struct_from_user_data(&cfg, sizeof(cfg), data,
					     IOMMU_HWPT_DATA_SELFTEST,
					     offsetofend(typeof(cfg), iotlb));
	if (rc)
		return rc;

	switch (cfg.pagetable_type) {
	case MOCK_IOMMUPT_DEFAULT:
		return 0;
	case MOCK_IOMMUPT_HUGE:
		domain->aperture_start = 0;
		domain->aperture_last = BIT_ULL(38) - 1;
		domain->pgsize = PAGE_SIZE;
		domain->huge_pgsize = MOCK_HUGE_PAGE_SIZE;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static const struct isim_viommu_type *const isim_selftest_viommu_types[] = {
	&isim_selftest_viommu_type,
};

const struct isim_iommu_model isim_selftest_model = {
	.name = "selftest",
	.aperture_start = MOCK_APERTURE_START,
	.aperture_last = MOCK_APERTURE_LAST,
	.pgsize = PAGE_SIZE / 2,
	.dirty_capable = isim_selftest_dirty_capable,
	.max_pasid_log2 = isim_selftest_max_pasid_log2,
	.hw_info = isim_selftest_hw_info,
	.paging_data = isim_selftest_paging_data,
	.viommu_types = isim_selftest_viommu_types,
	.nr_viommu_types = ARRAY_SIZE(isim_selftest_viommu_types),
	.alloc_domain_nested = isim_selftest_nested_init,
	.nested_cache_invalidate = isim_selftest_nested_invalidate,
	.set_dev_pasid = isim_selftest_set_dev_pasid,
	.iopf_trigger = true,
};

static int isim_test_add_reserved(struct isim_ucmd *ucmd, u32 ioas_id,
				  u64 start, u64 length)
{
	struct isim_ioas *ioas;
	int rc;

	ioas = isim_ioas_get(ucmd->ctx, ioas_id);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);
	/* as upstream: no length check, a zero length gives last < start */
	rc = isim_ioas_add_reserved(ioas, start, start + length - 1);
	isim_obj_put(ucmd->ctx, &ioas->obj);
	return rc;
}

/* MOCK_DOMAIN and MOCK_DOMAIN_FLAGS: plug a mock device, attach it to id */
static int isim_test_mock_domain(struct isim_ucmd *ucmd,
				 struct iommu_test_cmd *cmd)
{
	/* 7.x: HUGE_IOVA is gone (EINVAL) */
	const u32 valid = MOCK_FLAGS_DEVICE_NO_DIRTY | MOCK_FLAGS_DEVICE_PASID;
	struct isim_stdev *stdev;
	u32 dev_flags = 0;
	u32 hwpt_id;

	if (cmd->op == IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS)
		dev_flags = cmd->mock_domain_flags.dev_flags;
	if (dev_flags & ~valid)
		return -EINVAL;

	stdev = isim_stdev_alloc(ucmd->ctx, &isim_selftest_model,
				 dev_flags, 0, true, cmd->id, &hwpt_id);
	if (IS_ERR(stdev))
		return PTR_ERR(stdev);
	/* unplugged again by the dispatcher if the reply cannot be written */
	ucmd->new_obj = &stdev->obj;

	cmd->mock_domain.out_stdev_id = stdev->obj.id;
	cmd->mock_domain.out_hwpt_id = hwpt_id;
	cmd->mock_domain.out_idev_id = stdev->idev->obj.id;
	return isim_ucmd_respond(ucmd, sizeof(*cmd));
}

static int isim_test_mock_domain_replace(struct isim_ucmd *ucmd,
					 struct iommu_test_cmd *cmd)
{
	struct isim_stdev *stdev;
	struct isim_object *obj;
	u32 hwpt_id;
	int rc;

	obj = isim_obj_get(ucmd->ctx, cmd->id, ISIM_OBJ_SELFTEST);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	stdev = container_of(obj, struct isim_stdev, obj);

	rc = isim_device_replace(ucmd->ctx, stdev->idev,
				 cmd->mock_domain_replace.pt_id, &hwpt_id);
	isim_obj_put(ucmd->ctx, obj);
	if (rc)
		return rc;
	cmd->mock_domain_replace.pt_id = hwpt_id;
	return isim_ucmd_respond(ucmd, sizeof(*cmd));
}

/*
 * MD_CHECK_IOTLB: IOTLB entry @iotlb_id of the selftest nested HWPT @id
 * must hold @iotlb.  ENOENT for anything but a nested HWPT, EINVAL for one
 * of another vIOMMU type, an entry beyond the last or another value.
 */
static int isim_test_md_check_iotlb(struct isim_ucmd *ucmd, u32 id,
				    u32 iotlb_id, u32 iotlb)
{
	struct isim_hwpt_nested *hwpt;
	struct isim_object *obj;
	int rc = -EINVAL;
	u32 idx;

	obj = isim_obj_get(ucmd->ctx, id, ISIM_OBJ_HWPT_NESTED);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	hwpt = container_of(obj, struct isim_hwpt_nested, obj);
	if ((hwpt->viommu ? hwpt->viommu->type == IOMMU_VIOMMU_TYPE_SELFTEST :
			    hwpt->parent->model == &isim_selftest_model) &&
	    iotlb_id <= MOCK_NESTED_DOMAIN_IOTLB_ID_MAX) {
		idx = array_index_nospec(iotlb_id,
					 MOCK_NESTED_DOMAIN_IOTLB_NUM);
		if (READ_ONCE(hwpt->drv.iotlb[idx]) == iotlb)
			rc = 0;
	}
	isim_obj_put(ucmd->ctx, obj);
	return rc;
}

/*
 * DEV_CHECK_CACHE: cache entry @cache_id of device @id must hold @cache.
 * ENOENT for anything but a device, EINVAL for an entry beyond the last
 * or another value.
 */
static int isim_test_dev_check_cache(struct isim_ucmd *ucmd, u32 id,
				     u32 cache_id, u32 cache)
{
	struct isim_device *idev;
	struct isim_object *obj;
	int rc = 0;

	obj = isim_obj_get(ucmd->ctx, id, ISIM_OBJ_DEVICE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	idev = container_of(obj, struct isim_device, obj);
	if (cache_id > MOCK_DEV_CACHE_ID_MAX ||
	    READ_ONCE(idev->cache[array_index_nospec(cache_id,
						     MOCK_DEV_CACHE_NUM)]) !=
		    cache)
		rc = -EINVAL;
	isim_obj_put(ucmd->ctx, obj);
	return rc;
}

/*
 * TRIGGER_VEVENT: the device @dev_id, attached to a nested HWPT, raises a
 * selftest vEVENT with the virt_id it had when it was attached there.
 * ENOENT for no such device, one attached elsewhere, or virt_id 0 (as the
 * mock, which cannot tell 0 from "none"); EOPNOTSUPP without a selftest
 * vEVENTQ on the vIOMMU.
 */
static int isim_test_trigger_vevent(struct isim_ucmd *ucmd, u32 dev_id)
{
	struct isim_ctx *ctx = ucmd->ctx;
	struct iommu_viommu_event_selftest event = {};
	struct isim_object *obj, *viommu_obj = NULL;
	struct isim_device *idev;
	int rc;

	obj = isim_obj_get(ctx, dev_id, ISIM_OBJ_DEVICE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	idev = container_of(obj, struct isim_device, obj);

	mutex_lock(&ctx->dev_lock);
	if (idev->nested && idev->nested->viommu && idev->nested_virt_id) {
		/* the nested HWPT holds its vIOMMU: still in the table */
		viommu_obj = isim_obj_get(ctx, idev->nested->viommu->obj.id,
					  ISIM_OBJ_VIOMMU);
		/* the event carries a u32, as upstream truncates it */
		event.virt_id = idev->nested_virt_id;
	}
	mutex_unlock(&ctx->dev_lock);
	isim_obj_put(ctx, obj);
	if (IS_ERR_OR_NULL(viommu_obj))
		return -ENOENT;

	rc = isim_viommu_report_event(container_of(viommu_obj,
						   struct isim_viommu, obj),
				      IOMMU_VEVENTQ_TYPE_SELFTEST, &event,
				      sizeof(event));
	isim_obj_put(ctx, viommu_obj);
	return rc;
}

/*
 * MD_CHECK_MAP: the selftest paging HWPT @id must translate each IO page of
 * [iova, iova + length) to the physical memory behind the same offset of
 * user memory @uptr, as upstream's check walks the mock domain.  ENOENT
 * for anything but a paging HWPT; EINVAL for one of another IOMMU, an
 * IOVA, length or uptr that is not a multiple of the IO page size, a range
 * that wraps, or the first IO page that maps elsewhere (or nothing).
 * User memory that cannot be faulted in gives get_user_pages' errno.
 */
static int isim_test_md_check_map(struct isim_ucmd *ucmd, u32 id, u64 iova,
				  u64 length, u64 uptr)
{
	struct isim_hwpt_paging *hwpt;
	struct isim_object *obj;
	unsigned long pgsize;
	u64 end;
	int rc = -EINVAL;

	obj = isim_obj_get(ucmd->ctx, id, ISIM_OBJ_HWPT_PAGING);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	hwpt = container_of(obj, struct isim_hwpt_paging, obj);
	if (hwpt->model != &isim_selftest_model || !hwpt->domain_added)
		goto out_put;

	pgsize = hwpt->domain.pgsize;
	if (iova % pgsize || length % pgsize || uptr % pgsize ||
	    check_add_overflow(uptr, length, &end))
		goto out_put;

	for (; length; length -= pgsize, iova += pgsize, uptr += pgsize) {
		struct page *page;
		phys_addr_t want;
		long npages;

		npages = get_user_pages_fast(uptr & PAGE_MASK, 1, 0, &page);
		if (npages < 0) {
			rc = npages;
			goto out_put;
		}
		if (WARN_ON(npages != 1)) {
			rc = -EFAULT;
			goto out_put;
		}
		want = page_to_phys(page) + (uptr & ~PAGE_MASK);
		put_page(page);

		if (isim_iopt_iova_to_phys(hwpt->ioas, iova) != want) {
			rc = -EINVAL;
			goto out_put;
		}
		cond_resched();
	}
	rc = 0;
out_put:
	isim_obj_put(ucmd->ctx, obj);
	return rc;
}

/*
 * MD_CHECK_REFS: every normal page of [uptr, uptr + length) must carry
 * @refs FOLL_PIN pins, i.e. be pinned by that many page sets.  Compound
 * pages (THP, hugetlb) are skipped, as upstream does.
 */
static int isim_test_md_check_refs(u64 uptr, u64 length, unsigned int refs)
{
	u64 addr, end;

	if (length % PAGE_SIZE || uptr % PAGE_SIZE ||
	    check_add_overflow(uptr, length, &end))
		return -EINVAL;

	for (addr = uptr; addr != end; addr += PAGE_SIZE) {
		struct page *page;
		long npages;
		int rc = 0;

		npages = get_user_pages_fast(addr, 1, 0, &page);
		if (npages < 0)
			return npages;
		if (WARN_ON(npages != 1))
			return -EFAULT;
		if (!PageCompound(page) &&
		    page_ref_count(page) / GUP_PIN_COUNTING_BIAS != refs)
			rc = -EIO;
		put_page(page);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * TRIGGER_IOPF: device @dev_id raises a page request, as the mock reports
 * one to the IOMMU core: ENOENT for no such device, EINVAL for one of
 * another IOMMU; otherwise 0, whether or not anyone receives it.  It goes
 * to the fault queue of the HWPT the device is attached to: with a PASID
 * (not 0) the one attached at that PASID, else (the mock keeps a user
 * PASID table, so a nested HWPT on the RID takes every PASID's requests)
 * only a nested HWPT on the RID.  A HWPT without a fault queue drops it.
 */
static int isim_test_trigger_iopf(struct isim_ucmd *ucmd,
				  const struct iommu_test_cmd *cmd)
{
	u32 pasid = cmd->trigger_iopf.pasid, dev_id = cmd->trigger_iopf.dev_id;
	u32 flags = IOMMU_PGFAULT_FLAGS_LAST_PAGE;
	struct isim_ctx *ctx = ucmd->ctx;
	struct isim_object *obj, *pt;
	struct isim_device *idev;
	struct isim_fault *fault;
	u32 at_pasid = pasid;

	obj = isim_obj_get(ctx, dev_id, ISIM_OBJ_DEVICE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	idev = container_of(obj, struct isim_device, obj);
	if (!idev->model->iopf_trigger) {
		isim_obj_put(ctx, obj);
		return -EINVAL;
	}
	if (pasid)	/* 0 is upstream's IOMMU_NO_PASID */
		flags |= IOMMU_PGFAULT_FLAGS_PASID_VALID;

	mutex_lock(&ctx->dev_lock);
	pt = pasid ? isim_device_pasid_pt(idev, pasid) : NULL;
	if (!pt) {
		at_pasid = 0;	/* through the RID's attachment */
		if (idev->nested)
			pt = &idev->nested->obj;
		else if (!pasid && idev->hwpt)
			pt = &idev->hwpt->obj;
	}
	fault = isim_pt_fault(pt);
	if (fault)
		isim_fault_report(fault, idev, at_pasid, dev_id, flags, pasid,
				  cmd->trigger_iopf.grpid,
				  cmd->trigger_iopf.perm,
				  cmd->trigger_iopf.addr);
	mutex_unlock(&ctx->dev_lock);
	isim_obj_put(ctx, obj);
	return 0;
}

/*
 * The PASID ops on the device of stdev @id (ENOENT for anything else),
 * upstream's rules (device.c, isim_device_pasid_attach()).  ATTACH and
 * REPLACE write the HWPT id back; a reply that cannot be written undoes
 * an ATTACH, as upstream.  DETACH of a PASID with nothing is no error.
 */
static int isim_test_pasid(struct isim_ucmd *ucmd, struct iommu_test_cmd *cmd)
{
	struct isim_ctx *ctx = ucmd->ctx;
	struct isim_stdev *stdev;
	struct isim_object *obj;
	u32 pasid, pt_id;
	int rc = 0;

	obj = isim_obj_get(ctx, cmd->id, ISIM_OBJ_SELFTEST);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	stdev = container_of(obj, struct isim_stdev, obj);

	switch (cmd->op) {
	case IOMMU_TEST_OP_PASID_ATTACH:
	case IOMMU_TEST_OP_PASID_REPLACE:
		/* one layout for both, as upstream reads pasid_attach */
		pasid = cmd->pasid_attach.pasid;
		pt_id = cmd->pasid_attach.pt_id;
		rc = isim_device_pasid_attach(ctx, stdev->idev, pasid, &pt_id,
					      cmd->op ==
						IOMMU_TEST_OP_PASID_REPLACE);
		if (rc)
			break;
		cmd->pasid_attach.pt_id = pt_id;
		rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
		if (rc && cmd->op == IOMMU_TEST_OP_PASID_ATTACH)
			isim_device_pasid_detach(ctx, stdev->idev, pasid);
		break;
	case IOMMU_TEST_OP_PASID_DETACH:
		isim_device_pasid_detach(ctx, stdev->idev,
					 cmd->pasid_detach.pasid);
		break;
	default:
		rc = isim_device_pasid_check(ctx, stdev->idev,
					     cmd->pasid_check.pasid,
					     cmd->pasid_check.hwpt_id);
		break;
	}
	isim_obj_put(ctx, obj);
	return rc;
}

int isim_test_cmd_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_test_cmd *cmd = ucmd->cmd;

	switch (cmd->op) {
	case IOMMU_TEST_OP_ADD_RESERVED:
		return isim_test_add_reserved(ucmd, cmd->id,
					      cmd->add_reserved.start,
					      cmd->add_reserved.length);
	case IOMMU_TEST_OP_MOCK_DOMAIN:
	case IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS:
		return isim_test_mock_domain(ucmd, cmd);
	case IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE:
		return isim_test_mock_domain_replace(ucmd, cmd);
	case IOMMU_TEST_OP_MD_CHECK_MAP:
		return isim_test_md_check_map(ucmd, cmd->id,
					      cmd->check_map.iova,
					      cmd->check_map.length,
					      cmd->check_map.uptr);
	case IOMMU_TEST_OP_MD_CHECK_REFS:
		return isim_test_md_check_refs(cmd->check_refs.uptr,
					       cmd->check_refs.length,
					       cmd->check_refs.refs);
	case IOMMU_TEST_OP_MD_CHECK_IOTLB:
		return isim_test_md_check_iotlb(ucmd, cmd->id,
						cmd->check_iotlb.id,
						cmd->check_iotlb.iotlb);
	case IOMMU_TEST_OP_DEV_CHECK_CACHE:
		return isim_test_dev_check_cache(ucmd, cmd->id,
						 cmd->check_dev_cache.id,
						 cmd->check_dev_cache.cache);
	case IOMMU_TEST_OP_TRIGGER_IOPF:
		return isim_test_trigger_iopf(ucmd, cmd);
	case IOMMU_TEST_OP_DIRTY:
		return isim_test_dirty(ucmd, cmd);
	case IOMMU_TEST_OP_PASID_ATTACH:
	case IOMMU_TEST_OP_PASID_REPLACE:
	case IOMMU_TEST_OP_PASID_DETACH:
	case IOMMU_TEST_OP_PASID_CHECK_HWPT:
		return isim_test_pasid(ucmd, cmd);
	case IOMMU_TEST_OP_TRIGGER_VEVENT:
		return isim_test_trigger_vevent(ucmd,
						cmd->trigger_vevent.dev_id);
	case IOMMU_TEST_OP_CREATE_ACCESS:
	case IOMMU_TEST_OP_DESTROY_ACCESS_PAGES:
	case IOMMU_TEST_OP_ACCESS_PAGES:
	case IOMMU_TEST_OP_ACCESS_RW:
	case IOMMU_TEST_OP_ACCESS_REPLACE_IOAS:
		return isim_test_access_cmd(ucmd);
	case IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT:
		/* as upstream: room for at least one pfn batch entry */
		if (cmd->memory_limit.limit <
		    sizeof(unsigned long) + sizeof(u32))
			return -EINVAL;
		/* upstream sizes its pin batches with it; ours need no limit */
		return 0;
	case IOMMU_TEST_OP_DMABUF_GET:
		return isim_test_dmabuf_get(cmd->dmabuf_get.length,
					    cmd->dmabuf_get.open_flags);
	case IOMMU_TEST_OP_DMABUF_REVOKE:
		return isim_test_dmabuf_revoke(cmd->dmabuf_revoke.dmabuf_fd,
					       cmd->dmabuf_revoke.revoked);
	default:
		return -EOPNOTSUPP;
	}
}
