// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmodctl: load and unload a module through libkmod and report the kernel's
 * answer by errno name, so tests can assert on it.
 *
 *   kmodctl insert PATH.ko [param=value ...]   -> "ok" or "EEXIST"
 *   kmodctl remove NAME                         -> "ok" or "EAGAIN"
 *   kmodctl state NAME                          -> live|coming|going|builtin|absent
 *   kmodctl refcnt NAME                         -> the use count
 *
 * Exit status: 0 ok, 1 the kernel refused (errno printed), 2 usage.
 */
#include <errno.h>
#include <stdarg.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static struct kmod_ctx *kctx;

/* The errno name we print is the whole story; libkmod's own log is noise. */
static void quiet_log(void *data, int priority, const char *file, int line,
		      const char *fn, const char *format, va_list args)
{
	(void)data; (void)priority; (void)file; (void)line; (void)fn;
	(void)format; (void)args;
}

static int report(int rc)
{
	if (rc < 0) {
		printf("%s\n", tl_errname(-rc));
		return 1;
	}
	printf("ok\n");
	return 0;
}

static int do_insert(int argc, char **argv)
{
	struct kmod_module *mod;
	size_t len = 1;
	char *opts;
	int i, rc;

	if (argc < 1)
		tl_usage_error("insert PATH.ko [param=value ...]");
	for (i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	opts = calloc(1, len);
	if (!opts)
		tl_fatal("out of memory");
	for (i = 1; i < argc; i++) {
		if (i > 1)
			strcat(opts, " ");
		strcat(opts, argv[i]);
	}
	rc = kmod_module_new_from_path(kctx, argv[0], &mod);
	if (rc < 0) {
		fprintf(stderr, "kmodctl: cannot read %s\n", argv[0]);
		free(opts);
		return report(rc);
	}
	rc = kmod_module_insert_module(mod, 0, opts);
	kmod_module_unref(mod);
	free(opts);
	return report(rc);
}

static struct kmod_module *by_name(const char *name)
{
	struct kmod_module *mod;
	int rc = kmod_module_new_from_name(kctx, name, &mod);

	if (rc < 0)
		tl_fatal("kmodctl: %s: %s", name, strerror(-rc));
	return mod;
}

static int do_remove(const char *name)
{
	struct kmod_module *mod = by_name(name);
	int rc = kmod_module_remove_module(mod, 0);

	kmod_module_unref(mod);
	return report(rc);
}

static int do_state(const char *name)
{
	struct kmod_module *mod = by_name(name);
	int st = kmod_module_get_initstate(mod);

	kmod_module_unref(mod);
	printf("%s\n", st < 0 ? "absent" : kmod_module_initstate_str(st));
	return 0;
}

static int do_refcnt(const char *name)
{
	struct kmod_module *mod = by_name(name);
	int n = kmod_module_get_refcnt(mod);

	kmod_module_unref(mod);
	if (n < 0)
		return report(n);
	printf("%d\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 3)
		tl_usage_error("kmodctl insert|remove|state|refcnt ARG...");
	kctx = kmod_new(NULL, NULL);
	if (!kctx)
		tl_fatal("kmodctl: kmod_new failed");
	kmod_set_log_fn(kctx, quiet_log, NULL);
	if (!strcmp(argv[1], "insert"))
		rc = do_insert(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "remove"))
		rc = do_remove(argv[2]);
	else if (!strcmp(argv[1], "state"))
		rc = do_state(argv[2]);
	else if (!strcmp(argv[1], "refcnt"))
		rc = do_refcnt(argv[2]);
	else
		tl_usage_error("unknown command '%s'", argv[1]);
	kmod_unref(kctx);
	return rc;
}
