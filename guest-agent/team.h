/*
 * team.h - start a workload's threads together and end its window when the
 * hot ones are done.
 *
 * "Hot" members run the measured loop (member k records into
 * ctx->thread[k]); "cold" members (madvise-flood's bystanders) keep other
 * CPUs busy on the same mm until the hot ones have finished, so that those
 * CPUs are not in lazy-TLB mode and every shootdown really IPIs them.
 * wl_team_run creates all members, holds them at a start line, opens the
 * window, lets them go, waits until every hot member has left its loop
 * (they then wait, alive, at a finish line), closes the window, and only
 * then lets the hot ones exit, stops the cold ones, joins everyone and
 * runs the hot ones' cleanup.  So thread exit and cleanup are never
 * measured.
 */
#ifndef TLB_TEAM_H
#define TLB_TEAM_H

#include <pthread.h>
#include <stdatomic.h>

#include "workload.h"

struct wl_team;
typedef void (*wl_member_fn)(struct wl_team *team, unsigned k);

/* What the workload asks for. */
struct wl_team_spec {
	void *arg;		/* the workload's shared state */
	unsigned nhot, ncold;
	wl_member_fn hot, cold;	/* cold may be NULL when ncold is 0 */
	/* Called for each hot member k once the window is closed (may be
	 * NULL): cleanup that must not be measured. */
	wl_member_fn cleanup;
	int pin;		/* member k on the k-th allowed CPU */
};

struct wl_member {
	struct wl_team *team;
	unsigned k;
};

struct wl_team {
	struct wl_ctx *ctx;
	const struct wl_team_spec *spec;
	atomic_int cold_stop;
	int go;			/* 1 run, -1 abort; under lock */
	unsigned hot_left;	/* hot members still in their loop; lock */
	int closed;		/* the window is closed; under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t tid[WL_MAX_THREADS];
	struct wl_member member[WL_MAX_THREADS];
};

/*
 * wl_team_run - give ctx spec->nhot thread slots and run the team as
 * described above.  Returns 0, or -1 with ctx->errmsg set (no memory, a
 * thread could not be created or pinned).
 */
int wl_team_run(struct wl_ctx *ctx, const struct wl_team_spec *spec);

/* For cold members: 1 once the hot members are done (or on a stop). */
static inline int wl_team_cold_done(struct wl_team *team)
{
	return atomic_load_explicit(&team->cold_stop, memory_order_relaxed) ||
	       wl_should_stop(team->ctx);
}

#endif
