/* hostmem.c - read the host memory state of a VM; see hostmem.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "hostmem.h"

#define MAX_FILE	(64u << 20)	/* smaps of a big QEMU is ~1 MiB */

typedef int (*text_parser)(const char *buf, size_t len, void *out,
			   struct parse_error *err);

static int read_parsed(const char *path, text_parser parse, void *out,
		       struct hostmem_error *err)
{
	struct hostmem_error local;
	char *buf;
	size_t len;
	int rc;

	if (!err)
		err = &local;
	memset(err, 0, sizeof(*err));
	snprintf(err->path, sizeof(err->path), "%s", path);
	rc = read_whole_file(path, MAX_FILE, &buf, &len);
	if (rc) {
		err->errnum = -rc;
		return rc;
	}
	rc = parse(buf, len, out, &err->parse) ? -EBADMSG : 0;
	free(buf);
	return rc;
}

static int smaps_text(const char *buf, size_t len, void *out,
		      struct parse_error *err)
{
	return smaps_parse(buf, len, out, err);
}

static int buddy_text(const char *buf, size_t len, void *out,
		      struct parse_error *err)
{
	return buddyinfo_parse(buf, len, out, err);
}

static int thp_text(const char *buf, size_t len, void *out,
		    struct parse_error *err)
{
	return thp_setting_parse(buf, len, out, err);
}

int hostmem_read_smaps(pid_t pid, int full, struct smaps_summary *out,
		       struct hostmem_error *err)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid,
		 full ? "smaps" : "smaps_rollup");
	return read_parsed(path, smaps_text, out, err);
}

int hostmem_read_buddyinfo(const char *path, struct buddyinfo *out,
			   struct hostmem_error *err)
{
	return read_parsed(path, buddy_text, out, err);
}

int hostmem_read_thp(const char *path, struct thp_setting *out,
		     struct hostmem_error *err)
{
	return read_parsed(path, thp_text, out, err);
}

int hostmem_is_qemu(pid_t pid, char *comm, size_t size)
{
	char path[64], *buf;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	rc = read_whole_file(path, 4096, &buf, &len);
	if (rc)
		return rc;
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	snprintf(comm, size, "%s", buf);
	rc = !strncmp(buf, "qemu", 4);
	free(buf);
	return rc;
}

int hostmem_snapshot(pid_t pid, int full, struct hostmem *out,
		     struct hostmem_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->pid = pid;
	rc = hostmem_read_smaps(pid, full, &out->smaps, err);
	if (rc)
		return rc;
	out->have_buddy = !hostmem_read_buddyinfo(HOSTMEM_BUDDYINFO,
						  &out->buddy, NULL);
	out->have_thp = !hostmem_read_thp(HOSTMEM_THP_ENABLED, &out->thp,
					  NULL);
	return 0;
}
