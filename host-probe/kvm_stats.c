/* kvm_stats.c - KVM's statistics of one VM from debugfs; see kvm_stats.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "kvm_stats.h"
#include "numparse.h"
#include "tracefs.h"

int kvm_stats_parse_value(const char *buf, size_t len, uint64_t *v,
			  struct parse_error *err)
{
	char text[32];

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len || len >= sizeof(text))
		return parse_error_set(err, 1, "value", "%s", len ?
				       "longer than a 64-bit count" : "empty");
	if (memchr(buf, '\0', len))
		return parse_error_set(err, 1, "value", "a NUL byte in it");
	memcpy(text, buf, len);
	text[len] = '\0';
	if (parse_u64(text, v))
		return parse_error_set(err, 1, "value", "\"%s\" is not a count",
				       text);
	return 0;
}

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* s->debugfs: the given one, the mounted one, or one mounted here. */
static int find_debugfs(struct kvm_stats_set *s, const char *dir, char *why,
			size_t n)
{
	char *mounts;
	size_t len;
	int rc;

	if (dir) {
		snprintf(s->debugfs, sizeof(s->debugfs), "%s", dir);
		return 0;
	}
	if (!read_whole_file("/proc/mounts", 1 << 20, &mounts, &len)) {
		rc = mounts_find_type(mounts, len, "debugfs", s->debugfs,
				      sizeof(s->debugfs));
		free(mounts);
		if (!rc)
			return 0;
	}
	snprintf(s->debugfs, sizeof(s->debugfs), "%s",
		 KVM_STATS_DEBUGFS_DEFAULT);
	rc = mount_fs_at("debugfs", s->debugfs, why, n);
	if (!rc)
		s->mounted_here = 1;
	return rc;
}

int kvm_stats_open(struct kvm_stats_set *s, const char *debugfs, pid_t pid,
		   char *why, size_t n)
{
	char kvm[300], prefix[24];
	struct dirent *e;
	size_t plen;
	DIR *d;
	int rc;

	memset(s, 0, sizeof(*s));
	s->pid = pid;
	rc = find_debugfs(s, debugfs, why, n);
	if (rc)
		return rc;
	snprintf(kvm, sizeof(kvm), "%s/kvm", s->debugfs);
	d = is_dir(kvm) ? opendir(kvm) : NULL;
	if (!d) {
		snprintf(why, n, "%s: no KVM statistics (%s)", kvm,
			 strerror(errno));
		kvm_stats_close(s);
		return -ENOENT;
	}
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%d-", (int)pid);
	while ((e = readdir(d)) && s->nvms < KVM_STATS_MAX_VMS)
		if (!strncmp(e->d_name, prefix, plen) &&
		    strlen(e->d_name) < sizeof(s->vm[0]))
			snprintf(s->vm[s->nvms++], sizeof(s->vm[0]), "%s",
				 e->d_name);
	closedir(d);
	if (!s->nvms) {
		snprintf(why, n, "%s: no VM of pid %d (no %s* folder)", kvm,
			 (int)pid, prefix);
		kvm_stats_close(s);
		return -ENOENT;
	}
	return 0;
}

int kvm_stats_read(const struct kvm_stats_set *s, const char *name,
		   uint64_t *v, char *why, size_t n)
{
	*v = 0;
	for (unsigned i = 0; i < s->nvms; i++) {
		char path[400], buf[40];
		struct parse_error err = { 0 };
		uint64_t one;
		ssize_t got;
		int fd;

		snprintf(path, sizeof(path), "%s/kvm/%s/%s", s->debugfs,
			 s->vm[i], name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;

			snprintf(why, n, "%s: %s", path, strerror(e));
			return -e;
		}
		got = read(fd, buf, sizeof(buf));
		close(fd);
		if (got < 0) {
			int e = errno;

			snprintf(why, n, "%s: %s", path, strerror(e));
			return -e;
		}
		if (kvm_stats_parse_value(buf, (size_t)got, &one, &err)) {
			snprintf(why, n, "%s: %s: %s", path, err.field,
				 err.msg);
			return -EBADMSG;
		}
		*v += one;
	}
	return 0;
}

void kvm_stats_close(struct kvm_stats_set *s)
{
	if (s->mounted_here && !umount(s->debugfs))
		s->mounted_here = 0;
}
