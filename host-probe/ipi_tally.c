/* ipi_tally.c - IPI counting table; see ipi_tally.h.  A handful of
 * (sender, dest, vector) keys get millions of hits, so a small
 * open-addressed hash keeps the per-IPI cost to one probe. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipi_tally.h"

static uint32_t key_of(uint16_t sender, uint16_t dest, uint8_t vector)
{
	/* Fold the 40-bit key; collisions are resolved by comparing fields. */
	uint64_t k = (uint64_t)sender << 24 | (uint64_t)dest << 8 | vector;

	k *= 0x9e3779b97f4a7c15ull;
	return (uint32_t)(k >> 32);
}

static struct ipi_cell *find(struct ipi_cell *slot, size_t nslots,
			     uint16_t sender, uint16_t dest, uint8_t vector)
{
	size_t i = key_of(sender, dest, vector) & (nslots - 1);

	for (;; i = (i + 1) & (nslots - 1)) {
		struct ipi_cell *c = &slot[i];

		if (!c->count || (c->sender == sender && c->dest == dest &&
				  c->vector == vector))
			return c;
	}
}

static int grow(struct ipi_tally *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 64;
	struct ipi_cell *s = calloc(n, sizeof(*s));

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < t->nslots; i++) {
		const struct ipi_cell *c = &t->slot[i];

		if (c->count)
			*find(s, n, c->sender, c->dest, c->vector) = *c;
	}
	free(t->slot);
	t->slot = s;
	t->nslots = n;
	return 0;
}

void ipi_tally_init(struct ipi_tally *t)
{
	memset(t, 0, sizeof(*t));
}

void ipi_tally_free(struct ipi_tally *t)
{
	free(t->slot);
	ipi_tally_init(t);
}

static void note_cpu(struct ipi_tally *t, uint16_t cpu)
{
	if (cpu != IPI_CPU_UNKNOWN && cpu >= t->ncpus)
		t->ncpus = cpu + 1u;
}

int ipi_tally_add(struct ipi_tally *t, uint16_t sender, uint16_t dest,
		  uint8_t vector, uint64_t n, int new_write)
{
	struct ipi_cell *c;

	if (!n) {
		if (new_write)
			t->writes++;
		return 0;
	}
	/* Keep the load under one half so probes stay short. */
	if ((t->nused + 1) * 2 > t->nslots && grow(t))
		return -ENOMEM;
	c = find(t->slot, t->nslots, sender, dest, vector);
	if (!c->count) {
		c->sender = sender;
		c->dest = dest;
		c->vector = vector;
		t->nused++;
	}
	c->count += n;
	t->deliveries += n;
	t->by_class[ipi_class_of(vector)] += n;
	t->writes += new_write ? 1 : 0;
	note_cpu(t, sender);
	note_cpu(t, dest);
	return 0;
}

void ipi_tally_add_write(struct ipi_tally *t)
{
	t->writes++;
}

uint64_t ipi_tally_count(const struct ipi_tally *t, int sender, int dest,
			 int cls)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < t->nslots; i++) {
		const struct ipi_cell *c = &t->slot[i];

		if (!c->count || (sender != IPI_ANY && c->sender != sender) ||
		    (dest != IPI_ANY && c->dest != dest) ||
		    (cls != IPI_ANY && (int)ipi_class_of(c->vector) != cls))
			continue;
		sum += c->count;
	}
	return sum;
}

static int cell_cmp(const void *a, const void *b)
{
	const struct ipi_cell *x = a, *y = b;

	if (x->sender != y->sender)
		return x->sender < y->sender ? -1 : 1;
	if (x->dest != y->dest)
		return x->dest < y->dest ? -1 : 1;
	return (x->vector > y->vector) - (x->vector < y->vector);
}

size_t ipi_tally_rows(const struct ipi_tally *t, struct ipi_cell *out,
		      size_t max)
{
	size_t n = 0;

	if (max < t->nused)
		return t->nused;
	for (size_t i = 0; i < t->nslots; i++)
		if (t->slot[i].count)
			out[n++] = t->slot[i];
	qsort(out, n, sizeof(*out), cell_cmp);
	return n;
}

int ipi_tally_copy(struct ipi_tally *dst, const struct ipi_tally *src)
{
	*dst = *src;
	dst->slot = NULL;
	if (!src->nslots)
		return 0;
	dst->slot = malloc(src->nslots * sizeof(*src->slot));
	if (!dst->slot) {
		ipi_tally_init(dst);
		return -ENOMEM;
	}
	memcpy(dst->slot, src->slot, src->nslots * sizeof(*src->slot));
	return 0;
}
