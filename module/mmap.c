// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmap() of driver memory through the iommufd fd (docs/object-model.md,
 * 'mmap').
 *
 * A driver registers physically contiguous, module-owned memory on behalf
 * of an owner object (a vIOMMU); the registry hands out a byte offset that
 * user space passes to mmap() unchanged.  As upstream, offsets are the
 * lowest free gap of the region's length at or above PAGE_SIZE, so 0 is
 * never valid and the first region of a fresh fd sits at PAGE_SIZE, and a
 * mapping must cover exactly one whole region: no sub-offset, no partial
 * mapping.
 *
 * Every VMA holds a users reference on the owner, so IOMMU_DESTROY of the
 * owner answers EBUSY until the last piece of the last mapping is gone, and
 * the owner's destroy op (which unregisters the region before freeing the
 * memory) cannot run while user space can still reach the pages.  Every
 * VMA also pins the iommufd file (the VFS takes vma->vm_file), so closing
 * the fd cannot tear the context down under a mapping either.
 *
 * The registry is a list sorted by offset under a spinlock rather than
 * upstream's maple tree: a context has a handful of regions at most, and
 * the list behaves the same on every kernel from 6.1 on.
 *
 * Pages are mapped on fault, not at mmap() time, and a shared writable
 * mapping is write-notified (the VMA has pfn_mkwrite, so the core maps
 * every page read-only first): the first store to a region after
 * isim_mmap_write_protect() faults and calls the region's on_write hook
 * before it lands.  That is how the CMDQV engine sleeps while nothing
 * happens yet notices the next doorbell store at once (cmdqv_engine.c).
 * Upstream maps real MMIO with remap_pfn_range() at mmap() time; what user
 * space sees is the same, a VM_IO | VM_PFNMAP mapping of the region.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "iommufd_sim.h"

struct isim_mmap_region {
	struct list_head item;		/* in ctx->mmap_regions, by pgoff */
	struct isim_object *owner;
	void (*on_write)(void *data);	/* optional, see the top */
	void *on_write_data;
	unsigned long pfn;		/* first page of the memory */
	unsigned long pgoff;		/* mmap offset in pages */
	unsigned long npages;
};

/*
 * Highest page offset a region may end at: its byte offset must be a
 * positive off_t for mmap(2), and its page offset fit vm_pgoff.
 */
#define ISIM_MMAP_MAX_PGOFF \
	((unsigned long)min_t(u64, LLONG_MAX >> PAGE_SHIFT, ULONG_MAX))

int isim_mmap_register(struct isim_ctx *ctx, struct isim_object *owner,
		       unsigned long pfn, size_t length,
		       void (*on_write)(void *data), void *on_write_data,
		       u64 *offset)
{
	struct isim_mmap_region *region, *cur;
	unsigned long start = 1;	/* offset 0 is never handed out */
	struct list_head *pos;
	unsigned long end;

	if (!length || !PAGE_ALIGNED(length))
		return -EINVAL;

	region = kzalloc(sizeof(*region), GFP_KERNEL_ACCOUNT);
	if (!region)
		return -ENOMEM;
	region->owner = owner;
	region->on_write = on_write;
	region->on_write_data = on_write_data;
	region->pfn = pfn;
	region->npages = length >> PAGE_SHIFT;

	spin_lock(&ctx->mmap_regions_lock);
	/* Lowest gap that fits: the list is sorted and never overlaps. */
	pos = &ctx->mmap_regions;
	list_for_each_entry(cur, &ctx->mmap_regions, item) {
		if (cur->pgoff - start >= region->npages)
			break;
		start = cur->pgoff + cur->npages;
		pos = &cur->item;
	}
	if (check_add_overflow(start, region->npages, &end) ||
	    end > ISIM_MMAP_MAX_PGOFF) {
		spin_unlock(&ctx->mmap_regions_lock);
		kfree(region);
		return -ENOSPC;
	}
	region->pgoff = start;
	list_add(&region->item, pos);
	spin_unlock(&ctx->mmap_regions_lock);

	*offset = (u64)start << PAGE_SHIFT;
	return 0;
}

/*
 * Called by the owner's destroy op (or its creation's error path) before
 * the memory is freed.  No VMA can exist any more: each holds the owner.
 */
void isim_mmap_unregister(struct isim_ctx *ctx, u64 offset)
{
	struct isim_mmap_region *region;

	spin_lock(&ctx->mmap_regions_lock);
	list_for_each_entry(region, &ctx->mmap_regions, item) {
		if ((u64)region->pgoff << PAGE_SHIFT == offset) {
			list_del(&region->item);
			spin_unlock(&ctx->mmap_regions_lock);
			kfree(region);
			return;
		}
	}
	spin_unlock(&ctx->mmap_regions_lock);
	WARN(1, ISIM_NAME ": no mmap region at offset %#llx\n", offset);
}

/*
 * Every mapping of the region at @offset, in every process, loses its
 * page table entries, so that the next access faults (a store calls the
 * region's on_write hook).  The fd's address space is the device node's,
 * shared by every context opened through it, so mappings of other
 * contexts at the same offset are zapped too; they just fault their pages
 * back in.  Sleeps; takes the mapping's i_mmap lock and page table locks.
 */
void isim_mmap_write_protect(struct isim_ctx *ctx, u64 offset, size_t length)
{
	unmap_mapping_range(ctx->file->f_mapping, offset, length, 1);
}

/*
 * A VMA was duplicated (fork) or split (partial munmap, mprotect of a
 * part): the new one holds the owner too.  The VMA it came from holds a
 * reference already, so the owner cannot be on its way out.
 */
static void isim_mmap_vma_open(struct vm_area_struct *vma)
{
	struct isim_mmap_region *region = vma->vm_private_data;

	refcount_inc(&region->owner->users);
}

static void isim_mmap_vma_close(struct vm_area_struct *vma)
{
	struct isim_mmap_region *region = vma->vm_private_data;

	isim_obj_unhold(region->owner);
}

/* Maps the faulting page, read-only: the VMA's protection is write-notify */
static vm_fault_t isim_mmap_fault(struct vm_fault *vmf)
{
	struct isim_mmap_region *region = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff - region->pgoff;

	if (vmf->pgoff < region->pgoff || off >= region->npages)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, region->pfn + off);
}

/*
 * The first store to a page mapped read-only by isim_mmap_fault(): tell
 * the owner before the core makes the entry writable and the store
 * retries.  Runs in the page fault, under mmap_lock: the hook must not
 * sleep or take locks.
 */
static vm_fault_t isim_mmap_pfn_mkwrite(struct vm_fault *vmf)
{
	struct isim_mmap_region *region = vmf->vma->vm_private_data;

	if (region->on_write)
		region->on_write(region->on_write_data);
	return 0;
}

static const struct vm_operations_struct isim_mmap_vm_ops = {
	.open = isim_mmap_vma_open,
	.close = isim_mmap_vma_close,
	.fault = isim_mmap_fault,
	.pfn_mkwrite = isim_mmap_pfn_mkwrite,
};

/*
 * Find the region at @pgoff and take a users reference on its owner.
 * ENXIO for an offset no region starts at, a length other than the
 * region's, and an owner that is not (or no longer) in the object table:
 * one being created or being destroyed.
 */
static struct isim_mmap_region *isim_mmap_get(struct isim_ctx *ctx,
					      unsigned long pgoff,
					      unsigned long npages)
{
	struct isim_mmap_region *region, *found = NULL;

	spin_lock(&ctx->mmap_regions_lock);
	list_for_each_entry(region, &ctx->mmap_regions, item) {
		if (pgoff >= region->pgoff &&
		    pgoff - region->pgoff < region->npages) {
			found = region;
			break;
		}
	}
	/*
	 * The owner unregisters the region before it is freed and that waits
	 * for this lock, so it is safe to look at; isim_obj_hold() decides
	 * under xa_lock whether a DESTROY got there first.
	 */
	if (!found || pgoff != found->pgoff || npages != found->npages ||
	    isim_obj_hold(ctx, found->owner))
		found = NULL;
	spin_unlock(&ctx->mmap_regions_lock);
	return found;
}

/*
 * Runs with the caller's mmap_lock held: it takes nothing but
 * mmap_regions_lock and xa_lock, which no ioctl holds while it touches
 * user memory.
 */
int isim_fops_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct isim_ctx *ctx = filp->private_data;
	unsigned long length = vma->vm_end - vma->vm_start;
	struct isim_mmap_region *region;

	/* mmap(2) rounds the length up already; kept as upstream has it */
	if (!PAGE_ALIGNED(length))
		return -EINVAL;
	/* a private copy of device registers would make no sense */
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_flags & VM_EXEC)
		return -EPERM;

	region = isim_mmap_get(ctx, vma->vm_pgoff, length >> PAGE_SHIFT);
	if (!region)
		return -ENXIO;

	/*
	 * No later mprotect(PROT_EXEC) either.  A PFN map of I/O memory, as
	 * remap_pfn_range() would make it: nothing can pin it (GUP refuses
	 * VM_IO | VM_PFNMAP), mremap() never grows it and it never reaches a
	 * core dump.  The pages are inserted on fault (isim_mmap_fault()).
	 *
	 * Upstream maps real MMIO with pgprot_noncached().  Here the pages
	 * are ordinary RAM that the kernel's linear map keeps cacheable, and
	 * a second, uncached alias of cacheable memory is undefined on x86
	 * (PAT) and arm64 (mismatched attributes), so user space gets the
	 * VMA's ordinary cacheable protection.  Both sides are coherent, which
	 * is what a simulation of device registers needs.
	 */
	isim_vm_flags_clear(vma, VM_MAYEXEC);
	isim_vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND |
			  VM_DONTDUMP);
	vma->vm_private_data = region;
	vma->vm_ops = &isim_mmap_vm_ops;
	return 0;
}
