// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma-bufs: the selftest's exporter (IOMMU_TEST_OP_DMABUF_GET and
 * IOMMU_TEST_OP_DMABUF_REVOKE) and IOMMU_IOAS_MAP_FILE of a dma-buf fd, as
 * upstream 7.2 (README.md, "dma-bufs").
 *
 * The exporter hands out zeroed kernel memory that user space may also
 * mmap(2), so MD_CHECK_MAP can compare a mapping with it.  MAP_FILE of
 * one of its dma-bufs attaches as a dynamic importer and pins the
 * attachment; every isim_pages of the mapping then points at the
 * exporter's pages (pages.c).  A dma-buf of any other exporter is
 * EOPNOTSUPP, as upstream (which only knows its own and VFIO's).
 *
 * Revoking (or any invalidation by the exporter) calls our notify under
 * the dma-buf's reservation lock: the pages are revoked for good, so
 * every domain stops translating them (isim_iopt_iova_to_phys() sees no
 * pages), a domain added later maps nothing there, and the mapping can
 * only be unmapped.  While revoked, a new MAP_FILE is ENODEV.
 *
 * Locking: the reservation lock is taken before pages->mutex (the notify)
 * and never under it; pages of a dma-buf get their own lockdep class, as
 * upstream, since user pages take mmap_lock under their mutex and
 * mmap_lock may be held while a reservation lock is taken.
 */
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/fcntl.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "io_pagetable.h"

ISIM_IMPORT_NS_DMA_BUF();

/* upstream's bound for the selftest's dma-bufs */
#define ISIM_DMABUF_MAX_PAGES 512

struct isim_test_dmabuf {
	void *memory;		/* vmalloc_user(): zeroed, mmap-able */
	unsigned long npages;
	struct page **pages;	/* of memory, for importers */
	bool revoked;		/* under the dma-buf's reservation lock */
};

static int isim_test_dmabuf_attach(struct dma_buf *dmabuf,
				   struct dma_buf_attachment *attach)
{
	return 0;
}

static void isim_test_dmabuf_detach(struct dma_buf *dmabuf,
				    struct dma_buf_attachment *attach)
{
}

/*
 * Pinning changes nothing (the memory never moves); having pin and unpin
 * makes the exporter dynamic, so a dynamic importer's attach maps nothing
 * on any kernel.
 */
static int isim_test_dmabuf_pin(struct dma_buf_attachment *attach)
{
	return 0;
}

static void isim_test_dmabuf_unpin(struct dma_buf_attachment *attach)
{
}

/* No DMA API importers: as upstream's mock, no scatterlist. */
static struct sg_table *
isim_test_dmabuf_map(struct dma_buf_attachment *attach,
		     enum dma_data_direction dir)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static void isim_test_dmabuf_unmap(struct dma_buf_attachment *attach,
				   struct sg_table *sgt,
				   enum dma_data_direction dir)
{
}

/* dma_buf_mmap_internal() checked that the range fits. */
static int isim_test_dmabuf_mmap(struct dma_buf *dmabuf,
				 struct vm_area_struct *vma)
{
	struct isim_test_dmabuf *priv = dmabuf->priv;

	return remap_vmalloc_range(vma, priv->memory, vma->vm_pgoff);
}

static void isim_test_dmabuf_release(struct dma_buf *dmabuf)
{
	struct isim_test_dmabuf *priv = dmabuf->priv;

	kvfree(priv->pages);
	vfree(priv->memory);
	kfree(priv);
}

static const struct dma_buf_ops isim_test_dmabuf_ops = {
	.attach = isim_test_dmabuf_attach,
	.detach = isim_test_dmabuf_detach,
	.pin = isim_test_dmabuf_pin,
	.unpin = isim_test_dmabuf_unpin,
	.map_dma_buf = isim_test_dmabuf_map,
	.unmap_dma_buf = isim_test_dmabuf_unmap,
	.mmap = isim_test_dmabuf_mmap,
	.release = isim_test_dmabuf_release,
};

/*
 * DMABUF_GET: a dma-buf of @length bytes rounded up to pages (EINVAL for
 * 0 or more than 2 MiB), its fd opened with @open_flags (O_CLOEXEC,
 * O_RDWR ...; others EINVAL from dma_buf_fd()); the ioctl returns the fd.
 */
int isim_test_dmabuf_get(u32 length, u32 open_flags)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct isim_test_dmabuf *priv;
	struct dma_buf *dmabuf;
	unsigned long i;
	int rc;

	if (!length || length > ISIM_DMABUF_MAX_PAGES * PAGE_SIZE)
		return -EINVAL;
	if (open_flags & ~(O_CLOEXEC | O_ACCMODE))
		return -EINVAL;

	priv = kzalloc(sizeof(*priv), GFP_KERNEL_ACCOUNT);
	if (!priv)
		return -ENOMEM;
	priv->npages = DIV_ROUND_UP(length, PAGE_SIZE);
	rc = -ENOMEM;
	priv->memory = vmalloc_user(priv->npages * PAGE_SIZE);
	if (!priv->memory)
		goto err_free;
	priv->pages = kvcalloc(priv->npages, sizeof(*priv->pages),
			       GFP_KERNEL_ACCOUNT);
	if (!priv->pages)
		goto err_free;
	for (i = 0; i < priv->npages; i++)
		priv->pages[i] = vmalloc_to_page(priv->memory + i * PAGE_SIZE);

	exp_info.ops = &isim_test_dmabuf_ops;
	exp_info.size = priv->npages * PAGE_SIZE;
	exp_info.flags = open_flags;
	exp_info.priv = priv;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		rc = PTR_ERR(dmabuf);
		goto err_free;
	}
	/* from here on release() frees priv */
	rc = dma_buf_fd(dmabuf, open_flags);
	if (rc < 0)
		dma_buf_put(dmabuf);
	return rc;

err_free:
	kvfree(priv->pages);
	vfree(priv->memory);
	kfree(priv);
	return rc;
}

/*
 * DMABUF_REVOKE: mark a dma-buf of DMABUF_GET revoked (or usable again)
 * and invalidate every importer's mappings, as upstream; EBADF/EINVAL
 * from dma_buf_get() for no dma-buf, EOPNOTSUPP for another exporter's.
 */
int isim_test_dmabuf_revoke(int fd, bool revoked)
{
	struct isim_test_dmabuf *priv;
	struct dma_buf *dmabuf;
	int rc = 0;

	dmabuf = dma_buf_get(fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	if (dmabuf->ops != &isim_test_dmabuf_ops) {
		rc = -EOPNOTSUPP;
		goto out_put;
	}
	priv = dmabuf->priv;
	dma_resv_lock(dmabuf->resv, NULL);
	priv->revoked = revoked;
	isim_dma_buf_invalidate(dmabuf);
	dma_resv_unlock(dmabuf->resv);
out_put:
	dma_buf_put(dmabuf);
	return rc;
}

/*
 * The exporter invalidates our mappings (resv held): revoked for good,
 * even when the dma-buf is usable again, as upstream.
 */
static void isim_dmabuf_notify(struct dma_buf_attachment *attach)
{
	struct isim_pages *pages = attach->importer_priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	mutex_lock(&pages->mutex);
	pages->revoked = true;
	pages->pinned = NULL;
	mutex_unlock(&pages->mutex);
}

static const struct dma_buf_attach_ops isim_dmabuf_importer_ops = {
	.allow_peer2peer = true,
	.ISIM_DMA_BUF_NOTIFY = isim_dmabuf_notify,
};

/*
 * Attach @pages to @dmabuf (whose reference moves to @pages on success) and
 * pin the attachment: ENODEV while the dma-buf is revoked.
 */
static int isim_dmabuf_attach(struct isim_pages *pages, struct dma_buf *dmabuf)
{
	struct isim_test_dmabuf *priv = dmabuf->priv;
	struct dma_buf_attachment *attach;
	int rc;

	attach = dma_buf_dynamic_attach(dmabuf, isim_misc_device(),
					&isim_dmabuf_importer_ops, pages);
	if (IS_ERR(attach))
		return PTR_ERR(attach);

	dma_resv_lock(dmabuf->resv, NULL);
	rc = dma_buf_pin(attach);
	if (rc)
		goto err_unlock;
	if (priv->revoked) {
		rc = -ENODEV;
		goto err_unpin;
	}
	pages->dmabuf_pages = priv->pages + pages->base / PAGE_SIZE;
	pages->dmabuf = attach;
	dma_resv_unlock(dmabuf->resv);
	return 0;

err_unpin:
	dma_buf_unpin(attach);
err_unlock:
	dma_resv_unlock(dmabuf->resv);
	dma_buf_detach(dmabuf, attach);
	return rc;
}

/*
 * MAP_FILE of @fd: NULL when it is no dma-buf (the caller maps it as a
 * file), else the pages or an errno in upstream's order: EINVAL for a
 * length of 0 or a range past the end, EOVERFLOW for one that wraps,
 * EOPNOTSUPP for another exporter's dma-buf, ENODEV while revoked.
 */
struct isim_pages *isim_pages_from_dmabuf(int fd, unsigned long start,
					  unsigned long length, bool writable)
{
	static struct lock_class_key isim_dmabuf_mutex_key;
	struct isim_pages *pages;
	struct dma_buf *dmabuf;
	unsigned long last;
	int rc;

	dmabuf = dma_buf_get(fd);
	if (IS_ERR(dmabuf))
		return NULL;

	rc = -EINVAL;
	if (!length)
		goto err_put;
	rc = -EOVERFLOW;
	if (check_add_overflow(start, length - 1, &last))
		goto err_put;
	rc = -EINVAL;
	if (last >= dmabuf->size)
		goto err_put;
	rc = -EOPNOTSUPP;
	if (dmabuf->ops != &isim_test_dmabuf_ops)
		goto err_put;

	pages = isim_pages_alloc(ISIM_ACCOUNT_NONE, start % PAGE_SIZE, length,
				 writable);
	if (IS_ERR(pages)) {
		rc = PTR_ERR(pages);
		goto err_put;
	}
	/* nothing is charged for a dma-buf, whoever maps it */
	pages->account_mode = ISIM_ACCOUNT_NONE;
	pages->base = ALIGN_DOWN(start, PAGE_SIZE);
	lockdep_set_class(&pages->mutex, &isim_dmabuf_mutex_key);
	rc = isim_dmabuf_attach(pages, dmabuf);
	if (rc) {
		isim_pages_put(pages);
		goto err_put;
	}
	return pages;

err_put:
	dma_buf_put(dmabuf);
	return ERR_PTR(rc);
}

/* The last reference to dma-buf pages is gone (nothing pins them). */
void isim_dmabuf_detach(struct isim_pages *pages)
{
	struct dma_buf_attachment *attach = pages->dmabuf;
	struct dma_buf *dmabuf = attach->dmabuf;

	dma_resv_lock(dmabuf->resv, NULL);
	dma_buf_unpin(attach);
	dma_resv_unlock(dmabuf->resv);
	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
	pages->dmabuf = NULL;
}
