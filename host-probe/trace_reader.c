/* trace_reader.c - incremental IPI counting over an apic_mem_writel trace;
 * see trace_reader.h for the decoding rules and the window design. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apic_trace.h"
#include "trace_reader.h"

struct ipi_event {
	int64_t t_us;
	uint16_t sender;
	uint16_t dest;
	uint8_t vector;
	uint8_t kind;		/* EV_* */
};

enum {
	EV_DELIVERY,		/* a further delivery of the same ICR write */
	EV_FIRST,		/* the first delivery of an ICR write */
	EV_NOBODY,		/* an ICR write that reached no vCPU */
};

int trace_reader_init(struct trace_reader *r,
		      const struct trace_reader_config *cfg)
{
	memset(r, 0, sizeof(*r));
	r->cfg = *cfg;
	ipi_tally_init(&r->total);
	for (unsigned b = 0; b < 8; b++)
		r->ldr_cpu[b] = (uint16_t)b;
	if (!cfg->vcpu_tids || !cfg->nvcpus) {
		r->cfg.vcpu_tids = NULL;
		r->cfg.nvcpus = 0;
		return 0;
	}
	if (cfg->nvcpus > IPI_MAX_CPUS)
		return -EINVAL;
	for (unsigned i = 0; i < cfg->nvcpus; i++) {
		if (cfg->vcpu_tids[i] <= 0)
			return -EINVAL;
		for (unsigned j = 0; j < i; j++)
			if (cfg->vcpu_tids[j] == cfg->vcpu_tids[i])
				return -EINVAL;
	}
	r->map = malloc(cfg->nvcpus * sizeof(*r->map));
	if (!r->map)
		return -ENOMEM;
	memcpy(r->map, cfg->vcpu_tids, cfg->nvcpus * sizeof(*r->map));
	r->cfg.vcpu_tids = r->map;
	r->map_given = 1;
	return 0;
}

void trace_reader_free(struct trace_reader *r)
{
	ipi_tally_free(&r->total);
	free(r->map);
	free(r->thr);
	free(r->ev);
	free(r->part);
	memset(r, 0, sizeof(*r));
}

unsigned trace_reader_ncpus(const struct trace_reader *r)
{
	if (r->cfg.ncpus)
		return r->cfg.ncpus;
	if (r->map_given)
		return r->cfg.nvcpus;
	return r->stats.threads - r->stats.unknown_threads;
}

const struct trace_thread *trace_reader_threads(const struct trace_reader *r,
						size_t *n)
{
	*n = r->nthr;
	return r->thr;
}

static uint16_t cpu_of_new_thread(const struct trace_reader *r, pid_t tid)
{
	if (r->map_given) {
		for (unsigned i = 0; i < r->cfg.nvcpus; i++)
			if (r->map[i] == tid)
				return (uint16_t)i;
		return IPI_CPU_UNKNOWN;
	}
	if (r->stats.threads - r->stats.unknown_threads < IPI_MAX_CPUS)
		return (uint16_t)(r->stats.threads - r->stats.unknown_threads);
	return IPI_CPU_UNKNOWN;
}

/* The writer's state; a handful of threads, and consecutive lines mostly
 * come from the same one, so a remembered index beats a hash. */
static struct trace_thread *thread_of(struct trace_reader *r, pid_t tid)
{
	struct trace_thread *t;

	if (r->nthr && r->thr[r->last_thr].tid == tid)
		return &r->thr[r->last_thr];
	for (size_t i = 0; i < r->nthr; i++) {
		if (r->thr[i].tid == tid) {
			r->last_thr = i;
			return &r->thr[i];
		}
	}
	if (r->nthr == r->capthr) {
		size_t cap = r->capthr ? r->capthr * 2 : 8;
		struct trace_thread *g = realloc(r->thr, cap * sizeof(*g));

		if (!g)
			return NULL;
		r->thr = g;
		r->capthr = cap;
	}
	t = &r->thr[r->nthr];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->cpu = cpu_of_new_thread(r, tid);
	r->stats.threads++;
	if (t->cpu == IPI_CPU_UNKNOWN)
		r->stats.unknown_threads++;
	r->last_thr = r->nthr++;
	return t;
}

static void keep_event(struct trace_reader *r, int64_t t_us, uint16_t sender,
		       uint16_t dest, uint8_t vector, int kind)
{
	struct ipi_event *e;

	if (!r->cfg.keep_events)
		return;
	if (r->cfg.max_events && r->nev >= r->cfg.max_events) {
		r->stats.events_dropped++;
		return;
	}
	if (r->nev == r->capev) {
		size_t cap = r->capev ? r->capev * 2 : 1024;
		struct ipi_event *g = realloc(r->ev, cap * sizeof(*g));

		if (!g) {
			r->stats.events_dropped++;
			return;
		}
		r->ev = g;
		r->capev = cap;
	}
	e = &r->ev[r->nev++];
	e->t_us = t_us;
	e->sender = sender;
	e->dest = dest;
	e->vector = vector;
	e->kind = (uint8_t)kind;
	r->stats.events_kept++;
}

static int deliver(struct trace_reader *r, int64_t t_us, uint16_t sender,
		   uint16_t dest, uint8_t vector, int *new_write)
{
	if (ipi_tally_add(&r->total, sender, dest, vector, 1, *new_write))
		return -ENOMEM;
	keep_event(r, t_us, sender, dest, vector,
		   *new_write ? EV_FIRST : EV_DELIVERY);
	*new_write = 0;
	return 0;
}

/* Expand a fixed ICR write to its destination vCPUs. */
static int send_fixed(struct trace_reader *r, const struct apic_write *w,
		      const struct trace_thread *t, const struct icr *icr)
{
	unsigned n = trace_reader_ncpus(r);
	uint16_t s = t->cpu;
	int first = 1;
	int rc = 0;

	switch (icr->shorthand) {
	case ICR_SH_SELF:
		rc = deliver(r, w->t_us, s, s, icr->vector, &first);
		break;
	case ICR_SH_ALL:
	case ICR_SH_OTHERS:
		for (unsigned c = 0; c < n && !rc; c++)
			if (icr->shorthand == ICR_SH_ALL || c != s)
				rc = deliver(r, w->t_us, s, (uint16_t)c,
					     icr->vector, &first);
		break;
	default:
		if (icr->logical) {
			for (unsigned b = 0; b < 8 && !rc; b++)
				if (icr->dest & (1u << b))
					rc = deliver(r, w->t_us, s,
						     r->ldr_cpu[b],
						     icr->vector, &first);
		} else if (icr->dest == 0xff) {
			for (unsigned c = 0; c < n && !rc; c++)
				rc = deliver(r, w->t_us, s, (uint16_t)c,
					     icr->vector, &first);
		} else {
			rc = deliver(r, w->t_us, s, icr->dest, icr->vector,
				     &first);
		}
	}
	if (!rc && first) {
		/* An empty logical mask: a write, no delivery. */
		ipi_tally_add_write(&r->total);
		keep_event(r, w->t_us, s, IPI_CPU_UNKNOWN, icr->vector,
			   EV_NOBODY);
	}
	return rc;
}

static int apply_write(struct trace_reader *r, const struct apic_write *w)
{
	struct trace_stats *st = &r->stats;
	struct trace_thread *t = thread_of(r, (pid_t)w->tid);
	struct icr icr;

	if (!t)
		return -ENOMEM;
	st->apic_writes++;
	switch (w->offset) {
	case APIC_REG_ICR_HI:
		st->icr_hi_writes++;
		t->icr_hi = w->value;
		return 0;
	case APIC_REG_ICR_LO:
		st->icr_lo_writes++;
		t->icr_writes++;
		if (t->cpu == IPI_CPU_UNKNOWN)
			st->unknown_writes++;
		icr_decode(w->value, t->icr_hi, &icr);
		st->by_delivery[icr.delivery]++;
		return icr.delivery == ICR_DM_FIXED ?
			send_fixed(r, w, t, &icr) : 0;
	case APIC_REG_LDR:
		/* Flat model: the vCPU answers to each bit of its LDR. */
		for (unsigned b = 0; b < 8 && t->cpu != IPI_CPU_UNKNOWN; b++)
			if ((w->value >> 24) & (1u << b))
				r->ldr_cpu[b] = t->cpu;
		break;
	case APIC_REG_DFR:
		if ((w->value >> 28) == 0)
			st->cluster_dfr++;
		break;
	}
	st->other_writes++;
	return 0;
}

static void malformed(struct trace_reader *r, const struct parse_error *why)
{
	struct trace_stats *st = &r->stats;

	if (!st->malformed++) {
		st->first_malformed_line = st->lines;
		st->first_malformed = *why;
		st->first_malformed.line = (unsigned)st->lines;
	}
}

static void note_time(struct trace_stats *st, const struct apic_write *w)
{
	if (!st->first_us || w->t_us < st->first_us)
		st->first_us = w->t_us;
	if (w->t_us > st->last_us)
		st->last_us = w->t_us;
}

static int do_line(struct trace_reader *r, const char *line, size_t len)
{
	struct parse_error err;
	struct apic_write w;
	int kind;

	r->stats.lines++;
	if (!len)
		return 0;
	kind = apic_trace_decode(line, len, &w, &err);
	if (kind < 0) {
		malformed(r, &err);
		return 0;
	}
	if (!w.has_prefix) {
		parse_error_set(&err, 0, "tid", "no \"TID@TIME:\" prefix "
				"(run QEMU with -msg timestamp=on)");
		malformed(r, &err);
		return 0;
	}
	note_time(&r->stats, &w);
	if (kind == APIC_LINE_OTHER) {
		r->stats.other_events++;
		return 0;
	}
	return apply_write(r, &w);
}

static void too_long(struct trace_reader *r)
{
	struct parse_error err;

	r->stats.lines++;
	parse_error_set(&err, 0, "", "line longer than %d bytes",
			TRACE_MAX_LINE);
	malformed(r, &err);
}

/* Keep an incomplete line; an over-long one is reported once and then
 * skipped up to its newline. */
static int keep_partial(struct trace_reader *r, const char *buf, size_t len)
{
	if (r->skipping)
		return 0;
	if (r->npart + len > TRACE_MAX_LINE) {
		too_long(r);
		r->skipping = 1;
		r->npart = 0;
		return 0;
	}
	if (!r->part) {
		r->part = malloc(TRACE_MAX_LINE);
		if (!r->part)
			return -ENOMEM;
	}
	memcpy(r->part + r->npart, buf, len);
	r->npart += len;
	return 0;
}

int trace_reader_feed(struct trace_reader *r, const char *buf, size_t len)
{
	int rc = 0;

	while (len && !rc) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;

		if (!nl)
			return keep_partial(r, buf, len);
		if (r->skipping) {
			r->skipping = 0;
		} else if (r->npart) {
			rc = keep_partial(r, buf, n);
			if (!rc && !r->skipping)
				rc = do_line(r, r->part, r->npart);
			r->skipping = 0;
			r->npart = 0;
		} else if (n > TRACE_MAX_LINE) {
			too_long(r);
		} else {
			rc = do_line(r, buf, n);
		}
		buf += n + 1;
		len -= n + 1;
	}
	return rc;
}

int trace_reader_finish(struct trace_reader *r)
{
	int rc = 0;

	if (r->npart && !r->skipping)
		rc = do_line(r, r->part, r->npart);
	r->npart = 0;
	r->skipping = 0;
	return rc;
}

/* ceil(a / 1000) for any sign, without overflow. */
static int64_t ns_to_us_ceil(int64_t a)
{
	int64_t q = a / 1000;

	return q + (a % 1000 > 0);
}

int trace_reader_window(const struct trace_reader *r, int64_t t0_ns,
			int64_t t1_ns, struct ipi_tally *out)
{
	/* An event stamped u us is in the window when u * 1000 ns lies in
	 * [t0, t1), i.e. when ceil(t0/1000) <= u < ceil(t1/1000); compared
	 * in microseconds so no product can overflow. */
	int64_t lo = ns_to_us_ceil(t0_ns), hi = ns_to_us_ceil(t1_ns);

	ipi_tally_init(out);
	if (t1_ns < t0_ns || !r->cfg.keep_events)
		return -EINVAL;
	if (r->stats.events_dropped)
		return -ENOSPC;
	for (size_t i = 0; i < r->nev; i++) {
		const struct ipi_event *e = &r->ev[i];

		if (e->t_us < lo || e->t_us >= hi)
			continue;
		if (e->kind == EV_NOBODY) {
			ipi_tally_add_write(out);
			continue;
		}
		if (ipi_tally_add(out, e->sender, e->dest, e->vector, 1,
				  e->kind == EV_FIRST)) {
			ipi_tally_free(out);
			return -ENOMEM;
		}
	}
	return 0;
}
