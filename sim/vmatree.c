/* vmatree.c - gap-augmented treap of VMAs; see vmatree.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "vmatree.h"

static uint64_t max3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t m = a > b ? a : b;

	return m > c ? m : c;
}

/* Recompute a node's subtree fields from its children. */
static void pull(struct vmatree *t, int32_t i)
{
	struct vnode *x = &t->n[i];
	const struct vnode *l = x->l >= 0 ? &t->n[x->l] : NULL;
	const struct vnode *r = x->r >= 0 ? &t->n[x->r] : NULL;

	x->min_start = l ? l->min_start : x->start;
	x->max_end = r ? r->max_end : x->end;
	x->max_gap = max3(l ? l->max_gap : 0, r ? r->max_gap : 0,
			  l ? x->start - l->max_end : 0);
	if (r && r->min_start - x->end > x->max_gap)
		x->max_gap = r->min_start - x->end;
}

int vt_init(struct vmatree *t, uint64_t seed)
{
	memset(t, 0, sizeof(*t));
	t->root = t->free = -1;
	t->rng = seed;
	return 0;
}

void vt_free(struct vmatree *t)
{
	free(t->n);
	memset(t, 0, sizeof(*t));
	t->root = t->free = -1;
}

/* Split by key: keys < k to *a, the rest to *b. */
static void split(struct vmatree *t, int32_t i, uint64_t k, int32_t *a,
		  int32_t *b)
{
	if (i < 0) {
		*a = *b = -1;
		return;
	}
	if (t->n[i].start < k) {
		split(t, t->n[i].r, k, &t->n[i].r, b);
		*a = i;
	} else {
		split(t, t->n[i].l, k, a, &t->n[i].l);
		*b = i;
	}
	pull(t, i);
}

static int32_t merge(struct vmatree *t, int32_t a, int32_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	if (t->n[a].prio > t->n[b].prio) {
		t->n[a].r = merge(t, t->n[a].r, b);
		pull(t, a);
		return a;
	}
	t->n[b].l = merge(t, a, t->n[b].l);
	pull(t, b);
	return b;
}

int vt_insert(struct vmatree *t, uint64_t start, uint64_t end)
{
	int32_t i, a, b;

	if (t->free >= 0) {
		i = t->free;
		t->free = t->n[i].l;
	} else {
		if (t->count == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 1024;
			struct vnode *g = realloc(t->n, cap * sizeof(*g));

			if (!g)
				return -ENOMEM;
			t->n = g;
			t->cap = cap;
		}
		i = (int32_t)t->count;
	}
	t->count++;
	t->n[i] = (struct vnode){ .start = start, .end = end,
				  .prio = (uint32_t)rng_next(&t->rng),
				  .l = -1, .r = -1 };
	pull(t, i);
	split(t, t->root, start, &a, &b);
	t->root = merge(t, merge(t, a, i), b);
	return 0;
}

int vt_remove(struct vmatree *t, uint64_t start)
{
	int32_t a, b, c, mid;

	split(t, t->root, start, &a, &b);
	split(t, b, start + 1, &mid, &c);
	if (mid < 0) {
		t->root = merge(t, a, c);
		return -ENOENT;
	}
	t->n[mid].l = t->free;	/* mid is a single node: starts are unique */
	t->free = mid;
	t->count--;
	t->root = merge(t, a, c);
	return 0;
}

int vt_find(const struct vmatree *t, uint64_t addr, uint64_t *start,
	    uint64_t *end, uint64_t *visits)
{
	int32_t i = t->root, best = -1;

	while (i >= 0) {
		(*visits)++;
		if (t->n[i].end > addr) {
			best = i;
			i = t->n[i].l;
		} else {
			i = t->n[i].r;
		}
	}
	if (best < 0)
		return 0;
	*start = t->n[best].start;
	*end = t->n[best].end;
	return 1;
}

/* The VMAs of subtree i lie between left_end and right_start. */
static uint64_t topdown(const struct vmatree *t, int32_t i, uint64_t left_end,
			uint64_t right_start, uint64_t len, uint64_t low,
			uint64_t high, uint64_t *visits)
{
	const struct vnode *x;
	uint64_t r;

	if (right_start <= low || left_end >= high)
		return VT_NONE;
	if (i < 0) {
		uint64_t lo = left_end > low ? left_end : low;
		uint64_t hi = right_start < high ? right_start : high;

		return hi >= lo && hi - lo >= len ? hi - len : VT_NONE;
	}
	x = &t->n[i];
	(*visits)++;
	if (max3(x->max_gap, x->min_start - left_end,
		 right_start - x->max_end) < len)
		return VT_NONE;
	r = topdown(t, x->r, x->end, right_start, len, low, high, visits);
	if (r != VT_NONE)
		return r;
	return topdown(t, x->l, left_end, x->start, len, low, high, visits);
}

uint64_t vt_topdown(const struct vmatree *t, uint64_t len, uint64_t low,
		    uint64_t high, uint64_t *visits)
{
	return topdown(t, t->root, 0, UINT64_MAX, len, low, high, visits);
}
