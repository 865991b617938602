/*
 * wl_madvise_flood.c - the TLB-shootdown generator of article 000, without
 * jemalloc in the way.
 *
 * Each initiator thread owns a private anonymous region: it writes every
 * page (so the PTEs exist and are cached) and then madvise()s the whole
 * region away, again and again.  Bystander threads of the same process
 * spin and touch their own memory on the other CPUs: a CPU running another
 * mm (or idle, in lazy-TLB mode) would be skipped by the kernel's flush,
 * but one running a thread of this mm must be interrupted - one TLB IPI per
 * bystander CPU per call (flush_tlb_mm_range -> native_flush_tlb_multi).
 * The hot call timed is the madvise itself.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "team.h"
#include "workload.h"

static const char *const advices[] = { "dontneed", "free", NULL };

static const struct opt_desc flood_opts[] = {
	{ "initiators", OPT_U64, "1", "1", "64", NULL, NULL,
	  "threads that touch their region and madvise it" },
	{ "bystanders", OPT_U64, "1", "0", "64", NULL, NULL,
	  "threads that spin on other CPUs of the same mm" },
	{ "size", OPT_SIZE, "256K", "4K", "1G", NULL, NULL,
	  "bytes each initiator touches and then madvises" },
	{ "advice", OPT_STRING, "dontneed", NULL, NULL, advices, NULL,
	  "MADV_DONTNEED or MADV_FREE" },
	{ "rate", OPT_U64, "0", "0", "1000000", NULL, NULL,
	  "madvise calls per second per initiator; 0 = flat out" },
	{ "count", OPT_U64, "2000", "0", "1000000000000", NULL, NULL,
	  "madvise calls in all, over all initiators; 0 = no limit" },
	{ "duration_s", OPT_DOUBLE, "0", "0", "86400", NULL, NULL,
	  "stop after this many seconds; 0 = no limit" },
	{ "bystander_size", OPT_SIZE, "64K", "4K", "1G", NULL, NULL,
	  "bytes each bystander keeps touching" },
	{ "pin", OPT_BOOL, "true", NULL, NULL, NULL, NULL,
	  "pin initiators, then bystanders, to distinct CPUs" },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL },
};

struct flood {
	size_t size, bystander_size;
	int advice;
	uint64_t count;			/* 0 = unlimited */
	uint64_t period_ns;		/* 0 = flat out */
	uint64_t duration_ns;		/* 0 = no limit */
	_Atomic uint64_t tickets;	/* calls claimed so far */
	void *region[WL_MAX_THREADS];
	_Atomic int failed_errno;
};

static int flood_check(const struct opt_set *o, struct parse_error *err)
{
	if (opt_u64(o, "count") == 0 && opt_double(o, "duration_s") == 0)
		return parse_error_set(err, 0, "count",
				       "count=0 needs a duration_s, or the workload never ends");
	if (opt_u64(o, "initiators") + opt_u64(o, "bystanders") >
	    WL_MAX_THREADS)
		return parse_error_set(err, 0, "bystanders",
				       "initiators + bystanders > %d",
				       WL_MAX_THREADS);
	return 0;
}

/* Claim the right to make one more call; 0 when the count is used up. */
static int claim(struct flood *f)
{
	if (!f->count)
		return 1;
	return atomic_fetch_add(&f->tickets, 1) < f->count;
}

static void sleep_until(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000u),
			       (long)(ns % 1000000000u) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

static void initiator(struct wl_team *team, unsigned k)
{
	struct flood *f = team->spec->arg;
	char *p = f->region[k];
	uint64_t t0, t1, next = wl_now_ns();
	uint64_t deadline = f->duration_ns ? next + f->duration_ns : 0;
	unsigned char v = 0;

	while (!wl_should_stop(team->ctx) && claim(f)) {
		wl_touch(p, f->size, ++v);
		t0 = wl_now_ns();
		if (madvise(p, f->size, f->advice)) {
			atomic_store(&f->failed_errno, errno);
			break;
		}
		t1 = wl_now_ns();
		wl_op_done(team->ctx, k, t1 - t0);
		if (deadline && t1 >= deadline)
			break;
		if (f->period_ns) {
			next += f->period_ns;
			if (next > t1)
				sleep_until(next);
		}
	}
}

static void bystander(struct wl_team *team, unsigned k)
{
	struct flood *f = team->spec->arg;
	unsigned char v = 0;

	while (!wl_team_cold_done(team))
		wl_touch(f->region[k], f->bystander_size, ++v);
}

static int map_regions(struct flood *f, unsigned nhot, unsigned n,
		       struct wl_ctx *ctx)
{
	for (unsigned k = 0; k < n; k++) {
		size_t len = k < nhot ? f->size : f->bystander_size;

		f->region[k] = mmap(NULL, len, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (f->region[k] == MAP_FAILED) {
			f->region[k] = NULL;
			return wl_fail(ctx, "mmap of %zu bytes: %s", len,
				       strerror(errno));
		}
	}
	return 0;
}

static int flood_run(const struct opt_set *o, struct wl_ctx *ctx)
{
	unsigned nhot = (unsigned)opt_u64(o, "initiators");
	unsigned ncold = (unsigned)opt_u64(o, "bystanders");
	uint64_t rate = opt_u64(o, "rate");
	struct wl_team_spec spec = {
		.nhot = nhot, .ncold = ncold, .hot = initiator,
		.cold = bystander, .pin = opt_bool(o, "pin"),
	};
	struct flood f;
	int rc, err;

	memset(&f, 0, sizeof(f));
	f.size = opt_u64(o, "size");
	f.bystander_size = opt_u64(o, "bystander_size");
	f.advice = strcmp(opt_str(o, "advice"), "free") ? MADV_DONTNEED
							: MADV_FREE;
	f.count = opt_u64(o, "count");
	f.period_ns = rate ? 1000000000ull / rate : 0;
	f.duration_ns = (uint64_t)(opt_double(o, "duration_s") * 1e9);
	spec.arg = &f;
	rc = map_regions(&f, nhot, nhot + ncold, ctx);
	if (!rc)
		rc = wl_team_run(ctx, &spec);
	for (unsigned k = 0; k < nhot + ncold; k++)
		if (f.region[k])
			munmap(f.region[k],
			       k < nhot ? f.size : f.bystander_size);
	err = atomic_load(&f.failed_errno);
	if (rc)
		return rc;
	if (err)
		return wl_fail(ctx, "madvise: %s", strerror(err));
	wl_metric(ctx, "region_bytes", (double)f.size);
	wl_metric(ctx, "initiators", nhot);
	wl_metric(ctx, "bystanders", ncold);
	return 0;
}

const struct workload wl_madvise_flood = {
	.name = "madvise-flood",
	.summary = "threads touch a region and madvise it away; bystanders on the same mm take the TLB IPIs",
	.latency_what = "madvise",
	.opts = flood_opts,
	.check = flood_check,
	.run = flood_run,
};
