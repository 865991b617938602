/* kvm_proc.c - KVM processes and threads in /proc; see kvm_proc.h. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "kvm_proc.h"
#include "numparse.h"

static void read_comm(const char *path, char *comm, size_t size)
{
	char *buf;
	size_t len;

	if (size)
		comm[0] = '\0';
	if (read_whole_file(path, 4096, &buf, &len))
		return;
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	snprintf(comm, size, "%s", buf);
	free(buf);
}

/* 1 when some fd of pid links to /dev/kvm, 0 when none, -errno. */
static int has_kvm_fd(const char *proc, pid_t pid)
{
	char dir[256], path[300], link[64];
	struct dirent *d;
	DIR *fds;
	int found = 0;

	snprintf(dir, sizeof(dir), "%s/%d/fd", proc, (int)pid);
	fds = opendir(dir);
	if (!fds)
		return -errno;
	while (!found && (d = readdir(fds))) {
		ssize_t n;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		found = !strcmp(link, "/dev/kvm");
	}
	closedir(fds);
	return found;
}

int kvm_proc_check(const char *proc, pid_t pid, char *comm, size_t size)
{
	char path[256];
	int mask = 0, rc;

	snprintf(path, sizeof(path), "%s/%d", proc, (int)pid);
	if (access(path, F_OK))
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/%d/comm", proc, (int)pid);
	read_comm(path, comm, size);
	if (!strncmp(comm, "qemu", 4))
		mask |= KVM_PROC_QEMU;
	rc = has_kvm_fd(proc, pid);
	if (rc < 0)
		return rc;
	if (rc)
		mask |= KVM_PROC_KVMFD;
	return mask;
}

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Every numeric entry of dir that keep() accepts (keep NULL: all) into
 * ids (max); returns how many were accepted, or -errno. */
static int numeric_entries(const char *dir, const char *proc,
			   int (*keep)(const char *proc, pid_t id),
			   pid_t *ids, size_t max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		uint64_t v;

		if (!is_number(e->d_name) || parse_u64(e->d_name, &v) ||
		    v > INT32_MAX)
			continue;
		if (keep && keep(proc, (pid_t)v) != 1)
			continue;
		if (n < max)
			ids[n] = (pid_t)v;
		n++;
	}
	closedir(d);
	return (int)n;
}

int kvm_proc_find_all(const char *proc, pid_t *pids, size_t max)
{
	return numeric_entries(proc, proc, has_kvm_fd, pids, max);
}

int kvm_proc_threads(const char *proc, pid_t pid, pid_t *tids, size_t max)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/%d/task", proc, (int)pid);
	return numeric_entries(dir, proc, NULL, tids, max);
}

int kvm_proc_vcpu_of_comm(const char *comm)
{
	uint64_t v;
	char num[16];
	const char *slash;
	size_t len;

	if (strncmp(comm, "CPU ", 4))
		return -1;
	slash = strchr(comm + 4, '/');
	if (!slash || strcmp(slash, "/KVM"))
		return -1;
	len = (size_t)(slash - (comm + 4));
	if (!len || len >= sizeof(num))
		return -1;
	memcpy(num, comm + 4, len);
	num[len] = '\0';
	if (parse_u64(num, &v) || v > 4095)
		return -1;
	return (int)v;
}

void kvm_proc_thread_comm(const char *proc, pid_t pid, pid_t tid, char *buf,
			  size_t size)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%d/task/%d/comm", proc, (int)pid,
		 (int)tid);
	read_comm(path, buf, size);
}
