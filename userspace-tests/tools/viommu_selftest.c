// SPDX-License-Identifier: GPL-2.0-only
/*
 * viommu_selftest: our own port of the iommufd_viommu fixture of the
 * kernel's iommufd selftest (README.md, "Upstream's selftests"), run against $IOMMUFD_SIM_DEV.
 *
 *   viommu_selftest [--no-viommu] TESTNAME
 *   viommu_selftest --list
 *
 * Runs one test with its fixture: by default the mock_viommu variant (a
 * mock device on an IOAS, a nest-parent HWPT, a selftest vIOMMU and a
 * nested HWPT on it), with --no-viommu the no_viommu variant (every id 0).
 * The teardown closes the fd and checks that no page of the test buffer is
 * left pinned.  Exit status: 0 pass, 1 fail (with a message on stderr),
 * 77 skipped, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>

#include "iommufd_util.h"
#include "testlib.h"

#define SKIP_STATUS 77
#define BUFFER_PAGES 16

static long page_size;
static void *buffer;
static size_t buffer_size;
static const char *cur_test;

struct fixture {
	int fd;
	uint32_t ioas_id;
	uint32_t stdev_id;
	uint32_t device_id;
	uint32_t hwpt_id;
	uint32_t viommu_id;
	uint32_t nested_hwpt_id;
};

static void __attribute__((format(printf, 2, 3), noreturn))
fail(int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: line %d: ", cur_test, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((noreturn)) skip(const char *why)
{
	printf("%s: SKIP: %s\n", cur_test, why);
	exit(SKIP_STATUS);
}

/* The call (returning 0 or an errno, as iommufd_util.h) must succeed. */
#define OK(expr)                                                            \
	do {                                                                \
		int err_ = (expr);                                          \
		if (err_)                                                   \
			fail(__LINE__, "%s: %s", #expr, tl_errname(err_));  \
	} while (0)

/* The call must fail with errno E. */
#define ERR(e, expr)                                                        \
	do {                                                                \
		int err_ = (expr);                                          \
		if (err_ != (e))                                            \
			fail(__LINE__, "%s: expected %s, got %s", #expr,    \
			     tl_errname(e),                                 \
			     err_ ? tl_errname(err_) : "success");          \
	} while (0)

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond))                                                \
			fail(__LINE__, "check failed: %s", #cond);          \
	} while (0)

/* Helpers of upstream's iommufd_utils.h that iommufd_util.h does not have */

static int dev_check_cache(int fd, uint32_t dev_id, uint32_t cache_id,
			   uint32_t expect)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_DEV_CHECK_CACHE,
		.id = dev_id,
		.check_dev_cache = { .id = cache_id, .cache = expect },
	};

	return tl_test_cmd(fd, &cmd);
}

/* Every cache of the device must hold expect[i] */
static void dev_check_caches(int line, int fd, uint32_t dev_id,
			     const uint32_t expect[MOCK_DEV_CACHE_NUM])
{
	uint32_t i;

	for (i = 0; i < MOCK_DEV_CACHE_NUM; i++)
		if (dev_check_cache(fd, dev_id, i, expect[i]))
			fail(line, "cache %u of device %u is not 0x%x: %s", i,
			     dev_id, expect[i], tl_errname(errno));
}

static void dev_check_cache_all(int line, int fd, uint32_t dev_id,
				uint32_t expect)
{
	uint32_t all[MOCK_DEV_CACHE_NUM], i;

	for (i = 0; i < MOCK_DEV_CACHE_NUM; i++)
		all[i] = expect;
	dev_check_caches(line, fd, dev_id, all);
}

static int trigger_vevent(int fd, uint32_t dev_id)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_TRIGGER_VEVENT,
		.trigger_vevent.dev_id = dev_id,
	};

	return tl_test_cmd(fd, &cmd);
}

/*
 * Read @n selftest vEVENTs as upstream's helper does: a LOST_EVENTS header
 * or a sequence gap is EOVERFLOW, another virt_id EINVAL (checked on the
 * first record's payload, as upstream), nothing to read EFAULT; 0 or
 * that errno.
 */
static int read_vevents(int event_fd, int n, uint32_t virt_id, int *prev_seq)
{
	const size_t rec = sizeof(struct iommufd_vevent_header) +
			   sizeof(struct iommu_viommu_event_selftest);
	struct pollfd pfd = { .fd = event_fd, .events = POLLIN };
	struct iommu_viommu_event_selftest *event;
	struct iommufd_vevent_header *hdr;
	unsigned char *data;
	ssize_t bytes;
	int i, rc;

	if (poll(&pfd, 1, 1000) < 0)
		return errno;
	data = calloc(n, rec);
	if (!data)
		return ENOMEM;
	bytes = read(event_fd, data, n * rec);
	if (bytes <= 0) {
		rc = EFAULT;
		goto out;
	}
	for (i = 0; i < n; i++) {
		hdr = (void *)(data + i * rec);
		if (hdr->flags & IOMMU_VEVENTQ_FLAG_LOST_EVENTS ||
		    (int)hdr->sequence - *prev_seq > 1) {
			*prev_seq = hdr->sequence;
			rc = EOVERFLOW;
			goto out;
		}
		*prev_seq = hdr->sequence;
		event = (void *)(data + sizeof(*hdr));
		if (event->virt_id != virt_id) {
			rc = EINVAL;
			goto out;
		}
	}
	rc = 0;
out:
	free(data);
	return rc;
}

/* mmap() of the iommufd fd: 0 or errno */
static int try_mmap(int fd, size_t len, uint64_t off)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, len);
	return 0;
}

/* Fixture iommufd_viommu: setup */
static void setup(struct fixture *self, bool viommu)
{
	struct iommu_hwpt_selftest data = { .iotlb = IOMMU_TEST_IOTLB_DEFAULT };
	struct iommu_test_cmd limit = {
		.op = IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT,
		.memory_limit.limit = 65536,
	};

	memset(self, 0, sizeof(*self));
	self->fd = tl_open();
	OK(tl_ioas_alloc(self->fd, &self->ioas_id));
	OK(tl_test_cmd(self->fd, &limit));
	if (!viommu)
		return;
	OK(tl_mock_domain(self->fd, self->ioas_id, &self->stdev_id, NULL,
		       &self->device_id));
	OK(tl_hwpt_alloc(self->fd, self->device_id, self->ioas_id,
		      IOMMU_HWPT_ALLOC_NEST_PARENT, IOMMU_HWPT_DATA_NONE, NULL,
		      0, &self->hwpt_id));
	OK(tl_viommu_alloc(self->fd, self->device_id, self->hwpt_id,
			IOMMU_VIOMMU_TYPE_SELFTEST, NULL, 0,
			&self->viommu_id));
	OK(tl_hwpt_alloc(self->fd, self->device_id, self->viommu_id, 0,
		      IOMMU_HWPT_DATA_SELFTEST, &data, sizeof(data),
		      &self->nested_hwpt_id));
}

/*
 * Teardown: closing the fd destroys everything, so no page of the buffer
 * may stay pinned (MD_CHECK_REFS with refs 0 on a fresh fd).
 */
static void teardown(struct fixture *self)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_MD_CHECK_REFS,
		.check_refs = {
			.length = buffer_size,
			.uptr = (uintptr_t)buffer,
			.refs = 0,
		},
	};
	int fd;

	close(self->fd);
	fd = open(tl_device_path(), O_RDWR | O_CLOEXEC);
	if (fd < 0)
		fail(__LINE__, "reopen: %s", tl_errname(errno));
	if (tl_test_cmd(fd, &cmd))
		fail(__LINE__, "pages left pinned after close: %s",
		     tl_errname(errno));
	close(fd);
}

/* 1: setup and teardown alone: close destroys the whole tree */
static void viommu_auto_destroy(struct fixture *self)
{
	(void)self;
}

/* 2 */
static void viommu_negative_tests(struct fixture *self)
{
	uint32_t device_id = self->device_id;
	uint32_t ioas_id = self->ioas_id;
	uint32_t hwpt_id, id;

	if (!device_id) {
		ERR(ENOENT, tl_viommu_alloc(self->fd, self->device_id,
					 self->hwpt_id,
					 IOMMU_VIOMMU_TYPE_SELFTEST, NULL, 0,
					 &id));
		return;
	}
	/* no hwpt_id */
	ERR(ENOENT, tl_viommu_alloc(self->fd, device_id, 0,
				 IOMMU_VIOMMU_TYPE_SELFTEST, NULL, 0, &id));
	/* not a nesting parent */
	OK(tl_hwpt_alloc(self->fd, device_id, ioas_id, 0, IOMMU_HWPT_DATA_NONE,
		      NULL, 0, &hwpt_id));
	ERR(EINVAL, tl_viommu_alloc(self->fd, device_id, hwpt_id,
				 IOMMU_VIOMMU_TYPE_SELFTEST, NULL, 0, &id));
	OK(tl_destroy(self->fd, hwpt_id));
	/* an unsupported type */
	ERR(EOPNOTSUPP, tl_viommu_alloc(self->fd, device_id, self->hwpt_id,
				     0xdead, NULL, 0, &id));
	ERR(EBUSY, tl_destroy(self->fd, self->hwpt_id));
	ERR(EBUSY, tl_destroy(self->fd, self->viommu_id));
}

/* 3 */
static void viommu_alloc_nested_iopf(struct fixture *self)
{
	struct iommu_hwpt_selftest data = { .iotlb = IOMMU_TEST_IOTLB_DEFAULT };
	uint32_t fault_id, hwpt_id, vdev_id;
	int fault_fd;

	if (!self->device_id)
		skip("Skipping test for variant no_viommu");
	OK(tl_fault_queue_alloc(self->fd, &fault_id, &fault_fd));
	/* a fault_id that is no queue; a flag nobody knows */
	ERR(ENOENT, tl_hwpt_alloc_iopf(self->fd, self->device_id,
				       self->viommu_id,
				       IOMMU_HWPT_FAULT_ID_VALID, UINT32_MAX,
				       IOMMU_HWPT_DATA_SELFTEST, &data,
				       sizeof(data), &hwpt_id));
	ERR(EOPNOTSUPP, tl_hwpt_alloc_iopf(self->fd, self->device_id,
					   self->viommu_id,
					   IOMMU_HWPT_FAULT_ID_VALID | (1U << 31),
					   fault_id, IOMMU_HWPT_DATA_SELFTEST,
					   &data, sizeof(data), &hwpt_id));
	OK(tl_hwpt_alloc_iopf(self->fd, self->device_id, self->viommu_id,
			      IOMMU_HWPT_FAULT_ID_VALID, fault_id,
			      IOMMU_HWPT_DATA_SELFTEST, &data, sizeof(data),
			      &hwpt_id));
	/* attaching to a nested HWPT needs the device's vDEVICE first */
	ERR(ENOENT, tl_mock_domain_replace(self->fd, self->stdev_id, hwpt_id,
					   NULL));
	OK(tl_vdevice_alloc(self->fd, self->viommu_id, self->device_id, 0x99,
			    &vdev_id));
	OK(tl_mock_domain_replace(self->fd, self->stdev_id, hwpt_id, NULL));
	ERR(EBUSY, tl_destroy(self->fd, hwpt_id));
	/* the queue is held by its fd and the HWPT */
	ERR(EBUSY, tl_destroy(self->fd, fault_id));
	OK(tl_trigger_iopf(self->fd, self->device_id, 1, fault_fd));

	OK(tl_mock_domain_replace(self->fd, self->stdev_id, self->ioas_id,
				  NULL));
	OK(tl_destroy(self->fd, hwpt_id));
	close(fault_fd);
	OK(tl_destroy(self->fd, fault_id));
}

/* 4 */
static void viommu_alloc_with_data(struct fixture *self)
{
	struct iommu_viommu_selftest data = { .in_data = 0xbeef };
	uint32_t *test;

	if (!self->device_id)
		skip("Skipping test for variant no_viommu");

	OK(tl_viommu_alloc(self->fd, self->device_id, self->hwpt_id,
			IOMMU_VIOMMU_TYPE_SELFTEST, &data, sizeof(data),
			&self->viommu_id));
	CHECK(data.out_data == data.in_data);

	/* the offset and the length cannot be changed */
	ERR(ENXIO, try_mmap(self->fd, data.out_mmap_length,
			    data.out_mmap_offset + page_size));
	ERR(ENXIO, try_mmap(self->fd, data.out_mmap_length,
			    data.out_mmap_offset + page_size * 2));
	ERR(ENXIO, try_mmap(self->fd, data.out_mmap_length / 2,
			    data.out_mmap_offset));
	ERR(ENXIO, try_mmap(self->fd, data.out_mmap_length * 2,
			    data.out_mmap_offset));

	/* the loopback */
	test = mmap(NULL, data.out_mmap_length, PROT_READ | PROT_WRITE,
		    MAP_SHARED, self->fd, data.out_mmap_offset);
	if (test == MAP_FAILED)
		fail(__LINE__, "mmap: %s", tl_errname(errno));
	CHECK(*test == data.in_data);

	/* the mapping holds the vIOMMU */
	ERR(EBUSY, tl_destroy(self->fd, self->viommu_id));
	munmap(test, data.out_mmap_length);
}

/* 5 */
static void vdevice_alloc_test(struct fixture *self)
{
	uint32_t viommu_id = self->viommu_id;
	uint32_t dev_id = self->device_id;
	uint32_t vdev_id = 0, veventq_id, veventq_id2;
	int veventq_fd, veventq_fd2;
	int prev_seq = -1;

	if (!dev_id) {
		ERR(ENOENT, tl_vdevice_alloc(self->fd, viommu_id, dev_id, 0x99,
					  &vdev_id));
		return;
	}

	/* a nested HWPT needs the device's vDEVICE first */
	ERR(ENOENT, tl_mock_domain_replace(self->fd, self->stdev_id,
					self->nested_hwpt_id, NULL));

	/* one vEVENTQ per type */
	OK(tl_veventq_alloc(self->fd, viommu_id, IOMMU_VEVENTQ_TYPE_SELFTEST, 2,
			 &veventq_id, &veventq_fd));
	ERR(EEXIST, tl_veventq_alloc(self->fd, viommu_id,
				  IOMMU_VEVENTQ_TYPE_SELFTEST, 2, &veventq_id2,
				  &veventq_fd2));

	/* a vDEVICE, then the attach and one event */
	OK(tl_vdevice_alloc(self->fd, viommu_id, dev_id, 0x99, &vdev_id));
	OK(tl_mock_domain_replace(self->fd, self->stdev_id,
			       self->nested_hwpt_id, NULL));
	OK(trigger_vevent(self->fd, dev_id));
	OK(read_vevents(veventq_fd, 1, 0x99, &prev_seq));

	/* one vDEVICE per device */
	ERR(EEXIST, tl_vdevice_alloc(self->fd, viommu_id, dev_id, 0x99,
				  &vdev_id));
	OK(tl_mock_domain_replace(self->fd, self->stdev_id, self->ioas_id, NULL));
	OK(tl_destroy(self->fd, vdev_id));

	/* an overflow: 3 events into a queue of depth 2 */
	OK(tl_vdevice_alloc(self->fd, viommu_id, dev_id, 0x88, &vdev_id));
	OK(tl_mock_domain_replace(self->fd, self->stdev_id,
			       self->nested_hwpt_id, NULL));
	OK(trigger_vevent(self->fd, dev_id));
	OK(trigger_vevent(self->fd, dev_id));
	OK(trigger_vevent(self->fd, dev_id));
	ERR(EOVERFLOW, read_vevents(veventq_fd, 3, 0x88, &prev_seq));

	/* the overflow is over: the next event follows the lost header */
	OK(trigger_vevent(self->fd, dev_id));
	OK(read_vevents(veventq_fd, 1, 0x88, &prev_seq));

	close(veventq_fd);
	OK(tl_mock_domain_replace(self->fd, self->stdev_id, self->ioas_id, NULL));
	OK(tl_destroy(self->fd, vdev_id));
	OK(tl_destroy(self->fd, veventq_id));
}

/* 6 */
static void vdevice_cache(struct fixture *self)
{
	struct iommu_viommu_invalidate_selftest inv_reqs[2] = {};
	const uint32_t T = IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST;
	const uint32_t L = sizeof(*inv_reqs);
	const uint32_t DEF = IOMMU_TEST_DEV_CACHE_DEFAULT;
	uint32_t viommu_id = self->viommu_id;
	uint32_t dev_id = self->device_id;
	int fd = self->fd;
	uint32_t vdev_id = 0, num_inv;

	if (!dev_id)
		skip("Skipping test for variant no_viommu");

	OK(tl_vdevice_alloc(fd, viommu_id, dev_id, 0x99, &vdev_id));
	dev_check_cache_all(__LINE__, fd, dev_id, DEF);

	/* an empty array checks the data type */
	num_inv = 0;
	OK(tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L, &num_inv));
	CHECK(!num_inv);

	/* another data type */
	num_inv = 1;
	ERR(EINVAL, tl_hwpt_invalidate(fd, viommu_id,
				      IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST_INVALID, inv_reqs,
				      L, &num_inv));
	CHECK(!num_inv);

	/* entry sizes: the zeroed entry names vdev_id 0, which is unknown */
	num_inv = 1;
	ERR(EINVAL, tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L + 1,
				      &num_inv));
	CHECK(!num_inv);
	num_inv = 1;
	ERR(EINVAL, tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, 1,
				      &num_inv));
	CHECK(!num_inv);

	/* an invalid flag */
	num_inv = 1;
	inv_reqs[0].flags = 0xffffffff;
	inv_reqs[0].vdev_id = 0x99;
	ERR(EOPNOTSUPP, tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L,
					  &num_inv));
	CHECK(!num_inv);

	/* no data_uptr for a non-empty array */
	num_inv = 1;
	inv_reqs[0].flags = 0;
	inv_reqs[0].vdev_id = 0x99;
	ERR(EINVAL, tl_hwpt_invalidate(fd, viommu_id, T, NULL, L, &num_inv));
	CHECK(!num_inv);

	/* no entry_len for a non-empty array */
	num_inv = 1;
	ERR(EINVAL, tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, 0,
				      &num_inv));
	CHECK(!num_inv);

	/* an invalid cache_id */
	num_inv = 1;
	inv_reqs[0].cache_id = MOCK_DEV_CACHE_ID_MAX + 1;
	ERR(EINVAL, tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L,
				      &num_inv));
	CHECK(!num_inv);

	/* an invalid vdev_id */
	num_inv = 1;
	inv_reqs[0].vdev_id = 0x9;
	inv_reqs[0].cache_id = 0;
	ERR(EINVAL, tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L,
				      &num_inv));
	CHECK(!num_inv);

	/* entry 1 done, entry 2 has invalid flags */
	num_inv = 2;
	inv_reqs[0] = (struct iommu_viommu_invalidate_selftest){ 0, 0x99, 0 };
	inv_reqs[1] = (struct iommu_viommu_invalidate_selftest){
		0xffffffff, 0x99, 1
	};
	ERR(EOPNOTSUPP, tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L,
					  &num_inv));
	CHECK(num_inv == 1);
	dev_check_caches(__LINE__, fd, dev_id,
			 (const uint32_t[]){ 0, DEF, DEF, DEF });

	/* entry 1 done, entry 2 has an invalid cache_id */
	num_inv = 2;
	inv_reqs[1] = (struct iommu_viommu_invalidate_selftest){
		0, 0x99, MOCK_DEV_CACHE_ID_MAX + 1
	};
	ERR(EINVAL, tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L,
				      &num_inv));
	CHECK(num_inv == 1);
	dev_check_caches(__LINE__, fd, dev_id,
			 (const uint32_t[]){ 0, DEF, DEF, DEF });

	/* the second entry */
	num_inv = 1;
	inv_reqs[0] = (struct iommu_viommu_invalidate_selftest){ 0, 0x99, 1 };
	OK(tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L, &num_inv));
	CHECK(num_inv == 1);
	dev_check_caches(__LINE__, fd, dev_id,
			 (const uint32_t[]){ 0, 0, DEF, DEF });

	/* the third and fourth */
	num_inv = 2;
	inv_reqs[0] = (struct iommu_viommu_invalidate_selftest){ 0, 0x99, 2 };
	inv_reqs[1] = (struct iommu_viommu_invalidate_selftest){ 0, 0x99, 3 };
	OK(tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L, &num_inv));
	CHECK(num_inv == 2);
	dev_check_cache_all(__LINE__, fd, dev_id, 0);

	/* all at once */
	num_inv = 1;
	inv_reqs[0] = (struct iommu_viommu_invalidate_selftest){
		IOMMU_TEST_INVALIDATE_FLAG_ALL, 0x99, 0
	};
	OK(tl_hwpt_invalidate(fd, viommu_id, T, inv_reqs, L, &num_inv));
	CHECK(num_inv == 1);
	dev_check_cache_all(__LINE__, fd, dev_id, 0);

	OK(tl_destroy(fd, vdev_id));
}

/* 7 */
static void hw_queue(struct fixture *self)
{
	const uint32_t T = IOMMU_HW_QUEUE_TYPE_SELFTEST;
	uint32_t viommu_id = self->viommu_id;
	uint64_t iova = MOCK_APERTURE_START, iova2;
	uint32_t q[2];
	int fd = self->fd;

	if (!viommu_id)
		skip("Skipping test for variant no_viommu");

	ERR(EOPNOTSUPP, tl_hw_queue_alloc(fd, viommu_id,
				       IOMMU_HW_QUEUE_TYPE_DEFAULT, 0, iova,
				       page_size, &q[0]));
	ERR(EINVAL, tl_hw_queue_alloc(fd, viommu_id, T, 0, iova, 0, &q[0]));
	ERR(EOVERFLOW, tl_hw_queue_alloc(fd, viommu_id, T, 0, ~(uint64_t)0,
				      page_size, &q[0]));
	/* not mapped */
	ERR(ENOENT, tl_hw_queue_alloc(fd, viommu_id, T, 0, iova, page_size,
				   &q[0]));

	OK(tl_ioas_map(fd, self->ioas_id, buffer, page_size, &iova));
	OK(tl_ioas_map(fd, self->ioas_id, (char *)buffer + page_size, page_size,
		    &iova2));

	/* indexes start at 0 and stop below IOMMU_TEST_HW_QUEUE_MAX */
	ERR(EIO, tl_hw_queue_alloc(fd, viommu_id, T, 1, iova, page_size, &q[1]));
	ERR(EINVAL, tl_hw_queue_alloc(fd, viommu_id, T, IOMMU_TEST_HW_QUEUE_MAX,
				   iova, page_size, &q[1]));
	OK(tl_hw_queue_alloc(fd, viommu_id, T, 0, iova, page_size, &q[0]));
	ERR(EEXIST, tl_hw_queue_alloc(fd, viommu_id, T, 0, iova, page_size,
				   &q[0]));

	/* the queue's page is pinned; the other one is not */
	ERR(EBUSY, tl_ioas_unmap(fd, self->ioas_id, iova, page_size, NULL));
	OK(tl_ioas_unmap(fd, self->ioas_id, iova2, page_size, NULL));

	/* an unaligned queue */
	OK(tl_hw_queue_alloc(fd, viommu_id, T, 1, iova + page_size / 2,
			  page_size / 2, &q[1]));
	/* queue 1 depends on queue 0 */
	ERR(EBUSY, tl_destroy(fd, q[0]));
	OK(tl_destroy(fd, q[1]));
	OK(tl_destroy(fd, q[0]));
	OK(tl_ioas_unmap(fd, self->ioas_id, iova, page_size, NULL));
}

/* 8 */
static void vdevice_tombstone(struct fixture *self)
{
	uint32_t vdev_id = 0;

	if (!self->device_id)
		skip("Skipping test for variant no_viommu");

	OK(tl_vdevice_alloc(self->fd, self->viommu_id, self->device_id, 0x99,
			 &vdev_id));
	OK(tl_destroy(self->fd, self->stdev_id));
	ERR(ENOENT, tl_destroy(self->fd, vdev_id));
}

static const struct {
	const char *name;
	void (*fn)(struct fixture *self);
} tests[] = {
	{ "viommu_auto_destroy", viommu_auto_destroy },
	{ "viommu_negative_tests", viommu_negative_tests },
	{ "viommu_alloc_nested_iopf", viommu_alloc_nested_iopf },
	{ "viommu_alloc_with_data", viommu_alloc_with_data },
	{ "vdevice_alloc", vdevice_alloc_test },
	{ "vdevice_cache", vdevice_cache },
	{ "hw_queue", hw_queue },
	{ "vdevice_tombstone", vdevice_tombstone },
};

int main(int argc, char **argv)
{
	struct fixture self;
	bool viommu = true;
	size_t i;
	int a = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
			printf("%s\n", tests[i].name);
		return 0;
	}
	if (a < argc && !strcmp(argv[a], "--no-viommu")) {
		viommu = false;
		a++;
	}
	if (a != argc - 1)
		tl_usage_error("usage: viommu_selftest [--no-viommu] TESTNAME | --list");
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!strcmp(tests[i].name, argv[a]))
			break;
	if (i == sizeof(tests) / sizeof(tests[0]))
		tl_usage_error("unknown test '%s' (see --list)", argv[a]);
	cur_test = tests[i].name;

	page_size = sysconf(_SC_PAGESIZE);
	buffer_size = BUFFER_PAGES * page_size;
	buffer = mmap(NULL, buffer_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buffer == MAP_FAILED)
		tl_fatal("mmap: %s", tl_errname(errno));
	/* populate it: MD_CHECK_REFS looks at every page */
	memset(buffer, 0, buffer_size);

	setup(&self, viommu);
	tests[i].fn(&self);
	teardown(&self);
	printf("%s: PASS (%s)\n", cur_test, viommu ? "mock_viommu" : "no_viommu");
	return 0;
}
