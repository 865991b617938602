/* shootdown.c - discrete-event TLB shootdown model; see shootdown.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "evq.h"
#include "rng.h"
#include "shootdown.h"

enum ev { EV_DONE, EV_IPI, EV_SLICE, EV_GSLICE, EV_WAKE, EV_PLE };

/* Phases of a guest thread; TOUCH and SPIN run in user mode.  RET: the
 * call is done in the kernel but the thread was preempted on its way back
 * to user mode; the caller's clock stops only when it runs again. */
enum phase { PH_TOUCH, PH_SYSCALL, PH_SEND, PH_LFLUSH, PH_WAIT, PH_RET,
	     PH_SPIN, PH_THINK, PH_STOP };

struct thread {
	unsigned vcpu;
	int initiator;
	enum phase ph;
	double left;		/* work left in TOUCH/SYSCALL/SEND/LFLUSH */
	double call_start, next_call;
	unsigned *tgt, ntgt, sent, acks;
};

struct vcpu {
	unsigned pcpu;
	int vm0;		/* a vCPU of the simulated VM */
	int running, halted;
	uint32_t gen;		/* bumps cancel this vCPU's EV_DONE */
	double since;		/* last accounting of its activity */
	unsigned *thr, nthr, cur;
	unsigned *ipiq, qhead, qlen;	/* senders of pending IPIs */
	int in_handler, hsender;	/* hsender -1: PV flush on entry */
	double hleft;
	int need_resched, pv_pending;
	int boost_from;		/* boosted by PLE: the vCPU (index in its
				 * pCPU's list) to give the pCPU back to
				 * after the handler; -1 none */
};

struct pcpu {
	unsigned *vc, n;
	int cur;		/* index into vc, -1 idle */
	uint32_t gen;
};

struct sim {
	const struct sd_config *cfg;
	double now, pages, flush_cost, period, first_start, last_end;
	double last_progress;
	uint64_t tickets, done;
	unsigned nv, np, nt;
	struct vcpu *v;
	struct pcpu *p;
	struct thread *t;
	struct evq q;
	struct sd_result *res;
	uint64_t rng;
	int nomem, stop;
};

static void push(struct sim *s, double t, enum ev kind, uint32_t id,
		 uint32_t gen)
{
	if (evq_push(&s->q, t, kind, id, gen))
		s->nomem = 1;
}

static int runnable(const struct thread *t)
{
	return t->ph != PH_THINK && t->ph != PH_STOP;
}

/* The thread a vCPU runs, moving on from one that sleeps; NULL if none. */
static struct thread *cur_thread(struct sim *s, struct vcpu *v)
{
	for (unsigned i = 0; i < v->nthr; i++) {
		unsigned k = (v->cur + i) % v->nthr;

		if (runnable(&s->t[v->thr[k]])) {
			v->cur = k;
			return &s->t[v->thr[k]];
		}
	}
	return NULL;
}

/* Charge the time since v->since to what v was doing. */
static void progress(struct sim *s, struct vcpu *v)
{
	double dt = s->now - v->since;
	struct thread *t;

	v->since = s->now;
	if (!v->running || dt <= 0)
		return;
	if (v->vm0)
		s->res->busy_ns += dt;
	if (v->in_handler) {
		v->hleft -= dt;
		s->res->shootdown_ns += dt;
		return;
	}
	if (!v->vm0 || !(t = cur_thread(s, v)))
		return;
	switch (t->ph) {
	case PH_SEND:
	case PH_LFLUSH:
		s->res->shootdown_ns += dt;
		/* fall through */
	case PH_TOUCH:
	case PH_SYSCALL:
	case PH_RET:
		t->left -= dt;
		break;
	case PH_WAIT:
		s->res->shootdown_ns += dt;
		break;
	default:
		break;
	}
}

static void halt(struct sim *s, struct vcpu *v);
static void rotate(struct vcpu *v);

/* Re-plan v after a change: start a handler if one is due, then schedule
 * the end of whatever it does.  The caller has called progress(). */
static void kick(struct sim *s, struct vcpu *v)
{
	struct thread *t;

	v->gen++;
	v->since = s->now;
	if (!v->running || !v->vm0)
		return;
	if (!v->in_handler && v->pv_pending) {
		v->pv_pending = 0;
		v->in_handler = 1;
		v->hsender = -1;
		v->hleft = s->cfg->c.flush_full + s->cfg->c.handler_full;
		s->res->full_flushes++;
	} else if (!v->in_handler && v->qlen) {
		v->in_handler = 1;
		v->hsender = (int)v->ipiq[v->qhead];
		v->qhead = (v->qhead + 1) % s->nt;
		v->qlen--;
		v->hleft = s->cfg->c.ipi_handler + s->flush_cost;
		if (s->pages > s->cfg->c.ceiling) {
			v->hleft += s->cfg->c.handler_full;
			s->res->full_flushes++;
		}
	}
	if (v->in_handler) {
		push(s, s->now + (v->hleft > 0 ? v->hleft : 0), EV_DONE,
		     (uint32_t)(v - s->v), v->gen);
		return;
	}
	t = cur_thread(s, v);
	if (!t) {
		halt(s, v);
		return;
	}
	switch (t->ph) {
	case PH_TOUCH:
	case PH_SYSCALL:
	case PH_SEND:
	case PH_LFLUSH:
	case PH_RET:
		push(s, s->now + (t->left > 0 ? t->left : 0), EV_DONE,
		     (uint32_t)(v - s->v), v->gen);
		break;
	case PH_WAIT:
		if (t->acks >= t->ntgt)
			push(s, s->now, EV_DONE, (uint32_t)(v - s->v), v->gen);
		else if (s->cfg->c.ple_yield > 0)
			push(s, s->now + s->cfg->c.ple_yield, EV_PLE,
			     (uint32_t)(v - s->v), v->gen);
		break;
	default:
		break;
	}
}

/* v runs again on its pCPU: the guest's tick that ended a slice while
 * the host had preempted it is delivered now, and its return to user
 * mode schedules (irqentry_exit_to_user_mode()): a thread in user mode
 * switches at once, not at its next call. */
static void resched_on_resume(struct sim *s, struct vcpu *v)
{
	struct thread *t;

	if (!v->vm0 || !v->need_resched || v->in_handler || v->qlen ||
	    v->pv_pending)
		return;
	t = cur_thread(s, v);
	if (t && (t->ph == PH_TOUCH || t->ph == PH_SPIN))
		rotate(v);
}

/* Host: run the next runnable vCPU of p after its current one. */
static void host_switch(struct sim *s, struct pcpu *p)
{
	int next = -1;

	for (unsigned i = 1; i <= p->n; i++) {
		unsigned k = (unsigned)(p->cur < 0 ? (int)i - 1
				       : (p->cur + (int)i)) % p->n;

		if (!s->v[p->vc[k]].halted) {
			next = (int)k;
			break;
		}
	}
	if (next == p->cur)
		return;
	if (p->cur >= 0) {
		struct vcpu *o = &s->v[p->vc[p->cur]];

		progress(s, o);
		o->running = 0;
		o->gen++;
		o->boost_from = -1;	/* its slice ended the boost */
	}
	p->cur = next;
	if (next >= 0) {
		struct vcpu *n = &s->v[p->vc[next]];

		progress(s, n);
		n->running = 1;
		resched_on_resume(s, n);
		kick(s, n);
	}
}

/* Host: run vCPU u on its pCPU now, in place of the one there (the
 * pCPU's slice timer goes on).  Returns the index of the one it
 * replaced, -1 if the pCPU was idle. */
static int host_run(struct sim *s, struct vcpu *u)
{
	struct pcpu *p = &s->p[u->pcpu];
	int was = p->cur;

	for (unsigned k = 0; k < p->n; k++)
		if (&s->v[p->vc[k]] == u) {
			if (p->cur >= 0) {
				struct vcpu *o = &s->v[p->vc[p->cur]];

				progress(s, o);
				o->running = 0;
				o->gen++;
			}
			p->cur = (int)k;
			progress(s, u);
			u->running = 1;
			resched_on_resume(s, u);
			kick(s, u);
			break;
		}
	return was;
}

static void halt(struct sim *s, struct vcpu *v)
{
	struct pcpu *p = &s->p[v->pcpu];

	v->halted = 1;
	if (v->running) {
		progress(s, v);
		v->running = 0;
		v->gen++;
		host_switch(s, p);
	}
}

static void wake(struct sim *s, struct vcpu *v)
{
	struct pcpu *p = &s->p[v->pcpu];

	if (!v->halted)
		return;
	v->halted = 0;
	v->since = s->now;
	if (p->cur < 0)
		host_switch(s, p);
}

static uint64_t claim(struct sim *s)
{
	if (s->tickets >= s->cfg->calls)
		return 0;
	s->tickets++;
	return 1;
}

/* v runs a touch or a syscall+zap of the process: its locks are taken
 * and interrupts are off now and then. */
static int busy_kernel(struct sim *s, struct vcpu *v)
{
	struct thread *t;

	if (!v->vm0 || !v->running || v->halted || v->in_handler)
		return 0;
	t = cur_thread(s, v);
	return t && (t->ph == PH_TOUCH || t->ph == PH_SYSCALL);
}

/* Work that starts on t's vCPU while another one is busy_kernel(). */
static double contended(struct sim *s, const struct thread *t, double work)
{
	if (s->cfg->c.contention <= 0)
		return work;
	for (unsigned i = 0; i < s->cfg->vcpus; i++)
		if (i != t->vcpu && busy_kernel(s, &s->v[i]))
			return work * (1 + s->cfg->c.contention);
	return work;
}

/* Start the next call of an initiator (TOUCH), or stop it. */
static void next_call(struct sim *s, struct thread *t)
{
	if (!claim(s)) {
		t->ph = PH_STOP;
		return;
	}
	t->ph = PH_TOUCH;
	t->left = s->cfg->c.touch_page * s->pages + s->cfg->c.user_loop +
		  s->cfg->work;
	if (s->cfg->touch_jitter > 0)
		t->left *= 1 + s->cfg->touch_jitter *
			       (2 * rng_unit(&s->rng) - 1);
	t->left = contended(s, t, t->left);
}

/* Guest scheduler: hand the vCPU to its next runnable thread. */
static void rotate(struct vcpu *v)
{
	if (v->nthr > 1)
		v->cur = (v->cur + 1) % v->nthr;
	v->need_resched = 0;
}

/* Another thread of v could run instead of t. */
static int others_runnable(struct sim *s, const struct vcpu *v,
			   const struct thread *t)
{
	for (unsigned i = 0; i < v->nthr; i++)
		if (&s->t[v->thr[i]] != t && runnable(&s->t[v->thr[i]]))
			return 1;
	return 0;
}

static void call_done(struct sim *s, struct vcpu *v, struct thread *t)
{
	/* The return to user mode is a preemption point: a slice that ran
	 * out during the call switches threads here, before the caller
	 * reads its clock, so the wait is part of the call's latency. */
	if (t->ph != PH_RET && v->need_resched && others_runnable(s, v, t)) {
		t->ph = PH_RET;
		t->left = 0;
		rotate(v);
		return;
	}
	/* Rounded: times are sums of doubles. */
	hist_record(&s->res->lat, (uint64_t)(s->now - t->call_start + 0.5));
	s->res->calls++;
	s->last_end = s->now;
	s->last_progress = s->now;
	if (++s->done >= s->cfg->calls) {
		s->stop = 1;
		return;
	}
	if (s->period > 0) {
		t->next_call += s->period;
		if (t->next_call > s->now) {
			t->ph = PH_THINK;
			push(s, t->next_call, EV_WAKE, (uint32_t)(t - s->t), 0);
			return;
		}
	}
	next_call(s, t);
	if (v->need_resched)
		rotate(v);
}

/* The current phase of t (on v) has finished. */
static void advance(struct sim *s, struct vcpu *v, struct thread *t)
{
	const struct sd_costs *c = &s->cfg->c;

	switch (t->ph) {
	case PH_TOUCH:
		t->ph = PH_SYSCALL;
		t->left = contended(s, t, c->syscall + c->zap_page * s->pages);
		t->call_start = s->now;
		if (s->first_start < 0)
			s->first_start = s->now;
		break;
	case PH_SYSCALL:
		/* zap_pmd_range() ends with cond_resched(): a guest slice
		 * that ran out meanwhile hands the vCPU to another thread
		 * here, before the flush; the call resumes when this thread
		 * runs again (t->left 0: straight on to the flush). */
		if (v->need_resched && v->nthr > 1) {
			t->left = 0;
			rotate(v);
			if (cur_thread(s, v) != t)
				break;
		}
		/* flush_tlb_mm_range(): CPUs of the mm that run it now;
		 * idle ones are lazy and skipped (tlb_is_not_lazy). */
		t->ntgt = t->sent = t->acks = 0;
		for (unsigned i = 0; i < s->cfg->vcpus; i++) {
			struct vcpu *u = &s->v[i];

			if (u == v || u->halted || !cur_thread(s, u))
				continue;
			if (s->cfg->pv_flush && !u->running) {
				/* kvm_flush_tlb_multi(): preempted, so
				 * flag it instead of IPI and wait. */
				u->pv_pending = 1;
				s->res->pv_deferred++;
				continue;
			}
			t->tgt[t->ntgt++] = i;
		}
		if (t->ntgt) {
			t->ph = PH_SEND;
			t->left = c->ipi_send;
		} else {
			t->ph = PH_LFLUSH;
			t->left = s->flush_cost;
		}
		break;
	case PH_SEND:
		push(s, s->now + c->ipi_latency +
		     (busy_kernel(s, &s->v[t->tgt[t->sent]]) ? c->irq_delay : 0),
		     EV_IPI, t->tgt[t->sent], (uint32_t)(t - s->t));
		s->res->ipis++;
		s->res->exits += (uint64_t)c->exits_per_ipi;
		if (++t->sent < t->ntgt) {
			t->left = c->ipi_send;
		} else {
			t->ph = PH_LFLUSH;
			t->left = s->flush_cost;
		}
		break;
	case PH_LFLUSH:
		if (s->pages > c->ceiling)
			s->res->full_flushes++;
		t->ph = PH_WAIT;
		break;
	case PH_WAIT:
	case PH_RET:
		call_done(s, v, t);
		break;
	default:
		break;
	}
}

static void on_done(struct sim *s, struct vcpu *v)
{
	struct thread *t;

	progress(s, v);
	if (v->in_handler) {
		v->in_handler = 0;
		if (v->boost_from >= 0 && !v->qlen) {
			struct pcpu *p = &s->p[v->pcpu];
			int back = v->boost_from;

			v->boost_from = -1;
			if (p->cur >= 0 && &s->v[p->vc[p->cur]] == v &&
			    !s->v[p->vc[back]].halted)
				host_run(s, &s->v[p->vc[back]]);
		}
		if (v->hsender >= 0) {
			struct thread *snd = &s->t[v->hsender];
			struct vcpu *sv = &s->v[snd->vcpu];

			snd->acks++;
			/* The sender notices when it spins on a pCPU. */
			if (snd->ph == PH_WAIT && snd->acks >= snd->ntgt &&
			    sv != v && sv->running && !sv->in_handler) {
				progress(s, sv);
				kick(s, sv);
			}
		}
		/* The interrupt returns to user mode through
		 * irqentry_exit_to_user_mode(), which schedules when
		 * TIF_NEED_RESCHED is set: a slice that ran out during the
		 * handler switches threads now, not at the thread's next
		 * preemption point in the kernel (its next call). */
		t = cur_thread(s, v);
		if (v->need_resched && !v->qlen && !v->pv_pending && t &&
		    (t->ph == PH_TOUCH || t->ph == PH_SPIN))
			rotate(v);
	} else if ((t = cur_thread(s, v))) {
		advance(s, v, t);
	}
	if (!s->stop)
		kick(s, v);
}

static void on_ipi(struct sim *s, struct vcpu *v, unsigned sender)
{
	progress(s, v);
	v->ipiq[(v->qhead + v->qlen) % s->nt] = sender;
	v->qlen++;
	if (v->halted)
		wake(s, v);
	else if (v->running && !v->in_handler)
		kick(s, v);
}

/* v's sender spun ple_yield in PAUSE: kvm_vcpu_on_spin() picks a
 * preempted vCPU of the VM with an interrupt pending (a target not yet
 * run) and yields to it.  The sender keeps its pCPU and spins on. */
static void on_ple(struct sim *s, struct vcpu *v)
{
	struct thread *t;

	if (!v->running || v->in_handler || !(t = cur_thread(s, v)) ||
	    t->ph != PH_WAIT)
		return;
	for (unsigned i = 0; i < t->ntgt; i++) {
		struct vcpu *u = &s->v[t->tgt[i]];

		if (!u->running && !u->halted && u->qlen) {
			/* Only until the flush is done: CFS charges the
			 * boosted vCPU's run to it, so the VM gets no more
			 * than its share (the model has no vruntime). */
			s->res->ple_yields++;
			u->boost_from = host_run(s, u);
			/* yield_to() then schedule(): the spinner's pCPU
			 * goes to the next vCPU there, until its round. */
			host_switch(s, &s->p[v->pcpu]);
			return;
		}
	}
	progress(s, v);
	kick(s, v);	/* spins on: the next exit after ple_yield */
}

static void on_gslice(struct sim *s, struct vcpu *v)
{
	struct thread *t;

	push(s, s->now + s->cfg->c.guest_slice, EV_GSLICE,
	     (uint32_t)(v - s->v), 0);
	t = cur_thread(s, v);
	if (!t)
		return;
	/* A late tick: the slice ends at the initiator's next call. */
	if (t->ph == PH_TOUCH && s->cfg->c.tick_defer > 0 &&
	    rng_unit(&s->rng) < s->cfg->c.tick_defer) {
		v->need_resched = 1;
		return;
	}
	if ((t->ph == PH_TOUCH || t->ph == PH_SPIN) && !v->in_handler &&
	    v->running) {
		progress(s, v);
		rotate(v);
		kick(s, v);
	} else {
		v->need_resched = 1;
	}
}

static void on_wake(struct sim *s, struct thread *t)
{
	struct vcpu *v = &s->v[t->vcpu];
	struct thread *c;

	progress(s, v);
	next_call(s, t);
	if (t->ph == PH_STOP)
		return;
	/* Wakeup preemption: a thread in user mode gives way. */
	c = cur_thread(s, v);
	if (c && c != t && (c->ph == PH_TOUCH || c->ph == PH_SPIN))
		for (unsigned i = 0; i < v->nthr; i++)
			if (&s->t[v->thr[i]] == t)
				v->cur = i;
	if (v->halted)
		wake(s, v);
	else if (v->running && !v->in_handler)
		kick(s, v);
}

static int check(const struct sd_config *cfg)
{
	const double *c = &cfg->c.syscall;

	for (size_t i = 0; i < sizeof(cfg->c) / sizeof(double); i++)
		if (!(c[i] >= 0))
			return -EINVAL;
	if (!cfg->initiators || !cfg->vcpus || cfg->vcpus > SD_MAX_VCPUS ||
	    cfg->initiators + cfg->bystanders > SD_MAX_THREADS ||
	    cfg->size < 4096 || !cfg->calls || !cfg->vms ||
	    (uint64_t)cfg->vms * cfg->vcpus > 65536 || cfg->rate < 0 ||
	    !(cfg->work >= 0 && cfg->work <= 1e12) ||
	    cfg->c.host_slice <= 0 || cfg->c.guest_slice <= 0 ||
	    cfg->c.tick_defer > 1 ||
	    !(cfg->touch_jitter >= 0 && cfg->touch_jitter < 1))
		return -EINVAL;
	return 0;
}

static int setup(struct sim *s, const struct sd_config *cfg,
		 struct sd_result *res)
{
	unsigned threads = cfg->initiators + cfg->bystanders;

	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	s->res = res;
	s->rng = cfg->seed;
	s->nv = cfg->vms * cfg->vcpus;
	s->np = cfg->pcpus ? cfg->pcpus : s->nv;
	s->nt = threads;
	s->pages = (double)((cfg->size + 4095) / 4096);
	s->flush_cost = s->pages > cfg->c.ceiling
			? cfg->c.flush_full : s->pages * cfg->c.flush_page;
	s->period = cfg->rate > 0 ? 1e9 / cfg->rate : 0;
	s->first_start = -1;
	evq_init(&s->q);
	s->v = calloc(s->nv, sizeof(*s->v));
	s->p = calloc(s->np, sizeof(*s->p));
	s->t = calloc(threads, sizeof(*s->t));
	if (!s->v || !s->p || !s->t)
		return -ENOMEM;
	for (unsigned i = 0; i < s->np; i++) {
		s->p[i].vc = calloc(s->nv / s->np + 1, sizeof(unsigned));
		s->p[i].cur = -1;
		if (!s->p[i].vc)
			return -ENOMEM;
	}
	for (unsigned i = 0; i < s->nv; i++) {
		struct vcpu *v = &s->v[i];
		struct pcpu *p = &s->p[i % s->np];

		v->pcpu = i % s->np;
		v->vm0 = i < cfg->vcpus;
		v->boost_from = -1;
		p->vc[p->n++] = i;
		if (v->vm0) {
			v->thr = calloc(threads / cfg->vcpus + 1,
					sizeof(unsigned));
			v->ipiq = calloc(threads, sizeof(unsigned));
			if (!v->thr || !v->ipiq)
				return -ENOMEM;
		}
	}
	for (unsigned k = 0; k < threads; k++) {
		struct thread *t = &s->t[k];
		struct vcpu *v = &s->v[k % cfg->vcpus];

		t->vcpu = k % cfg->vcpus;
		t->initiator = k < cfg->initiators;
		t->tgt = calloc(cfg->vcpus, sizeof(unsigned));
		if (!t->tgt)
			return -ENOMEM;
		v->thr[v->nthr++] = k;
		if (t->initiator) {
			next_call(s, t);
			/* Initiators start out of step with each other. */
			t->left *= rng_unit(&s->rng);
		} else {
			t->ph = PH_SPIN;
		}
	}
	for (unsigned i = 0; i < cfg->vcpus; i++)
		if (!cur_thread(s, &s->v[i]))
			s->v[i].halted = 1;
	return 0;
}

static void teardown(struct sim *s)
{
	for (unsigned i = 0; s->v && i < s->nv; i++) {
		free(s->v[i].thr);
		free(s->v[i].ipiq);
	}
	for (unsigned i = 0; s->p && i < s->np; i++)
		free(s->p[i].vc);
	for (unsigned k = 0; s->t && k < s->nt; k++)
		free(s->t[k].tgt);
	free(s->v);
	free(s->p);
	free(s->t);
	evq_free(&s->q);
}

int sd_run(const struct sd_config *cfg, struct sd_result *res)
{
	struct sim s;
	struct event e;
	int rc;

	memset(res, 0, sizeof(*res));
	hist_init(&res->lat);
	rc = check(cfg);
	if (rc)
		return rc;
	rc = setup(&s, cfg, res);
	if (rc)
		goto out;
	for (unsigned i = 0; i < s.np; i++) {
		/* Random phases: each pCPU starts its round robin at a random
		 * vCPU, part-way through a slice. */
		struct pcpu *p = &s.p[i];
		unsigned shift = (unsigned)rng_below(&s.rng, p->n);

		for (unsigned k = 0; k < shift; k++) {
			unsigned first = p->vc[0];

			memmove(p->vc, p->vc + 1, (p->n - 1) * sizeof(*p->vc));
			p->vc[p->n - 1] = first;
		}
		host_switch(&s, p);
		if (s.p[i].n > 1)
			push(&s, cfg->c.host_slice * rng_unit(&s.rng), EV_SLICE,
			     i, 0);
	}
	for (unsigned i = 0; i < cfg->vcpus; i++)
		if (s.v[i].nthr > 1)
			push(&s, cfg->c.guest_slice * rng_unit(&s.rng),
			     EV_GSLICE, i, 0);
	while (!s.stop && !s.nomem && evq_pop(&s.q, &e)) {
		s.now = e.t;
		res->events++;
		if (s.now - s.last_progress > 10e9) {
			rc = -ETIMEDOUT;
			break;
		}
		switch (e.kind) {
		case EV_DONE:
			if (e.gen == s.v[e.id].gen)
				on_done(&s, &s.v[e.id]);
			break;
		case EV_IPI:
			on_ipi(&s, &s.v[e.id], e.gen);
			break;
		case EV_SLICE:
			host_switch(&s, &s.p[e.id]);
			push(&s, s.now + cfg->c.host_slice, EV_SLICE, e.id, 0);
			break;
		case EV_GSLICE:
			on_gslice(&s, &s.v[e.id]);
			break;
		case EV_WAKE:
			on_wake(&s, &s.t[e.id]);
			break;
		case EV_PLE:
			if (e.gen == s.v[e.id].gen)
				on_ple(&s, &s.v[e.id]);
			break;
		}
	}
	if (s.nomem)
		rc = -ENOMEM;
	else if (!rc && !s.stop)
		rc = -ETIMEDOUT;	/* ran out of events: deadlock */
	res->elapsed_ns = s.first_start >= 0 ? s.last_end - s.first_start : 0;
out:
	teardown(&s);
	return rc;
}
