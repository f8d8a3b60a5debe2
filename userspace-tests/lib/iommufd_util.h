/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ioctl wrappers and fixtures shared by the iommufd-sim test programs.
 *
 * Every wrapper returns 0 or the errno of the failed ioctl (never -1), so
 * a caller compares with the errno it expects: tl_destroy(fd, id) == EBUSY.
 * Output ids are written only on success.
 */
#ifndef IOMMUFD_SIM_IOMMUFD_UTIL_H
#define IOMMUFD_SIM_IOMMUFD_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/iommufd_sim.h>

/* ioctl(@fd, @num, @arg): 0 or errno */
int tl_ioctl(int fd, unsigned long num, void *arg);

/* open(2) tl_device_path() read-write, close-on-exec; tl_fatal() if not */
int tl_open(void);

/* ---- upstream ioctls --------------------------------------------------- */

int tl_destroy(int fd, uint32_t id);
int tl_ioas_alloc(int fd, uint32_t *ioas_id);
/* IOAS_MAP read-write at the IOVA the kernel picks (written to *iova) */
int tl_ioas_map(int fd, uint32_t ioas_id, void *va, uint64_t len,
		uint64_t *iova);
/* IOAS_MAP read-write at @iova (FIXED_IOVA) */
int tl_ioas_map_fixed(int fd, uint32_t ioas_id, void *va, uint64_t len,
		      uint64_t iova);
/* IOAS_UNMAP; *unmapped (may be NULL) gets the length the kernel reports */
int tl_ioas_unmap(int fd, uint32_t ioas_id, uint64_t iova, uint64_t len,
		  uint64_t *unmapped);
int tl_hwpt_alloc(int fd, uint32_t dev_id, uint32_t pt_id, uint32_t flags,
		  uint32_t data_type, void *data, uint32_t data_len,
		  uint32_t *hwpt_id);
/* tl_hwpt_alloc() with IOMMU_HWPT_FAULT_ID_VALID-style @fault_id */
int tl_hwpt_alloc_iopf(int fd, uint32_t dev_id, uint32_t pt_id,
		       uint32_t flags, uint32_t fault_id, uint32_t data_type,
		       void *data, uint32_t data_len, uint32_t *hwpt_id);
/* IOMMU_FAULT_QUEUE_ALLOC */
int tl_fault_queue_alloc(int fd, uint32_t *fault_id, int *fault_fd);
int tl_viommu_alloc(int fd, uint32_t dev_id, uint32_t hwpt_id, uint32_t type,
		    void *data, uint32_t data_len, uint32_t *viommu_id);
int tl_vdevice_alloc(int fd, uint32_t viommu_id, uint32_t dev_id,
		     uint64_t virt_id, uint32_t *vdev_id);
int tl_veventq_alloc(int fd, uint32_t viommu_id, uint32_t type,
		     uint32_t depth, uint32_t *veventq_id, int *veventq_fd);
int tl_hw_queue_alloc(int fd, uint32_t viommu_id, uint32_t type,
		      uint32_t index, uint64_t iova, uint64_t len,
		      uint32_t *hw_queue_id);
/* HWPT_INVALIDATE of @hwpt_id (a HWPT or a vIOMMU); *num is in and out */
int tl_hwpt_invalidate(int fd, uint32_t hwpt_id, uint32_t data_type,
		       void *reqs, uint32_t entry_len, uint32_t *num);

/* ---- IOMMU_TEST_CMD (upstream's selftest ops) -------------------------- */

/* Sets @cmd->size; the caller fills op, id and the op's arguments */
int tl_test_cmd(int fd, struct iommu_test_cmd *cmd);
/* A selftest device attached to @pt_id; any out pointer may be NULL */
int tl_mock_domain(int fd, uint32_t pt_id, uint32_t *stdev_id,
		   uint32_t *hwpt_id, uint32_t *idev_id);
/*
 * TRIGGER_IOPF on @dev_id (PASID @pasid), then read the one request from
 * @fault_fd and answer it SUCCESS: 0, the ioctl's errno, or EIO when the
 * read or the write moved no whole record
 */
int tl_trigger_iopf(int fd, uint32_t dev_id, uint32_t pasid, int fault_fd);
/* Moves device @stdev_id to @pt_id; *out_pt_id (may be NULL): the reply */
int tl_mock_domain_replace(int fd, uint32_t stdev_id, uint32_t pt_id,
			   uint32_t *out_pt_id);

/* ---- IOMMUFD_SIM_CMD ----------------------------------------------------- */

/*
 * Sets @cmd's size, op, id and __reserved; the op's arguments are left as
 * the caller filled them (zero-initialise @cmd first).
 */
int tl_sim_cmd(int fd, uint32_t op, uint32_t id, struct iommufd_sim_cmd *cmd);
/* DEVICE_ALLOC of @model with stream ID @sid, attached to @pt_id (0: none) */
int tl_device_alloc(int fd, uint32_t pt_id, uint32_t model, uint32_t sid,
		    struct iommufd_sim_device_alloc *out);
int tl_viommu_counters(int fd, uint32_t viommu_id, uint32_t asid,
		       uint32_t sid, struct iommufd_sim_viommu_counters *out);
int tl_cmdqv_step(int fd, uint32_t viommu_id,
		  struct iommufd_sim_cmdqv_step *out);
int tl_cmdqv_queue_state(int fd, uint32_t hw_queue_id,
			 struct iommufd_sim_cmdqv_queue_state *out);
/* CMDQV_TRACE into @t->uptr (@t's entry_len and entry_num set); in/out */
int tl_cmdqv_trace(int fd, uint32_t viommu_id,
		   struct iommufd_sim_cmdqv_trace *t);

/* ---- fixtures ------------------------------------------------------------ */

/*
 * The nesting fixture every vIOMMU test starts from: an IOAS, one device
 * and a NEST_PARENT paging HWPT on that IOAS.  On failure the fixture
 * functions return the errno and leave the failed step's name in @step.
 */
struct tl_nest {
	int fd;
	uint32_t ioas_id;
	uint32_t stdev_id;	/* destroy it to unplug the device */
	uint32_t idev_id;	/* dev_id of every other ioctl */
	uint32_t parent_id;	/* the nest-parent HWPT */
	uint32_t psid;		/* Tegra241: the physical stream ID */
	const char *step;
};

/* IOAS, a selftest device (MOCK_DOMAIN on the IOAS), nest parent */
int tl_nest_selftest(struct tl_nest *f, int fd);
/* IOAS, a Tegra241 device with pSID @psid attached to nothing, nest parent */
int tl_nest_tegra241(struct tl_nest *f, int fd, uint32_t psid);

/* A TEGRA241_CMDQV vIOMMU (one VINTF) and its mmapped page0 */
struct tl_vintf {
	uint32_t viommu_id;
	volatile uint32_t *page0;
	uint64_t mmap_offset;
	uint64_t mmap_length;
};

/*
 * VIOMMU_ALLOC TEGRA241_CMDQV on @f and mmap of its page0 (read-write,
 * shared).  mmap failures return the errno with @f->step "mmap page0".
 */
int tl_vintf_alloc(struct tl_nest *f, struct tl_vintf *v);

/* A fatal check: tl_fatal("WHAT: ERRNO") unless @expr is 0 */
#define TL_MUST(what, expr)                                                 \
	do {                                                                \
		int err_ = (expr);                                          \
		if (err_)                                                   \
			tl_fatal("%s: %s", (what), tl_errname(err_));       \
	} while (0)

#endif
