/*
 * probe_glue.c - the lab's use of the host probe (host-probe/probe.h):
 * pick the backend for the mode, hand its QEMU arguments to the VM
 * backend, and turn its counts over the measured window into the
 * variant's host.ipis object.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostmem.h"
#include "probe.h"
#include "probe_glue.h"
#include "probe_json.h"

struct lab_probe {
	struct probe *p;
	enum accel_mode mode;
	int window;		/* id of the measured window, -1 = none */
};

static unsigned probe_mode(enum accel_mode mode)
{
	switch (mode) {
	case ACCEL_KVM:
		return PROBE_ACCEL_KVM;
	case ACCEL_NESTED:
		return PROBE_ACCEL_NESTED;
	default:
		return PROBE_ACCEL_TCG;
	}
}

struct lab_probe *lab_probe_open(enum accel_mode mode, const char *rundir,
				 const char **args, size_t max, size_t *nargs,
				 char *err, size_t errsz)
{
	const struct probe_backend *b = probe_backend_for(probe_mode(mode));
	struct probe_options opts = { .run_dir = rundir };
	struct lab_probe *lp;
	int rc;

	if (!b) {
		snprintf(err, errsz, "no probe backend for mode %s",
			 accel_mode_name(mode));
		return NULL;
	}
	lp = calloc(1, sizeof(*lp));
	if (!lp) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	lp->mode = mode;
	lp->window = -1;
	rc = probe_open(b, &opts, &lp->p);
	if (rc) {
		snprintf(err, errsz, "%s: %s", b->name, strerror(-rc));
		free(lp);
		return NULL;
	}
	rc = probe_qemu_args(lp->p, args, max, nargs);
	if (rc) {
		snprintf(err, errsz, "%s", probe_strerror(lp->p));
		lab_probe_close(lp, 1);
		return NULL;
	}
	return lp;
}

int lab_probe_attach(struct lab_probe *lp, pid_t qemu_pid, const pid_t *tids,
		     int ntids, char *err, size_t errsz)
{
	int rc = probe_attach(lp->p, qemu_pid, tids, (unsigned)ntids);

	if (rc)
		snprintf(err, errsz, "%s", probe_strerror(lp->p));
	return rc ? -1 : 0;
}

void lab_probe_feed(struct lab_probe *lp, const char *buf, size_t n)
{
	/* tcg and kvm probes run in the lab's process: no stream. */
	(void)lp;
	(void)buf;
	(void)n;
}

int lab_probe_sample(struct lab_probe *lp, double *ipis)
{
	struct probe_sample s;

	if (probe_sample(lp->p, &s))
		return -1;
	*ipis = (double)s.writes;
	return 0;
}

void lab_probe_mark(struct lab_probe *lp, int begin)
{
	int64_t now = probe_now_ns();

	if (begin && lp->window < 0)
		lp->window = probe_window_begin(lp->p, now);
	else if (!begin && lp->window >= 0)
		probe_window_end(lp->p, lp->window, now);
}

json_t *lab_probe_finish(struct lab_probe *lp, char *err, size_t errsz)
{
	const struct probe_backend *b = probe_backend_of(lp->p);
	struct ipi_tally window;
	char source[160];
	json_t *out;
	int rc, w = lp->window;

	rc = probe_finish(lp->p);
	if (rc) {
		snprintf(err, errsz, "%s", probe_strerror(lp->p));
		return NULL;
	}
	out = probe_json(lp->p);
	if (!out) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	snprintf(source, sizeof(source), "host %s: %s",
		 accel_mode_name(lp->mode), b->summary);
	json_object_set_new(out, "source", json_string(source));
	json_object_set_new(out, "lifetime",
			    ipi_tally_json(probe_totals(lp->p)));
	if (w >= 0) {
		rc = probe_window_result(lp->p, w, &window);
		if (rc)
			json_object_set_new(out, "window_error",
					    json_string(probe_strerror(lp->p)));
		else
			json_object_set_new(out, "window",
					    ipi_tally_json(&window));
		ipi_tally_free(&window);
	}
	return out;
}

json_t *lab_probe_memory(pid_t qemu_pid)
{
	struct hostmem_error err;
	struct hostmem *m = calloc(1, sizeof(*m));
	json_t *j;

	if (!m)
		return NULL;
	if (hostmem_snapshot(qemu_pid, 0, m, &err)) {
		j = json_pack("{s:s, s:i}", "error", err.path,
			      "errno", err.errnum);
		free(m);
		return j;
	}
	j = hostmem_json(m);
	free(m);
	return j;
}

void lab_probe_close(struct lab_probe *lp, int keep_files)
{
	if (!lp)
		return;
	if (!keep_files)
		probe_discard_files(lp->p);
	probe_close(lp->p);
	free(lp);
}
