/* probe.c - the sampling core and the backend table; see probe.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend_kvm.h"
#include "backend_qemu_trace.h"
#include "probe.h"

/* One line per backend; adding one never touches the core. */
static const struct probe_backend *const backends[] = {
	&probe_backend_qemu_trace,
	&probe_backend_kvm,
};

struct probe_window {
	int64_t t0_ns, t1_ns;
	int ended;
};

struct probe {
	const struct probe_backend *b;
	struct probe_options opt;
	char *run_dir, *input;
	void *priv;
	int attached;
	struct ipi_tally empty;
	struct timespec attach_mono, last_mono;
	uint64_t last_writes, last_deliveries;
	int nwin;
	struct probe_window win[PROBE_MAX_WINDOWS];
	char err[256];
};

const struct probe_backend *probe_backend_at(size_t i)
{
	return i < sizeof(backends) / sizeof(backends[0]) ? backends[i] : NULL;
}

const struct probe_backend *probe_backend_find(const char *name)
{
	const struct probe_backend *b;

	for (size_t i = 0; (b = probe_backend_at(i)); i++)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

const struct probe_backend *probe_backend_for(unsigned mode)
{
	const struct probe_backend *b;

	for (size_t i = 0; (b = probe_backend_at(i)); i++)
		if (b->accel & mode)
			return b;
	return NULL;
}

int64_t probe_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double mono_diff(const struct timespec *a, const struct timespec *b)
{
	return (double)(a->tv_sec - b->tv_sec) +
	       (double)(a->tv_nsec - b->tv_nsec) / 1e9;
}

int probe_fail(struct probe *p, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	return rc;
}

void *probe_priv(const struct probe *p)
{
	return p->priv;
}

void probe_set_priv(struct probe *p, void *priv)
{
	p->priv = priv;
}

const struct probe_options *probe_options_of(const struct probe *p)
{
	return &p->opt;
}

const struct probe_backend *probe_backend_of(const struct probe *p)
{
	return p->b;
}

const char *probe_strerror(const struct probe *p)
{
	return p->err;
}

int probe_open(const struct probe_backend *b, const struct probe_options *o,
	       struct probe **out)
{
	return probe_open_why(b, o, out, NULL, 0);
}

int probe_open_why(const struct probe_backend *b,
		   const struct probe_options *o, struct probe **out,
		   char *why, size_t n)
{
	struct probe *p;
	int rc;

	*out = NULL;
	if (!b || !o)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->b = b;
	p->opt = *o;
	p->run_dir = o->run_dir ? strdup(o->run_dir) : NULL;
	p->input = o->input ? strdup(o->input) : NULL;
	if ((o->run_dir && !p->run_dir) || (o->input && !p->input)) {
		probe_close(p);
		return -ENOMEM;
	}
	p->opt.run_dir = p->run_dir;
	p->opt.input = p->input;
	ipi_tally_init(&p->empty);
	rc = b->open(p);
	if (rc) {
		if (why && n)
			snprintf(why, n, "%s", *p->err ? p->err :
				 strerror(-rc));
		probe_close(p);
		return rc;
	}
	*out = p;
	return 0;
}

int probe_qemu_args(struct probe *p, const char **argv, size_t max,
		    size_t *n)
{
	const char *tmp[PROBE_MAX_QEMU_ARGS];
	int got;

	*n = 0;
	got = p->b->qemu_args(p, tmp, PROBE_MAX_QEMU_ARGS);
	if (got < 0)
		return got;
	if ((size_t)got > max)
		return probe_fail(p, -E2BIG, "%d QEMU arguments, room for %zu",
				  got, max);
	memcpy(argv, tmp, (size_t)got * sizeof(*argv));
	*n = (size_t)got;
	return 0;
}

int probe_attach(struct probe *p, pid_t qemu_pid, const pid_t *vcpu_tids,
		 unsigned nvcpus)
{
	int rc;

	if (p->attached)
		return probe_fail(p, -EALREADY, "already attached");
	if (!vcpu_tids)
		nvcpus = 0;
	if (!p->opt.ncpus)
		p->opt.ncpus = nvcpus;
	rc = p->b->attach(p, qemu_pid, vcpu_tids, nvcpus);
	if (rc)
		return rc;
	p->attached = 1;
	clock_gettime(CLOCK_MONOTONIC, &p->attach_mono);
	p->last_mono = p->attach_mono;
	return 0;
}

int probe_sample(struct probe *p, struct probe_sample *s)
{
	const struct ipi_tally *t;
	struct timespec now;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!p->attached)
		return probe_fail(p, -ENOTCONN, "not attached");
	rc = p->b->poll(p);
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = p->b->totals(p);
	s->t_ns = probe_now_ns();
	s->dt_s = mono_diff(&now, &p->last_mono);
	s->elapsed_s = mono_diff(&now, &p->attach_mono);
	s->writes = t->writes;
	s->deliveries = t->deliveries;
	memcpy(s->by_class, t->by_class, sizeof(s->by_class));
	if (s->dt_s > 0) {
		s->writes_per_s = (double)(t->writes - p->last_writes) / s->dt_s;
		s->deliveries_per_s =
			(double)(t->deliveries - p->last_deliveries) / s->dt_s;
	}
	if (s->elapsed_s > 0)
		s->writes_per_s_avg = (double)t->writes / s->elapsed_s;
	s->malformed = p->b->malformed(p);
	p->last_mono = now;
	p->last_writes = t->writes;
	p->last_deliveries = t->deliveries;
	return rc;
}

int probe_window_begin(struct probe *p, int64_t t0_ns)
{
	int rc;

	if (p->nwin == PROBE_MAX_WINDOWS)
		return probe_fail(p, -ENOSPC, "more than %d windows",
				  PROBE_MAX_WINDOWS);
	if (p->b->mark && p->attached &&
	    (rc = p->b->mark(p, p->nwin, 1)))
		return rc;
	p->win[p->nwin].t0_ns = t0_ns;
	p->win[p->nwin].t1_ns = INT64_MAX;
	p->win[p->nwin].ended = 0;
	return p->nwin++;
}

int probe_window_end(struct probe *p, int id, int64_t t1_ns)
{
	if (id < 0 || id >= p->nwin)
		return probe_fail(p, -ENOENT, "no window %d", id);
	if (p->win[id].ended)
		return probe_fail(p, -EALREADY, "window %d already ended", id);
	if (t1_ns < p->win[id].t0_ns)
		return probe_fail(p, -EINVAL, "window %d ends before it begins",
				  id);
	if (p->b->mark && p->attached) {
		int rc = p->b->mark(p, id, 0);

		if (rc)
			return rc;
	}
	p->win[id].t1_ns = t1_ns;
	p->win[id].ended = 1;
	return 0;
}

int probe_window_count(const struct probe *p)
{
	return p->nwin;
}

int probe_window_times(const struct probe *p, int id, int64_t *t0_ns,
		       int64_t *t1_ns)
{
	if (id < 0 || id >= p->nwin)
		return -ENOENT;
	*t0_ns = p->win[id].t0_ns;
	*t1_ns = p->win[id].t1_ns;
	return 0;
}

int probe_finish(struct probe *p)
{
	if (!p->attached)
		return probe_fail(p, -ENOTCONN, "not attached");
	return p->b->finish(p);
}

int probe_window_result(struct probe *p, int id, struct ipi_tally *out)
{
	ipi_tally_init(out);
	if (id < 0 || id >= p->nwin)
		return probe_fail(p, -ENOENT, "no window %d", id);
	if (!p->attached)
		return probe_fail(p, -ENOTCONN, "not attached");
	if (p->b->window_id)
		return p->b->window_id(p, id, out);
	return p->b->window(p, p->win[id].t0_ns, p->win[id].t1_ns, out);
}

const struct ipi_tally *probe_totals(const struct probe *p)
{
	return p->attached ? p->b->totals(p) : &p->empty;
}

int probe_discard_files(struct probe *p)
{
	return p->b->discard ? p->b->discard(p) : 0;
}

void probe_close(struct probe *p)
{
	if (!p)
		return;
	if (p->b->close && p->priv)
		p->b->close(p);
	free(p->run_dir);
	free(p->input);
	free(p);
}
