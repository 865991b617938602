/* agent.c - run a job and stream it; see agent.h. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "counters.h"
#include "report.h"

enum { ST_SETUP, ST_RUNNING, ST_ENDED, ST_FINISHED };

struct driver {
	const struct job *job;
	const struct agent_env *env;
	struct wl_ctx ctx;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int state;
	int run_rc;
	char why[256];			/* first failure, "" if none */
	struct gcounters begin, end, now;	/* now: the sampler's */
};

static struct wl_ctx *_Atomic running;

void agent_stop(void)
{
	struct wl_ctx *ctx = atomic_load(&running);

	if (ctx)
		atomic_store(&ctx->stop, 1);
}

void agent_fail(const struct agent_env *env, const char *msg)
{
	int rc = emit(env->out, report_error(msg));

	fprintf(env->human, "tlbagent: error: %s\n", msg);
	if (rc)
		fprintf(env->human, "tlbagent: cannot send the error line: %s\n",
			strerror(-rc));
}

/* Record the first failure and stop the workload. */
static void fail(struct driver *d, const char *what, int rc)
{
	pthread_mutex_lock(&d->lock);
	if (!d->why[0])
		snprintf(d->why, sizeof(d->why), "%s%s%s", what,
			 rc ? ": " : "", rc ? strerror(-rc) : "");
	pthread_mutex_unlock(&d->lock);
	atomic_store(&d->ctx.stop, 1);
}

static void set_state(struct driver *d, int state, const char *phase)
{
	int rc = 0;

	pthread_mutex_lock(&d->lock);
	d->state = state;
	if (phase)
		rc = emit(d->env->out, report_phase(phase));
	pthread_cond_broadcast(&d->cond);
	pthread_mutex_unlock(&d->lock);
	if (rc)
		fail(d, "sending the phase line", rc);
}

static void read_edge(struct driver *d, struct gcounters *g)
{
	char why[200];

	if (gcounters_read(g, d->env->proc_dir, d->job->wl->jemalloc_stats,
			   why, sizeof(why)))
		fail(d, why, 0);
}

static void on_begin(struct wl_ctx *ctx)
{
	struct driver *d = ctx->driver;

	read_edge(d, &d->begin);
	set_state(d, ST_RUNNING, "run");
}

static void on_end(struct wl_ctx *ctx)
{
	struct driver *d = ctx->driver;

	read_edge(d, &d->end);
	set_state(d, ST_ENDED, "done");
}

static void *runner(void *p)
{
	struct driver *d = p;

	d->run_rc = d->job->wl->run(&d->job->opts, &d->ctx);
	/* A workload that failed before or inside its window. */
	wl_window_end(&d->ctx);
	set_state(d, ST_FINISHED, NULL);
	return NULL;
}

static void add_ms(struct timespec *ts, uint64_t ms)
{
	ts->tv_sec += (time_t)(ms / 1000);
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

/* One sample: read now, send if the window is still open. */
static void sample(struct driver *d)
{
	static struct gwindow w;
	char why[200];
	uint64_t ops;
	int rc = 0;

	if (gcounters_read(&d->now, d->env->proc_dir, 0, why, sizeof(why)) ||
	    gcounters_window(&d->begin, &d->now, &w, why, sizeof(why))) {
		fail(d, why, 0);
		return;
	}
	ops = wl_ctx_ops(&d->ctx);
	pthread_mutex_lock(&d->lock);
	if (d->state == ST_RUNNING)
		rc = emit(d->env->out, report_sample(ops, &w));
	pthread_mutex_unlock(&d->lock);
	if (rc) {
		fail(d, "sending a sample line", rc);
		return;
	}
	fprintf(d->env->human,
		"tlbagent: %6.1f s  ops %llu  madvise %llu  TLB %llu  sys %.0f%%\n",
		w.duration_s, (unsigned long long)ops,
		(unsigned long long)(w.madv.cls[MADV_CLASS_DONTNEED].calls +
				     w.madv.cls[MADV_CLASS_FREE].calls),
		(unsigned long long)irq_total(&w.irq, IRQ_TLB),
		w.cpu.sys_pct);
}

/* Sample every interval until the runner has finished. */
static void sample_loop(struct driver *d)
{
	uint64_t interval = job_interval_ms(d->job);
	struct timespec next;
	int sampling = 0;

	pthread_mutex_lock(&d->lock);
	while (d->state != ST_FINISHED) {
		if (d->state == ST_RUNNING && !sampling) {
			sampling = 1;
			clock_gettime(CLOCK_MONOTONIC, &next);
			add_ms(&next, interval);
		}
		if (!sampling) {
			pthread_cond_wait(&d->cond, &d->lock);
			continue;
		}
		if (pthread_cond_timedwait(&d->cond, &d->lock, &next) !=
		    ETIMEDOUT)
			continue;
		add_ms(&next, interval);
		if (d->state != ST_RUNNING)
			continue;
		pthread_mutex_unlock(&d->lock);
		sample(d);
		pthread_mutex_lock(&d->lock);
	}
	pthread_mutex_unlock(&d->lock);
}

/* Send the summary, coarsening the latency buckets until it fits. */
static int send_summary(struct driver *d, struct run_result *r)
{
	int rc = -EMSGSIZE;

	for (unsigned c = 0; c <= HIST_SUB_BITS && rc == -EMSGSIZE; c++)
		rc = emit(d->env->out, report_summary(r, c));
	return rc;
}

static int finish(struct driver *d)
{
	static struct run_result r;
	struct madv_stats after;
	uint64_t teardown = 0;
	char why[200];
	int rc;

	if (!d->why[0] && d->run_rc)
		snprintf(d->why, sizeof(d->why), "%s: %s", d->job->wl->name,
			 d->ctx.errmsg[0] ? d->ctx.errmsg : "failed");
	if (!d->why[0] && !d->ctx.ended)
		snprintf(d->why, sizeof(d->why), "%s never opened its window",
			 d->job->wl->name);
	if (!d->why[0] && gcounters_window(&d->begin, &d->end, &r.win, why,
					   sizeof(why)))
		snprintf(d->why, sizeof(d->why), "%s", why);
	if (d->why[0]) {
		agent_fail(d->env, d->why);
		return 1;
	}
	/* madvise calls after the window (thread exit, freeing the pools):
	 * not part of the measurement, but the question "which calls
	 * remain with decay off?" is often answered here. */
	madv_snapshot(&after);
	for (int i = 0; i < MADV_NCLASSES; i++)
		teardown += after.cls[i].calls - d->end.madv.cls[i].calls;
	wl_metric(&d->ctx, "teardown_madvise_calls", (double)teardown);
	r.wl = d->job->wl;
	r.ops = wl_ctx_ops(&d->ctx);
	wl_ctx_latency(&d->ctx, &r.lat);
	r.ctx = &d->ctx;
	r.ncpus = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	rc = send_summary(d, &r);
	report_human(d->env->human, &r);
	if (rc) {
		snprintf(why, sizeof(why), "sending the summary: %s",
			 strerror(-rc));
		agent_fail(d->env, why);
		return 1;
	}
	return 0;
}

static const char *effective_malloc_conf(const struct job *job)
{
	const char *conf = job_malloc_conf(job);

	return conf ? conf : getenv("MALLOC_CONF");
}

int agent_run(const struct job *job, const struct agent_env *env)
{
	static struct driver d;
	pthread_condattr_t cattr;
	const char *conf;
	char why[160];
	struct utsname u;
	pthread_t tid;
	int rc;

	memset(&d, 0, sizeof(d));
	d.job = job;
	d.env = env;
	wl_ctx_init(&d.ctx);
	d.ctx.on_begin = on_begin;
	d.ctx.on_end = on_end;
	d.ctx.driver = &d;
	pthread_mutex_init(&d.lock, NULL);
	/* The sample deadlines are CLOCK_MONOTONIC, like "t". */
	pthread_condattr_init(&cattr);
	pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&d.cond, &cattr);
	pthread_condattr_destroy(&cattr);
	if (uname(&u))
		strcpy(u.release, "unknown");
	rc = emit(env->out, report_hello(job, u.release,
					  (unsigned)sysconf(_SC_NPROCESSORS_ONLN),
					  effective_malloc_conf(job)));
	if (rc) {
		fprintf(env->human, "tlbagent: cannot send hello: %s\n",
			strerror(-rc));
		return 1;
	}
	conf = job_malloc_conf(job);
	if (conf && jem_conf_verify(conf, why, sizeof(why))) {
		snprintf(d.why, sizeof(d.why), "malloc_conf not applied: %s",
			 why);
		agent_fail(env, d.why);
		return 1;
	}
	atomic_store(&running, &d.ctx);
	rc = pthread_create(&tid, NULL, runner, &d);
	if (rc) {
		agent_fail(env, "cannot start the workload thread");
		return 1;
	}
	sample_loop(&d);
	pthread_join(tid, NULL);
	atomic_store(&running, NULL);
	rc = finish(&d);
	wl_ctx_free(&d.ctx);
	pthread_cond_destroy(&d.cond);
	pthread_mutex_destroy(&d.lock);
	return rc;
}
