/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every kernel-version shim of iommufd-sim lives here, each guarded by a
 * feature test (a macro the kernel defines, or a HAVE_ flag that Kbuild
 * sets after grepping the target kernel's headers) rather than by a
 * version number, so distribution backports are handled too.
 *
 * Supported: Linux 6.1 (Debian 12) and newer.
 */
#ifndef IOMMUFD_SIM_COMPAT_H
#define IOMMUFD_SIM_COMPAT_H

#include <linux/mm.h>
#include <linux/nospec.h>

/*
 * pin_user_pages_remote() lost its vmas argument in 6.5.  Kbuild greps the
 * target's <linux/mm.h> and sets HAVE_PUP_REMOTE_VMAS for the old form.
 */
#ifdef HAVE_PUP_REMOTE_VMAS
#define isim_pin_user_pages_remote(mm, start, nr, flags, pages) \
	pin_user_pages_remote(mm, start, nr, flags, pages, NULL, NULL)
#else
#define isim_pin_user_pages_remote(mm, start, nr, flags, pages) \
	pin_user_pages_remote(mm, start, nr, flags, pages, NULL)
#endif

/*
 * 6.3 made vma->vm_flags read-only: changes go through vm_flags_set() and
 * vm_flags_clear(), which also take the VMA write lock where per-VMA
 * locking exists.  Kbuild sets HAVE_VM_FLAGS_SET when the target's
 * <linux/mm.h> has them; before, drivers wrote the field directly.
 */
#ifdef HAVE_VM_FLAGS_SET
#define isim_vm_flags_set(vma, flags) vm_flags_set(vma, flags)
#define isim_vm_flags_clear(vma, flags) vm_flags_clear(vma, flags)
#else
static inline void isim_vm_flags_set(struct vm_area_struct *vma,
				     unsigned long flags)
{
	vma->vm_flags |= flags;
}

static inline void isim_vm_flags_clear(struct vm_area_struct *vma,
				       unsigned long flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/*
 * 6.13 made a symbol namespace a string (MODULE_IMPORT_NS("DMA_BUF"));
 * before, it was an identifier that the macro stringified.  Kbuild sets
 * HAVE_MODULE_IMPORT_NS_STRING when the target's <linux/module.h> no
 * longer stringifies it.
 */
#ifdef HAVE_MODULE_IMPORT_NS_STRING
#define ISIM_IMPORT_NS_DMA_BUF() MODULE_IMPORT_NS("DMA_BUF")
#else
#define ISIM_IMPORT_NS_DMA_BUF() MODULE_IMPORT_NS(DMA_BUF)
#endif

/*
 * Linux 7.x renamed the importer's dma-buf callback move_notify to
 * invalidate_mappings and dma_buf_move_notify() to
 * dma_buf_invalidate_mappings(), same arguments, same locking (the
 * dma-buf's reservation lock).  Kbuild sets
 * HAVE_DMA_BUF_INVALIDATE_MAPPINGS when <linux/dma-buf.h> has the new
 * names.
 */
#ifdef HAVE_DMA_BUF_INVALIDATE_MAPPINGS
#define ISIM_DMA_BUF_NOTIFY invalidate_mappings
#define isim_dma_buf_invalidate(dmabuf) dma_buf_invalidate_mappings(dmabuf)
#else
#define ISIM_DMA_BUF_NOTIFY move_notify
#define isim_dma_buf_invalidate(dmabuf) dma_buf_move_notify(dmabuf)
#endif

/*
 * 6.4 made the bus in a bus attribute's show/store const.  Kbuild sets
 * HAVE_BUS_ATTR_CONST when the target's <linux/device/bus.h> has it.
 */
#ifdef HAVE_BUS_ATTR_CONST
#define ISIM_BUS_ATTR_CONST const
#else
#define ISIM_BUS_ATTR_CONST
#endif

/*
 * 6.8 dropped eventfd_signal()'s count (always 1 in practice).  Kbuild
 * sets HAVE_EVENTFD_SIGNAL_COUNT for the old form.
 */
#ifdef HAVE_EVENTFD_SIGNAL_COUNT
#define isim_eventfd_signal(ctx) eventfd_signal(ctx, 1)
#else
#define isim_eventfd_signal(ctx) eventfd_signal(ctx)
#endif

#endif /* IOMMUFD_SIM_COMPAT_H */
