/*
 * wl_jemalloc_churn.c - the allocation pattern behind article 000: threads
 * of one process churning malloc/free of mixed sizes, with jemalloc
 * purging the freed pages through madvise() as its decay settings say.
 *
 * Each thread keeps a pool of live objects; each op frees a random slot's
 * object and allocates a new one of a random size (uniform in
 * [min_size, max_size]) in its place, so frees and allocations interleave
 * the way a server's do.  Every page of a new object is written, as real
 * code would, so purged pages are faulted back in and their TLB entries
 * are live when the next purge shoots them down.  The hot call timed is
 * the free + malloc pair (the touching is not timed).
 *
 * MALLOC_CONF is applied by the driver (option malloc_conf), not here: it
 * must be in the environment before jemalloc's first allocation.
 */
#include <stdlib.h>
#include <string.h>

#include "team.h"
#include "workload.h"

static const struct opt_desc churn_opts[] = {
	{ "threads", OPT_U64, "4", "1", "64", NULL, NULL,
	  "threads churning malloc/free" },
	{ "duration_s", OPT_DOUBLE, "3", "0.01", "86400", NULL, NULL,
	  "how long to churn, seconds" },
	{ "min_size", OPT_SIZE, "4K", "1", "1G", NULL, NULL,
	  "smallest allocation, bytes" },
	{ "max_size", OPT_SIZE, "512K", "1", "1G", NULL, NULL,
	  "largest allocation, bytes" },
	{ "pool", OPT_U64, "64", "1", "1000000", NULL, NULL,
	  "live objects per thread" },
	{ "seed", OPT_U64, "1", NULL, NULL, NULL, NULL,
	  "random seed (thread k uses seed + k)" },
	{ "pin", OPT_BOOL, "false", NULL, NULL, NULL, NULL,
	  "pin thread k to the k-th CPU" },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL },
};

struct churn {
	size_t min_size, span;		/* span = max - min + 1 */
	unsigned pool;
	uint64_t seed, duration_ns;
	_Atomic int out_of_memory;
	void **slots[WL_MAX_THREADS];	/* each thread's pool */
};

static int churn_check(const struct opt_set *o, struct parse_error *err)
{
	if (opt_u64(o, "min_size") > opt_u64(o, "max_size"))
		return parse_error_set(err, 0, "max_size",
				       "smaller than min_size");
	return 0;
}

/* xorshift64*: fast, per thread, and good enough to pick sizes. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static void churner(struct wl_team *team, unsigned k)
{
	struct churn *c = team->spec->arg;
	uint64_t rng = (c->seed + k) * 0x9e3779b97f4a7c15ull | 1;
	uint64_t t0, t1, deadline = wl_now_ns() + c->duration_ns;
	void **slot = calloc(c->pool, sizeof(*slot));
	size_t size;
	unsigned i;

	c->slots[k] = slot;
	if (!slot) {
		atomic_store(&c->out_of_memory, 1);
		return;
	}
	do {
		i = (unsigned)(next_random(&rng) % c->pool);
		size = c->min_size + (size_t)(next_random(&rng) % c->span);
		t0 = wl_now_ns();
		free(slot[i]);
		slot[i] = malloc(size);
		t1 = wl_now_ns();
		if (!slot[i]) {
			atomic_store(&c->out_of_memory, 1);
			break;
		}
		wl_op_done(team->ctx, k, t1 - t0);
		wl_touch(slot[i], size, (unsigned char)t1);
	} while (t1 < deadline && !wl_should_stop(team->ctx));
}

/* After the window: freeing the pools purges, and is not measured. */
static void free_pool(struct wl_team *team, unsigned k)
{
	struct churn *c = team->spec->arg;

	if (!c->slots[k])
		return;
	for (unsigned i = 0; i < c->pool; i++)
		free(c->slots[k][i]);
	free(c->slots[k]);
}

static int churn_run(const struct opt_set *o, struct wl_ctx *ctx)
{
	struct churn c;
	struct wl_team_spec spec = {
		.arg = &c, .nhot = (unsigned)opt_u64(o, "threads"),
		.hot = churner, .cleanup = free_pool,
		.pin = opt_bool(o, "pin"),
	};

	memset(&c, 0, sizeof(c));
	c.min_size = opt_u64(o, "min_size");
	c.span = opt_u64(o, "max_size") - c.min_size + 1;
	c.pool = (unsigned)opt_u64(o, "pool");
	c.seed = opt_u64(o, "seed");
	c.duration_ns = (uint64_t)(opt_double(o, "duration_s") * 1e9);
	if (wl_team_run(ctx, &spec))
		return -1;
	if (atomic_load(&c.out_of_memory))
		return wl_fail(ctx, "malloc failed (out of memory)");
	return 0;
}

const struct workload wl_jemalloc_churn = {
	.name = "jemalloc-churn",
	.summary = "threads churn malloc/free of random sizes; jemalloc purges by madvise as MALLOC_CONF says",
	.latency_what = "malloc+free",
	.jemalloc_stats = 1,
	.opts = churn_opts,
	.check = churn_check,
	.run = churn_run,
};
