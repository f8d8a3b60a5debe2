// SPDX-License-Identifier: GPL-2.0-only
/* ioctl wrappers and fixtures shared by the test programs (iommufd_util.h) */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "iommufd_util.h"
#include "testlib.h"

int tl_ioctl(int fd, unsigned long num, void *arg)
{
	return ioctl(fd, num, arg) ? errno : 0;
}

int tl_open(void)
{
	int fd = open(tl_device_path(), O_RDWR | O_CLOEXEC);

	if (fd < 0)
		tl_fatal("open %s: %s", tl_device_path(), tl_errname(errno));
	return fd;
}

int tl_destroy(int fd, uint32_t id)
{
	struct iommu_destroy cmd = { .size = sizeof(cmd), .id = id };

	return tl_ioctl(fd, IOMMU_DESTROY, &cmd);
}

int tl_ioas_alloc(int fd, uint32_t *ioas_id)
{
	struct iommu_ioas_alloc cmd = { .size = sizeof(cmd) };
	int err = tl_ioctl(fd, IOMMU_IOAS_ALLOC, &cmd);

	if (!err)
		*ioas_id = cmd.out_ioas_id;
	return err;
}

static int ioas_map(int fd, uint32_t ioas_id, void *va, uint64_t len,
		    uint64_t *iova, uint32_t flags)
{
	struct iommu_ioas_map cmd = {
		.size = sizeof(cmd),
		.flags = flags | IOMMU_IOAS_MAP_WRITEABLE |
			 IOMMU_IOAS_MAP_READABLE,
		.ioas_id = ioas_id,
		.user_va = (uintptr_t)va,
		.length = len,
		.iova = *iova,
	};
	int err = tl_ioctl(fd, IOMMU_IOAS_MAP, &cmd);

	if (!err)
		*iova = cmd.iova;
	return err;
}

int tl_ioas_map(int fd, uint32_t ioas_id, void *va, uint64_t len,
		uint64_t *iova)
{
	*iova = 0;
	return ioas_map(fd, ioas_id, va, len, iova, 0);
}

int tl_ioas_map_fixed(int fd, uint32_t ioas_id, void *va, uint64_t len,
		      uint64_t iova)
{
	return ioas_map(fd, ioas_id, va, len, &iova,
			IOMMU_IOAS_MAP_FIXED_IOVA);
}

int tl_ioas_unmap(int fd, uint32_t ioas_id, uint64_t iova, uint64_t len,
		  uint64_t *unmapped)
{
	struct iommu_ioas_unmap cmd = {
		.size = sizeof(cmd),
		.ioas_id = ioas_id,
		.iova = iova,
		.length = len,
	};
	int err = tl_ioctl(fd, IOMMU_IOAS_UNMAP, &cmd);

	if (unmapped)
		*unmapped = cmd.length;
	return err;
}

int tl_hwpt_alloc(int fd, uint32_t dev_id, uint32_t pt_id, uint32_t flags,
		  uint32_t data_type, void *data, uint32_t data_len,
		  uint32_t *hwpt_id)
{
	struct iommu_hwpt_alloc cmd = {
		.size = sizeof(cmd),
		.flags = flags,
		.dev_id = dev_id,
		.pt_id = pt_id,
		.data_type = data_type,
		.data_len = data_len,
		.data_uptr = (uintptr_t)data,
	};
	int err = tl_ioctl(fd, IOMMU_HWPT_ALLOC, &cmd);

	if (!err)
		*hwpt_id = cmd.out_hwpt_id;
	return err;
}

int tl_hwpt_alloc_iopf(int fd, uint32_t dev_id, uint32_t pt_id,
		       uint32_t flags, uint32_t fault_id, uint32_t data_type,
		       void *data, uint32_t data_len, uint32_t *hwpt_id)
{
	struct iommu_hwpt_alloc cmd = {
		.size = sizeof(cmd),
		.flags = flags,
		.dev_id = dev_id,
		.pt_id = pt_id,
		.data_type = data_type,
		.data_len = data_len,
		.data_uptr = (uintptr_t)data,
		.fault_id = fault_id,
	};
	int err = tl_ioctl(fd, IOMMU_HWPT_ALLOC, &cmd);

	if (!err)
		*hwpt_id = cmd.out_hwpt_id;
	return err;
}

int tl_fault_queue_alloc(int fd, uint32_t *fault_id, int *fault_fd)
{
	struct iommu_fault_alloc cmd = { .size = sizeof(cmd) };
	int err = tl_ioctl(fd, IOMMU_FAULT_QUEUE_ALLOC, &cmd);

	if (!err) {
		*fault_id = cmd.out_fault_id;
		*fault_fd = cmd.out_fault_fd;
	}
	return err;
}

int tl_trigger_iopf(int fd, uint32_t dev_id, uint32_t pasid, int fault_fd)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_TRIGGER_IOPF,
		.trigger_iopf = {
			.dev_id = dev_id,
			.pasid = pasid,
			.grpid = 2,
			.perm = IOMMU_PGFAULT_PERM_READ |
				IOMMU_PGFAULT_PERM_WRITE,
			.addr = 0xdeadbeaf,
		},
	};
	struct iommu_hwpt_page_response resp = {
		.code = IOMMUFD_PAGE_RESP_SUCCESS,
	};
	struct iommu_hwpt_pgfault rec;
	int err = tl_test_cmd(fd, &cmd);

	if (err)
		return err;
	if (read(fault_fd, &rec, sizeof(rec)) != sizeof(rec))
		return EIO;
	if (rec.dev_id != dev_id || rec.addr != 0xdeadbeaf || rec.grpid != 2)
		return EIO;
	resp.cookie = rec.cookie;
	if (write(fault_fd, &resp, sizeof(resp)) != sizeof(resp))
		return EIO;
	return 0;
}

int tl_viommu_alloc(int fd, uint32_t dev_id, uint32_t hwpt_id, uint32_t type,
		    void *data, uint32_t data_len, uint32_t *viommu_id)
{
	struct iommu_viommu_alloc cmd = {
		.size = sizeof(cmd),
		.type = type,
		.dev_id = dev_id,
		.hwpt_id = hwpt_id,
		.data_len = data_len,
		.data_uptr = (uintptr_t)data,
	};
	int err = tl_ioctl(fd, IOMMU_VIOMMU_ALLOC, &cmd);

	if (!err)
		*viommu_id = cmd.out_viommu_id;
	return err;
}

int tl_vdevice_alloc(int fd, uint32_t viommu_id, uint32_t dev_id,
		     uint64_t virt_id, uint32_t *vdev_id)
{
	struct iommu_vdevice_alloc cmd = {
		.size = sizeof(cmd),
		.viommu_id = viommu_id,
		.dev_id = dev_id,
		.virt_id = virt_id,
	};
	int err = tl_ioctl(fd, IOMMU_VDEVICE_ALLOC, &cmd);

	if (!err)
		*vdev_id = cmd.out_vdevice_id;
	return err;
}

int tl_veventq_alloc(int fd, uint32_t viommu_id, uint32_t type,
		     uint32_t depth, uint32_t *veventq_id, int *veventq_fd)
{
	struct iommu_veventq_alloc cmd = {
		.size = sizeof(cmd),
		.viommu_id = viommu_id,
		.type = type,
		.veventq_depth = depth,
	};
	int err = tl_ioctl(fd, IOMMU_VEVENTQ_ALLOC, &cmd);

	if (!err) {
		if (veventq_id)
			*veventq_id = cmd.out_veventq_id;
		*veventq_fd = cmd.out_veventq_fd;
	}
	return err;
}

int tl_hw_queue_alloc(int fd, uint32_t viommu_id, uint32_t type,
		      uint32_t index, uint64_t iova, uint64_t len,
		      uint32_t *hw_queue_id)
{
	struct iommu_hw_queue_alloc cmd = {
		.size = sizeof(cmd),
		.viommu_id = viommu_id,
		.type = type,
		.index = index,
		.nesting_parent_iova = iova,
		.length = len,
	};
	int err = tl_ioctl(fd, IOMMU_HW_QUEUE_ALLOC, &cmd);

	if (!err)
		*hw_queue_id = cmd.out_hw_queue_id;
	return err;
}

int tl_hwpt_invalidate(int fd, uint32_t hwpt_id, uint32_t data_type,
		       void *reqs, uint32_t entry_len, uint32_t *num)
{
	struct iommu_hwpt_invalidate cmd = {
		.size = sizeof(cmd),
		.hwpt_id = hwpt_id,
		.data_type = data_type,
		.data_uptr = (uintptr_t)reqs,
		.entry_len = entry_len,
		.entry_num = *num,
	};
	int err = tl_ioctl(fd, IOMMU_HWPT_INVALIDATE, &cmd);

	*num = cmd.entry_num;
	return err;
}

int tl_test_cmd(int fd, struct iommu_test_cmd *cmd)
{
	cmd->size = sizeof(*cmd);
	return tl_ioctl(fd, IOMMU_TEST_CMD, cmd);
}

int tl_mock_domain(int fd, uint32_t pt_id, uint32_t *stdev_id,
		   uint32_t *hwpt_id, uint32_t *idev_id)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_MOCK_DOMAIN,
		.id = pt_id,
	};
	int err = tl_test_cmd(fd, &cmd);

	if (err)
		return err;
	if (stdev_id)
		*stdev_id = cmd.mock_domain.out_stdev_id;
	if (hwpt_id)
		*hwpt_id = cmd.mock_domain.out_hwpt_id;
	if (idev_id)
		*idev_id = cmd.mock_domain.out_idev_id;
	return 0;
}

int tl_mock_domain_replace(int fd, uint32_t stdev_id, uint32_t pt_id,
			   uint32_t *out_pt_id)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE,
		.id = stdev_id,
		.mock_domain_replace.pt_id = pt_id,
	};
	int err = tl_test_cmd(fd, &cmd);

	if (out_pt_id)
		*out_pt_id = cmd.mock_domain_replace.pt_id;
	return err;
}

int tl_sim_cmd(int fd, uint32_t op, uint32_t id, struct iommufd_sim_cmd *cmd)
{
	cmd->size = sizeof(*cmd);
	cmd->op = op;
	cmd->id = id;
	cmd->__reserved = 0;
	return tl_ioctl(fd, IOMMUFD_SIM_CMD, cmd);
}

int tl_device_alloc(int fd, uint32_t pt_id, uint32_t model, uint32_t sid,
		    struct iommufd_sim_device_alloc *out)
{
	struct iommufd_sim_cmd cmd = {
		.device_alloc = { .model = model, .stream_id = sid },
	};
	int err = tl_sim_cmd(fd, IOMMUFD_SIM_OP_DEVICE_ALLOC, pt_id, &cmd);

	if (!err)
		*out = cmd.device_alloc;
	return err;
}

int tl_viommu_counters(int fd, uint32_t viommu_id, uint32_t asid,
		       uint32_t sid, struct iommufd_sim_viommu_counters *out)
{
	struct iommufd_sim_cmd cmd = {
		.viommu_counters = { .asid = asid, .sid = sid },
	};
	int err = tl_sim_cmd(fd, IOMMUFD_SIM_OP_VIOMMU_COUNTERS, viommu_id,
			     &cmd);

	*out = cmd.viommu_counters;
	return err;
}

int tl_cmdqv_step(int fd, uint32_t viommu_id,
		  struct iommufd_sim_cmdqv_step *out)
{
	struct iommufd_sim_cmd cmd = {};
	int err = tl_sim_cmd(fd, IOMMUFD_SIM_OP_CMDQV_STEP, viommu_id, &cmd);

	if (out)
		*out = cmd.cmdqv_step;
	return err;
}

int tl_cmdqv_queue_state(int fd, uint32_t hw_queue_id,
			 struct iommufd_sim_cmdqv_queue_state *out)
{
	struct iommufd_sim_cmd cmd = {};
	int err = tl_sim_cmd(fd, IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE, hw_queue_id,
			     &cmd);

	*out = cmd.cmdqv_queue_state;
	return err;
}

int tl_cmdqv_trace(int fd, uint32_t viommu_id,
		   struct iommufd_sim_cmdqv_trace *t)
{
	struct iommufd_sim_cmd cmd = { .cmdqv_trace = *t };
	int err = tl_sim_cmd(fd, IOMMUFD_SIM_OP_CMDQV_TRACE, viommu_id, &cmd);

	*t = cmd.cmdqv_trace;
	return err;
}

/* ---- fixtures ------------------------------------------------------------ */

static int nest_parent(struct tl_nest *f)
{
	f->step = "HWPT_ALLOC nest parent";
	return tl_hwpt_alloc(f->fd, f->idev_id, f->ioas_id,
			     IOMMU_HWPT_ALLOC_NEST_PARENT,
			     IOMMU_HWPT_DATA_NONE, NULL, 0, &f->parent_id);
}

int tl_nest_selftest(struct tl_nest *f, int fd)
{
	int err;

	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->step = "IOAS_ALLOC";
	err = tl_ioas_alloc(fd, &f->ioas_id);
	if (err)
		return err;
	f->step = "MOCK_DOMAIN";
	err = tl_mock_domain(fd, f->ioas_id, &f->stdev_id, NULL, &f->idev_id);
	return err ? err : nest_parent(f);
}

int tl_nest_tegra241(struct tl_nest *f, int fd, uint32_t psid)
{
	struct iommufd_sim_device_alloc dev;
	int err;

	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->psid = psid;
	f->step = "IOAS_ALLOC";
	err = tl_ioas_alloc(fd, &f->ioas_id);
	if (err)
		return err;
	f->step = "DEVICE_ALLOC";
	err = tl_device_alloc(fd, 0, IOMMUFD_SIM_MODEL_TEGRA241, psid, &dev);
	if (err)
		return err;
	f->stdev_id = dev.out_stdev_id;
	f->idev_id = dev.out_idev_id;
	return nest_parent(f);
}

int tl_vintf_alloc(struct tl_nest *f, struct tl_vintf *v)
{
	struct iommu_viommu_tegra241_cmdqv data = {};
	void *p;
	int err;

	memset(v, 0, sizeof(*v));
	f->step = "VIOMMU_ALLOC TEGRA241_CMDQV";
	err = tl_viommu_alloc(f->fd, f->idev_id, f->parent_id,
			      IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV, &data,
			      sizeof(data), &v->viommu_id);
	if (err)
		return err;
	v->mmap_offset = data.out_vintf_mmap_offset;
	v->mmap_length = data.out_vintf_mmap_length;
	f->step = "mmap page0";
	p = mmap(NULL, v->mmap_length, PROT_READ | PROT_WRITE, MAP_SHARED,
		 f->fd, v->mmap_offset);
	if (p == MAP_FAILED)
		return errno;
	v->page0 = p;
	return 0;
}
