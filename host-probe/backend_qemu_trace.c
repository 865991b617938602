/*
 * backend_qemu_trace.c - the tcg backend: count the guest's IPIs from
 * QEMU's apic_mem_writel trace (see apic_trace.h), tailing the trace file
 * QEMU writes, kept in the run folder.  Needs -accel tcg,thread=multi (one
 * thread per vCPU); the lab owns -accel, this backend only adds -trace and
 * -msg.
 *
 * QEMU writes a line, and flushes it (a write(2)), for every APIC
 * register write, from the vCPU thread that makes it: five or six per
 * madvise() shootdown.  On the run folder's disk that cost and its jitter
 * would be part of the IPI round trips the lab measures, so QEMU writes
 * to a scratch file on /dev/shm when that is a tmpfs, and the trace is
 * copied into the run folder at finish.  The scratch file is unlinked as
 * soon as the probe has it open (QEMU and the probe keep it alive), so a
 * lab killed later leaves nothing; the folder of one killed before that
 * carries its pid and is removed by the next probe once that pid is gone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "backend_qemu_trace.h"
#include "probe_json.h"

#define READ_CHUNK	(256u << 10)

#define SCRATCH_DIR	"/dev/shm"

struct qtrace {
	char *path;		/* the trace file, in the run folder */
	char *live;		/* where QEMU writes it, or NULL: path */
	char *trace_arg;	/* "enable=apic_mem_writel,file=PATH" */
	int fd;
	uint64_t bytes;		/* read so far */
	struct trace_reader r;
	int attached;
	char *buf;
};

static struct qtrace *Q(const struct probe *p)
{
	return probe_priv(p);
}

/* QEMU option values escape ',' as ",,". */
static char *qemu_opt_escape(const char *prefix, const char *value)
{
	size_t n = strlen(prefix) + 2 * strlen(value) + 1;
	char *s = malloc(n), *o;

	if (!s)
		return NULL;
	o = stpcpy(s, prefix);
	for (const char *v = value; *v; v++) {
		*o++ = *v;
		if (*v == ',')
			*o++ = ',';
	}
	*o = '\0';
	return s;
}

/* Remove a scratch trace and its folder (gone already is fine). */
static void remove_scratch(char *file)
{
	char *slash = strrchr(file, '/');

	unlink(file);
	*slash = '\0';
	rmdir(file);
	*slash = '/';
}

/* Remove the scratch folders of probes whose process is gone. */
static void sweep_stale(void)
{
	DIR *d = opendir(SCRATCH_DIR);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[300];
		int pid;

		if (sscanf(e->d_name, "tlbprobe.%d.", &pid) != 1 || pid <= 0 ||
		    !kill(pid, 0) || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), SCRATCH_DIR "/%s/%s", e->d_name,
			 QEMU_TRACE_FILE);
		remove_scratch(path);
	}
	if (d)
		closedir(d);
}

/* The trace's path in a new private folder on the tmpfs scratch, or
 * NULL (none).  QEMU creates the file, so a QEMU that wrote nothing is
 * still told apart from an empty trace. */
static char *scratch_file(void)
{
	char dir[64], *s;
	struct statfs fs;

	if (statfs(SCRATCH_DIR, &fs) || fs.f_type != TMPFS_MAGIC)
		return NULL;
	sweep_stale();
	snprintf(dir, sizeof(dir), SCRATCH_DIR "/tlbprobe.%d.XXXXXX",
		 (int)getpid());
	if (!mkdtemp(dir))
		return NULL;
	if (asprintf(&s, "%s/%s", dir, QEMU_TRACE_FILE) < 0) {
		rmdir(dir);
		return NULL;
	}
	return s;
}

/* Remove the scratch trace and its folder. */
static void drop_scratch(struct qtrace *q)
{
	if (!q->live)
		return;
	remove_scratch(q->live);
	free(q->live);
	q->live = NULL;
}

/* The file QEMU writes and the probe tails. */
static const char *live_path(const struct qtrace *q)
{
	return q->live ? q->live : q->path;
}

static int qt_open(struct probe *p)
{
	const struct probe_options *o = probe_options_of(p);
	struct qtrace *q;

	if (!o->input && (!o->run_dir || !*o->run_dir))
		return -EINVAL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	probe_set_priv(p, q);
	q->fd = -1;
	q->buf = malloc(READ_CHUNK);
	if (o->input)
		q->path = strdup(o->input);
	else if (asprintf(&q->path, "%s/%s", o->run_dir, QEMU_TRACE_FILE) < 0)
		q->path = NULL;
	if (!q->buf || !q->path)
		return -ENOMEM;
	if (!o->input)
		q->live = scratch_file();
	q->trace_arg = qemu_opt_escape("enable=apic_mem_writel,file=",
				       live_path(q));
	if (!q->trace_arg)
		return -ENOMEM;
	if (o->input)
		return 0;
	/* A trace left by an earlier run would be counted as this one's
	 * until QEMU truncates it. */
	if (unlink(q->path) && errno != ENOENT)
		return probe_fail(p, -errno, "%s: cannot remove old trace: %s",
				  q->path, strerror(errno));
	return 0;
}

static int qt_qemu_args(struct probe *p, const char **argv, size_t max)
{
	const char *args[] = { "-trace", Q(p)->trace_arg, "-msg",
			       "timestamp=on" };

	if (max < 4)
		return probe_fail(p, -E2BIG, "need 4 QEMU arguments");
	memcpy(argv, args, sizeof(args));
	return 4;
}

static int qt_attach(struct probe *p, pid_t qemu_pid, const pid_t *tids,
		     unsigned ntids)
{
	struct trace_reader_config cfg = {
		.vcpu_tids = tids,
		.nvcpus = ntids,
		.ncpus = probe_options_of(p)->ncpus,
		.keep_events = 1,
	};
	struct qtrace *q = Q(p);
	int rc = trace_reader_init(&q->r, &cfg);

	(void)qemu_pid;
	if (rc == -EINVAL)
		return probe_fail(p, rc, "bad or repeated vCPU thread ids "
				  "(qemu-trace needs -accel tcg,thread=multi)");
	if (rc)
		return probe_fail(p, rc, "out of memory");
	q->attached = 1;
	/* A recorded trace must exist now; QEMU's own appears later. */
	if (probe_options_of(p)->input) {
		q->fd = open(q->path, O_RDONLY | O_CLOEXEC);
		if (q->fd < 0)
			return probe_fail(p, -errno, "%s: %s", q->path,
					  strerror(errno));
	}
	return 0;
}

/* Read what QEMU appended; the file appears only once QEMU has parsed
 * its options, so a missing file is not an error before finish. */
static int qt_poll(struct probe *p)
{
	struct qtrace *q = Q(p);
	ssize_t got;

	if (q->fd < 0) {
		q->fd = open(live_path(q), O_RDONLY | O_CLOEXEC);
		if (q->fd < 0)
			return errno == ENOENT ? 0 :
				probe_fail(p, -errno, "%s: %s", live_path(q),
					   strerror(errno));
		/* QEMU has it open too: its name is no longer needed. */
		if (q->live)
			remove_scratch(q->live);
	}
	for (;;) {
		got = read(q->fd, q->buf, READ_CHUNK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return probe_fail(p, -errno, "%s: %s", live_path(q),
					  strerror(errno));
		if (got == 0)
			return 0;
		q->bytes += (uint64_t)got;
		if (trace_reader_feed(&q->r, q->buf, (size_t)got))
			return probe_fail(p, -ENOMEM, "out of memory");
	}
}

/* The scratch trace into the run folder (all of it, from the start),
 * read a second time at finish rather than written out while tailing:
 * no disk writes while the guest is being measured. */
static int keep_trace(struct probe *p)
{
	struct qtrace *q = Q(p);
	int out, rc = 0;
	ssize_t got;

	if (!q->live)
		return 0;
	out = open(q->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0)
		return probe_fail(p, -errno, "%s: %s", q->path,
				  strerror(errno));
	if (lseek(q->fd, 0, SEEK_SET) < 0)
		rc = -errno;
	while (!rc && (got = read(q->fd, q->buf, READ_CHUNK)) != 0) {
		ssize_t put;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			break;
		}
		put = write(out, q->buf, (size_t)got);
		if (put != got)
			rc = put < 0 ? -errno : -EIO;
	}
	if (close(out) && !rc)
		rc = -errno;
	if (rc)
		return probe_fail(p, rc, "%s: copying the trace: %s", q->path,
				  strerror(-rc));
	drop_scratch(q);
	return 0;
}

static int qt_finish(struct probe *p)
{
	struct qtrace *q = Q(p);
	int rc = qt_poll(p);

	if (rc)
		return rc;
	if (q->fd < 0)
		return probe_fail(p, -ENOENT, "%s: QEMU wrote no trace "
				  "(was it started with the probe's "
				  "arguments?)", live_path(q));
	if (trace_reader_finish(&q->r))
		return probe_fail(p, -ENOMEM, "out of memory");
	return keep_trace(p);
}

static int qt_window(struct probe *p, int64_t t0_ns, int64_t t1_ns,
		     struct ipi_tally *out)
{
	int rc = trace_reader_window(&Q(p)->r, t0_ns, t1_ns, out);

	if (rc == -ENOSPC)
		return probe_fail(p, rc, "%llu IPI deliveries were not kept",
				  (unsigned long long)
				  Q(p)->r.stats.events_dropped);
	return rc ? probe_fail(p, rc, "window: %s", strerror(-rc)) : 0;
}

static const struct ipi_tally *qt_totals(const struct probe *p)
{
	return &Q(p)->r.total;
}

static uint64_t qt_malformed(const struct probe *p)
{
	return Q(p)->r.stats.malformed;
}

static json_t *qt_describe(const struct probe *p)
{
	const struct qtrace *q = Q(p);
	json_t *o = trace_stats_json(&q->r);

	if (o) {
		json_object_set_new(o, "trace_file", json_string(q->path));
		json_object_set_new(o, "bytes", json_integer((json_int_t)q->bytes));
	}
	return o;
}

const struct trace_reader *qemu_trace_reader(const struct probe *p)
{
	const struct qtrace *q;

	if (probe_backend_of(p) != &probe_backend_qemu_trace)
		return NULL;
	q = Q(p);
	return q && q->attached ? &q->r : NULL;
}

static int qt_discard(struct probe *p)
{
	struct qtrace *q = Q(p);

	if (probe_options_of(p)->input || !unlink(q->path) || errno == ENOENT)
		return 0;
	return probe_fail(p, -errno, "%s: %s", q->path, strerror(errno));
}

static void qt_close(struct probe *p)
{
	struct qtrace *q = Q(p);

	if (!q)
		return;
	if (q->fd >= 0)
		close(q->fd);
	drop_scratch(q);
	trace_reader_free(&q->r);
	free(q->buf);
	free(q->path);
	free(q->trace_arg);
	free(q);
	probe_set_priv(p, NULL);
}

const struct probe_backend probe_backend_qemu_trace = {
	.name = "qemu-trace",
	.summary = "IPIs from QEMU's apic_mem_writel trace (TCG, xAPIC)",
	.accel = PROBE_ACCEL_TCG,
	.open = qt_open,
	.qemu_args = qt_qemu_args,
	.attach = qt_attach,
	.poll = qt_poll,
	.finish = qt_finish,
	.window = qt_window,
	.totals = qt_totals,
	.malformed = qt_malformed,
	.describe = qt_describe,
	.discard = qt_discard,
	.close = qt_close,
};
