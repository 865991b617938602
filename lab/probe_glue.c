/*
 * probe_glue.c - the lab's use of the host probe: in tcg and kvm mode the
 * probe library (host-probe/probe.h) runs in the lab's process; in nested
 * mode tlbprobe runs inside L1 and its stream arrives on a serial port
 * (probe_stream.h).  Either way the result is the variant's host.ipis
 * object, with the counts over the agent's measured window.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostmem.h"
#include "jpath.h"
#include "probe.h"
#include "probe_glue.h"
#include "probe_json.h"
#include "probe_stream.h"

struct lab_probe {
	struct probe *p;	/* tcg, kvm: the in-process probe */
	struct probe_stream stream;	/* nested: tlbprobe's stream */
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

	if (mode == ACCEL_NESTED) {
		/* The probe is inside L1; nothing to add to L1's QEMU. */
		lp = calloc(1, sizeof(*lp));
		if (!lp) {
			snprintf(err, errsz, "out of memory");
			return NULL;
		}
		lp->mode = mode;
		lp->window = -1;
		probe_stream_init(&lp->stream);
		*nargs = 0;
		return lp;
	}
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
	int rc;

	if (!lp->p)
		return 0;	/* nested: tlbprobe attaches inside L1 */
	rc = probe_attach(lp->p, qemu_pid, tids, (unsigned)ntids);
	if (rc)
		snprintf(err, errsz, "%s", probe_strerror(lp->p));
	return rc ? -1 : 0;
}

void lab_probe_feed(struct lab_probe *lp, const char *buf, size_t n)
{
	if (!lp->p)
		probe_stream_feed(&lp->stream, buf, n);
}

int lab_probe_sample(struct lab_probe *lp, double *ipis)
{
	struct probe_sample s;
	json_t *icr;

	if (!lp->p) {
		icr = json_object_get(json_object_get(lp->stream.sample,
						      "counters"), "icr_writes");
		if (!icr)
			return -1;
		*ipis = (double)json_integer_value(icr);
		return 0;
	}
	if (probe_sample(lp->p, &s))
		return -1;
	*ipis = (double)s.writes;
	return 0;
}

void lab_probe_mark(struct lab_probe *lp, int begin)
{
	int64_t now = probe_now_ns();

	if (!lp->p)
		return;	/* tlbprobe windows itself, at the relay */
	if (begin && lp->window < 0)
		lp->window = probe_window_begin(lp->p, now);
	else if (!begin && lp->window >= 0)
		probe_window_end(lp->p, lp->window, now);
}

/*
 * Nested: host.ipis from tlbprobe's stream.  With x2APIC each IPI is one
 * ICR write (wrmsr 0x830) to one destination, so writes, deliveries and
 * the Linux IPIs to compare with the guest's CAL+RES are the same count.
 */
static json_t *stream_finish(struct lab_probe *lp, char *err, size_t errsz)
{
	const struct probe_stream *s = &lp->stream;
	json_t *out, *w = s->window_end, *icr;

	if (s->reader.broken) {
		snprintf(err, errsz, "probe stream line %u: %s%s%s",
			 s->reader.bad.line, s->reader.bad.field,
			 s->reader.bad.field[0] ? ": " : "", s->reader.bad.msg);
		return NULL;
	}
	if (s->fatal[0]) {
		snprintf(err, errsz, "tlbprobe in L1: %s", s->fatal);
		return NULL;
	}
	if (!s->hello) {
		snprintf(err, errsz, "no hello from tlbprobe in L1");
		return NULL;
	}
	out = json_pack("{s:s, s:O, s:O*, s:O*}",
			"source", "host nested: wrmsr 0x830 (x2APIC ICR) exits, "
			"perf counters on kvm:kvm_msr in L1's KVM",
			"hello", s->hello, "kvm_window", w,
			"kvm_lifetime", s->summary);
	if (w) {
		icr = json_object_get(json_object_get(w, "counters"),
				      "icr_writes");
		json_object_set_new(out, "window",
				    json_pack("{s:O*, s:O*, s:O*}", "writes", icr,
					      "deliveries", icr,
					      "linux_ipis", icr));
	}
	if (s->nerrors)
		json_object_set_new(out, "probe_errors",
				    json_integer(s->nerrors));
	return out;
}

const char *lab_probe_l2_shutdown(const struct lab_probe *lp)
{
	return lp ? jpath_str(lp->stream.summary, "l2_shutdown_reason")
		  : NULL;
}

json_t *lab_probe_finish(struct lab_probe *lp, char *err, size_t errsz)
{
	const struct probe_backend *b;
	struct ipi_tally window;
	char source[160];
	json_t *out;
	int rc, w = lp->window;

	if (!lp->p)
		return stream_finish(lp, err, errsz);
	b = probe_backend_of(lp->p);
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
	if (!lp->p) {
		probe_stream_free(&lp->stream);
		free(lp);
		return;
	}
	if (!keep_files)
		probe_discard_files(lp->p);
	probe_close(lp->p);
	free(lp);
}
