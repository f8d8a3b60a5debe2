/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: the engine that consumes the commands of simulated Tegra241
 * CMDQV queues (cmdqv_engine.c), as a model registers its VINTFs with it.
 *
 * The engine knows queues (struct isim_cmdqv_q, cmdqv_queue.h), not
 * vIOMMUs: a model embeds one struct isim_engine_vintf per VINTF, fills
 * the fields above "engine-private" and adds it with isim_engine_add();
 * isim_engine_remove() returns once no pass runs on it any more, so the
 * model may then free it.  The engine's list of VINTFs is under its own
 * mutex (isim_engine_lock, see the locking rules in iommufd_sim.h); a pass
 * over one VINTF holds *@lock, the model's lock of the queues.
 */
#ifndef IOMMUFD_SIM_CMDQV_ENGINE_H
#define IOMMUFD_SIM_CMDQV_ENGINE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "cmdqv_queue.h"

struct isim_engine_vintf;

struct isim_engine_vintf_ops {
	/* the queue of register window @i, i < nr_queues; under *lock */
	struct isim_cmdqv_q *(*queue)(struct isim_engine_vintf *ev,
				      unsigned int i);
	/* runs every fetched command (ctx is @ev); under *lock */
	isim_cmdqv_exec_fn exec;
	/*
	 * Make every user mapping of the register page read-only, so that
	 * the next store faults into isim_engine_page_written().  Under the
	 * engine's list lock only; must not take *lock.
	 */
	void (*write_protect)(struct isim_engine_vintf *ev);
	/*
	 * A queue stopped on an error: report the error map as it stood after
	 * the pass.  No lock held, may sleep.
	 */
	void (*report_error)(struct isim_engine_vintf *ev,
			     const u64 err_map[2]);
};

struct isim_engine_vintf {
	const struct isim_engine_vintf_ops *ops;
	struct mutex *lock;	/* the model's lock of the queues */
	unsigned int nr_queues;
	const u64 *err_map;	/* the VINTF's 128-bit error map, under *lock */
	/* engine-private */
	struct list_head item;	/* in the engine's list */
	/*
	 * Set when the engine write-protects the page to sleep; cleared by
	 * the first user store after that.  READ_ONCE/WRITE_ONCE, no lock:
	 * the store's page fault takes none.
	 */
	bool armed;
};

/* What running the engine over one or more VINTFs did */
struct isim_engine_run {
	unsigned int consumed;	/* commands executed */
	unsigned int errors;	/* queues stopped by a command error */
	unsigned int events;	/* vEVENTs raised */
	bool active;		/* anything changed: keep polling busily */
	bool more;		/* a queue has commands beyond the batch */
	bool unarmed;		/* a VINTF's page is not write-protected */
};

/* The thread, from module init to exit */
int isim_engine_start(void);
void isim_engine_stop(void);
/* Wake the thread now: a VINTF or a queue appeared */
void isim_engine_kick(void);
void isim_engine_add(struct isim_engine_vintf *ev);
void isim_engine_remove(struct isim_engine_vintf *ev);
/* The register page's on_write hook (mmap.c), data = the VINTF */
void isim_engine_page_written(void *data);
/*
 * IOMMUFD_SIM_OP_CMDQV_STEP: run @ev until nothing is left to do, at most
 * a fixed number of passes (then @run->more is set).  The caller keeps @ev
 * alive and may sleep.
 */
void isim_engine_step(struct isim_engine_vintf *ev,
		      struct isim_engine_run *run);

#endif /* IOMMUFD_SIM_CMDQV_ENGINE_H */
