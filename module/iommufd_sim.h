/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: private definitions shared by the module's files.
 *
 * Locking rules
 * -------------
 * ctx->objects (xarray, its own spinlock "xa_lock"):
 *   - maps an object id to its struct isim_object.  A reserved id holds
 *     XA_ZERO_ENTRY until the creating ioctl succeeds; a tombstone is a
 *     XA_ZERO_ENTRY that stays until the fd is closed.
 *   - xa_lock is a spinlock: nothing under it sleeps, touches user memory
 *     or takes any other lock of this module.
 *   - Taking a long-term reference (isim_obj_hold()) and removing an object
 *     (IOMMU_DESTROY) both happen under xa_lock, so DESTROY either sees the
 *     reference (EBUSY) or the holder sees the object gone (ENOENT).
 *
 * isim_object.users (refcount_t): long-term references.  The object table
 *   owns one; every other object that depends on this one owns one more.
 *   DESTROY succeeds only when the table's is the last.
 *
 * isim_object.shortterm_users (refcount_t): the table's reference plus one
 *   per ioctl currently using the object.  After an object leaves the table
 *   its destroyer waits on ctx->destroy_wait until this drops to zero, so an
 *   object is never freed under a running ioctl.
 *
 * No lock of this module is held while user memory is accessed through a
 * user address: ioctl handlers copy arguments in before taking locks and
 * copy replies out after dropping them.  (Pinning takes mmap_lock under
 * ioas->lock and pages->mutex; an access's read/write reaches the IOAS's
 * memory only through pinned pages; ACCESS_PAGES looks the caller's pages
 * up with GUP under access->lock, which no page fault needs.)
 *
 * isim_bus_lock and simdev->lock (mutexes, sim_bus.h): the simulated VFIO
 *   devices and their bound files.  Both are outside every context: a VFIO
 *   ioctl takes its device's lock before ctx->dev_lock and any other lock
 *   here, and touches no user memory under it.
 *
 * ctx->dev_lock (mutex): which HWPT every device of the context is attached
 *   to, the device count of every HWPT and the lists ctx->devices and
 *   ctx->auto_hwpts.  Taken before an IOAS lock (attaching adds a domain
 *   to the IOAS, which pins pages under it); never taken by
 *   io_pagetable.c, by a page fault or under xa_lock.  Objects are never
 *   removed from the table while it is held: destroying a HWPT or device
 *   takes it.  It also guards each device's vDEVICE pointer, its
 *   "destroying" flag, the virt_id recorded at a nested attach, and its
 *   PASID table (idev->pasids: the xarray's own lock nests inside) with
 *   the mock's PASID 1024 state.
 *
 * viommu->lock (mutex, viommu.c): the vIOMMU's virt_id -> vDEVICE table
 *   (viommu->vdevs) and its HW queues; for a Tegra241 VINTF also its
 *   LVCMDQ slots, vSID -> pSID table, error map and trace
 *   (tegra241_cmdqv.h).  The engine holds it across a pass over the
 *   VINTF's queues (struct isim_engine_vintf.lock points to it).
 *   Taken after ctx->dev_lock and isim_engine_lock, before an IOAS lock;
 *   user memory is never touched under it (invalidation arrays are copied
 *   in first).
 *
 * isim_engine_lock (mutex, module-wide, cmdqv_engine.c): the engine's
 *   list of registered VINTFs (isim_engine_add/remove(), called by
 *   tegra241_cmdqv.c at VIOMMU_ALLOC and vIOMMU destroy with no other lock
 *   of this module held).  A VINTF leaves it before it is freed, so the
 *   engine's thread walks the VINTFs under it, taking each one's
 *   viommu->lock to run its queues and then, with viommu->lock dropped,
 *   reporting vEVENTs (veventqs_rwsem); it also write-protects register
 *   pages under it (mmap.c).  The engine never reads user memory through a user
 *   address: rings are pinned and read through the linear map, and page0
 *   is module-owned, so no page fault ever waits for these locks.
 *
 * vsmmu->counters.lock (mutex, smmuv3_viommu.c): the simulated
 *   invalidation counters of an SMMUv3 vIOMMU.  Innermost but for the
 *   xarray locks of its ASID and SID tables; taken under viommu->lock by
 *   the trapped invalidation path and the engine.
 *
 * ctx->ioas_creation_lock (rw_semaphore): IOMMU_IOAS_CHANGE_PROCESS
 *   (change_process.c) holds it for writing while it locks every IOAS of
 *   the context in id order, the one place IOAS locks nest (it is their
 *   lockdep nest lock); IOAS_ALLOC makes a new IOAS visible under it for
 *   reading, so no IOAS appears meanwhile.  Outermost.
 *
 * ctx->vfio_ioas (VFIO compatibility, vfio_compat.c): read and written
 *   under xa_lock; cleared by the IOAS's destroy before it is freed.
 *
 * ioas->lock (mutex, one per IOAS, io_pagetable.c): the IOAS's areas,
 *   reserved and allowed ranges, attached domains (and their dirty
 *   state, dirty.c: GET_DIRTY_BITMAP copies the user bitmap in and out
 *   with it dropped), IOVA alignment,
 *   HUGE_PAGES setting and internal pins (HW queues: isim_ioas_pin_locked()
 *   counts them per IOAS and per locked area).  Taken after ctx->dev_lock
 *   and viommu->lock; never two IOAS locks at once (IOAS_COPY reads the
 *   source and fills the destination one after the other).  Pinning and
 *   unpinning happen under it, so it is held while pages->mutex and then a
 *   process's mmap_lock are taken; no user memory is read or written
 *   through copy_*_user under it.
 *
 * pages->mutex (mutex, one per struct isim_pages, pages.c): the pin state
 *   of memory that areas in several IOASes may share after IOAS_COPY.
 *   Taken under ioas->lock, before mmap_lock.  For a dma-buf (dmabuf.c,
 *   its own lockdep class) also under the dma-buf's reservation lock,
 *   by the exporter's invalidation; the reservation lock is never taken
 *   under pages->mutex (only under ioas->lock, when the last area of a
 *   dma-buf goes and the attachment is dropped).  An access's read/write
 *   copies under it, through pinned pages (pinned for the copy if need
 *   be), never through a user address.
 *
 * access->lock (mutex, one per access object, access.c): the mock's pins
 *   (ACCESS_PAGES items).  Outermost of the access locks: held across a
 *   pin, the check of its pages against the caller's (GUP of current's
 *   mm) and each unpin; never while the access's IOAS is being replaced.
 *   No page fault needs it.
 *
 * access->ioas_lock (mutex, one per access object, access.c): which IOAS
 *   the access is attached to.  Taken after access->lock, before
 *   ioas->lock; dropped around the mock's unmap when the IOAS changes
 *   (upstream's order).
 *
 * ioas->accesses (xarray, its own spinlock): the accesses attached to an
 *   IOAS; changed under ioas->lock.  IOAS_UNMAP of pinned memory drops
 *   ioas->lock and walks it under its xa_lock, taking a short-term
 *   reference on each access and dropping xa_lock to call it
 *   (isim_access_notify_unmap()), which takes access->lock.
 *
 * ctx->mmap_regions_lock (spinlock, mmap.c): the list of mmap-able regions.
 *   mmap(2) takes it with the process's mmap_lock held, so it is a
 *   spinlock that nothing sleeps under; only xa_lock nests inside it (the
 *   owner's reference is taken under both).
 *
 * viommu->veventqs_rwsem (rw_semaphore, eventq.c): the list of vEVENTQs of
 *   a vIOMMU.  Written by VEVENTQ_ALLOC and vEVENTQ destroy, read while an
 *   event is queued.  May be taken under ctx->dev_lock, isim_engine_lock and
 *   viommu->lock;
 *   only xa_lock and a veventq->lock nest inside it.  Event reporting
 *   sleeps under it (GFP_KERNEL).
 *
 * veventq->lock (spinlock, eventq.c): the queued events of one vEVENTQ,
 *   their count and sequence number.  Innermost: nothing nests inside it
 *   and no user memory is touched under it.
 *
 * fault->mutex (mutex, one per fault queue, fault.c): the faults read but
 *   not yet answered (fault->response).  Held by the queue fd's read() and
 *   write() across copy_to_user/copy_from_user, so nothing a page fault
 *   needs may be taken under it; it is taken under ctx->dev_lock when a
 *   device leaves a HWPT that reports to the queue (the automatic answer).
 *
 * fault->lock (spinlock, fault.c): the faults waiting to be read.
 *   Innermost; taken under ctx->dev_lock by TRIGGER_IOPF and under
 *   fault->mutex.
 *
 * debugfs readers (ctx_debugfs.c): take the locks an ioctl would, in the
 *   same order and one object at a time (xa_lock; ctx->dev_lock;
 *   ioas->lock then pages->mutex; viommu->lock then counters.lock), with a
 *   short-term reference from isim_obj_get_next(), and touch no user
 *   memory (seq_file buffers).  Close removes the context's directory
 *   before destroying anything; debugfs_remove() waits for readers then.
 */
#ifndef IOMMUFD_SIM_PRIV_H
#define IOMMUFD_SIM_PRIV_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/refcount.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "../uapi/linux/iommufd_sim.h"
#include "compat.h"

#define ISIM_NAME "iommufd_sim"

enum isim_obj_type {
	ISIM_OBJ_NONE,
	ISIM_OBJ_ANY,		/* lookups only: match every type */
	ISIM_OBJ_IOAS,
	ISIM_OBJ_HWPT_PAGING,
	ISIM_OBJ_DEVICE,	/* an idev: the dev_id of every other ioctl */
	ISIM_OBJ_SELFTEST,	/* an stdev: destroying it unplugs its device */
	ISIM_OBJ_HWPT_NESTED,	/* a stage-1 table on a vIOMMU */
	ISIM_OBJ_VIOMMU,
	ISIM_OBJ_VDEVICE,
	ISIM_OBJ_VEVENTQ,
	ISIM_OBJ_HW_QUEUE,
	ISIM_OBJ_ACCESS,	/* IOMMU_TEST_OP_CREATE_ACCESS (access.c) */
	ISIM_OBJ_FAULT,		/* IOMMU_FAULT_QUEUE_ALLOC (fault.c) */
	ISIM_OBJ_MAX,
};

struct isim_object {
	refcount_t users;
	refcount_t shortterm_users;
	enum isim_obj_type type;
	u32 id;
};

/*
 * Whose RLIMIT_MEMLOCK pinned pages are charged to.  USER is 0 so that a
 * zeroed context starts in upstream's default mode.
 */
enum isim_account_mode {
	ISIM_ACCOUNT_USER,	/* user_struct::locked_vm (the default) */
	ISIM_ACCOUNT_MM,	/* mm_struct::locked_vm, as VFIO type1 */
	ISIM_ACCOUNT_NONE,	/* CAP_IPC_LOCK: never limited */
};

/* One per open() of the device: an independent iommufd context. */
struct isim_ctx {
	struct xarray objects;
	wait_queue_head_t destroy_wait;
	struct mutex dev_lock;		/* see "Locking rules" above */
	struct list_head devices;	/* isim_device, under dev_lock */
	struct list_head auto_hwpts;	/* auto isim_hwpt_paging, dev_lock */
	/* IOMMU_OPTION_RLIMIT_MODE; changed only while the table is empty */
	enum isim_account_mode account_mode;
	struct file *file;		/* the fd; vEVENTQ fds hold it */
	struct rw_semaphore ioas_creation_lock;	/* see the top */
	/* the IOAS the VFIO type1 ioctls use (not held), under xa_lock */
	struct isim_ioas *vfio_ioas;
	spinlock_t mmap_regions_lock;	/* mmap_regions; see the top */
	struct list_head mmap_regions;	/* struct isim_mmap_region, sorted */
	/* debugfs contexts/<debug_id>/ (ctx_debugfs.c); set at open */
	u32 debug_id;
	pid_t owner_tgid;
	char owner_comm[TASK_COMM_LEN];
	struct dentry *debugfs;
};

/* One ioctl in progress: the copied-in command and where it came from. */
struct isim_ucmd {
	struct isim_ctx *ctx;
	void __user *ubuffer;
	u32 user_size;
	void *cmd;
	/* set by a handler that created an object; finalized or aborted */
	struct isim_object *new_obj;
};

/*
 * A page table attached to an IOAS (the domain of a HWPT_PAGING).  While an
 * IOAS has at least one, every mapping in it is pinned; the aperture limits
 * the IOVAs it reports and the smallest IO page size its alignment.
 */
struct isim_domain {
	struct list_head ioas_item;	/* in the IOAS, under its lock */
	u64 aperture_start;
	u64 aperture_last;
	unsigned long pgsize;		/* smallest IO page size, a power of 2 */
	/*
	 * The one larger leaf the table maps with where a mapping allows it
	 * (MOCK_IOMMUPT_HUGE), 0 for none; the dirty bits follow the leaves.
	 */
	unsigned long huge_pgsize;
	/*
	 * Dirty tracking (dirty.c), under the IOAS lock once the domain is
	 * added: @dirty_ops when allocated with DIRTY_TRACKING, @dirty_enabled
	 * by SET_DIRTY_TRACKING, and the dirty leaves, keyed by their first
	 * IOVA / @pgsize, each an xa_mk_value() of the leaf's log2 size.
	 */
	bool dirty_ops;
	bool dirty_enabled;
	struct xarray dirty;
};

/*
 * An IO address space.  The fields after obj belong to io_pagetable.c and
 * are protected by ioas->lock (see there).
 */
struct isim_ioas {
	struct isim_object obj;
	struct mutex lock;		/* everything below; see the top */
	struct rb_root_cached areas;	/* struct isim_area, never overlap */
	struct rb_root_cached reserved;	/* struct isim_resv, may overlap */
	struct rb_root_cached allowed;	/* interval_tree_node, never overlap */
	struct list_head domains;	/* struct isim_domain */
	unsigned long iova_alignment;	/* power of 2, 1 when nothing limits */
	bool disable_large_pages;	/* IOMMU_OPTION_HUGE_PAGES = 0 */
	/* isim_ioas_pin_locked() users; each needs PAGE_SIZE alignment */
	unsigned int nr_pins;
	/*
	 * Attached accesses (access.c), index -> struct isim_access: stored
	 * and erased under ioas->lock, walked under its own xa_lock by the
	 * unmap notification; nr_page_accesses of them need PAGE_SIZE
	 * alignment (MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES).
	 */
	struct xarray accesses;
	unsigned int nr_page_accesses;
};

/* A HWPT_PAGING: a domain on an IOAS, which it holds. */
struct isim_hwpt_paging {
	struct isim_object obj;
	struct isim_ioas *ioas;		/* held; NULL while being created */
	struct isim_domain domain;
	const struct isim_iommu_model *model;	/* the IOMMU it belongs to */
	bool domain_added;		/* isim_ioas_add_domain() succeeded */
	bool auto_domain;		/* made by attach, dies with devices */
	bool nest_parent;
	bool pasid_compat;		/* allocated with ALLOC_PASID */
	struct isim_fault *fault;	/* FAULT_ID_VALID: held, or NULL */
	/* under ctx->dev_lock */
	struct list_head ctx_item;	/* in ctx->auto_hwpts once complete */
	unsigned int ndevices;
};

/* An iommufd device (idev): the dev_id of every other ioctl. */
struct isim_device {
	struct isim_object obj;
	const struct isim_iommu_model *model;	/* the IOMMU behind it */
	u32 dev_flags;			/* MOCK_FLAGS_DEVICE_*, selftest only */
	u32 stream_id;
	/* under ctx->dev_lock */
	struct list_head ctx_item;	/* in ctx->devices */
	/* attached to at most one of these (held), or to nothing */
	struct isim_hwpt_paging *hwpt;
	struct isim_hwpt_nested *nested;
	/* virt_id of its vDEVICE in nested->viommu when it was attached */
	u64 nested_virt_id;
	struct isim_vdevice *vdev;	/* its one vDEVICE, or NULL */
	bool destroying;		/* being unplugged: no new vDEVICE */
	/* PASID (never 0) -> the HWPT object attached there (held) */
	struct xarray pasids;
	bool pasid_1024_fail;		/* the mock's armed fake failure */
	/* the mock's per-device cache (DEV_CHECK_CACHE), READ/WRITE_ONCE */
	u32 cache[MOCK_DEV_CACHE_NUM];
};

/* A plugged simulated device (stdev); destroying it unplugs the idev. */
struct isim_stdev {
	struct isim_object obj;
	struct isim_device *idev;	/* held; NULL until complete */
};

/*
 * The vIOMMU family (viommu.c, vdevice and nested HWPTs; eventq.c;
 * hw_queue.c; mmap.c).  Shared declarations; each file documents its part.
 */
struct seq_file;
struct isim_viommu;
struct isim_hw_queue;
struct isim_hwpt_nested;
struct isim_vdevice;

/* Driver data passed in by user space: upstream's struct iommu_user_data. */
struct isim_user_data {
	u32 type;
	void __user *uptr;
	size_t len;
};

/* An invalidation array: upstream's struct iommu_user_data_array. */
struct isim_user_array {
	u32 type;
	void __user *uptr;
	u32 entry_len;
	u32 entry_num;		/* in: entries given; out: entries handled */
};

/* What a vIOMMU type (selftest now, Tegra241 CMDQV later) implements. */
struct isim_viommu_ops {
	/* frees driver state; mmap regions are unregistered here */
	void (*destroy)(struct isim_viommu *viommu);
	int (*alloc_domain_nested)(struct isim_viommu *viommu,
				   struct isim_hwpt_nested *hwpt, u32 flags,
				   const struct isim_user_data *data);
	int (*cache_invalidate)(struct isim_viommu *viommu,
				struct isim_user_array *array);
	/* HWPT_INVALIDATE of a nested HWPT of this vIOMMU */
	int (*nested_cache_invalidate)(struct isim_hwpt_nested *hwpt,
				       struct isim_user_array *array);
	/*
	 * May a device without a vDEVICE in this vIOMMU attach to @hwpt?
	 * NULL: never (ENOENT), as the selftest mock.
	 */
	bool (*attach_without_vdev)(const struct isim_hwpt_nested *hwpt);
	/*
	 * VDEVICE_ALLOC, under viommu->lock once virt_id is in vdevs: the
	 * type's part (an error fails the allocation); vdevice_destroy undoes
	 * a successful vdevice_init, under viommu->lock, before the vDEVICE
	 * leaves vdevs.  Both optional.
	 */
	int (*vdevice_init)(struct isim_vdevice *vdev);
	void (*vdevice_destroy)(struct isim_vdevice *vdev);
	/* HW queues: 0 for an unsupported type (EOPNOTSUPP) */
	bool (*hw_queue_supported)(struct isim_viommu *viommu, u32 type);
	int (*hw_queue_init_phys)(struct isim_hw_queue *hwq, u32 index,
				  phys_addr_t base_pa);
	/*
	 * debugfs contexts/<N>/viommus: the type's state, indented lines,
	 * under viommu->lock.  Optional.
	 */
	void (*debugfs_show)(struct seq_file *m, struct isim_viommu *viommu);
};

/* GET_HW_INFO data of every model, so one buffer fits any of them */
union isim_hw_info_data {
	struct iommu_test_hw_info selftest;
	struct iommu_hw_info_arm_smmuv3 smmuv3;
	struct iommu_hw_info_tegra241_cmdqv cmdqv;
};

/*
 * A vIOMMU type of a model (IOMMU_VIOMMU_TYPE_*).  @init validates and
 * consumes the optional user data and undoes itself on failure; on success
 * the core installs @ops.
 */
struct isim_viommu_type {
	u32 type;
	int (*init)(struct isim_viommu *viommu,
		    const struct isim_user_data *data);
	const struct isim_viommu_ops *ops;
};

/*
 * A simulated IOMMU: upstream's struct iommu_ops and the driver's iommufd
 * callbacks in miniature.  One const instance per model, defined in the
 * model's own file and listed once in device.c's isim_models[]; the core
 * reaches a model only through this struct.  A page table belongs to one
 * instance: the core refuses to mix objects of two models (EINVAL).
 */
struct isim_iommu_model {
	const char *name;
	/* module load: check the model's parameters, start its hardware */
	int (*init)(void);
	void (*exit)(void);
	/* the geometry of every domain (HWPT_PAGING) of this IOMMU */
	u64 aperture_start;
	u64 aperture_last;
	unsigned long pgsize;		/* smallest IO page size */
	/* two devices of one context cannot share a stream ID (EEXIST) */
	bool unique_stream_ids;
	/* what a device can do: dirty tracking, PASID bits (0 for none) */
	bool (*dirty_capable)(const struct isim_device *idev);
	u8 (*max_pasid_log2)(const struct isim_device *idev);
	/*
	 * GET_HW_INFO: fill @data for @type (DEFAULT: the driver's own);
	 * EOPNOTSUPP for a type the driver lacks.
	 */
	int (*hw_info)(const struct isim_device *idev, u32 type,
		       union isim_hw_info_data *data, u32 *len, u32 *out_type);
	/*
	 * The driver's flag checks of a paging domain (upstream's
	 * domain_alloc_paging_flags), FAULT_ID_VALID already removed.
	 */
	int (*paging_flags_check)(u32 flags);
	/*
	 * HWPT_ALLOC of a paging domain with driver data (after the flag
	 * checks): check and consume @data, adjusting @domain (the mock's
	 * pagetable_type).  NULL: driver data is refused (EOPNOTSUPP).
	 */
	int (*paging_data)(struct isim_domain *domain,
			   const struct isim_user_data *data);
	/*
	 * HWPT_ALLOC of a nested HWPT directly on a nesting parent of this
	 * IOMMU (upstream's domain_alloc_nested), FAULT_ID_VALID removed;
	 * and its HWPT_INVALIDATE.  NULL: EOPNOTSUPP.
	 */
	int (*alloc_domain_nested)(struct isim_hwpt_nested *hwpt, u32 flags,
				   const struct isim_user_data *data);
	int (*nested_cache_invalidate)(struct isim_hwpt_nested *hwpt,
				       struct isim_user_array *array);
	/*
	 * A HWPT of this IOMMU is attached to (@detach: removed from) PASID
	 * @pasid of @idev, a device with PASIDs; under ctx->dev_lock
	 * (upstream's set_dev_pasid).  NULL: its HWPTs take no PASID.
	 */
	int (*set_dev_pasid)(struct isim_device *idev, u32 pasid, bool detach);
	/* TRIGGER_IOPF may fault devices of this IOMMU (the mock's) */
	bool iopf_trigger;
	/* IOMMU_VIOMMU_ALLOC: the vIOMMU types it has */
	const struct isim_viommu_type *const *viommu_types;
	unsigned int nr_viommu_types;
};

extern const struct isim_iommu_model isim_selftest_model;
extern const struct isim_iommu_model isim_grace_model;

/* device.c: the model of IOMMUFD_SIM_MODEL_* @id, NULL for none */
const struct isim_iommu_model *isim_model_find(u32 id);
/* device.c: every model's init in order (undone on failure), and exit */
int isim_models_init(void);
void isim_models_exit(void);

struct isim_viommu {
	struct isim_object obj;
	struct isim_ctx *ctx;
	u32 type;			/* IOMMU_VIOMMU_TYPE_* */
	const struct isim_iommu_model *model;	/* the IOMMU it sits on */
	struct isim_hwpt_paging *parent;	/* nesting parent, held */
	const struct isim_viommu_ops *ops;
	void *driver;			/* the type's own state */
	/* vdevs and hw_queues; taken after ctx->dev_lock, before ioas->lock */
	struct mutex lock;
	struct xarray vdevs;		/* virt_id -> struct isim_vdevice */
	struct xarray hw_queues;	/* index -> struct isim_hw_queue */
	struct rw_semaphore veventqs_rwsem;
	struct list_head veventqs;	/* struct isim_veventq */
};

/*
 * hw_queue.c: a HW queue (IOMMU_HW_QUEUE_ALLOC), guest queue memory that
 * the vIOMMU's hardware reads by physical address.  The core fills every
 * field but @destroy and @depends_on before calling the type's
 * hw_queue_init_phys(); the queue memory stays pinned, and locked against
 * IOAS_UNMAP in the nesting parent's IOAS, until the object is destroyed.
 */
struct isim_hw_queue {
	struct isim_object obj;
	struct isim_viommu *viommu;	/* held */
	u32 type;			/* IOMMU_HW_QUEUE_TYPE_* */
	u32 index;			/* as requested; the type checks it */
	u64 length;			/* bytes, as requested */
	u64 base_addr;			/* nesting_parent_iova (guest PA) */
	phys_addr_t base_pa;		/* host PA of base_addr */
	struct isim_ioas_pin *pin;
	/* set by the type's init_phys; runs first at destroy */
	void (*destroy)(struct isim_hw_queue *hwq);
	/* isim_hw_queue_depend(): a queue this one holds (EBUSY to DESTROY) */
	struct isim_hw_queue *depends_on;
};

/*
 * hw_queue.c, for the vIOMMU types' init_phys/destroy, under viommu->lock:
 * @hwq holds @lower, so that DESTROY of @lower answers EBUSY until
 * isim_hw_queue_undepend(@hwq).  EIO when @lower is being destroyed.
 */
int isim_hw_queue_depend(struct isim_hw_queue *hwq,
			 struct isim_hw_queue *lower);
void isim_hw_queue_undepend(struct isim_hw_queue *hwq);
int isim_hw_queue_alloc_ioctl(struct isim_ucmd *ucmd);
void isim_hw_queue_destroy(struct isim_ctx *ctx, struct isim_object *obj);

/*
 * A vDEVICE: a device as its vIOMMU's guest knows it (virt_id).  Holds the
 * vIOMMU and the idev; idev->vdev points back (under ctx->dev_lock) and
 * viommu->vdevs maps virt_id to it (under viommu->lock).
 */
struct isim_vdevice {
	struct isim_object obj;
	struct isim_viommu *viommu;	/* held */
	struct isim_device *idev;	/* held */
	u64 virt_id;
	bool listed;			/* in viommu->vdevs and idev->vdev */
};

/* A HWPT_NESTED: a stage-1 table allocated on a vIOMMU, which it holds. */
struct isim_hwpt_nested {
	struct isim_object obj;
	/*
	 * On a vIOMMU (held), or directly on a nesting parent HWPT_PAGING
	 * (held, viommu NULL); both NULL while being created
	 */
	struct isim_viommu *viommu;
	struct isim_hwpt_paging *parent;
	struct isim_fault *fault;	/* FAULT_ID_VALID: held, or NULL */
	bool pasid_compat;		/* allocated with ALLOC_PASID */
	unsigned int ndevices;		/* under ctx->dev_lock */
	/* the type's own state, filled by ops->alloc_domain_nested */
	union {
		/* selftest: the mock IOTLB, READ_ONCE/WRITE_ONCE */
		u32 iotlb[MOCK_NESTED_DOMAIN_IOTLB_NUM];
		/* ARM SMMUv3: the checked guest STE, EATS kept apart */
		struct {
			__le64 ste[2];
			bool enable_ats;
		} smmu;
	} drv;
};

/* viommu.c: upstream's iommu_copy_struct_{from,to}_user() rules */
int isim_copy_struct_from_user_data(void *kdst, size_t ksize,
				    const struct isim_user_data *data,
				    u32 type, size_t min_len);
int isim_copy_struct_to_user_data(const struct isim_user_data *data,
				  const void *ksrc, size_t ksize, u32 type,
				  size_t min_len);
/* upstream's iommu_copy_struct_from_user_array(): entry @index */
int isim_copy_struct_from_user_array(void *kdst, size_t ksize,
				     const struct isim_user_array *array,
				     u32 type, u32 index, size_t min_len);
/* upstream's iommu_copy_struct_from_full_user_array() */
int isim_copy_struct_from_full_user_array(void *kdst, size_t ksize,
					  const struct isim_user_array *array,
					  u32 type);
/*
 * The frame of a vIOMMU's cache_invalidate, as upstream's drivers write
 * it: the whole array is copied in first (another type or an empty array
 * EINVAL, a short entry zero-filled, non-zero bytes past @entry_size
 * E2BIG), then @fn runs on each entry in order under viommu->lock; the
 * first error stops the call and entry_num reports the entries done.
 */
int isim_viommu_invalidate_each(struct isim_viommu *viommu,
				struct isim_user_array *array, u32 type,
				size_t entry_size,
				int (*fn)(struct isim_viommu *viommu,
					  void *entry));
int isim_viommu_alloc_ioctl(struct isim_ucmd *ucmd);
int isim_vdevice_alloc_ioctl(struct isim_ucmd *ucmd);
int isim_hwpt_invalidate_ioctl(struct isim_ucmd *ucmd);
void isim_viommu_destroy(struct isim_ctx *ctx, struct isim_object *obj);
void isim_vdevice_destroy(struct isim_ctx *ctx, struct isim_object *obj);

/* viommu_selftest.c: the selftest vIOMMU (IOMMU_VIOMMU_TYPE_SELFTEST) */
extern const struct isim_viommu_type isim_selftest_viommu_type;
/* ... and its nested HWPTs, also the model's directly on a parent */
int isim_selftest_nested_init(struct isim_hwpt_nested *hwpt, u32 flags,
			      const struct isim_user_data *data);
int isim_selftest_nested_invalidate(struct isim_hwpt_nested *hwpt,
				    struct isim_user_array *array);

/*
 * eventq.c: queue an event on the vEVENTQ of @type of @viommu.  Sleepable
 * context only.  EOPNOTSUPP when there is no such queue; a full queue drops
 * the event and reports LOST_EVENTS as upstream.
 */
int isim_viommu_report_event(struct isim_viommu *viommu, u32 type,
			     const void *data, size_t len);

/*
 * mmap.c: make @length bytes of physically contiguous module-owned memory
 * at @pfn mmap-able through the context's fd at the returned byte *offset
 * (the lowest free one from PAGE_SIZE up).  Every VMA holds a users
 * reference on @owner, so DESTROY of @owner answers EBUSY until the last
 * munmap; @owner's destroy op unregisters the region and only then frees
 * the memory.
 */
int isim_mmap_register(struct isim_ctx *ctx, struct isim_object *owner,
		       unsigned long pfn, size_t length,
		       void (*on_write)(void *data), void *on_write_data,
		       u64 *offset);
void isim_mmap_unregister(struct isim_ctx *ctx, u64 offset);
/*
 * mmap.c: drop every user page table entry of the region at @offset, so
 * that the next store to it faults and calls its on_write(on_write_data)
 * first (from the page fault, under mmap_lock: it must not sleep or lock).
 */
void isim_mmap_write_protect(struct isim_ctx *ctx, u64 offset,
			     size_t length);
/* mmap.c: the fd's .mmap (docs/object-model.md, 'mmap') */
int isim_fops_mmap(struct file *filp, struct vm_area_struct *vma);

/* eventq.c */
int isim_veventq_alloc_ioctl(struct isim_ucmd *ucmd);
void isim_veventq_destroy(struct isim_ctx *ctx, struct isim_object *obj);

/*
 * io_pagetable.c: an internal access (a HW queue) pins an IOVA range of an
 * IOAS and locks it: IOAS_UNMAP of any part answers EBUSY until unpinned.
 * ENOENT when the range is not fully mapped.  @pages receives one page per
 * PAGE_SIZE of [ALIGN_DOWN(iova), ALIGN(iova + length)).
 */
struct isim_ioas_pin;
struct isim_ioas_pin *isim_ioas_pin_locked(struct isim_ioas *ioas, u64 iova,
					   u64 length, struct page **pages);
void isim_ioas_unpin_locked(struct isim_ioas_pin *pin);

/*
 * access.c: access objects (IOMMU_TEST_OP_CREATE_ACCESS and the ops on
 * them).  isim_access_notify_unmap() is called by IOAS_UNMAP, with no lock
 * held, for an area some access has pinned: every access attached to @ioas
 * drops its pins that intersect [iova, iova + length).
 */
int isim_test_access_cmd(struct isim_ucmd *ucmd);

/* dmabuf.c: IOMMU_TEST_OP_DMABUF_GET and IOMMU_TEST_OP_DMABUF_REVOKE */
#if IS_ENABLED(CONFIG_DMA_SHARED_BUFFER)
int isim_test_dmabuf_get(u32 length, u32 open_flags);
int isim_test_dmabuf_revoke(int fd, bool revoked);
#else
static inline int isim_test_dmabuf_get(u32 length, u32 open_flags)
{
	return -EOPNOTSUPP;
}

static inline int isim_test_dmabuf_revoke(int fd, bool revoked)
{
	return -EOPNOTSUPP;
}
#endif

/* main.c: the misc device, which dma-buf attachments name */
struct device *isim_misc_device(void);
/* Is @file an open iommufd-sim context (a VFIO device's BIND takes one)? */
bool isim_file_is_ctx(const struct file *file);
void isim_access_destroy(struct isim_ctx *ctx, struct isim_object *obj);

/* fault.c: fault queues (IOMMU_FAULT_QUEUE_ALLOC) */
struct isim_fault;
int isim_fault_alloc_ioctl(struct isim_ucmd *ucmd);
void isim_fault_destroy(struct isim_ctx *ctx, struct isim_object *obj);
struct isim_fault *isim_fault_hold(struct isim_ctx *ctx, u32 id);
void isim_fault_unhold(struct isim_fault *fault);
/*
 * A page request of device @dev_id, delivered through its attachment at
 * @at_pasid (0: the RID); under ctx->dev_lock
 */
void isim_fault_report(struct isim_fault *fault, struct isim_device *idev,
		       u32 at_pasid, u32 dev_id, u32 flags, u32 pasid,
		       u32 grpid, u32 perm, u64 addr);
/*
 * Answer INVALID for every fault pending on @fault that came through the
 * attachment of @idev at @at_pasid (detach, replace)
 */
void isim_fault_auto_respond(struct isim_fault *fault,
			     struct isim_device *idev, u32 at_pasid);
/* The fault queue a HWPT_PAGING or HWPT_NESTED reports to, or NULL */
struct isim_fault *isim_pt_fault(struct isim_object *pt);
void isim_access_notify_unmap(struct isim_ioas *ioas, unsigned long iova,
			      unsigned long length);

/* object.c */
struct isim_object *isim_obj_alloc(struct isim_ctx *ctx, size_t size,
				   enum isim_obj_type type);
void isim_obj_finalize(struct isim_ctx *ctx, struct isim_object *obj);
void isim_obj_abort(struct isim_ctx *ctx, struct isim_object *obj);
struct isim_object *isim_obj_get(struct isim_ctx *ctx, u32 id,
				 enum isim_obj_type type);
void isim_obj_put(struct isim_ctx *ctx, struct isim_object *obj);
int isim_obj_hold(struct isim_ctx *ctx, struct isim_object *obj);
void isim_obj_hold_new(struct isim_object *obj);
void isim_obj_unhold(struct isim_object *obj);
int isim_obj_remove_kernel(struct isim_ctx *ctx, struct isim_object *obj);
int isim_obj_tombstone_kernel(struct isim_ctx *ctx, struct isim_object *obj);
void isim_obj_unhold_and_try_remove(struct isim_ctx *ctx,
				    struct isim_object *obj);
void isim_ctx_init(struct isim_ctx *ctx);
void isim_ctx_destroy_all(struct isim_ctx *ctx);
/*
 * The next finalized object of @type (or ISIM_OBJ_ANY) with an id of at
 * least *@index, with a short-term reference (isim_obj_put()); *@index is
 * its id.  NULL when there is none.  For walks outside an ioctl (debugfs).
 */
struct isim_object *isim_obj_get_next(struct isim_ctx *ctx,
				      unsigned long *index,
				      enum isim_obj_type type);
int isim_destroy_ioctl(struct isim_ucmd *ucmd);

/* ioctl.c */
long isim_fops_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);

/* Write the reply: min(user size, kernel size) bytes, as upstream does. */
static inline int isim_ucmd_respond(struct isim_ucmd *ucmd, size_t cmd_len)
{
	if (copy_to_user(ucmd->ubuffer, ucmd->cmd,
			 min_t(size_t, ucmd->user_size, cmd_len)))
		return -EFAULT;
	return 0;
}

/*
 * dirty.c: dirty tracking of paging domains.  isim_dirty_forget() drops
 * the dirty state of [start, last] in every domain of @ioas (its mappings
 * are going away), under ioas->lock.
 */
int isim_hwpt_set_dirty_tracking_ioctl(struct isim_ucmd *ucmd);
int isim_hwpt_get_dirty_bitmap_ioctl(struct isim_ucmd *ucmd);
int isim_test_dirty(struct isim_ucmd *ucmd, struct iommu_test_cmd *cmd);
void isim_dirty_forget(struct isim_ioas *ioas, unsigned long start,
		       unsigned long last);

/* ioas.c, io_pagetable.c */
int isim_ioas_alloc_ioctl(struct isim_ucmd *ucmd);
void isim_ioas_destroy(struct isim_ctx *ctx, struct isim_object *obj);
struct isim_ioas *isim_ioas_get(struct isim_ctx *ctx, u32 id);
/*
 * Attach a domain: reserves everything outside its aperture, raises the
 * IOVA alignment to its page size and pins every existing mapping.  Fails
 * (with nothing changed) with EADDRINUSE when a mapping or an allowed range
 * lies outside the aperture or is misaligned, ENOMEM over RLIMIT_MEMLOCK,
 * EFAULT for memory that cannot be pinned.
 */
int isim_ioas_add_domain(struct isim_ioas *ioas, struct isim_domain *domain);
/* Detach; the last domain going unpins every mapping (they stay mapped). */
void isim_ioas_remove_domain(struct isim_ioas *ioas,
			     struct isim_domain *domain);
/*
 * debugfs contexts/<N>/ioas: the IOAS's mappings (IOVA range, memory,
 * protection, pinned or not, HW queue locks and access pins), its domains
 * and reserved ranges, as indented lines; takes ioas->lock.
 */
void isim_ioas_debugfs_show(struct seq_file *m, struct isim_ioas *ioas);
/* IOMMU_TEST_OP_MD_CHECK_MAP: what a domain maps @iova to, 0 for nothing */
phys_addr_t isim_iopt_iova_to_phys(struct isim_ioas *ioas, unsigned long iova);
/* IOMMU_TEST_OP_ADD_RESERVED: EADDRINUSE over a mapping or allowed range */
int isim_ioas_add_reserved(struct isim_ioas *ioas, u64 start, u64 last);
int isim_ioas_map_ioctl(struct isim_ucmd *ucmd);
int isim_ioas_map_file_ioctl(struct isim_ucmd *ucmd);
int isim_ioas_copy_ioctl(struct isim_ucmd *ucmd);
int isim_ioas_unmap_ioctl(struct isim_ucmd *ucmd);
int isim_ioas_iova_ranges_ioctl(struct isim_ucmd *ucmd);
int isim_ioas_allow_iovas_ioctl(struct isim_ucmd *ucmd);
int isim_option_ioctl(struct isim_ucmd *ucmd);

/* change_process.c */
int isim_ioas_change_process_ioctl(struct isim_ucmd *ucmd);

/* vfio_compat.c */
int isim_vfio_ioas_ioctl(struct isim_ucmd *ucmd);
long isim_vfio_ioctl(struct isim_ctx *ctx, unsigned int cmd,
		     unsigned long arg);

/* pages.c: pinned pages, module-wide (debugfs pinned_pages) */
extern atomic_long_t isim_pinned_pages;

/* device.c */
struct isim_device *isim_device_alloc(struct isim_ctx *ctx,
				      const struct isim_iommu_model *model,
				      u32 dev_flags, u32 stream_id);
int isim_device_attach(struct isim_ctx *ctx, struct isim_device *idev,
		       u32 pt_id, u32 *out_hwpt_id);
int isim_device_replace(struct isim_ctx *ctx, struct isim_device *idev,
			u32 pt_id, u32 *out_hwpt_id);
/* IOMMU_TEST_OP_PASID_*: PASID 0 is the RID, as upstream's IOMMU_NO_PASID */
int isim_device_pasid_attach(struct isim_ctx *ctx, struct isim_device *idev,
			     u32 pasid, u32 *pt_id, bool replace);
void isim_device_pasid_detach(struct isim_ctx *ctx, struct isim_device *idev,
			      u32 pasid);
int isim_device_pasid_check(struct isim_ctx *ctx, struct isim_device *idev,
			    u32 pasid, u32 hwpt_id);
/* the HWPT attached at PASID @pasid (not 0) or NULL; under ctx->dev_lock */
struct isim_object *isim_device_pasid_pt(struct isim_device *idev, u32 pasid);
struct isim_stdev *isim_stdev_alloc(struct isim_ctx *ctx,
				    const struct isim_iommu_model *model,
				    u32 dev_flags, u32 stream_id, bool attach,
				    u32 pt_id, u32 *out_hwpt_id);
bool isim_device_dirty_capable(const struct isim_device *idev);
void isim_device_domain_init(const struct isim_device *idev,
			     struct isim_domain *domain);
void isim_device_destroy(struct isim_ctx *ctx, struct isim_object *obj);
struct isim_device *isim_device_plug(struct isim_ctx *ctx,
				     const struct isim_iommu_model *model,
				     u32 stream_id);
void isim_device_unplug(struct isim_ctx *ctx, struct isim_device *idev);
u32 isim_device_rid_pt_id(struct isim_ctx *ctx, struct isim_device *idev);
void isim_stdev_destroy(struct isim_ctx *ctx, struct isim_object *obj);
int isim_get_hw_info_ioctl(struct isim_ucmd *ucmd);

/* hwpt.c */
void isim_hwpt_nested_destroy(struct isim_ctx *ctx, struct isim_object *obj);
struct isim_hwpt_paging *
isim_hwpt_paging_create(struct isim_ctx *ctx, struct isim_ioas *ioas,
			struct isim_device *idev, u32 flags,
			const struct isim_user_data *data, bool auto_domain);
int isim_hwpt_compatible(const struct isim_hwpt_paging *hwpt,
			 const struct isim_device *idev);
int isim_hwpt_alloc_ioctl(struct isim_ucmd *ucmd);
void isim_hwpt_paging_destroy(struct isim_ctx *ctx, struct isim_object *obj);

/* selftest_iommu.c */
int isim_test_cmd_ioctl(struct isim_ucmd *ucmd);

/* sim_cmd.c */
int isim_sim_cmd_ioctl(struct isim_ucmd *ucmd);

/* main.c */
extern atomic_long_t isim_live_objects;

/* debugfs.c */
void isim_debugfs_init(void);
void isim_debugfs_exit(void);
/* the module's debugfs directory (an error pointer without debugfs) */
struct dentry *isim_debugfs_dir(void);
/* its contexts/ directory, for ctx_debugfs.c */
struct dentry *isim_debugfs_contexts_dir(void);

/*
 * ctx_debugfs.c: contexts/<N>/ of one context, added at open and removed
 * at close before any object is destroyed (a running reader is waited for).
 */
void isim_ctx_debugfs_add(struct isim_ctx *ctx);
void isim_ctx_debugfs_remove(struct isim_ctx *ctx);

#endif /* IOMMUFD_SIM_PRIV_H */
