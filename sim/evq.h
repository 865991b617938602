/*
 * evq.h - the discrete-event models' event queue: a binary min-heap of
 * (time, kind, id, generation).  A model cancels an event by bumping the
 * generation it keeps for the id and ignoring stale events when they pop,
 * so nothing is ever removed from the middle of the heap.
 */
#ifndef SIM_EVQ_H
#define SIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

struct event {
	double t;		/* ns */
	uint32_t kind, id, gen;
	uint64_t seq;		/* ties pop in insertion order */
};

struct evq {
	struct event *heap;
	size_t n, cap;
	uint64_t seq;
};

void evq_init(struct evq *q);
void evq_free(struct evq *q);
/* Returns 0 or -ENOMEM. */
int evq_push(struct evq *q, double t, uint32_t kind, uint32_t id,
	     uint32_t gen);
/* Earliest event into *e; 0 when the queue is empty. */
int evq_pop(struct evq *q, struct event *e);

#endif
