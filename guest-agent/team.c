/* team.c - workload thread teams; see team.h. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "team.h"

/* Attributes for member k: pinned to the k-th CPU we may run on. */
static int member_attr(pthread_attr_t *attr, int pin, unsigned k)
{
	cpu_set_t allowed, one;
	unsigned want;
	int rc;

	rc = pthread_attr_init(attr);
	if (rc || !pin)
		return rc;
	if (sched_getaffinity(0, sizeof(allowed), &allowed)) {
		rc = errno;
		goto fail;
	}
	want = k % (unsigned)CPU_COUNT(&allowed);
	CPU_ZERO(&one);
	for (unsigned cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &allowed) && want-- == 0) {
			CPU_SET(cpu, &one);
			break;
		}
	}
	rc = pthread_attr_setaffinity_np(attr, sizeof(one), &one);
	if (!rc)
		return 0;
fail:
	pthread_attr_destroy(attr);
	return rc;
}

/*
 * A hot member that finished its loop waits here until the window is
 * closed: its thread exit (jemalloc purges a thread's dirty pages in
 * tsd_cleanup) belongs to teardown, not to the measured loop.
 */
static void finish_line(struct wl_team *team)
{
	pthread_mutex_lock(&team->lock);
	team->hot_left--;
	pthread_cond_broadcast(&team->cond);
	while (!team->closed)
		pthread_cond_wait(&team->cond, &team->lock);
	pthread_mutex_unlock(&team->lock);
}

static void *member_main(void *p)
{
	struct wl_member *m = p;
	struct wl_team *team = m->team;
	struct wl_sched *ws = &team->ctx->sched[m->k];
	struct thread_sched start, end;
	int go;

	pthread_mutex_lock(&team->lock);
	while (!team->go)
		pthread_cond_wait(&team->cond, &team->lock);
	go = team->go;
	pthread_mutex_unlock(&team->lock);
	if (go < 0)
		return NULL;
	ws->hot = m->k < team->spec->nhot;
	thread_sched_self(&start);
	if (ws->hot)
		team->spec->hot(team, m->k);
	else
		team->spec->cold(team, m->k);
	thread_sched_self(&end);
	thread_sched_delta(&start, &end, &ws->s);
	if (ws->hot)
		finish_line(team);
	return NULL;
}

static void release(struct wl_team *team, int go)
{
	pthread_mutex_lock(&team->lock);
	team->go = go;
	pthread_cond_broadcast(&team->cond);
	pthread_mutex_unlock(&team->lock);
}

/* Create every member, held at the start line; 0 or an error number,
 * with the ones created so far released and joined. */
static int create_members(struct wl_team *team, unsigned n, unsigned *k)
{
	pthread_attr_t attr;
	int rc = 0;

	for (*k = 0; *k < n; (*k)++) {
		team->member[*k] = (struct wl_member){ team, *k };
		rc = member_attr(&attr, team->spec->pin, *k);
		if (rc)
			break;
		rc = pthread_create(&team->tid[*k], &attr, member_main,
				    &team->member[*k]);
		pthread_attr_destroy(&attr);
		if (rc)
			break;
	}
	if (rc) {
		release(team, -1);
		for (unsigned j = 0; j < *k; j++)
			pthread_join(team->tid[j], NULL);
	}
	return rc;
}

static void run_members(struct wl_team *team, unsigned n)
{
	const struct wl_team_spec *spec = team->spec;

	team->hot_left = spec->nhot;
	wl_window_begin(team->ctx);
	release(team, 1);
	pthread_mutex_lock(&team->lock);
	while (team->hot_left)
		pthread_cond_wait(&team->cond, &team->lock);
	pthread_mutex_unlock(&team->lock);
	wl_window_end(team->ctx);
	pthread_mutex_lock(&team->lock);
	team->closed = 1;
	pthread_cond_broadcast(&team->cond);
	pthread_mutex_unlock(&team->lock);
	atomic_store(&team->cold_stop, 1);
	for (unsigned k = 0; k < n; k++)
		pthread_join(team->tid[k], NULL);
	team->ctx->nsched = n;
	for (unsigned k = 0; spec->cleanup && k < spec->nhot; k++)
		spec->cleanup(team, k);
}

int wl_team_run(struct wl_ctx *ctx, const struct wl_team_spec *spec)
{
	unsigned n = spec->nhot + spec->ncold, k;
	struct wl_team *team;
	int rc;

	if (n > WL_MAX_THREADS)
		return wl_fail(ctx, "%u threads, at most %d", n,
			       WL_MAX_THREADS);
	rc = wl_ctx_threads(ctx, spec->nhot);
	if (rc)
		return wl_fail(ctx, "thread slots: %s", strerror(-rc));
	team = calloc(1, sizeof(*team));
	if (!team)
		return wl_fail(ctx, "out of memory");
	team->ctx = ctx;
	team->spec = spec;
	atomic_init(&team->cold_stop, 0);
	pthread_mutex_init(&team->lock, NULL);
	pthread_cond_init(&team->cond, NULL);
	rc = create_members(team, n, &k);
	if (rc)
		wl_fail(ctx, "cannot start thread %u: %s", k, strerror(rc));
	else
		run_members(team, n);
	pthread_cond_destroy(&team->cond);
	pthread_mutex_destroy(&team->lock);
	free(team);
	return rc ? -1 : 0;
}
