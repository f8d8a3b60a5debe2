// SPDX-License-Identifier: GPL-2.0-only
/*
 * VFIO type1 compatibility on the iommufd fd, as upstream's iommufd
 * offers it to software written for a VFIO container: IOMMU_VFIO_IOAS
 * chooses the IOAS ("compat IOAS") that the legacy ioctls act on, since
 * their ABI names none, and the VFIO_* container ioctls (include/uapi/
 * linux/vfio.h of the kernel) are answered on the same fd.
 *
 * The compat IOAS is not held: ctx->vfio_ioas is read and written under
 * xa_lock, and an IOAS's destroy clears it before the IOAS is freed.
 * Without one, every legacy call that needs it answers ENODEV, after its
 * argument checks, as upstream.  The module has no VFIO groups, so it never
 * creates a compat IOAS by itself and has no no-IOMMU mode.
 */
#include <linux/capability.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "io_pagetable.h"

/* The compat IOAS for one call, or ERR_PTR(-ENODEV); isim_obj_put() it */
static struct isim_ioas *isim_compat_ioas_get(struct isim_ctx *ctx)
{
	struct isim_ioas *ioas = ERR_PTR(-ENODEV);

	xa_lock(&ctx->objects);
	/* Still in the table: not being destroyed */
	if (ctx->vfio_ioas &&
	    xa_load(&ctx->objects, ctx->vfio_ioas->obj.id) ==
		    &ctx->vfio_ioas->obj &&
	    refcount_inc_not_zero(&ctx->vfio_ioas->obj.shortterm_users))
		ioas = ctx->vfio_ioas;
	xa_unlock(&ctx->objects);
	return ioas;
}

/* IOMMU_VFIO_IOAS: GET (ENODEV without one), SET, CLEAR */
int isim_vfio_ioas_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_vfio_ioas *cmd = ucmd->cmd;
	struct isim_ctx *ctx = ucmd->ctx;
	struct isim_ioas *ioas;

	if (cmd->__reserved)
		return -EOPNOTSUPP;
	switch (cmd->op) {
	case IOMMU_VFIO_IOAS_GET:
		ioas = isim_compat_ioas_get(ctx);
		if (IS_ERR(ioas))
			return PTR_ERR(ioas);
		cmd->ioas_id = ioas->obj.id;
		isim_obj_put(ctx, &ioas->obj);
		return isim_ucmd_respond(ucmd, sizeof(*cmd));
	case IOMMU_VFIO_IOAS_SET:
		ioas = isim_ioas_get(ctx, cmd->ioas_id);
		if (IS_ERR(ioas))
			return PTR_ERR(ioas);
		xa_lock(&ctx->objects);
		ctx->vfio_ioas = ioas;
		xa_unlock(&ctx->objects);
		isim_obj_put(ctx, &ioas->obj);
		return 0;
	case IOMMU_VFIO_IOAS_CLEAR:
		xa_lock(&ctx->objects);
		ctx->vfio_ioas = NULL;
		xa_unlock(&ctx->objects);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * VFIO_IOMMU_MAP_DMA: user memory at a fixed IOVA, charged in the
 * context's RLIMIT_MODE as IOAS_MAP (upstream too, whatever VFIO did).
 * Flags other than READ/WRITE, or argsz below the struct -> EINVAL; a map
 * with neither flag is allowed and maps memory no device may access.
 */
static int isim_vfio_map_dma(struct isim_ctx *ctx, void __user *arg)
{
	const u32 supported = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	const size_t minsz = offsetofend(struct vfio_iommu_type1_dma_map, size);
	struct vfio_iommu_type1_dma_map map;
	struct isim_map_piece piece;
	struct isim_ioas *ioas;
	unsigned long iova;
	int prot = 0;
	int rc;

	if (copy_from_user(&map, arg, minsz))
		return -EFAULT;
	if (map.argsz < minsz || map.flags & ~supported)
		return -EINVAL;
	if (map.flags & VFIO_DMA_MAP_FLAG_READ)
		prot |= ISIM_PROT_READ;
	if (map.flags & VFIO_DMA_MAP_FLAG_WRITE)
		prot |= ISIM_PROT_WRITE;

	ioas = isim_compat_ioas_get(ctx);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);

	piece.pages = isim_pages_alloc_user(READ_ONCE(ctx->account_mode),
					    map.vaddr, map.size,
					    prot & ISIM_PROT_WRITE);
	if (IS_ERR(piece.pages)) {
		rc = PTR_ERR(piece.pages);
		goto out_put;
	}
	piece.start_byte = map.vaddr % PAGE_SIZE;
	piece.length = map.size;
	iova = map.iova;
	rc = isim_iopt_map(ioas, &piece, 1, map.size, &iova, prot, true);
	if (rc)
		isim_pages_put(piece.pages);
out_put:
	isim_obj_put(ctx, &ioas->obj);
	return rc;
}

/*
 * VFIO_IOMMU_UNMAP_DMA.  UNMAP_ALL needs iova and size 0 (else EINVAL).
 * Otherwise the range must cover whole mappings (ENOENT for one sticking
 * out, 0 with size 0 back for nothing there), except under VFIO_TYPE1_IOMMU
 * (v1), which may unmap part of a mapping: its large pages are off, so the
 * mappings are cut at both ends of the range first, as upstream.  The bytes
 * unmapped are written back into size, after a failure too.
 */
static int isim_vfio_unmap_dma(struct isim_ctx *ctx, void __user *arg)
{
	const size_t minsz = offsetofend(struct vfio_iommu_type1_dma_unmap,
					 size);
	struct vfio_iommu_type1_dma_unmap unmap;
	unsigned long unmapped = 0, last;
	struct isim_ioas *ioas;
	int rc;

	if (copy_from_user(&unmap, arg, minsz))
		return -EFAULT;
	if (unmap.argsz < minsz || unmap.flags & ~VFIO_DMA_UNMAP_FLAG_ALL)
		return -EINVAL;

	ioas = isim_compat_ioas_get(ctx);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);

	if (unmap.flags & VFIO_DMA_UNMAP_FLAG_ALL) {
		if (unmap.iova || unmap.size) {
			rc = -EINVAL;
			goto out_put;
		}
		rc = isim_iopt_unmap(ioas, 0, ULONG_MAX, &unmapped);
	} else {
		if (!isim_iopt_large_pages(ioas)) {
			/* the range's last IOVA, and the one before it */
			unsigned long iovas[] = { unmap.iova + unmap.size - 1,
						  unmap.iova - 1 };

			rc = isim_iopt_cut_iova(ioas, iovas,
						unmap.iova ? 2 : 1);
			if (rc)
				goto out_put;
		}
		if (!unmap.size)
			rc = -EINVAL;
		else if (check_add_overflow((unsigned long)unmap.iova,
					    (unsigned long)unmap.size - 1,
					    &last))
			rc = -EOVERFLOW;
		else
			rc = isim_iopt_unmap(ioas, unmap.iova, last, &unmapped);
	}
	unmap.size = unmapped;
	if (copy_to_user(arg, &unmap, minsz))
		rc = -EFAULT;
out_put:
	isim_obj_put(ctx, &ioas->obj);
	return rc;
}

/*
 * VFIO_DMA_CC_IOMMU: 1 when every paging HWPT on the compat IOAS enforces
 * cache coherency.  Neither simulated IOMMU does (upstream's mock has no
 * IOMMU_CAP_ENFORCE_CACHE_COHERENCY either), so 1 only without any.
 */
static int isim_vfio_cc_iommu(struct isim_ctx *ctx)
{
	unsigned long pgsizes, alignment;
	unsigned int ndomains;
	struct isim_ioas *ioas;

	ioas = isim_compat_ioas_get(ctx);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);
	isim_iopt_domain_pgsizes(ioas, &pgsizes, &ndomains, &alignment);
	isim_obj_put(ctx, &ioas->obj);
	return ndomains == 0;
}

static int isim_vfio_check_extension(struct isim_ctx *ctx, unsigned long type)
{
	switch (type) {
	case VFIO_TYPE1_IOMMU:
	case VFIO_TYPE1v2_IOMMU:
	case VFIO_UNMAP_ALL:
		return 1;
	case VFIO_DMA_CC_IOMMU:
		return isim_vfio_cc_iommu(ctx);
	default:
		/* no-IOMMU, nesting, UPDATE_VADDR, dirty pages: as upstream, 0 */
		return 0;
	}
}

/*
 * VFIO_SET_IOMMU: type1 v2 or v1 (any other type, no-IOMMU included,
 * EINVAL), then the compat IOAS (ENODEV).  v1 turns the IOAS's large pages
 * off so that any range can be unmapped, which fails (EINVAL, EADDRINUSE)
 * as IOMMU_OPTION_HUGE_PAGES 0 does.
 */
static int isim_vfio_set_iommu(struct isim_ctx *ctx, unsigned long type)
{
	struct isim_ioas *ioas;
	int rc = 0;

	if (type != VFIO_TYPE1_IOMMU && type != VFIO_TYPE1v2_IOMMU)
		return -EINVAL;
	ioas = isim_compat_ioas_get(ctx);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);
	if (type == VFIO_TYPE1_IOMMU)
		rc = isim_iopt_set_large_pages(ioas, false);
	isim_obj_put(ctx, &ioas->obj);
	return rc;
}

/*
 * VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE at @cur, with @avail bytes of room:
 * each range is written only when it fits whole, the header only when the
 * header and every range fit.  Returns the capability's full size.
 */
static int isim_fill_cap_iova(const struct iommu_iova_range *ranges,
			      u32 nranges, void __user *cur, size_t avail)
{
	struct vfio_iommu_type1_info_cap_iova_range __user *ucap = cur;
	struct vfio_iommu_type1_info_cap_iova_range cap = {
		.header = {
			.id = VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE,
			.version = 1,
		},
	};
	struct vfio_iova_range range;

	for (cap.nr_iovas = 0; cap.nr_iovas < nranges; cap.nr_iovas++) {
		range.start = ranges[cap.nr_iovas].start;
		range.end = ranges[cap.nr_iovas].last;
		if (avail >= struct_size(&cap, iova_ranges, cap.nr_iovas + 1) &&
		    copy_to_user(&ucap->iova_ranges[cap.nr_iovas], &range,
				 sizeof(range)))
			return -EFAULT;
	}
	if (avail >= struct_size(&cap, iova_ranges, cap.nr_iovas) &&
	    copy_to_user(ucap, &cap, sizeof(cap)))
		return -EFAULT;
	return struct_size(&cap, iova_ranges, cap.nr_iovas);
}

/*
 * VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL: no limit of its own on the number of
 * mappings; U32_MAX as upstream (RLIMIT_MEMLOCK limits instead).
 */
static int isim_fill_cap_dma_avail(void __user *cur, size_t avail)
{
	struct vfio_iommu_type1_info_dma_avail cap = {
		.header = {
			.id = VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL,
			.version = 1,
		},
		.avail = U32_MAX,
	};

	if (avail >= sizeof(cap) && copy_to_user(cur, &cap, sizeof(cap)))
		return -EFAULT;
	return sizeof(cap);
}

/*
 * The IO page sizes VFIO reports: those every domain has (each takes
 * every power of two from its smallest IO page size up), sub-page sizes
 * folded into PAGE_SIZE as VFIO does, and never below the IOAS's IOVA
 * alignment.
 */
static u64 isim_vfio_pgsizes(struct isim_ioas *ioas)
{
	unsigned long pgsizes, alignment;
	unsigned int ndomains;

	isim_iopt_domain_pgsizes(ioas, &pgsizes, &ndomains, &alignment);
	if (pgsizes & ~PAGE_MASK) {
		pgsizes &= PAGE_MASK;
		pgsizes |= PAGE_SIZE;
	}
	return max(pgsizes, alignment);
}

/*
 * VFIO_IOMMU_GET_INFO: flags PGSIZES | CAPS, the page sizes, and a chain of
 * two capabilities (DMA_AVAIL, then IOVA_RANGE: the holes of the reserved
 * ranges, as IOAS_IOVA_RANGES) after the struct, each 8-byte aligned.
 * With argsz too small for all of it, argsz comes back as the size needed
 * and cap_offset as 0; what fits is written, nothing past argsz.
 */
static int isim_vfio_get_info(struct isim_ctx *ctx, void __user *arg)
{
	size_t minsz = offsetofend(struct vfio_iommu_type1_info, iova_pgsizes);
	struct vfio_info_cap_header __user *last_cap = NULL;
	struct vfio_iommu_type1_info info = {};
	struct iommu_iova_range *ranges;
	unsigned long alignment;
	struct isim_ioas *ioas;
	size_t total, avail;
	void __user *cur;
	u32 nranges;
	int i, size, rc;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	minsz = min_t(size_t, info.argsz, sizeof(info));

	ioas = isim_compat_ioas_get(ctx);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);
	info.flags = VFIO_IOMMU_INFO_PGSIZES;
	info.iova_pgsizes = isim_vfio_pgsizes(ioas);
	info.cap_offset = 0;
	/* A snapshot, so that no lock is held while user memory is written */
	rc = isim_iopt_iova_ranges(ioas, U32_MAX, &ranges, &nranges,
				   &alignment);
	isim_obj_put(ctx, &ioas->obj);
	if (rc)
		return rc;

	total = sizeof(info);
	for (i = 0; i < 2; i++) {
		cur = info.argsz > total ? arg + total : NULL;
		avail = info.argsz > total ? info.argsz - total : 0;
		if (i == 0)
			size = isim_fill_cap_dma_avail(cur, avail);
		else
			size = isim_fill_cap_iova(ranges, nranges, cur, avail);
		if (size < 0) {
			rc = size;
			goto out_free;
		}
		size = ALIGN(size, sizeof(u64));
		/* link the previous capability to this one when it is there */
		if (last_cap && info.argsz >= total &&
		    put_user(total, &last_cap->next)) {
			rc = -EFAULT;
			goto out_free;
		}
		last_cap = arg + total;
		total += size;
	}

	if (info.argsz >= total)
		info.cap_offset = sizeof(info);
	info.argsz = total;
	info.flags |= VFIO_IOMMU_INFO_CAPS;
	if (copy_to_user(arg, &info, minsz))
		rc = -EFAULT;
out_free:
	kfree(ranges);
	return rc;
}

/*
 * The VFIO container ioctls, for every command number outside iommufd's
 * range (upstream routes them so too); anything else is ENOTTY.
 */
long isim_vfio_ioctl(struct isim_ctx *ctx, unsigned int cmd,
		     unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VFIO_GET_API_VERSION:
		return VFIO_API_VERSION;
	case VFIO_CHECK_EXTENSION:
		return isim_vfio_check_extension(ctx, arg);
	case VFIO_SET_IOMMU:
		return isim_vfio_set_iommu(ctx, arg);
	case VFIO_IOMMU_GET_INFO:
		return isim_vfio_get_info(ctx, uarg);
	case VFIO_IOMMU_MAP_DMA:
		return isim_vfio_map_dma(ctx, uarg);
	case VFIO_IOMMU_UNMAP_DMA:
		return isim_vfio_unmap_dma(ctx, uarg);
	default:
		return -ENOTTY;
	}
}
