/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: one Tegra241 LVCMDQ as the simulated hardware sees it.
 *
 * Pure code (see pure_types.h), built into the module and into the host unit
 * test userspace-tests/host/cmdqv_queue_test.c.  It knows nothing of vIOMMUs,
 * locks or threads: the caller owns a struct isim_cmdqv_q per LVCMDQ register
 * window of a VINTF (allocated or not), serialises every call on it together
 * with the VINTF's error map, and runs isim_cmdqv_q_pass() from its engine.
 * What a pass decides on registers real hardware may treat differently is named
 * by the docs/tegra241-cmdqv.md, 'Policy' row it implements.
 *
 * Queue indices (docs/tegra241-cmdqv.md, 'Queue indices'): with n = log2size, a
 * CONS or PROD value is wrap|idx where idx = bits [n-1:0] and wrap = bit n.
 */
#ifndef IOMMUFD_SIM_CMDQV_QUEUE_H
#define IOMMUFD_SIM_CMDQV_QUEUE_H

#include "pure_types.h"
#include "smmuv3_cmd.h"

/* log2 of the entry count: 32 bytes (2 entries) .. 2^19 entries (RD/WR) */
#define ISIM_CMDQV_MIN_LOG2SIZE 1
#define ISIM_CMDQV_MAX_LOG2SIZE 19

/* The GERROR bits the simulator defines */
#define ISIM_CMDQV_GERROR_BITS \
	(IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_ERR | \
	 IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CONS_DRAM_WR_ABT_ERR | \
	 IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_INIT_ERR)

/* Per-queue command counters, kept in struct isim_cmdqv_q::nr */
enum isim_cmdqv_cnt {
	ISIM_CMDQV_CNT_TLBI_NH_ASID,
	ISIM_CMDQV_CNT_TLBI_NH_VA,
	ISIM_CMDQV_CNT_ATC_INV,
	ISIM_CMDQV_CNT_CMD_SYNC,
	ISIM_CMDQV_CNT_ERROR,	/* commands that stopped the queue */
	ISIM_CMDQV_NR_CNT,
};

struct isim_cmdqv_q {
	/* Set by isim_cmdqv_q_init(), constant afterwards */
	__le32 *win;		/* the 0x80-byte register window in page0 */
	u64 *err_map;		/* the VINTF's 128-bit LVCMDQ error map */
	unsigned int err_bit;	/* this queue's bit in it (the LVCMDQ index) */

	/* Set by isim_cmdqv_q_attach(), cleared by isim_cmdqv_q_detach() */
	const __le64 *ring;	/* NULL: no queue allocated in this window */
	unsigned int log2size;

	/*
	 * Engine-private truth of the hardware-owned registers: the page
	 * is user memory and is only ever a published copy of these.
	 */
	u32 cons;		/* wrap|idx */
	u8 cons_err;		/* CONS.ERR: a CERROR code, 0 while running */
	u32 gerror;
	bool en_req;		/* CONFIG.EN seen by the previous pass */
	bool enabled;		/* STATUS.ENABLED */

	u64 nr[ISIM_CMDQV_NR_CNT];
};

/* What one pass did, for the caller's polling and event decisions */
struct isim_cmdqv_pass {
	unsigned int consumed;	/* commands executed (CONS advanced by) */
	bool status_changed;	/* STATUS.ENABLED followed CONFIG.EN */
	bool error_acked;	/* GERRORN acknowledged CMDQ_ERR: resumed */
	bool gerror_raised;	/* a GERROR bit toggled (CMDQ_ERR/INIT_ERR) */
	bool raise_event;	/* error-map bit set: report a TEGRA241 vEVENT */
	bool pending;		/* the per-pass bound left commands to do */
	bool stalled;		/* exec asked to retry the command at CONS */
};

/*
 * Returned by an exec callback that could not run the command now (e.g. no
 * memory for a counter): the queue stalls at it, nothing is reported, and
 * the next pass fetches it again.  Not a CERROR code (those are 7 bits).
 */
#define ISIM_CMDQV_EXEC_RETRY 0xff

/*
 * Called for every command fetched, with @cerror the vCMDQ policy's verdict on
 * it: 0 for the four opcodes a VINTF queue may run (TLBI_NH_ASID, TLBI_NH_VA,
 * ATC_INV, CMD_SYNC with CS=NONE), else the CERROR code that stops the queue.
 * The callback executes an allowed command against the caller's simulated state
 * and returns 0, a CERROR code of its own (e.g. CERROR_ILL for an ATC_INV whose
 * vSID has no vDEVICE, docs/tegra241-cmdqv.md, 'Policy') or
 * ISIM_CMDQV_EXEC_RETRY; a command the policy rejected must not be executed and
 * its @cerror returned unchanged (the callback only records it).  Called with
 * the caller's locks held.
 */
typedef u8 (*isim_cmdqv_exec_fn)(void *ctx, struct isim_cmdqv_q *q,
				 const struct isim_smmu_cmd *cmd, u8 cerror);

/* wrap|idx mask for a queue of 2^n entries */
static inline u32 isim_cmdqv_ptr_mask(unsigned int n)
{
	return (2U << n) - 1;
}

/* The entry index of a wrap|idx value */
static inline u32 isim_cmdqv_idx(u32 v, unsigned int n)
{
	return IOMMUFD_SIM_TEGRA241_Q_IDX(v, n);
}

/* The wrap bit of a wrap|idx value, shifted down to 0 or 1 */
static inline u32 isim_cmdqv_wrap(u32 v, unsigned int n)
{
	return IOMMUFD_SIM_TEGRA241_Q_WRP(v, n) >> n;
}

/* The next wrap|idx: passing the last index flips the wrap bit */
static inline u32 isim_cmdqv_inc(u32 v, unsigned int n)
{
	return (v + 1) & isim_cmdqv_ptr_mask(n);
}

/* Entries between @cons and @prod: 0 (empty) .. 2^n (full) */
static inline u32 isim_cmdqv_used(u32 prod, u32 cons, unsigned int n)
{
	return (prod - cons) & isim_cmdqv_ptr_mask(n);
}

static inline bool isim_cmdqv_empty(u32 prod, u32 cons, unsigned int n)
{
	return ((prod ^ cons) & isim_cmdqv_ptr_mask(n)) == 0;
}

static inline bool isim_cmdqv_full(u32 prod, u32 cons, unsigned int n)
{
	return ((prod ^ cons) & isim_cmdqv_ptr_mask(n)) == (1U << n);
}

/*
 * log2size of a queue of @len bytes when IDR1.CMDQS is @cmdqs, or -1 when
 * @len is not a power of two from 32 bytes to 16 * 2^min(cmdqs, 19)
 * (docs/tegra241-cmdqv.md, 'VINTF and LVCMDQ allocation').
 */
int isim_cmdqv_len_to_log2size(u64 len, unsigned int cmdqs);

/* Bind @q to its register window; the window has no queue yet */
void isim_cmdqv_q_init(struct isim_cmdqv_q *q, __le32 *win, u64 *err_map,
		       unsigned int err_bit);
/*
 * A queue was allocated in the window (IOMMU_HW_QUEUE_ALLOC): latch the
 * ring and reset the window (CONFIG, STATUS, PROD and CONS zero, GERRORN
 * := GERROR).  The queue is not enabled: the guest writes CONFIG.EN.
 */
void isim_cmdqv_q_attach(struct isim_cmdqv_q *q, const __le64 *ring,
			 unsigned int log2size);
/*
 * The queue is destroyed: the sequence of docs/tegra241-cmdqv.md, 'Deinit'
 * (disable, zero PROD and CONS, acknowledge a pending error, clear the
 * error-map bit). Afterwards the ring is no longer accessed.
 */
void isim_cmdqv_q_detach(struct isim_cmdqv_q *q);

/*
 * One engine pass over @q: STATUS follows CONFIG.EN, a GERRORN
 * acknowledgment resumes a stopped queue, and at most @max commands
 * between CONS and PROD are executed through @exec.  *@res says what
 * happened; the caller reports a vEVENT when res->raise_event is set (from
 * sleepable context, with a snapshot of the error map).
 */
void isim_cmdqv_q_pass(struct isim_cmdqv_q *q, unsigned int max,
		       isim_cmdqv_exec_fn exec, void *ctx,
		       struct isim_cmdqv_pass *res);

#endif /* IOMMUFD_SIM_CMDQV_QUEUE_H */
