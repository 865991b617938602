/*
 * tracefs.h - find (or mount) tracefs and read event descriptions from it.
 *
 * Debian does not mount tracefs by default (DESIGN.md).  tracefs_open()
 * uses an existing mount, else mounts one at /sys/kernel/tracing and
 * remembers that it did, so tracefs_close() unmounts exactly what this
 * process mounted and nothing else.
 */
#ifndef TLBPROBE_TRACEFS_H
#define TLBPROBE_TRACEFS_H

#include <stddef.h>

#include "parse_error.h"
#include "tp_format.h"

#define TRACEFS_DEFAULT	"/sys/kernel/tracing"

struct tracefs {
	char path[256];		/* the tracefs root in use */
	int mounted_here;	/* we mounted it: unmount on close */
};

/*
 * mounts_find_type - the mount point of the first file system of type
 * ("debugfs") in len bytes of /proc/mounts text into out.  Returns 0,
 * -ENOENT (none), -ENAMETOOLONG (does not fit in size).
 */
int mounts_find_type(const char *mounts, size_t len, const char *type,
		     char *out, size_t size);

/* mount_fs_at - mount a file system of type (with no device: tracefs,
 * debugfs) at path.  0, or -errno with why: -ENOENT when this kernel has
 * no such file system. */
int mount_fs_at(const char *type, const char *path, char *why, size_t n);

/*
 * tracefs_find_mount - the tracefs root named in len bytes of
 * /proc/mounts text: the first "tracefs" mount, else DEBUGFS/tracing of
 * the first debugfs mount.  Returns 0 with out set, -ENOENT when there is
 * none, -ENAMETOOLONG when it does not fit in size.
 */
int tracefs_find_mount(const char *mounts, size_t len, char *out,
		       size_t size);

/*
 * tracefs_open - use tracefs at dir when dir is not NULL (it must hold
 * events/), else find a mounted one, else mount one at TRACEFS_DEFAULT.
 * Returns 0, or a -errno with why (one line) set: -ENOENT dir is not a
 * tracefs / no tracefs in this kernel, -EPERM not allowed to mount, other
 * mount(2) errors.
 */
int tracefs_open(struct tracefs *t, const char *dir, char *why, size_t n);
/* Unmount what tracefs_open mounted; nothing otherwise. */
void tracefs_close(struct tracefs *t);

/*
 * tracefs_read_event - read ROOT/events/SYS/NAME/format and its id file
 * into f; *text (malloc'd, free it) holds the format text that
 * f->print_fmt points into.  The id file must agree with the format's
 * ID.  Returns 0, -ENOENT (no such event), -EBADMSG (format does not
 * parse, or the ids differ; err says where), other -errno.
 */
int tracefs_read_event(const char *root, const char *sys, const char *name,
		       struct tp_format *f, char **text,
		       struct parse_error *err);

#endif
