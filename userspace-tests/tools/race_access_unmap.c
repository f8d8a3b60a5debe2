// SPDX-License-Identifier: GPL-2.0-only
/*
 * race_access_unmap: access objects (IOMMU_TEST_OP_CREATE_ACCESS) against
 * IOAS_UNMAP of their memory, four threads on one context for a few
 * seconds, over four pages mapped at one IOVA:
 *
 *   pin       an access with NEEDS_PIN_PAGES pins two of the pages and
 *             releases them: ACCESS_PAGES ok, ENOENT (unmapped) or EINVAL
 *             (being unmapped); DESTROY_ACCESS_PAGES ok or ENOENT (the
 *             unmap released the pin first)
 *   rw        another access reads 64 bytes across a page boundary: ok
 *             (and every byte is the pattern), ENOENT or EINVAL
 *   churn     creates a pinning access, pins, moves it to a second IOAS
 *             and back (ACCESS_REPLACE_IOAS ok), closes its fd
 *   unmap     IOAS_UNMAP of the four pages and IOAS_MAP back: always ok,
 *             whatever the accesses pinned (the notification releases it)
 *
 *   race_access_unmap [-t SECONDS] [-d]     (-d: a mock domain attached)
 *
 * Prints "race: ok" and the counts on success; "race: unexpected ..." and
 * exits 1 on a result the ABI does not allow.  A kernel splat is caught by
 * the VM runner; the bats test checks that nothing is left.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>

#include "iommufd_util.h"
#include "testlib.h"

#define IOVA 0x1000000ULL
#define PG 4096ULL
#define NPAGES 4
#define PATTERN 0x5a

static int fd;
static uint32_t ioas_id, ioas2_id;
static unsigned char *buf;
static atomic_bool stop;
static atomic_bool failed;

static atomic_ulong pin_ok, pin_gone, rw_ok, rw_gone, churn_ok, unmap_ok;

static void fail_with(const char *what, int err)
{
	bool was = atomic_exchange(&failed, true);

	if (!was)
		printf("race: unexpected %s %s\n", what, tl_errname(err));
	atomic_store(&stop, true);
}

static int test_cmd(struct iommu_test_cmd *cmd)
{
	cmd->size = sizeof(*cmd);
	return tl_ioctl(fd, IOMMU_TEST_CMD, cmd);
}

static int create_access(uint32_t ioas, uint32_t flags, int *afd)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_CREATE_ACCESS,
		.id = ioas,
		.create_access = { .flags = flags },
	};
	int err = test_cmd(&cmd);

	if (!err)
		*afd = cmd.create_access.out_access_fd;
	return err;
}

static int access_pages(int afd, uint64_t iova, uint64_t len, uint32_t *id)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_ACCESS_PAGES,
		.id = afd,
		.access_pages = { .iova = iova, .length = len },
	};
	int err = test_cmd(&cmd);

	if (!err)
		*id = cmd.access_pages.out_access_pages_id;
	return err;
}

static int destroy_pages(int afd, uint32_t id)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_DESTROY_ACCESS_PAGES,
		.id = afd,
		.destroy_access_pages = { .access_pages_id = id },
	};

	return test_cmd(&cmd);
}

static int replace_ioas(int afd, uint32_t ioas)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_ACCESS_REPLACE_IOAS,
		.id = afd,
		.access_replace_ioas = { .ioas_id = ioas },
	};

	return test_cmd(&cmd);
}

/* A pin of two pages and its release; false when the thread must stop */
static bool pin_once(int afd, uint64_t iova)
{
	uint32_t id;
	int err;

	err = access_pages(afd, iova, 2 * PG, &id);
	if (err == ENOENT || err == EINVAL) {
		atomic_fetch_add(&pin_gone, 1);
		return true;
	}
	if (err) {
		fail_with("ACCESS_PAGES", err);
		return false;
	}
	atomic_fetch_add(&pin_ok, 1);
	err = destroy_pages(afd, id);
	if (err && err != ENOENT) {
		fail_with("DESTROY_ACCESS_PAGES", err);
		return false;
	}
	return true;
}

static void *pin_thread(void *arg)
{
	int afd = *(int *)arg;

	while (!atomic_load(&stop) && pin_once(afd, IOVA + PG))
		;
	return NULL;
}

static void *rw_thread(void *arg)
{
	int afd = *(int *)arg;
	unsigned char tmp[64];
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_ACCESS_RW,
		.id = afd,
		.access_rw = { .iova = IOVA + 2 * PG - 32,
			       .length = sizeof(tmp),
			       .uptr = (uintptr_t)tmp },
	};
	unsigned int i;
	int err;

	while (!atomic_load(&stop)) {
		memset(tmp, 0, sizeof(tmp));
		err = test_cmd(&cmd);
		if (err == ENOENT || err == EINVAL) {
			atomic_fetch_add(&rw_gone, 1);
			continue;
		}
		if (err) {
			fail_with("ACCESS_RW", err);
			break;
		}
		for (i = 0; i < sizeof(tmp); i++) {
			if (tmp[i] != PATTERN) {
				fail_with("ACCESS_RW data", 0);
				return NULL;
			}
		}
		atomic_fetch_add(&rw_ok, 1);
	}
	return NULL;
}

static void *churn_thread(void *arg)
{
	int afd, err;

	(void)arg;
	while (!atomic_load(&stop)) {
		err = create_access(ioas_id,
				    MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES,
				    &afd);
		if (err) {
			fail_with("CREATE_ACCESS", err);
			break;
		}
		if (!pin_once(afd, IOVA))
			break;
		/* a pin that the replace releases, if the memory is there */
		{
			uint32_t id;

			err = access_pages(afd, IOVA + 2 * PG, PG, &id);
			if (err && err != ENOENT && err != EINVAL) {
				fail_with("ACCESS_PAGES", err);
				break;
			}
		}
		err = replace_ioas(afd, ioas2_id);
		if (!err)
			err = replace_ioas(afd, ioas_id);
		if (err) {
			fail_with("ACCESS_REPLACE_IOAS", err);
			break;
		}
		close(afd);
		atomic_fetch_add(&churn_ok, 1);
	}
	return NULL;
}

static void *unmap_thread(void *arg)
{
	int err;

	(void)arg;
	while (!atomic_load(&stop)) {
		err = tl_ioas_unmap(fd, ioas_id, IOVA, NPAGES * PG, NULL);
		if (err) {
			fail_with("IOAS_UNMAP", err);
			break;
		}
		err = tl_ioas_map_fixed(fd, ioas_id, buf, NPAGES * PG, IOVA);
		if (err) {
			fail_with("IOAS_MAP", err);
			break;
		}
		atomic_fetch_add(&unmap_ok, 1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned int seconds = 3;
	int opt, pin_afd, rw_afd;
	bool domain = false;
	pthread_t t[4];
	unsigned int i;

	while ((opt = getopt(argc, argv, "t:d")) != -1) {
		switch (opt) {
		case 't':
			seconds = tl_parse_u64("seconds", optarg);
			break;
		case 'd':
			domain = true;
			break;
		default:
			tl_usage_error("race_access_unmap [-t SECONDS] [-d]");
		}
	}

	fd = tl_open();
	buf = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		tl_fatal("mmap: %s", tl_errname(errno));
	memset(buf, PATTERN, NPAGES * PG);
	TL_MUST("IOAS_ALLOC", tl_ioas_alloc(fd, &ioas_id));
	TL_MUST("IOAS_ALLOC", tl_ioas_alloc(fd, &ioas2_id));
	if (domain)
		TL_MUST("MOCK_DOMAIN",
			tl_mock_domain(fd, ioas_id, NULL, NULL, NULL));
	TL_MUST("IOAS_MAP",
		tl_ioas_map_fixed(fd, ioas_id, buf, NPAGES * PG, IOVA));
	TL_MUST("CREATE_ACCESS",
		create_access(ioas_id, MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES,
			      &pin_afd));
	TL_MUST("CREATE_ACCESS", create_access(ioas_id, 0, &rw_afd));

	if (pthread_create(&t[0], NULL, pin_thread, &pin_afd) ||
	    pthread_create(&t[1], NULL, rw_thread, &rw_afd) ||
	    pthread_create(&t[2], NULL, churn_thread, NULL) ||
	    pthread_create(&t[3], NULL, unmap_thread, NULL))
		tl_fatal("pthread_create failed");
	sleep(seconds);
	atomic_store(&stop, true);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	if (atomic_load(&failed))
		return 1;

	/* Quiet now: the accesses' pins go with their fds, then the context. */
	close(pin_afd);
	close(rw_afd);
	TL_MUST("IOAS_UNMAP", tl_ioas_unmap(fd, ioas_id, 0, UINT64_MAX, NULL));
	close(fd);
	printf("race: ok pin=%lu/%lu rw=%lu/%lu churn=%lu unmap=%lu\n",
	       atomic_load(&pin_ok), atomic_load(&pin_gone),
	       atomic_load(&rw_ok), atomic_load(&rw_gone),
	       atomic_load(&churn_ok), atomic_load(&unmap_ok));
	return 0;
}
