/* sampler.c - the shared sampling loop; see sampler.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostmem.h"
#include "sampler.h"

struct sampler *sampler_new(int memory)
{
	struct sampler *s = calloc(1, sizeof(*s));

	if (s)
		s->memory = memory;
	return s;
}

int sampler_add(struct sampler *s, struct probe *p, pid_t pid,
		const char *comm)
{
	struct sampler_vm *v;

	if (s->n == SAMPLER_MAX_VMS) {
		probe_close(p);
		return -ENOSPC;
	}
	v = &s->vm[s->n];
	memset(v, 0, sizeof(*v));
	v->p = p;
	v->pid = pid;
	snprintf(v->comm, sizeof(v->comm), "%s", comm ? comm : "");
	v->prev = malloc(sizeof(*v->prev));
	v->delta = calloc(1, sizeof(*v->delta));
	if (!v->prev || !v->delta) {
		free(v->prev);
		free(v->delta);
		probe_close(p);
		return -ENOMEM;
	}
	memcpy(v->prev, kvm_probe_latest(p), sizeof(*v->prev));
	s->n++;
	return 0;
}

static int sample_vm(struct sampler_vm *v, char *why, size_t n)
{
	struct probe_sample ps;
	const struct kvm_snapshot *cur;
	int rc;

	if (v->gone)
		return 0;
	if (kill(v->pid, 0) && errno == ESRCH) {
		v->gone = 1;
		rc = probe_finish(v->p);
	} else {
		rc = probe_sample(v->p, &ps);
	}
	if (rc) {
		snprintf(why, n, "pid %d: %s", (int)v->pid,
			 probe_strerror(v->p));
		return rc;
	}
	cur = kvm_probe_latest(v->p);
	kvm_snapshot_diff(v->prev, cur, v->delta);
	v->dt_s = (double)(cur->t_ns - v->prev->t_ns) / 1e9;
	memcpy(v->prev, cur, sizeof(*v->prev));
	return 0;
}

int sampler_tick(struct sampler *s, char *why, size_t n)
{
	int first = 0;

	for (unsigned i = 0; i < s->n; i++) {
		struct sampler_vm *v = &s->vm[i];
		int rc = sample_vm(v, why, n);

		if (rc && !first)
			first = rc;
		if (s->memory && !v->gone)
			v->have_smaps = !hostmem_read_smaps(v->pid, 0,
							    &v->smaps, NULL);
	}
	if (s->memory)
		s->have_buddy = !hostmem_read_buddyinfo(HOSTMEM_BUDDYINFO,
							&s->buddy, NULL);
	s->t_ns = probe_now_ns();
	s->ticks++;
	return first;
}

unsigned sampler_running(const struct sampler *s)
{
	unsigned n = 0;

	for (unsigned i = 0; i < s->n; i++)
		n += !s->vm[i].gone;
	return n;
}

void sampler_free(struct sampler *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->n; i++) {
		probe_close(s->vm[i].p);
		free(s->vm[i].prev);
		free(s->vm[i].delta);
	}
	free(s);
}
