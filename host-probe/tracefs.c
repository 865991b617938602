/* tracefs.c - locate, mount and read tracefs; see tracefs.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "numparse.h"
#include "textscan.h"
#include "tracefs.h"

int mounts_find_type(const char *mounts, size_t len, const char *type,
		     char *out, size_t size)
{
	struct textscan ts, line;
	char dev[64], dir[256], t[32];

	textscan_init(&ts, mounts, len);
	while (textscan_line(&ts, &line)) {
		if (textscan_word(&line, dev, sizeof(dev)) < 0 ||
		    textscan_word(&line, dir, sizeof(dir)) ||
		    textscan_word(&line, t, sizeof(t)) || strcmp(t, type))
			continue;
		if (strlen(dir) >= size)
			return -ENAMETOOLONG;
		strcpy(out, dir);
		return 0;
	}
	return -ENOENT;
}

int tracefs_find_mount(const char *mounts, size_t len, char *out,
		       size_t size)
{
	char debugfs[256];
	int rc = mounts_find_type(mounts, len, "tracefs", out, size);

	if (rc != -ENOENT)
		return rc;
	rc = mounts_find_type(mounts, len, "debugfs", debugfs,
			      sizeof(debugfs));
	if (rc)
		return rc;
	if ((size_t)snprintf(out, size, "%s/tracing", debugfs) >= size)
		return -ENAMETOOLONG;
	return 0;
}

static int has_events(const char *root)
{
	char p[300];
	struct stat st;

	snprintf(p, sizeof(p), "%s/events", root);
	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

int mount_fs_at(const char *type, const char *path, char *why, size_t n)
{
	if (mount(type, path, type, 0, NULL)) {
		int e = errno;

		snprintf(why, n, "%s is not mounted and mounting it at %s "
			 "failed: %s", type, path, strerror(e));
		return e == ENODEV ? -ENOENT : -e;
	}
	return 0;
}

int tracefs_open(struct tracefs *t, const char *dir, char *why, size_t n)
{
	char *mounts;
	size_t len;
	int rc;

	memset(t, 0, sizeof(*t));
	if (dir) {
		snprintf(t->path, sizeof(t->path), "%s", dir);
		if (!has_events(t->path)) {
			snprintf(why, n, "%s: not a tracefs (no events/ "
				 "folder)", dir);
			return -ENOENT;
		}
		return 0;
	}
	if (!read_whole_file("/proc/mounts", 1 << 20, &mounts, &len)) {
		rc = tracefs_find_mount(mounts, len, t->path, sizeof(t->path));
		free(mounts);
		if (!rc && has_events(t->path))
			return 0;
	}
	snprintf(t->path, sizeof(t->path), "%s", TRACEFS_DEFAULT);
	rc = mount_fs_at("tracefs", t->path, why, n);
	if (rc)
		return rc;
	t->mounted_here = 1;
	if (!has_events(t->path)) {
		tracefs_close(t);
		snprintf(why, n, "%s: tracefs has no events/ folder "
			 "(kernel without CONFIG_EVENT_TRACING?)", t->path);
		return -ENOENT;
	}
	return 0;
}

void tracefs_close(struct tracefs *t)
{
	if (t->mounted_here && !umount(t->path))
		t->mounted_here = 0;
}

int tracefs_read_event(const char *root, const char *sys, const char *name,
		       struct tp_format *f, char **text,
		       struct parse_error *err)
{
	char path[512], *idtxt;
	size_t len;
	uint64_t id;
	int rc;

	*text = NULL;
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", root, sys,
		 name);
	rc = read_whole_file(path, 1 << 20, text, &len);
	if (rc)
		return rc;
	if (tp_format_parse(*text, len, f, err)) {
		free(*text);
		*text = NULL;
		return -EBADMSG;
	}
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", root, sys, name);
	rc = read_whole_file(path, 64, &idtxt, &len);
	if (rc)
		return 0;	/* the format's ID is enough */
	while (len && (idtxt[len - 1] == '\n'))
		idtxt[--len] = '\0';
	rc = parse_u64(idtxt, &id);
	free(idtxt);
	if (rc || id != f->id) {
		free(*text);
		*text = NULL;
		parse_error_set(err, 1, "id", "id file does not match the "
				"format's ID %u", f->id);
		return -EBADMSG;
	}
	return 0;
}
