/* pattern.c - address generators; see pattern.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"
#include "rng.h"

const char *const pattern_names[] = { "seq", "uniform", "zipf", "trace",
				      NULL };

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Vose's alias method over P(rank r) ~ 1 / (r + 1)^s.  The table's
 * slots hold the alias rank until the pages are known. */
static int zipf_table(struct pattern *p)
{
	uint64_t n = p->npages, nsmall = 0, nlarge = 0;
	double *w = malloc(n * sizeof(*w)), sum = 0;
	uint32_t *small = malloc(n * sizeof(*small));
	uint32_t *large = malloc(n * sizeof(*large));
	struct zipf_slot *z = p->zipf = malloc(n * sizeof(*p->zipf));
	int rc = -ENOMEM;

	if (!w || !small || !large || !z)
		goto out;
	for (uint64_t r = 0; r < n; r++)
		sum += w[r] = pow((double)(r + 1), -p->zipf_s);
	for (uint64_t r = 0; r < n; r++) {
		w[r] = w[r] * (double)n / sum;
		if (w[r] < 1)
			small[nsmall++] = (uint32_t)r;
		else
			large[nlarge++] = (uint32_t)r;
	}
	while (nsmall && nlarge) {
		uint32_t s = small[--nsmall], l = large[nlarge - 1];

		z[s].prob = (uint32_t)(w[s] * 4294967295.0);
		z[s].alias_page = l;
		w[l] -= 1 - w[s];
		if (w[l] < 1) {
			nlarge--;
			small[nsmall++] = l;
		}
	}
	while (nlarge) {
		uint32_t l = large[--nlarge];

		z[l].prob = UINT32_MAX;
		z[l].alias_page = l;
	}
	while (nsmall) {	/* rounding leftovers */
		uint32_t s = small[--nsmall];

		z[s].prob = UINT32_MAX;
		z[s].alias_page = s;
	}
	/* A multiplier coprime with n maps ranks to scattered pages. */
	p->mult = 0x9e3779b97f4a7c15ull % n;
	while (n > 1 && (p->mult < 2 || gcd(p->mult, n) != 1))
		p->mult = (p->mult + 1) % n;
	if (n == 1)
		p->mult = 1;
	for (uint64_t r = 0; r < n; r++) {
		z[r].page = (uint32_t)((r * p->mult) % n);
		z[r].alias_page = (uint32_t)((z[r].alias_page * p->mult) % n);
	}
	rc = 0;
out:
	free(w);
	free(small);
	free(large);
	return rc;
}

int pattern_init(struct pattern *p, enum pattern_kind kind, uint64_t ws,
		 uint64_t stride, double zipf_s, const uint64_t *trace,
		 size_t ntrace, uint64_t seed)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->ws = ws;
	p->stride = stride;
	p->zipf_s = zipf_s;
	p->rng = seed;
	p->npages = ws / 4096;
	switch (kind) {
	case PAT_SEQ:
		if (!stride || ws < 4096)
			return -EINVAL;
		return 0;
	case PAT_UNIFORM:
		return ws < 4096 ? -EINVAL : 0;
	case PAT_ZIPF:
		if (ws < 4096 || p->npages > (1u << 26) || !(zipf_s > 0))
			return -EINVAL;
		rc = zipf_table(p);
		if (rc)
			pattern_free(p);
		return rc;
	case PAT_TRACE:
		if (!trace || !ntrace)
			return -EINVAL;
		p->trace = trace;
		p->ntrace = ntrace;
		return 0;
	}
	return -EINVAL;
}

void pattern_free(struct pattern *p)
{
	free(p->zipf);
	p->zipf = NULL;
}

void pattern_fill(struct pattern *p, uint64_t *out, size_t n)
{
	size_t i;

	switch (p->kind) {
	case PAT_SEQ:
		for (i = 0; i < n; i++) {
			out[i] = p->pos;
			p->pos += p->stride;
			if (p->pos >= p->ws)
				p->pos -= p->ws;
		}
		break;
	case PAT_UNIFORM:
		for (i = 0; i < n; i++)
			out[i] = rng_below(&p->rng, p->ws) & ~63ull;
		break;
	case PAT_ZIPF:
		for (i = 0; i < n; i++) {
			uint64_t r = rng_next(&p->rng);
			uint64_t k = (uint64_t)(((unsigned __int128)r *
						 p->npages) >> 64);
			const struct zipf_slot *z = &p->zipf[k];
			uint32_t page = (uint32_t)r > z->prob ? z->alias_page
							      : z->page;

			out[i] = (uint64_t)page * 4096 + ((r >> 32) & 0xfc0);
		}
		break;
	case PAT_TRACE:
		for (i = 0; i < n; i++) {
			out[i] = p->trace[p->pos];
			if (++p->pos == p->ntrace)
				p->pos = 0;
		}
		break;
	}
}
