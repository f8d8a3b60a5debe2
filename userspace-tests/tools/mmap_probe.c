// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmap_probe: what iofd's steps cannot do with the mmap of a selftest
 * vIOMMU's region (README.md, "The mmap contract"): fork, and racing threads.
 *
 *   mmap_probe fork          child unmaps first: the parent keeps reading
 *                            and DESTROY succeeds only after it unmaps too
 *   mmap_probe fork-parent   parent unmaps first: DESTROY stays EBUSY until
 *                            the child unmaps as well
 *   mmap_probe race SECONDS  one thread maps, reads and unmaps (whole and
 *                            in parts) while another destroys and
 *                            re-creates the vIOMMU
 *
 * Each run sets up its own context: IOAS, a mock device, a nest-parent
 * HWPT and a selftest vIOMMU whose data makes the 2-page region hold
 * IN_DATA in its first u32.  One line per step; exit status 0 when every
 * step saw what that contract says, 1 otherwise, 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>

#include "iommufd_util.h"
#include "testlib.h"

#define IN_DATA 0xbeefu

static int iommufd;
static uint32_t idev_id, hwpt_id;
static int failed;

static void check(const char *what, int got, int want)
{
	printf("%s: %s\n", what, got ? tl_errname(got) : "ok");
	if (got != want) {
		fprintf(stderr, "%s: expected %s\n", what,
			want ? tl_errname(want) : "ok");
		failed = 1;
	}
}

/* A selftest vIOMMU with data; its region's offset and length. */
static int viommu_alloc(uint32_t *id, uint64_t *off, uint64_t *len)
{
	struct iommu_viommu_selftest data = { .in_data = IN_DATA };
	int err = tl_viommu_alloc(iommufd, idev_id, hwpt_id,
				  IOMMU_VIOMMU_TYPE_SELFTEST, &data,
				  sizeof(data), id);

	if (err)
		return err;
	*off = data.out_mmap_offset;
	*len = data.out_mmap_length;
	return 0;
}

static int destroy(uint32_t id)
{
	return tl_destroy(iommufd, id);
}

static void setup(uint32_t *viommu_id, uint64_t *off, uint64_t *len)
{
	struct tl_nest nest;

	iommufd = tl_open();
	TL_MUST(nest.step, tl_nest_selftest(&nest, iommufd));
	idev_id = nest.idev_id;
	hwpt_id = nest.parent_id;
	TL_MUST("VIOMMU_ALLOC", viommu_alloc(viommu_id, off, len));
}

static void *map(uint64_t off, uint64_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, iommufd,
		       off);

	if (p == MAP_FAILED)
		tl_fatal("mmap: %s", tl_errname(errno));
	return p;
}

static void expect_read(const char *who, const void *p)
{
	uint32_t v = *(const volatile uint32_t *)p;

	printf("%s: read 0x%x\n", who, v);
	if (v != IN_DATA)
		failed = 1;
}

static void wait_byte(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		tl_fatal("pipe read: %s", tl_errname(errno));
}

static void send_byte(int fd)
{
	if (write(fd, "x", 1) != 1)
		tl_fatal("pipe write: %s", tl_errname(errno));
}

/*
 * The child inherits the mapping (vm_ops->open takes a reference for its
 * copy) and the iommufd fd.  Pipes put the two processes' steps in order.
 */
static int run_fork(bool parent_first)
{
	int to_child[2], to_parent[2], status;
	uint64_t off, len;
	uint32_t viommu;
	pid_t pid;
	void *p;

	setup(&viommu, &off, &len);
	p = map(off, len);
	if (pipe(to_child) || pipe(to_parent))
		tl_fatal("pipe: %s", tl_errname(errno));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		tl_fatal("fork: %s", tl_errname(errno));
	if (!pid) {
		if (parent_first)
			wait_byte(to_child[0]);
		expect_read("child", p);
		check("child munmap", munmap(p, len) ? errno : 0, 0);
		fflush(stdout);
		send_byte(to_parent[1]);
		_exit(failed);
	}

	if (!parent_first) {
		wait_byte(to_parent[0]);
		expect_read("parent", p);
		check("parent destroy while mapped", destroy(viommu), EBUSY);
		check("parent munmap", munmap(p, len) ? errno : 0, 0);
	} else {
		expect_read("parent", p);
		check("parent munmap", munmap(p, len) ? errno : 0, 0);
		check("parent destroy while the child maps", destroy(viommu),
		      EBUSY);
		fflush(stdout);
		send_byte(to_child[1]);
		wait_byte(to_parent[0]);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		failed = 1;
	check("parent destroy after both unmapped", destroy(viommu), 0);
	return failed;
}

/* Shared by the race threads */
static _Atomic uint32_t race_viommu;
static atomic_bool race_stop;
static atomic_ulong n_mapped, n_enxio, n_busy, n_destroyed;
static uint64_t race_off, race_len;

static void race_fail(const char *what, int err)
{
	fprintf(stderr, "race: %s: unexpected %s\n", what, tl_errname(err));
	failed = 1;
	atomic_store(&race_stop, true);
}

/*
 * ENXIO is the only refusal allowed: the vIOMMU was destroyed (its region
 * is gone) or is being destroyed or re-created.  A mapping that exists
 * always shows the data, and every unmap pattern must work.
 */
static void *race_mapper(void *unused)
{
	size_t page = sysconf(_SC_PAGESIZE);
	unsigned long i = 0;
	char *p;

	(void)unused;
	while (!atomic_load(&race_stop)) {
		p = mmap(NULL, race_len, PROT_READ | PROT_WRITE, MAP_SHARED,
			 iommufd, race_off);
		if (p == MAP_FAILED) {
			if (errno != ENXIO)
				race_fail("mmap", errno);
			atomic_fetch_add(&n_enxio, 1);
			continue;
		}
		atomic_fetch_add(&n_mapped, 1);
		if (*(volatile uint32_t *)p != IN_DATA) {
			fprintf(stderr, "race: read 0x%x\n",
				*(volatile uint32_t *)p);
			failed = 1;
		}
		/* alternately whole, and the second page before the first */
		if (i++ & 1) {
			if (munmap(p + page, race_len - page) ||
			    munmap(p, page))
				race_fail("partial munmap", errno);
		} else if (munmap(p, race_len)) {
			race_fail("munmap", errno);
		}
	}
	return NULL;
}

static void *race_destroyer(void *unused)
{
	uint64_t off, len;
	uint32_t id;
	int err;

	(void)unused;
	while (!atomic_load(&race_stop)) {
		err = destroy(atomic_load(&race_viommu));
		if (err == EBUSY) {
			atomic_fetch_add(&n_busy, 1);
			continue;
		}
		if (err) {
			race_fail("destroy", err);
			break;
		}
		atomic_fetch_add(&n_destroyed, 1);
		err = viommu_alloc(&id, &off, &len);
		if (err) {
			race_fail("VIOMMU_ALLOC", err);
			break;
		}
		/* the lowest free offset again: the only region was freed */
		if (off != race_off || len != race_len) {
			fprintf(stderr, "race: region moved to %#llx+%#llx\n",
				(unsigned long long)off,
				(unsigned long long)len);
			failed = 1;
		}
		atomic_store(&race_viommu, id);
	}
	return NULL;
}

static int run_race(unsigned int seconds)
{
	pthread_t mapper, destroyer;
	uint32_t viommu;

	setup(&viommu, &race_off, &race_len);
	atomic_store(&race_viommu, viommu);
	if (pthread_create(&mapper, NULL, race_mapper, NULL) ||
	    pthread_create(&destroyer, NULL, race_destroyer, NULL))
		tl_fatal("pthread_create failed");
	sleep(seconds);
	atomic_store(&race_stop, true);
	pthread_join(mapper, NULL);
	pthread_join(destroyer, NULL);
	/* both sides must have had their turn for the race to mean anything */
	if (!atomic_load(&n_mapped) || !atomic_load(&n_destroyed)) {
		fprintf(stderr, "race: one side never won\n");
		failed = 1;
	}
	/* counts vary from run to run: only shown when something failed */
	if (failed || getenv("MMAP_PROBE_VERBOSE"))
		fprintf(stderr,
			"race: %lu maps, %lu ENXIO, %lu EBUSY, %lu destroyed\n",
			atomic_load(&n_mapped), atomic_load(&n_enxio),
			atomic_load(&n_busy), atomic_load(&n_destroyed));
	check("destroy at the end", destroy(atomic_load(&race_viommu)), 0);
	printf("race: %s\n", failed ? "FAILED" : "ok");
	return failed;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "fork"))
		return run_fork(false);
	if (argc == 2 && !strcmp(argv[1], "fork-parent"))
		return run_fork(true);
	if (argc == 3 && !strcmp(argv[1], "race"))
		return run_race(tl_parse_u64("seconds", argv[2]));
	tl_usage_error("usage: mmap_probe fork|fork-parent|race SECONDS");
}
