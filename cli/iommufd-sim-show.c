// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim-show: what the simulated hardware holds and did, read from
 * the module's debugfs, with SMMUv3 commands decoded (README.md, "Watching
 * the simulated hardware").  Needs no fd of the VMM: run QEMU in one
 * terminal and this in another.
 *
 *   iommufd-sim-show [-d DIR] [-w SECONDS [-n COUNT]] [CONTEXT...]
 *
 *   -d DIR      the module's debugfs directory
 *               (default /sys/kernel/debug/iommufd_sim)
 *   -w SECONDS  show again every SECONDS (continuously; -n stops after
 *               COUNT rounds)
 *   CONTEXT     only these contexts (contexts/<N>), default all
 *
 * Exit status: 0, 1 when the directory or a named context is missing, 2
 * for bad arguments.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smmu_cmd_fmt.h"

#define DEFAULT_DIR "/sys/kernel/debug/iommufd_sim"

static const char *dbg_dir = DEFAULT_DIR;

/* The whole file as a NUL-terminated string, or NULL (errno set) */
static char *slurp(const char *path)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (!buf || fd < 0) {
		int e = errno;

		free(buf);
		if (fd >= 0)
			close(fd);
		errno = e;
		return NULL;
	}
	for (;;) {
		if (cap - len < 2) {
			char *nbuf = realloc(buf, cap * 2);

			if (!nbuf)
				goto fail;
			buf = nbuf;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
fail:
	n = errno;
	close(fd);
	free(buf);
	errno = n;
	return NULL;
}

/* One trace line of viommus, decoded; false when @line is not one */
static bool show_cmd_line(const char *line)
{
	unsigned long long seq, r0, r1, e0, e1;
	struct isim_smmu_cmd raw, exec;
	unsigned int q, cerror;
	char text[256], etext[256];
	const char *cname;

	if (sscanf(line, " cmd seq=%llu q=%u cerror=%u raw=0x%llx:0x%llx exec=0x%llx:0x%llx",
		   &seq, &q, &cerror, &r0, &r1, &e0, &e1) != 7)
		return false;
	isim_smmu_cmd_decode_words(r0, r1, &raw);
	isim_smmu_cmd_format(&raw, text, sizeof(text));
	printf("      #%llu lvcmdq %u: %s\n", seq, q, text);
	if (cerror) {
		cname = isim_cerror_name(cerror);
		if (cname)
			printf("        stopped the queue: CERROR_%s\n", cname);
		else
			printf("        stopped the queue: CERROR %u\n", cerror);
	} else if (e0 != r0 || e1 != r1) {
		/* the hardware's own VMID, or the physical SID of a vSID */
		isim_smmu_cmd_decode_words(e0, e1, &exec);
		isim_smmu_cmd_format(&exec, etext, sizeof(etext));
		printf("        executed as: %s\n", etext);
	}
	return true;
}

/* Print a debugfs file's lines under @title, indented; false if missing */
static bool show_file(const char *path, const char *title, bool decode)
{
	char *buf = slurp(path), *line, *save = NULL;

	if (!buf)
		return false;
	printf("  %s:\n", title);
	if (!*buf)
		printf("    (none)\n");
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (decode && show_cmd_line(line))
			continue;
		printf("    %s\n", line);
	}
	free(buf);
	return true;
}

static bool show_context(const char *id)
{
	static const char *const files[] = { "objects", "devices", "ioas",
					     "viommus" };
	char path[4096], *owner;
	size_t i;

	snprintf(path, sizeof(path), "%s/contexts/%s/owner", dbg_dir, id);
	owner = slurp(path);
	if (!owner)
		return false;	/* closed meanwhile, or never existed */
	owner[strcspn(owner, "\n")] = '\0';
	printf("context %s (%s)\n", id, owner);
	free(owner);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/contexts/%s/%s", dbg_dir, id,
			 files[i]);
		show_file(path, files[i], !strcmp(files[i], "viommus"));
	}
	return true;
}

static int cmp_num(const void *a, const void *b)
{
	unsigned long x = strtoul(*(char *const *)a, NULL, 10);
	unsigned long y = strtoul(*(char *const *)b, NULL, 10);

	return x < y ? -1 : x > y;
}

/* The names in @dir that are decimal numbers, sorted; *n of them */
static char **list_numbers(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		char **nv;

		if (!e->d_name[0] ||
		    strspn(e->d_name, "0123456789") != strlen(e->d_name))
			continue;
		nv = realloc(v, (*n + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_num);
	return v;
}

static void free_list(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

static void show_module(void)
{
	char path[4096], *live, *pinned;
	char **devs;
	size_t n, i;

	snprintf(path, sizeof(path), "%s/live_objects", dbg_dir);
	live = slurp(path);
	snprintf(path, sizeof(path), "%s/pinned_pages", dbg_dir);
	pinned = slurp(path);
	printf("iommufd_sim: live_objects=%s pinned_pages=%s\n",
	       live ? strtok(live, "\n") : "?",
	       pinned ? strtok(pinned, "\n") : "?");
	free(live);
	free(pinned);

	snprintf(path, sizeof(path), "%s/devices", dbg_dir);
	devs = list_numbers(path, &n);
	for (i = 0; i < n; i++) {
		char title[64];

		snprintf(path, sizeof(path), "%s/devices/%s", dbg_dir, devs[i]);
		snprintf(title, sizeof(title), "simulated VFIO device %s",
			 devs[i]);
		show_file(path, title, false);
	}
	free_list(devs, n);
}

/* One round; 1 if a context named on the command line is missing */
static int show_all(char **want, int nwant)
{
	char path[4096];
	char **ctxs;
	size_t n, i;
	int rc = 0, k;

	show_module();
	if (nwant) {
		for (k = 0; k < nwant; k++) {
			if (!show_context(want[k])) {
				fprintf(stderr, "iommufd-sim-show: no context %s in %s/contexts\n",
					want[k], dbg_dir);
				rc = 1;
			}
		}
		return rc;
	}
	snprintf(path, sizeof(path), "%s/contexts", dbg_dir);
	ctxs = list_numbers(path, &n);
	if (!n)
		printf("no open contexts\n");
	for (i = 0; i < n; i++)
		show_context(ctxs[i]);
	free_list(ctxs, n);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: iommufd-sim-show [-d DIR] [-w SECONDS [-n COUNT]] [CONTEXT...]\n"
		"  -d DIR      the module's debugfs directory (default " DEFAULT_DIR ")\n"
		"  -w SECONDS  show again every SECONDS, until interrupted or COUNT rounds\n"
		"  -n COUNT    with -w: stop after COUNT rounds\n"
		"  CONTEXT     contexts/<N> numbers to show (default: all)\n");
}

/* A positive integer argument, or exit 2 */
static long parse_pos(const char *opt, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > 86400) {
		fprintf(stderr, "iommufd-sim-show: %s wants a whole number from 1 to 86400, not '%s'\n",
			opt, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long interval = 0, count = 0, round;
	char path[4096];
	int opt, rc = 0, k;

	while ((opt = getopt(argc, argv, "d:w:n:h")) != -1) {
		switch (opt) {
		case 'd':
			dbg_dir = optarg;
			break;
		case 'w':
			interval = parse_pos("-w", optarg);
			break;
		case 'n':
			count = parse_pos("-n", optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (count && !interval) {
		fprintf(stderr, "iommufd-sim-show: -n needs -w\n");
		return 2;
	}
	for (k = optind; k < argc; k++) {
		if (!argv[k][0] ||
		    strspn(argv[k], "0123456789") != strlen(argv[k])) {
			fprintf(stderr, "iommufd-sim-show: a context is a number (contexts/<N>), not '%s'\n",
				argv[k]);
			return 2;
		}
	}
	snprintf(path, sizeof(path), "%s/contexts", dbg_dir);
	if (access(path, R_OK | X_OK)) {
		fprintf(stderr, "iommufd-sim-show: cannot read %s: %s\n"
			"  Is iommufd_sim loaded, debugfs mounted (mount -t debugfs none /sys/kernel/debug) and are you root?\n",
			path, strerror(errno));
		return 1;
	}
	for (round = 1;; round++) {
		if (interval) {
			if (isatty(STDOUT_FILENO))
				fputs("\033[H\033[2J", stdout);
			printf("--- round %ld, %ld s apart\n", round, interval);
		}
		rc |= show_all(argv + optind, argc - optind);
		fflush(stdout);
		if (!interval || (count && round >= count))
			break;
		sleep(interval);
	}
	return rc;
}
