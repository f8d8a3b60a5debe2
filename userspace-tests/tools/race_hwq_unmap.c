// SPDX-License-Identifier: GPL-2.0-only
/*
 * race_hwq_unmap: two threads on one context for a few seconds.  One
 * allocates a selftest HW queue over guest memory and destroys it again;
 * the other unmaps that memory from the nesting parent's IOAS and maps it
 * back.  Every result must be one the ABI allows at that moment:
 *
 *   HW_QUEUE_ALLOC   ok, or ENOENT (some of the memory is unmapped)
 *   DESTROY          ok (nothing else holds the queue)
 *   IOAS_UNMAP       ok, or EBUSY (a queue locks some of the memory)
 *   IOAS_MAP         ok; in mode "all" also EEXIST (the unmap stopped at
 *                    the locked page after removing the other one)
 *
 *   race_hwq_unmap [-t SECONDS] [-m page|all]
 *
 * Mode "page" (default): a one-page queue; the page is unmapped by exact
 * range.  Mode "all": three pages of one huge page (so physically
 * contiguous) mapped one by one, a queue over the upper two; everything is
 * unmapped at once (iova 0, length ~0), which is not atomic: the first
 * page can go while the others are locked.
 *
 * Prints "race: ok" and the counts on success; "race: unexpected ..." and
 * exits 1 on a result the ABI does not allow.  A kernel splat is caught by
 * the VM runner.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>

#include "testlib.h"

#define IOVA 0x1000000ULL
#define PG 4096ULL

static int fd;
static unsigned int viommu_id, ioas_id;
static char *buf;
static int all_mode;
static atomic_bool stop;
static atomic_bool failed;

static unsigned long alloc_ok, alloc_enoent, unmap_ok, unmap_ebusy;
static unsigned long map_ok, map_eexist;

static unsigned int npages(void)
{
	return all_mode ? 3 : 1;
}

static int xioctl(unsigned long num, void *arg)
{
	return ioctl(fd, num, arg) ? errno : 0;
}

static void fail_with(const char *what, int err)
{
	bool was = atomic_exchange(&failed, true);

	if (!was)
		printf("race: unexpected %s %s\n", what, tl_errname(err));
	atomic_store(&stop, true);
}

static int map_page(unsigned int i)
{
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_WRITEABLE |
			 IOMMU_IOAS_MAP_READABLE,
		.ioas_id = ioas_id,
		.user_va = (uintptr_t)buf + i * PG,
		.length = PG,
		.iova = IOVA + i * PG,
	};

	return xioctl(IOMMU_IOAS_MAP, &map);
}

static int unmap(uint64_t iova, uint64_t length)
{
	struct iommu_ioas_unmap cmd = {
		.size = sizeof(cmd),
		.ioas_id = ioas_id,
		.iova = iova,
		.length = length,
	};

	return xioctl(IOMMU_IOAS_UNMAP, &cmd);
}

static void *queue_thread(void *arg)
{
	struct iommu_hw_queue_alloc cmd;
	struct iommu_destroy destroy;
	int err;

	(void)arg;
	while (!atomic_load(&stop)) {
		memset(&cmd, 0, sizeof(cmd));
		cmd.size = sizeof(cmd);
		cmd.viommu_id = viommu_id;
		cmd.type = IOMMU_HW_QUEUE_TYPE_SELFTEST;
		cmd.index = 0;
		cmd.nesting_parent_iova = all_mode ? IOVA + PG : IOVA;
		cmd.length = all_mode ? 2 * PG : PG;
		err = xioctl(IOMMU_HW_QUEUE_ALLOC, &cmd);
		if (err == ENOENT) {
			alloc_enoent++;
			continue;
		}
		if (err) {
			fail_with("HW_QUEUE_ALLOC", err);
			break;
		}
		alloc_ok++;
		destroy = (struct iommu_destroy){ .size = sizeof(destroy),
						  .id = cmd.out_hw_queue_id };
		err = xioctl(IOMMU_DESTROY, &destroy);
		if (err) {
			fail_with("DESTROY", err);
			break;
		}
	}
	return NULL;
}

static void *unmap_thread(void *arg)
{
	unsigned int i;
	int err;

	(void)arg;
	while (!atomic_load(&stop)) {
		err = all_mode ? unmap(0, UINT64_MAX) : unmap(IOVA, PG);
		if (err && err != EBUSY) {
			fail_with("IOAS_UNMAP", err);
			break;
		}
		if (!err) {
			unmap_ok++;
		} else {
			unmap_ebusy++;
			/* exact range: nothing changed; "all": maybe page 0 */
			if (!all_mode)
				continue;
		}
		for (i = 0; i < npages(); i++) {
			err = map_page(i);
			if (!err) {
				map_ok++;
			} else if (err == EEXIST && all_mode) {
				map_eexist++;
			} else {
				fail_with("IOAS_MAP", err);
				return NULL;
			}
		}
	}
	return NULL;
}

/* The fixture of upstream's hw_queue test: IOAS, mock device, nest parent */
static void setup(void)
{
	struct iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	struct iommu_test_cmd md = {
		.size = sizeof(md),
		.op = IOMMU_TEST_OP_MOCK_DOMAIN,
	};
	struct iommu_hwpt_alloc hwpt = {
		.size = sizeof(hwpt),
		.flags = IOMMU_HWPT_ALLOC_NEST_PARENT,
	};
	struct iommu_viommu_alloc viommu = {
		.size = sizeof(viommu),
		.type = IOMMU_VIOMMU_TYPE_SELFTEST,
	};
	unsigned int i;
	int err;

	fd = open(tl_device_path(), O_RDWR | O_CLOEXEC);
	if (fd < 0)
		tl_fatal("open %s: %s", tl_device_path(), tl_errname(errno));
	buf = mmap(NULL, all_mode ? 2UL << 20 : PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | (all_mode ? MAP_HUGETLB : 0),
		   -1, 0);
	if (buf == MAP_FAILED)
		tl_fatal("mmap: %s", tl_errname(errno));
	memset(buf, 0, npages() * PG);

	err = xioctl(IOMMU_IOAS_ALLOC, &ioas);
	if (err)
		tl_fatal("IOAS_ALLOC: %s", tl_errname(err));
	ioas_id = ioas.out_ioas_id;
	md.id = ioas_id;
	err = xioctl(IOMMU_TEST_CMD, &md);
	if (err)
		tl_fatal("MOCK_DOMAIN: %s", tl_errname(err));
	hwpt.dev_id = md.mock_domain.out_idev_id;
	hwpt.pt_id = ioas_id;
	err = xioctl(IOMMU_HWPT_ALLOC, &hwpt);
	if (err)
		tl_fatal("HWPT_ALLOC: %s", tl_errname(err));
	viommu.dev_id = md.mock_domain.out_idev_id;
	viommu.hwpt_id = hwpt.out_hwpt_id;
	err = xioctl(IOMMU_VIOMMU_ALLOC, &viommu);
	if (err)
		tl_fatal("VIOMMU_ALLOC: %s", tl_errname(err));
	viommu_id = viommu.out_viommu_id;
	for (i = 0; i < npages(); i++) {
		err = map_page(i);
		if (err)
			tl_fatal("IOAS_MAP: %s", tl_errname(err));
	}
}

int main(int argc, char **argv)
{
	unsigned int seconds = 3;
	pthread_t a, b;
	int opt, err;

	while ((opt = getopt(argc, argv, "t:m:")) != -1) {
		switch (opt) {
		case 't':
			seconds = tl_parse_u64("seconds", optarg);
			break;
		case 'm':
			if (!strcmp(optarg, "all"))
				all_mode = 1;
			else if (strcmp(optarg, "page"))
				tl_usage_error("-m page|all");
			break;
		default:
			tl_usage_error("race_hwq_unmap [-t SECONDS] [-m page|all]");
		}
	}
	setup();

	if (pthread_create(&a, NULL, queue_thread, NULL) ||
	    pthread_create(&b, NULL, unmap_thread, NULL))
		tl_fatal("pthread_create failed");
	sleep(seconds);
	atomic_store(&stop, true);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	if (atomic_load(&failed))
		return 1;

	/* Quiet now: no queue is left, so everything unmaps. */
	err = unmap(0, UINT64_MAX);
	if (err) {
		printf("race: unexpected final IOAS_UNMAP %s\n", tl_errname(err));
		return 1;
	}
	if (!alloc_ok || !unmap_ok) {
		printf("race: no progress alloc_ok=%lu unmap_ok=%lu\n",
		       alloc_ok, unmap_ok);
		return 1;
	}
	printf("race: ok alloc_ok=%lu alloc_enoent=%lu", alloc_ok, alloc_enoent);
	printf(" unmap_ok=%lu unmap_ebusy=%lu", unmap_ok, unmap_ebusy);
	printf(" map_ok=%lu map_eexist=%lu\n", map_ok, map_eexist);
	close(fd);
	return 0;
}
