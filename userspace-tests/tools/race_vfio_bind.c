// SPDX-License-Identifier: GPL-2.0-only
/*
 * race_vfio_bind: two threads on ONE open file of a simulated VFIO device
 * (README.md, "Simulated VFIO devices"), released together by a barrier,
 * for a number of rounds.  Each round opens a fresh context (with an IOAS)
 * and a fresh file of the node, then:
 *
 *   1. both threads VFIO_DEVICE_BIND_IOMMUFD the file to the context.  In
 *      even rounds both replies are writable: exactly one bind succeeds,
 *      the other is EINVAL (the file is bound, or being bound).  In odd
 *      rounds thread 0's argument is read-only, so its bind plugs the
 *      device and then cannot write out_devid: EFAULT, and it unbinds
 *      again.  Allowed then: (EFAULT, ok), (EFAULT, EINVAL) when thread 1
 *      came while thread 0 held the bind, (EINVAL, ok).
 *   2. ATTACH to the IOAS must then succeed exactly when a bind did.
 *   3. one thread ATTACHes in a loop while the other closes the file: every
 *      ATTACH is ok until the close, EBADF after it, never anything else.
 *
 *   race_vfio_bind NODE [-n ROUNDS]
 *
 * Prints "race_vfio_bind: ok" and the counts; "race_vfio_bind: unexpected
 * ..." and exits 1 on a result the ABI does not allow.  A kernel splat is
 * caught by the VM runner, leaks by the caller (debugfs counters).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/iommufd.h>
#include <linux/iommufd_sim_vfio.h>

#include "testlib.h"

static const char *node;
static int ctx, vfd, round_no;
static __u32 ioas_id;
static pthread_barrier_t barrier;
static int bind_rc[2];
static struct iommufd_sim_vfio_bind_iommufd *ro_bind;	/* a read-only page */
static bool bound;	/* a bind of this round succeeded */
static unsigned long attach_ok, attach_ebadf;
static unsigned long bind_pairs[4];	/* ok+EINVAL, EFAULT+ok, EFAULT+EINVAL, EINVAL+ok */

static void unexpected(const char *what)
{
	printf("race_vfio_bind: unexpected %s in round %d (bind %s/%s)\n", what,
	       round_no, tl_errname(bind_rc[0]), tl_errname(bind_rc[1]));
	exit(1);
}

static int do_bind(int me)
{
	struct iommufd_sim_vfio_bind_iommufd bind = {
		.argsz = sizeof(bind),
		.iommufd = ctx,
	};
	void *arg = &bind;

	if (me == 0 && round_no % 2)
		arg = ro_bind;
	return ioctl(vfd, IOMMUFD_SIM_VFIO_BIND_IOMMUFD, arg) ? errno : 0;
}

static int do_attach(void)
{
	struct iommufd_sim_vfio_attach_pt at = {
		.argsz = sizeof(at),
		.pt_id = ioas_id,
	};

	return ioctl(vfd, IOMMUFD_SIM_VFIO_ATTACH_IOMMUFD_PT, &at) ? errno : 0;
}

static void *bind_thread(void *p)
{
	int me = (int)(long)p;

	pthread_barrier_wait(&barrier);
	bind_rc[me] = do_bind(me);
	return NULL;
}

/*
 * Step 3: attach until the other thread's close shows.  Only that thread
 * closes, and no other thread opens anything meanwhile, so the fd number
 * cannot name another file: once EBADF, the loop ends.
 */
static void *attach_thread(void *p)
{
	int i, rc;

	(void)p;
	pthread_barrier_wait(&barrier);
	for (i = 0; i < 200; i++) {
		rc = do_attach();
		if (rc == EBADF) {
			attach_ebadf++;
			break;
		}
		if (rc != (bound ? 0 : EINVAL))
			unexpected(rc ? tl_errname(rc) : "attach ok while unbound");
		attach_ok += !rc;
	}
	return NULL;
}

static void *close_thread(void *p)
{
	(void)p;
	pthread_barrier_wait(&barrier);
	usleep(100 + (round_no % 7) * 50);
	close(vfd);
	return NULL;
}

static void run_pair(void *(*a)(void *), void *(*b)(void *))
{
	pthread_t t[2];

	if (pthread_create(&t[0], NULL, a, (void *)0L) ||
	    pthread_create(&t[1], NULL, b, (void *)1L))
		tl_fatal("pthread_create failed");
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
}

static void check_binds(void)
{
	int a = bind_rc[0], b = bind_rc[1];

	if (!(round_no % 2)) {
		if ((a == 0 && b == EINVAL) || (a == EINVAL && b == 0))
			bind_pairs[0]++;
		else
			unexpected("bind pair");
		return;
	}
	if (a == EFAULT && b == 0)
		bind_pairs[1]++;
	else if (a == EFAULT && b == EINVAL)
		bind_pairs[2]++;
	else if (a == EINVAL && b == 0)
		bind_pairs[3]++;
	else
		unexpected("bind pair");
}

static void one_round(void)
{
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	int rc;

	ctx = open(tl_device_path(), O_RDWR);
	if (ctx < 0)
		tl_fatal("open %s: %s", tl_device_path(), tl_errname(errno));
	if (ioctl(ctx, IOMMU_IOAS_ALLOC, &alloc))
		tl_fatal("IOAS_ALLOC: %s", tl_errname(errno));
	ioas_id = alloc.out_ioas_id;
	vfd = open(node, O_RDWR);
	if (vfd < 0)
		tl_fatal("open %s: %s", node, tl_errname(errno));
	ro_bind->iommufd = ctx;
	mprotect(ro_bind, 4096, PROT_READ);

	run_pair(bind_thread, bind_thread);
	check_binds();
	bound = bind_rc[0] == 0 || bind_rc[1] == 0;
	rc = do_attach();
	if (bound ? rc != 0 : rc != EINVAL)
		unexpected(bound ? "attach error after a bind" :
				   "attach without a bind");

	run_pair(attach_thread, close_thread);
	mprotect(ro_bind, 4096, PROT_READ | PROT_WRITE);
	close(ctx);
}

int main(int argc, char **argv)
{
	int rounds = 100, opt;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n')
			tl_usage_error("race_vfio_bind NODE [-n ROUNDS]");
		rounds = tl_parse_u64("-n", optarg);
	}
	if (optind != argc - 1)
		tl_usage_error("race_vfio_bind NODE [-n ROUNDS]");
	node = argv[optind];
	ro_bind = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro_bind == MAP_FAILED)
		tl_fatal("mmap: %s", tl_errname(errno));
	ro_bind->argsz = sizeof(*ro_bind);
	pthread_barrier_init(&barrier, NULL, 2);
	for (round_no = 0; round_no < rounds; round_no++)
		one_round();
	printf("race_vfio_bind: ok rounds=%d bind(ok+EINVAL)=%lu bind(EFAULT+ok)=%lu bind(EFAULT+EINVAL)=%lu bind(EINVAL+ok)=%lu attach_ok=%lu attach_ebadf=%lu\n",
	       rounds, bind_pairs[0], bind_pairs[1], bind_pairs[2],
	       bind_pairs[3], attach_ok, attach_ebadf);
	return 0;
}
