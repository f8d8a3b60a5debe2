// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim: the "hardware" of the simulated Tegra241 CMDQV.
 *
 * User space drives an LVCMDQ by plain stores to its mmapped register page and
 * to the ring in guest RAM; nothing traps, so the engine polls.  One kernel
 * thread walks every VINTF in use and runs isim_cmdqv_q_pass() (cmdqv_queue.c,
 * which implements the register protocol and the rows of
 * docs/tegra241-cmdqv.md, 'Policy') on each of its LVCMDQ windows.  After any
 * activity it keeps polling for cmdqv_engine_busy_poll_us, so that a guest
 * issuing commands back to back sees CONS move at CPU speed; then it sleeps
 * cmdqv_engine_idle_poll_ms between passes.  After cmdqv_engine_doorbell_ms
 * without activity it write-protects every VINTF's page0 in every process that
 * maps it (mmap.c) and sleeps until the next user store faults and wakes it:
 * the fault is the doorbell real hardware would not need, and an idle module
 * costs nothing at all.  With no VINTF it sleeps too.  With cmdqv_engine_manual
 * set the thread does nothing and only IOMMUFD_SIM_OP_CMDQV_STEP runs the
 * engine, for deterministic tests.
 *
 * The engine knows only queues: a model registers each VINTF with
 * isim_engine_add() (cmdqv_engine.h) and supplies what a command does (the
 * exec callback; tegra241_cmdqv.c runs it through the vSMMU) and how an
 * error is reported (a TEGRA241_CMDQV vEVENT), which the engine calls with
 * the model's lock dropped, from this thread or the step ioctl: both may
 * sleep.
 */
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>

#include "cmdqv_engine.h"

/* Commands one pass runs from one queue before moving to the next */
#define ISIM_ENGINE_BATCH 256
/* Passes one IOMMUFD_SIM_OP_CMDQV_STEP runs at most */
#define ISIM_ENGINE_STEP_PASSES 4096
/* Upper bounds of the tunables, so a typo cannot wedge a CPU or the thread */
#define ISIM_ENGINE_MAX_BUSY_POLL_US 1000000U
#define ISIM_ENGINE_MAX_IDLE_POLL_MS 10000U

static bool isim_engine_manual;
static unsigned int isim_engine_busy_poll_us = 1000;
static unsigned int isim_engine_idle_poll_ms = 20;
static unsigned int isim_engine_doorbell_ms = 100;

/* The VINTFs registered (struct isim_engine_vintf), and how many */
static DEFINE_MUTEX(isim_engine_lock);
static LIST_HEAD(isim_engine_vintfs);
static unsigned int isim_engine_nr_vintfs;

static struct task_struct *isim_engine_thread;
static DECLARE_WAIT_QUEUE_HEAD(isim_engine_wait);
static bool isim_engine_kicked;

void isim_engine_kick(void)
{
	WRITE_ONCE(isim_engine_kicked, true);
	wake_up(&isim_engine_wait);
}

/* A changed parameter takes effect now, not after the current sleep */
static int isim_engine_param_set_bool(const char *val,
				      const struct kernel_param *kp)
{
	int rc = param_set_bool(val, kp);

	if (!rc)
		isim_engine_kick();
	return rc;
}

static int isim_engine_param_set_uint(const char *val,
				      const struct kernel_param *kp)
{
	int rc = param_set_uint(val, kp);

	if (!rc)
		isim_engine_kick();
	return rc;
}

static const struct kernel_param_ops isim_engine_bool_ops = {
	.set = isim_engine_param_set_bool,
	.get = param_get_bool,
};

static const struct kernel_param_ops isim_engine_uint_ops = {
	.set = isim_engine_param_set_uint,
	.get = param_get_uint,
};

module_param_cb(cmdqv_engine_manual, &isim_engine_bool_ops,
		&isim_engine_manual, 0644);
MODULE_PARM_DESC(cmdqv_engine_manual,
		 "CMDQV engine runs only on IOMMUFD_SIM_OP_CMDQV_STEP, never on its own (default N)");
module_param_cb(cmdqv_engine_busy_poll_us, &isim_engine_uint_ops,
		&isim_engine_busy_poll_us, 0644);
MODULE_PARM_DESC(cmdqv_engine_busy_poll_us,
		 "CMDQV engine keeps polling without sleeping this long after activity, at most 1000000 (default 1000)");
module_param_cb(cmdqv_engine_idle_poll_ms, &isim_engine_uint_ops,
		&isim_engine_idle_poll_ms, 0644);
MODULE_PARM_DESC(cmdqv_engine_idle_poll_ms,
		 "CMDQV engine sleeps this long between polls when idle, 1 to 10000 (default 20)");
module_param_cb(cmdqv_engine_doorbell_ms, &isim_engine_uint_ops,
		&isim_engine_doorbell_ms, 0644);
MODULE_PARM_DESC(cmdqv_engine_doorbell_ms,
		 "CMDQV engine write-protects the register pages after this long idle and sleeps until a store faults; 0 = never, always poll (default 100)");

void isim_engine_page_written(void *data)
{
	struct isim_engine_vintf *ev = data;

	WRITE_ONCE(ev->armed, false);
	isim_engine_kick();
}

void isim_engine_add(struct isim_engine_vintf *ev)
{
	mutex_lock(&isim_engine_lock);
	list_add_tail(&ev->item, &isim_engine_vintfs);
	WRITE_ONCE(isim_engine_nr_vintfs, isim_engine_nr_vintfs + 1);
	mutex_unlock(&isim_engine_lock);
	isim_engine_kick();
}

/* The thread's passes hold isim_engine_lock: none runs on @ev after this */
void isim_engine_remove(struct isim_engine_vintf *ev)
{
	mutex_lock(&isim_engine_lock);
	list_del(&ev->item);
	WRITE_ONCE(isim_engine_nr_vintfs, isim_engine_nr_vintfs - 1);
	mutex_unlock(&isim_engine_lock);
}

/*
 * One pass over every LVCMDQ window of @ev, at most @batch commands per
 * queue; adds what happened to @run.  The caller keeps the VINTF alive
 * (isim_engine_lock, or a reference on its owner) and may sleep.
 */
static void isim_engine_vintf_pass(struct isim_engine_vintf *ev,
				   unsigned int batch,
				   struct isim_engine_run *run)
{
	struct isim_cmdqv_pass res;
	bool raise = false;
	u64 err_map[2];
	unsigned int l;

	mutex_lock(ev->lock);
	for (l = 0; l < ev->nr_queues; l++) {
		isim_cmdqv_q_pass(ev->ops->queue(ev, l), batch, ev->ops->exec,
				  ev, &res);
		run->consumed += res.consumed;
		if (res.consumed || res.status_changed || res.error_acked ||
		    res.gerror_raised || res.raise_event)
			run->active = true;
		run->more |= res.pending;
		if (res.raise_event) {
			run->errors++;
			raise = true;
		}
	}
	/* the map as it stands after this pass, every queue's bit in it */
	err_map[0] = ev->err_map[0];
	err_map[1] = ev->err_map[1];
	mutex_unlock(ev->lock);

	if (raise) {
		ev->ops->report_error(ev, err_map);
		run->events++;
	}
}

/*
 * One pass over every VINTF registered.  With @arm, first write-protect
 * the page of every VINTF whose page is writable: a store that landed
 * before is seen by the pass that follows, a store after faults and clears
 * armed again (it is set before the page is protected, so that such a
 * fault cannot be lost).
 */
static void isim_engine_pass_all(struct isim_engine_run *run, bool arm)
{
	struct isim_engine_vintf *ev;

	mutex_lock(&isim_engine_lock);
	list_for_each_entry(ev, &isim_engine_vintfs, item) {
		if (arm && !READ_ONCE(ev->armed)) {
			WRITE_ONCE(ev->armed, true);
			/* the flag is visible before any entry is gone */
			smp_mb();
			ev->ops->write_protect(ev);
		}
		isim_engine_vintf_pass(ev, ISIM_ENGINE_BATCH, run);
		if (!READ_ONCE(ev->armed))
			run->unarmed = true;
	}
	mutex_unlock(&isim_engine_lock);
}

static bool isim_engine_should_wake(void)
{
	return kthread_should_stop() || READ_ONCE(isim_engine_kicked);
}

/* The sleep between passes: none needed while every page is armed */
static long isim_engine_timeout(bool manual, const struct isim_engine_run *run)
{
	if (manual || !READ_ONCE(isim_engine_nr_vintfs) || !run->unarmed)
		return MAX_SCHEDULE_TIMEOUT;
	return msecs_to_jiffies(clamp(READ_ONCE(isim_engine_idle_poll_ms), 1U,
				      ISIM_ENGINE_MAX_IDLE_POLL_MS));
}

static int isim_engine_fn(void *unused)
{
	u64 busy_until = 0, idle_since = 0;

	while (!kthread_should_stop()) {
		bool manual = READ_ONCE(isim_engine_manual), arm = false;
		unsigned int doorbell_ms = READ_ONCE(isim_engine_doorbell_ms);
		struct isim_engine_run run = {};
		u64 now = ktime_get_ns();

		/* woken by a store, a new VINTF or queue: not idle any more */
		if (READ_ONCE(isim_engine_kicked))
			idle_since = now;
		WRITE_ONCE(isim_engine_kicked, false);
		if (doorbell_ms && now - idle_since >=
				   (u64)doorbell_ms * NSEC_PER_MSEC)
			arm = true;
		if (!manual && READ_ONCE(isim_engine_nr_vintfs))
			isim_engine_pass_all(&run, arm);
		if (run.active) {
			now = ktime_get_ns();
			idle_since = now;
			busy_until = now +
				     (u64)min(READ_ONCE(isim_engine_busy_poll_us),
					      ISIM_ENGINE_MAX_BUSY_POLL_US) *
				     NSEC_PER_USEC;
		}
		if (!manual && (run.more || ktime_get_ns() < busy_until)) {
			cond_resched();
			continue;
		}
		wait_event_interruptible_timeout(isim_engine_wait,
						 isim_engine_should_wake(),
						 isim_engine_timeout(manual, &run));
	}
	return 0;
}

int isim_engine_start(void)
{
	struct task_struct *t;

	t = kthread_run(isim_engine_fn, NULL, KBUILD_MODNAME "_cmdqv");
	if (IS_ERR(t))
		return PTR_ERR(t);
	isim_engine_thread = t;
	return 0;
}

void isim_engine_stop(void)
{
	kthread_stop(isim_engine_thread);
	isim_engine_thread = NULL;
}

void isim_engine_step(struct isim_engine_vintf *ev,
		      struct isim_engine_run *total)
{
	unsigned int i;

	for (i = 0; i < ISIM_ENGINE_STEP_PASSES; i++) {
		struct isim_engine_run run = {};

		isim_engine_vintf_pass(ev, ISIM_ENGINE_BATCH, &run);
		total->consumed += run.consumed;
		total->errors += run.errors;
		total->events += run.events;
		total->more = run.active || run.more;
		if (!total->more || fatal_signal_pending(current))
			break;
		cond_resched();
	}
}
