/* evq.c - binary min-heap of events; see evq.h. */
#include <errno.h>
#include <stdlib.h>

#include "evq.h"

void evq_init(struct evq *q)
{
	q->heap = NULL;
	q->n = q->cap = 0;
	q->seq = 0;
}

void evq_free(struct evq *q)
{
	free(q->heap);
	evq_init(q);
}

static int before(const struct event *a, const struct event *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

int evq_push(struct evq *q, double t, uint32_t kind, uint32_t id,
	     uint32_t gen)
{
	struct event e = { t, kind, id, gen, q->seq++ };
	size_t i;

	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 256;
		struct event *h = realloc(q->heap, cap * sizeof(*h));

		if (!h)
			return -ENOMEM;
		q->heap = h;
		q->cap = cap;
	}
	for (i = q->n++; i && before(&e, &q->heap[(i - 1) / 2]);
	     i = (i - 1) / 2)
		q->heap[i] = q->heap[(i - 1) / 2];
	q->heap[i] = e;
	return 0;
}

int evq_pop(struct evq *q, struct event *e)
{
	struct event last;
	size_t i = 0;

	if (!q->n)
		return 0;
	*e = q->heap[0];
	last = q->heap[--q->n];
	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= q->n)
			break;
		if (c + 1 < q->n && before(&q->heap[c + 1], &q->heap[c]))
			c++;
		if (!before(&q->heap[c], &last))
			break;
		q->heap[i] = q->heap[c];
		i = c;
	}
	if (q->n)
		q->heap[i] = last;
	return 1;
}
