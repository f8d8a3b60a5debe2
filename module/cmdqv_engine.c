// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim: the "hardware" of the simulated Tegra241 CMDQV.
 *
 * User space drives an LVCMDQ by plain stores to its mmapped register page
 * and to the ring in guest RAM; nothing traps, so the engine polls.  One
 * kernel thread walks every VINTF in use and runs isim_cmdqv_q_pass()
 * (cmdqv_queue.c, which implements the register protocol and the DESIGN.md
 * §4 policy rows) on each of its LVCMDQ windows.  After any activity it
 * keeps polling for cmdqv_engine_busy_poll_us, so that a guest issuing
 * commands back to back sees CONS move at CPU speed; then it sleeps
 * cmdqv_engine_idle_poll_ms between passes.  After
 * cmdqv_engine_doorbell_ms without activity it write-protects every
 * VINTF's page0 in every process that maps it (mmap.c) and sleeps until
 * the next user store faults and wakes it: the fault is the doorbell real
 * hardware would not need, and an idle module costs nothing at all.  With
 * no VINTF it sleeps too.  With cmdqv_engine_manual set the thread does
 * nothing and only IOMMUFD_SIM_OP_CMDQV_STEP runs the engine, for
 * deterministic tests.
 *
 * What a command does (the exec callback): TLBI_NH_ASID and TLBI_NH_VA run
 * with the VINTF's VMID whatever VMID field the guest wrote, as the CMDQV
 * substitutes it; ATC_INV has its vSID translated through the VINTF's SID
 * table (no match: CERROR_ILL, a policy); CMD_SYNC with CS=NONE completes
 * when CONS passes it.  Each is recorded in the vIOMMU's invalidation
 * counters (the ones the trapped path also feeds) and in the VINTF's
 * trace.  When a queue stops on an error, one TEGRA241_CMDQV vEVENT
 * carrying the VINTF's error map is reported, with viommu->lock dropped,
 * from this thread or the step ioctl: both may sleep.
 */
#include <linux/bitfield.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "iommufd_sim.h"
#include "tegra241_cmdqv.h"

/* Commands one pass runs from one queue before moving to the next */
#define ISIM_ENGINE_BATCH 256
/* Passes one IOMMUFD_SIM_OP_CMDQV_STEP runs at most */
#define ISIM_ENGINE_STEP_PASSES 4096
/* Upper bounds of the tunables, so a typo cannot wedge a CPU or the thread */
#define ISIM_ENGINE_MAX_BUSY_POLL_US 1000000U
#define ISIM_ENGINE_MAX_IDLE_POLL_MS 10000U

static bool cmdqv_engine_manual;
static unsigned int cmdqv_engine_busy_poll_us = 1000;
static unsigned int cmdqv_engine_idle_poll_ms = 20;
static unsigned int cmdqv_engine_doorbell_ms = 100;

static struct task_struct *isim_engine_thread;
static DECLARE_WAIT_QUEUE_HEAD(isim_engine_wait);
static bool isim_engine_kicked;

void isim_cmdqv_engine_kick(void)
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
		isim_cmdqv_engine_kick();
	return rc;
}

static int isim_engine_param_set_uint(const char *val,
				      const struct kernel_param *kp)
{
	int rc = param_set_uint(val, kp);

	if (!rc)
		isim_cmdqv_engine_kick();
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
		&cmdqv_engine_manual, 0644);
MODULE_PARM_DESC(cmdqv_engine_manual,
		 "CMDQV engine runs only on IOMMUFD_SIM_OP_CMDQV_STEP, never on its own (default N)");
module_param_cb(cmdqv_engine_busy_poll_us, &isim_engine_uint_ops,
		&cmdqv_engine_busy_poll_us, 0644);
MODULE_PARM_DESC(cmdqv_engine_busy_poll_us,
		 "CMDQV engine keeps polling without sleeping this long after activity, at most 1000000 (default 1000)");
module_param_cb(cmdqv_engine_idle_poll_ms, &isim_engine_uint_ops,
		&cmdqv_engine_idle_poll_ms, 0644);
MODULE_PARM_DESC(cmdqv_engine_idle_poll_ms,
		 "CMDQV engine sleeps this long between polls when idle, 1 to 10000 (default 20)");
module_param_cb(cmdqv_engine_doorbell_ms, &isim_engine_uint_ops,
		&cmdqv_engine_doorbell_ms, 0644);
MODULE_PARM_DESC(cmdqv_engine_doorbell_ms,
		 "CMDQV engine write-protects the register pages after this long idle and sleeps until a store faults; 0 = never, always poll (default 100)");

void isim_cmdqv_page0_written(void *data)
{
	struct isim_cmdqv_vintf *vintf = data;

	WRITE_ONCE(vintf->page0_armed, false);
	isim_cmdqv_engine_kick();
}

/* What running the engine over one or more VINTFs did */
struct isim_engine_run {
	unsigned int consumed;	/* commands executed */
	unsigned int errors;	/* queues stopped by a command error */
	unsigned int events;	/* vEVENTs raised */
	bool active;		/* anything changed: keep polling busily */
	bool more;		/* a queue has commands beyond the batch */
	bool unarmed;		/* a VINTF's page0 is not write-protected */
};

/* Records one fetched command in the VINTF's trace; under viommu->lock */
static void isim_engine_trace(struct isim_cmdqv_vintf *vintf,
			      struct isim_cmdqv_q *q,
			      const struct isim_smmu_cmd *cmd, u64 w0, u64 w1,
			      u8 cerror)
{
	struct iommufd_sim_cmdqv_trace_entry *e;

	e = &vintf->trace[vintf->trace_total % IOMMUFD_SIM_CMDQV_TRACE_DEPTH];
	e->seq = vintf->trace_total++;
	e->cmd[0] = cpu_to_le64(cmd->w0);
	e->cmd[1] = cpu_to_le64(cmd->w1);
	e->exec[0] = cerror ? 0 : w0;
	e->exec[1] = cerror ? 0 : w1;
	e->lvcmdq = q->err_bit;
	e->cerror = cerror;
}

static bool isim_engine_vintf_psid(struct isim_vsmmu *vsmmu, u32 vsid,
				   u32 *psid)
{
	return isim_cmdqv_vsid_to_psid(container_of(vsmmu,
						    struct isim_cmdqv_vintf,
						    vsmmu),
				       vsid, psid);
}

/*
 * isim_cmdqv_exec_fn of the VINTF @ctx, under viommu->lock: what the
 * vSMMU does with the command (isim_vsmmu_exec(), with the VINTF's SID
 * table for vSIDs), then the trace.
 */
static u8 isim_engine_exec(void *ctx, struct isim_cmdqv_q *q,
			   const struct isim_smmu_cmd *cmd, u8 cerror)
{
	struct isim_cmdqv_vintf *vintf = ctx;
	u64 w0 = cmd->w0, w1 = cmd->w1;
	int rc;

	if (!cerror) {
		rc = isim_vsmmu_exec(&vintf->vsmmu, &w0, &w1,
				     isim_engine_vintf_psid);
		/*
		 * UNVERIFIED, DESIGN.md §4 row "ATC_INV for a vSID with no
		 * vDEVICE in this VINTF": CERROR_ILL.
		 */
		if (rc == -ENOENT)
			cerror = IOMMUFD_SIM_TEGRA241_CERROR_ILL;
		/*
		 * Only a failed allocation of a new ASID or SID counter:
		 * stall at the command and fetch it again later, as hardware
		 * would stall.
		 */
		else if (rc)
			return ISIM_CMDQV_EXEC_RETRY;
	}
	isim_engine_trace(vintf, q, cmd, w0, w1, cerror);
	return cerror;
}

/*
 * One pass over every LVCMDQ window of @vintf, at most @batch commands per
 * queue; adds what happened to @run.  The caller keeps the VINTF alive
 * (isim_cmdqv_lock, or a reference on its vIOMMU) and may sleep.
 */
static void isim_engine_vintf_pass(struct isim_cmdqv_vintf *vintf,
				   unsigned int batch,
				   struct isim_engine_run *run)
{
	struct isim_viommu *viommu = vintf->vsmmu.viommu;
	struct iommu_vevent_tegra241_cmdqv ev;
	struct isim_cmdqv_pass res;
	bool raise = false;
	unsigned int l;

	mutex_lock(&viommu->lock);
	for (l = 0; l < isim_cmdqv_lvcmdqs_per_vintf; l++) {
		isim_cmdqv_q_pass(&vintf->lvcmdqs[l].q, batch,
				  isim_engine_exec, vintf, &res);
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
	ev.lvcmdq_err_map[0] = cpu_to_le64(vintf->lvcmdq_err_map[0]);
	ev.lvcmdq_err_map[1] = cpu_to_le64(vintf->lvcmdq_err_map[1]);
	mutex_unlock(&viommu->lock);

	if (raise) {
		/* EOPNOTSUPP without a TEGRA241 vEVENTQ: nobody listens */
		isim_viommu_report_event(viommu,
					 IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV,
					 &ev, sizeof(ev));
		run->events++;
	}
}

/*
 * One pass over every VINTF in use.  With @arm, first write-protect the
 * page0 of every VINTF whose page is writable: a store that landed before
 * is seen by the pass that follows, a store after faults and clears
 * page0_armed again (it is set before the page is protected, so that
 * such a fault cannot be lost).
 */
static void isim_engine_pass_all(struct isim_engine_run *run, bool arm)
{
	struct isim_cmdqv_vintf *vintf;
	unsigned int i;

	mutex_lock(&isim_cmdqv_lock);
	for (i = 1; i < isim_cmdqv_num_vintfs; i++) {
		vintf = isim_cmdqv_vintfs[i];
		if (!vintf)
			continue;
		if (arm && !READ_ONCE(vintf->page0_armed)) {
			WRITE_ONCE(vintf->page0_armed, true);
			/* the flag is visible before any entry is gone */
			smp_mb();
			isim_mmap_write_protect(vintf->vsmmu.viommu->ctx,
						vintf->mmap_offset, SZ_64K);
		}
		isim_engine_vintf_pass(vintf, ISIM_ENGINE_BATCH, run);
		if (!READ_ONCE(vintf->page0_armed))
			run->unarmed = true;
	}
	mutex_unlock(&isim_cmdqv_lock);
}

static bool isim_engine_should_wake(void)
{
	return kthread_should_stop() || READ_ONCE(isim_engine_kicked);
}

/* The sleep between passes: none needed while every page is armed */
static long isim_engine_timeout(bool manual, const struct isim_engine_run *run)
{
	if (manual || !READ_ONCE(isim_cmdqv_nr_vintfs) || !run->unarmed)
		return MAX_SCHEDULE_TIMEOUT;
	return msecs_to_jiffies(clamp(READ_ONCE(cmdqv_engine_idle_poll_ms), 1U,
				      ISIM_ENGINE_MAX_IDLE_POLL_MS));
}

static int isim_engine_fn(void *unused)
{
	u64 busy_until = 0, idle_since = 0;

	while (!kthread_should_stop()) {
		bool manual = READ_ONCE(cmdqv_engine_manual), arm = false;
		unsigned int doorbell_ms = READ_ONCE(cmdqv_engine_doorbell_ms);
		struct isim_engine_run run = {};
		u64 now = ktime_get_ns();

		/* woken by a store, a new VINTF or queue: not idle any more */
		if (READ_ONCE(isim_engine_kicked))
			idle_since = now;
		WRITE_ONCE(isim_engine_kicked, false);
		if (doorbell_ms && now - idle_since >=
				   (u64)doorbell_ms * NSEC_PER_MSEC)
			arm = true;
		if (!manual && READ_ONCE(isim_cmdqv_nr_vintfs))
			isim_engine_pass_all(&run, arm);
		if (run.active) {
			now = ktime_get_ns();
			idle_since = now;
			busy_until = now +
				     (u64)min(READ_ONCE(cmdqv_engine_busy_poll_us),
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

int isim_cmdqv_engine_start(void)
{
	struct task_struct *t;

	t = kthread_run(isim_engine_fn, NULL, ISIM_NAME "_cmdqv");
	if (IS_ERR(t))
		return PTR_ERR(t);
	isim_engine_thread = t;
	return 0;
}

void isim_cmdqv_engine_stop(void)
{
	kthread_stop(isim_engine_thread);
	isim_engine_thread = NULL;
}

/*
 * The vIOMMU @id as a VINTF, with a short-term reference the caller drops
 * with isim_obj_put(); ENOENT when @id is not a vIOMMU, EOPNOTSUPP when it
 * is not a TEGRA241_CMDQV one.
 */
static struct isim_cmdqv_vintf *isim_engine_get_vintf(struct isim_ctx *ctx,
						      u32 id)
{
	struct isim_cmdqv_vintf *vintf;
	struct isim_viommu *viommu;
	struct isim_object *obj;

	obj = isim_obj_get(ctx, id, ISIM_OBJ_VIOMMU);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	viommu = container_of(obj, struct isim_viommu, obj);
	vintf = isim_cmdqv_vintf_of(viommu);
	if (!vintf) {
		isim_obj_put(ctx, obj);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return vintf;
}

/* IOMMUFD_SIM_OP_CMDQV_STEP: run the engine on one VINTF until idle */
int isim_sim_cmdqv_step(struct isim_ucmd *ucmd, struct iommufd_sim_cmd *cmd)
{
	struct iommufd_sim_cmdqv_step *arg = &cmd->cmdqv_step;
	struct isim_engine_run total = {};
	struct isim_cmdqv_vintf *vintf;
	unsigned int i;

	if (arg->flags)
		return -EOPNOTSUPP;
	vintf = isim_engine_get_vintf(ucmd->ctx, cmd->id);
	if (IS_ERR(vintf))
		return PTR_ERR(vintf);

	for (i = 0; i < ISIM_ENGINE_STEP_PASSES; i++) {
		struct isim_engine_run run = {};

		isim_engine_vintf_pass(vintf, ISIM_ENGINE_BATCH, &run);
		total.consumed += run.consumed;
		total.errors += run.errors;
		total.events += run.events;
		total.more = run.active || run.more;
		if (!total.more || fatal_signal_pending(current))
			break;
		cond_resched();
	}
	isim_obj_put(ucmd->ctx, &vintf->vsmmu.viommu->obj);

	arg->out_consumed = total.consumed;
	arg->out_errors = total.errors;
	arg->out_events = total.events;
	arg->out_more = total.more;
	return isim_ucmd_respond(ucmd, sizeof(*cmd));
}

/* IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE: the engine's truth about one LVCMDQ */
int isim_sim_cmdqv_queue_state(struct isim_ucmd *ucmd,
			       struct iommufd_sim_cmd *cmd)
{
	struct iommufd_sim_cmdqv_queue_state *arg = &cmd->cmdqv_queue_state;
	struct isim_cmdqv_vintf *vintf;
	struct isim_cmdqv_lvcmdq *lv;
	struct isim_viommu *viommu;
	struct isim_hw_queue *hwq;
	struct isim_object *obj;
	struct isim_cmdqv_q *q;
	int rc = 0;

	obj = isim_obj_get(ucmd->ctx, cmd->id, ISIM_OBJ_HW_QUEUE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	hwq = container_of(obj, struct isim_hw_queue, obj);
	viommu = hwq->viommu;
	vintf = isim_cmdqv_vintf_of(viommu);
	if (!vintf || hwq->type != IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV) {
		rc = -EOPNOTSUPP;
		goto out_put;
	}

	mutex_lock(&viommu->lock);
	lv = &vintf->lvcmdqs[hwq->index];
	q = &lv->q;
	/* a live queue object owns its slot */
	if (WARN_ON(lv->hwq != hwq)) {
		mutex_unlock(&viommu->lock);
		rc = -EIO;
		goto out_put;
	}
	arg->out_base = lv->q_base;
	arg->out_index = hwq->index;
	arg->out_log2size = q->log2size;
	arg->out_cons = FIELD_PREP(IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_MASK,
				   q->cons_err) | q->cons;
	arg->out_gerror = q->gerror;
	arg->out_flags = 0;
	if (q->enabled)
		arg->out_flags |= IOMMUFD_SIM_CMDQV_Q_ENABLED;
	if (q->cons_err)
		arg->out_flags |= IOMMUFD_SIM_CMDQV_Q_ERROR;
	if (vintf->lvcmdq_err_map[hwq->index / 64] & BIT_ULL(hwq->index % 64))
		arg->out_flags |= IOMMUFD_SIM_CMDQV_Q_ERR_MAP;
	arg->out_nr_tlbi_nh_asid = q->nr[ISIM_CMDQV_CNT_TLBI_NH_ASID];
	arg->out_nr_tlbi_nh_va = q->nr[ISIM_CMDQV_CNT_TLBI_NH_VA];
	arg->out_nr_atc_inv = q->nr[ISIM_CMDQV_CNT_ATC_INV];
	arg->out_nr_cmd_sync = q->nr[ISIM_CMDQV_CNT_CMD_SYNC];
	arg->out_nr_errors = q->nr[ISIM_CMDQV_CNT_ERROR];
	mutex_unlock(&viommu->lock);

out_put:
	isim_obj_put(ucmd->ctx, obj);
	return rc ? rc : isim_ucmd_respond(ucmd, sizeof(*cmd));
}

/*
 * IOMMUFD_SIM_OP_CMDQV_TRACE: the newest commands of a VINTF, oldest
 * first.  Copied under viommu->lock into a kernel buffer, then to user
 * space with no lock held.
 */
int isim_sim_cmdqv_trace(struct isim_ucmd *ucmd, struct iommufd_sim_cmd *cmd)
{
	struct iommufd_sim_cmdqv_trace *arg = &cmd->cmdqv_trace;
	struct iommufd_sim_cmdqv_trace_entry *buf = NULL;
	struct isim_cmdqv_vintf *vintf;
	struct isim_viommu *viommu;
	u64 total, first, seq;
	unsigned int n = 0;
	int rc = 0;

	if (arg->entry_len != sizeof(*buf))
		return -EINVAL;
	vintf = isim_engine_get_vintf(ucmd->ctx, cmd->id);
	if (IS_ERR(vintf))
		return PTR_ERR(vintf);
	viommu = vintf->vsmmu.viommu;

	buf = kcalloc(IOMMUFD_SIM_CMDQV_TRACE_DEPTH, sizeof(*buf),
		      GFP_KERNEL_ACCOUNT);
	if (!buf) {
		rc = -ENOMEM;
		goto out_put;
	}
	mutex_lock(&viommu->lock);
	total = vintf->trace_total;
	n = min_t(u64, min_t(u64, arg->entry_num, total),
		  IOMMUFD_SIM_CMDQV_TRACE_DEPTH);
	first = total - n;
	for (seq = first; seq < total; seq++)
		buf[seq - first] =
			vintf->trace[seq % IOMMUFD_SIM_CMDQV_TRACE_DEPTH];
	mutex_unlock(&viommu->lock);

	if (n && copy_to_user(u64_to_user_ptr(arg->uptr), buf,
			      n * sizeof(*buf))) {
		rc = -EFAULT;
		goto out_put;
	}
	arg->entry_num = n;
	arg->out_total = total;
out_put:
	kfree(buf);
	isim_obj_put(ucmd->ctx, &viommu->obj);
	return rc ? rc : isim_ucmd_respond(ucmd, sizeof(*cmd));
}
