/* workload.c - workload context helpers; see workload.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workload.h"

const struct workload *workload_find(const char *name)
{
	for (const struct workload *const *w = workloads; *w; w++)
		if (!strcmp((*w)->name, name))
			return *w;
	return NULL;
}

void wl_ctx_init(struct wl_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
}

int wl_ctx_threads(struct wl_ctx *ctx, unsigned n)
{
	if (n == 0 || n > WL_MAX_THREADS)
		return -EINVAL;
	ctx->thread = aligned_alloc(64, n * sizeof(*ctx->thread));
	if (!ctx->thread)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		atomic_init(&ctx->thread[i].ops, 0);
		hist_init(&ctx->thread[i].lat);
	}
	ctx->nthreads = n;
	return 0;
}

void wl_ctx_free(struct wl_ctx *ctx)
{
	free(ctx->thread);
	ctx->thread = NULL;
	ctx->nthreads = 0;
}

uint64_t wl_ctx_ops(struct wl_ctx *ctx)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < ctx->nthreads; i++)
		sum += atomic_load_explicit(&ctx->thread[i].ops,
					    memory_order_relaxed);
	return sum;
}

void wl_ctx_latency(const struct wl_ctx *ctx, struct hist *out)
{
	hist_init(out);
	for (unsigned i = 0; i < ctx->nthreads; i++)
		hist_merge(out, &ctx->thread[i].lat);
}

void wl_window_begin(struct wl_ctx *ctx)
{
	if (ctx->began)
		return;
	ctx->began = 1;
	if (ctx->on_begin)
		ctx->on_begin(ctx);
}

void wl_window_end(struct wl_ctx *ctx)
{
	if (!ctx->began || ctx->ended)
		return;
	ctx->ended = 1;
	if (ctx->on_end)
		ctx->on_end(ctx);
}

void wl_metric(struct wl_ctx *ctx, const char *name, double value)
{
	if (ctx->nmetrics >= WL_MAX_METRICS)
		return;
	ctx->metrics[ctx->nmetrics].name = name;
	ctx->metrics[ctx->nmetrics].value = value;
	ctx->nmetrics++;
}

int wl_fail(struct wl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	return -1;
}

uint64_t wl_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void wl_touch(void *p, size_t len, unsigned char value)
{
	volatile unsigned char *c = p;

	for (size_t off = 0; off < len; off += 4096)
		c[off] = value;
}
