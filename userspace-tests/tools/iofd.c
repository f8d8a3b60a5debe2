// SPDX-License-Identifier: GPL-2.0-only
/*
 * iofd: run a sequence of iommufd ioctls on one or more contexts and print
 * one line per step, so a bats test can assert the exact errno and every
 * field the kernel wrote back.
 *
 *   iofd STEP...
 *
 * Steps (arguments are comma-separated KEY=VALUE after the step name):
 *   fd=N                 switch to context slot N (0-7); opened on first use
 *   open                 open the current slot now          -> "open: ok"
 *   close                close the current slot
 *   CMD[,FIELD=V...]     one ioctl by name (see 'iofd list'): fields are set
 *                        by name, "size" defaults to the struct's size;
 *                        prints "CMD: ok out_x=.. " or "CMD: ERRNO"
 *   raw,cmd=V[,size=S][,len=L][,u8@O=V][,u32@O=V][,u64@O=V]
 *       [,ptr=null|ro|bad][,dump]
 *                        an arbitrary ioctl on an L-byte buffer (default S,
 *                        at least 8) whose leading u32 is S; ptr= passes an
 *                        unusable pointer or a read-only copy; dump prints
 *                        the buffer afterwards as hex
 *   sleep,s=N            sleep N seconds
 *   touch,path=P         create file P (tells a test we got this far)
 *
 * Exit status: 0 when every step ran (whatever errno it got), 2 on a usage
 * error, 1 when the device cannot be used at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>

#include "testlib.h"

#define MAX_FDS 8
#define MAX_BUF 4096

enum { F_IN = 0, F_OUT = 1 };

struct field {
	const char *name;
	unsigned int off;
	unsigned int width;
	int dir;
};

struct cmd_desc {
	const char *name;
	unsigned long ioctl_num;
	unsigned int size;
	const struct field *fields;
	/* IOMMU_TEST_CMD / IOMMUFD_SIM_CMD: the op, preset at offset 4 */
	unsigned int op;
};

#define FLD(s, f, d) { #f, offsetof(s, f), sizeof(((s *)0)->f), d }
#define END_FIELDS { NULL, 0, 0, 0 }

static const struct field destroy_fields[] = {
	FLD(struct iommu_destroy, size, F_IN),
	FLD(struct iommu_destroy, id, F_IN),
	END_FIELDS
};

static const struct field ioas_alloc_fields[] = {
	FLD(struct iommu_ioas_alloc, size, F_IN),
	FLD(struct iommu_ioas_alloc, flags, F_IN),
	FLD(struct iommu_ioas_alloc, out_ioas_id, F_OUT),
	END_FIELDS
};

#define CMD(n, num, s, f) { n, num, sizeof(s), f, 0 }
#define TEST_OP(n, opnum, f) \
	{ n, IOMMU_TEST_CMD, sizeof(struct iommu_test_cmd), f, opnum }
#define SIM_OP(n, opnum, f) \
	{ n, IOMMUFD_SIM_CMD, sizeof(struct iommufd_sim_cmd), f, opnum }

static const struct cmd_desc cmds[] = {
	CMD("destroy", IOMMU_DESTROY, struct iommu_destroy, destroy_fields),
	CMD("ioas_alloc", IOMMU_IOAS_ALLOC, struct iommu_ioas_alloc,
	    ioas_alloc_fields),
};

static int fds[MAX_FDS];
static int cur;

static int ctx_fd(void)
{
	if (fds[cur] < 0) {
		fds[cur] = open(tl_device_path(), O_RDWR | O_CLOEXEC);
		if (fds[cur] < 0)
			tl_fatal("iofd: open %s: %s", tl_device_path(),
				 tl_errname(errno));
	}
	return fds[cur];
}

static void put_le(unsigned char *buf, unsigned int off, unsigned int width,
		   uint64_t v)
{
	if (off + width > MAX_BUF)
		tl_usage_error("offset %u beyond the buffer", off);
	memcpy(buf + off, &v, width);	/* little-endian hosts only */
}

static uint64_t get_le(const unsigned char *buf, unsigned int off,
		       unsigned int width)
{
	uint64_t v = 0;

	memcpy(&v, buf + off, width);
	return v;
}

/* Split "name,k=v,k=v" in place; returns the number of k=v pairs. */
static int split_args(char *step, char **keys, char **vals, int max)
{
	char *save, *tok;
	int n = 0;

	strtok_r(step, ",", &save);
	while ((tok = strtok_r(NULL, ",", &save))) {
		char *eq = strchr(tok, '=');

		if (n == max)
			tl_usage_error("too many arguments");
		keys[n] = tok;
		vals[n] = eq ? eq + 1 : NULL;
		if (eq)
			*eq = '\0';
		n++;
	}
	return n;
}

static int call(unsigned long num, void *arg)
{
	return ioctl(ctx_fd(), num, arg) ? errno : 0;
}

static void run_cmd(const struct cmd_desc *d, int n, char **keys, char **vals)
{
	unsigned char buf[MAX_BUF] = { 0 };
	const struct field *f;
	int i, err;

	put_le(buf, 0, 4, d->size);
	if (d->op)
		put_le(buf, 4, 4, d->op);
	for (i = 0; i < n; i++) {
		for (f = d->fields; f->name; f++)
			if (!strcmp(f->name, keys[i]))
				break;
		if (!f->name || !vals[i])
			tl_usage_error("%s: unknown field '%s'", d->name,
				       keys[i]);
		put_le(buf, f->off, f->width,
		       tl_parse_u64(keys[i], vals[i]));
	}
	err = call(d->ioctl_num, buf);
	if (err) {
		printf("%s: %s\n", d->name, tl_errname(err));
		return;
	}
	printf("%s: ok", d->name);
	for (f = d->fields; f->name; f++)
		if (f->dir == F_OUT)
			printf(" %s=%llu", f->name, (unsigned long long)
			       get_le(buf, f->off, f->width));
	printf("\n");
}

static void run_raw(int n, char **keys, char **vals)
{
	static unsigned char buf[MAX_BUF];
	unsigned long num = 0;
	uint64_t size = 8, len = 0;
	const char *ptr = NULL;
	bool dump = false, have_cmd = false;
	void *arg = buf;
	int i, err;

	memset(buf, 0, sizeof(buf));
	for (i = 0; i < n; i++) {
		if (!strcmp(keys[i], "dump")) {
			dump = true;
			continue;
		}
		if (!vals[i])
			tl_usage_error("raw: '%s' needs a value", keys[i]);
		if (!strcmp(keys[i], "cmd")) {
			num = tl_parse_u64("cmd", vals[i]);
			have_cmd = true;
		} else if (!strcmp(keys[i], "size")) {
			size = tl_parse_u64("size", vals[i]);
		} else if (!strcmp(keys[i], "len")) {
			len = tl_parse_u64("len", vals[i]);
		} else if (!strcmp(keys[i], "ptr")) {
			ptr = vals[i];
		} else if (!strncmp(keys[i], "u8@", 3)) {
			put_le(buf, tl_parse_u64("off", keys[i] + 3), 1,
			       tl_parse_u64("u8", vals[i]));
		} else if (!strncmp(keys[i], "u32@", 4)) {
			put_le(buf, tl_parse_u64("off", keys[i] + 4), 4,
			       tl_parse_u64("u32", vals[i]));
		} else if (!strncmp(keys[i], "u64@", 4)) {
			put_le(buf, tl_parse_u64("off", keys[i] + 4), 8,
			       tl_parse_u64("u64", vals[i]));
		} else {
			tl_usage_error("raw: unknown argument '%s'", keys[i]);
		}
	}
	if (!have_cmd)
		tl_usage_error("raw: cmd= is required");
	if (!len)
		len = size < 8 ? 8 : size;
	if (len > MAX_BUF)
		tl_usage_error("raw: len too large");
	put_le(buf, 0, 4, size);

	if (ptr && !strcmp(ptr, "null")) {
		arg = NULL;
	} else if (ptr && !strcmp(ptr, "bad")) {
		/* A page that is mapped nowhere: reserve it, then drop it. */
		arg = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
		if (arg == MAP_FAILED)
			tl_fatal("mmap: %s", tl_errname(errno));
		munmap(arg, 4096);
	} else if (ptr && !strcmp(ptr, "ro")) {
		arg = mmap(NULL, MAX_BUF, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (arg == MAP_FAILED)
			tl_fatal("mmap: %s", tl_errname(errno));
		memcpy(arg, buf, len);
		if (mprotect(arg, MAX_BUF, PROT_READ))
			tl_fatal("mprotect: %s", tl_errname(errno));
	} else if (ptr) {
		tl_usage_error("raw: ptr=null|bad|ro");
	}

	err = call(num, arg);
	printf("raw: %s", err ? tl_errname(err) : "ok");
	if (dump && arg == buf) {
		printf(" out=");
		for (i = 0; i < (int)len; i++)
			printf("%02x", buf[i]);
	}
	printf("\n");
	if (ptr && !strcmp(ptr, "ro"))
		munmap(arg, MAX_BUF);
}

static void run_step(char *step)
{
	char *keys[64], *vals[64];
	size_t i;
	int n;

	if (!strncmp(step, "fd=", 3)) {
		cur = tl_parse_u64("fd", step + 3);
		if (cur >= MAX_FDS)
			tl_usage_error("fd slots are 0-%d", MAX_FDS - 1);
		return;
	}
	n = split_args(step, keys, vals, 64);
	if (!strcmp(step, "open")) {
		if (fds[cur] < 0)
			fds[cur] = open(tl_device_path(), O_RDWR | O_CLOEXEC);
		printf("open: %s\n", fds[cur] < 0 ? tl_errname(errno) : "ok");
		return;
	}
	if (!strcmp(step, "close")) {
		if (fds[cur] >= 0)
			close(fds[cur]);
		fds[cur] = -1;
		return;
	}
	if (!strcmp(step, "raw")) {
		run_raw(n, keys, vals);
		return;
	}
	if (!strcmp(step, "sleep") && n == 1 && vals[0]) {
		sleep(tl_parse_u64("s", vals[0]));
		return;
	}
	if (!strcmp(step, "touch") && n == 1 && vals[0]) {
		int fd = open(vals[0], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0)
			tl_fatal("touch %s: %s", vals[0], tl_errname(errno));
		close(fd);
		return;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!strcmp(step, cmds[i].name)) {
			run_cmd(&cmds[i], n, keys, vals);
			return;
		}
	}
	tl_usage_error("unknown step '%s'", step);
}

int main(int argc, char **argv)
{
	size_t i;
	int a;

	for (a = 0; a < MAX_FDS; a++)
		fds[a] = -1;
	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			printf("%s 0x%lx\n", cmds[i].name, cmds[i].ioctl_num);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (a = 1; a < argc; a++)
		run_step(argv[a]);
	return 0;
}
