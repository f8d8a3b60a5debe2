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
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>

#include "iommufd_util.h"
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

static void fail_with(const char *what, int err)
{
	bool was = atomic_exchange(&failed, true);

	if (!was)
		printf("race: unexpected %s %s\n", what, tl_errname(err));
	atomic_store(&stop, true);
}

static int map_page(unsigned int i)
{
	return tl_ioas_map_fixed(fd, ioas_id, buf + i * PG, PG, IOVA + i * PG);
}

static int unmap(uint64_t iova, uint64_t length)
{
	return tl_ioas_unmap(fd, ioas_id, iova, length, NULL);
}

static void *queue_thread(void *arg)
{
	uint32_t hwq_id;
	int err;

	(void)arg;
	while (!atomic_load(&stop)) {
		err = tl_hw_queue_alloc(fd, viommu_id,
					IOMMU_HW_QUEUE_TYPE_SELFTEST, 0,
					all_mode ? IOVA + PG : IOVA,
					all_mode ? 2 * PG : PG, &hwq_id);
		if (err == ENOENT) {
			alloc_enoent++;
			continue;
		}
		if (err) {
			fail_with("HW_QUEUE_ALLOC", err);
			break;
		}
		alloc_ok++;
		err = tl_destroy(fd, hwq_id);
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
	struct tl_nest nest;
	unsigned int i;

	fd = tl_open();
	buf = mmap(NULL, all_mode ? 2UL << 20 : PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | (all_mode ? MAP_HUGETLB : 0),
		   -1, 0);
	if (buf == MAP_FAILED)
		tl_fatal("mmap: %s", tl_errname(errno));
	memset(buf, 0, npages() * PG);

	TL_MUST(nest.step, tl_nest_selftest(&nest, fd));
	ioas_id = nest.ioas_id;
	TL_MUST("VIOMMU_ALLOC",
		tl_viommu_alloc(fd, nest.idev_id, nest.parent_id,
				IOMMU_VIOMMU_TYPE_SELFTEST, NULL, 0,
				&viommu_id));
	for (i = 0; i < npages(); i++)
		TL_MUST("IOAS_MAP", map_page(i));
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
