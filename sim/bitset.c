/* bitset.c - summarised bitmap; see bitset.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bitset.h"

static uint64_t words(uint64_t bits)
{
	return (bits + 63) / 64;
}

int bitset_init(struct bitset *b, uint64_t nbits)
{
	memset(b, 0, sizeof(*b));
	b->nbits = nbits;
	b->n0 = words(nbits);
	b->n1 = words(b->n0);
	b->n2 = words(b->n1);
	b->l0 = calloc(b->n0 ? b->n0 : 1, 8);
	b->l1 = calloc(b->n1 ? b->n1 : 1, 8);
	b->l2 = calloc(b->n2 ? b->n2 : 1, 8);
	if (!b->l0 || !b->l1 || !b->l2) {
		bitset_free(b);
		return -ENOMEM;
	}
	return 0;
}

void bitset_free(struct bitset *b)
{
	free(b->l0);
	free(b->l1);
	free(b->l2);
	memset(b, 0, sizeof(*b));
}

void bitset_set(struct bitset *b, uint64_t i)
{
	uint64_t w = i >> 6;

	if (!b->l0[w]) {
		if (!b->l1[w >> 6])
			b->l2[w >> 12] |= 1ull << ((w >> 6) & 63);
		b->l1[w >> 6] |= 1ull << (w & 63);
	}
	b->l0[w] |= 1ull << (i & 63);
}

void bitset_clear(struct bitset *b, uint64_t i)
{
	uint64_t w = i >> 6;

	b->l0[w] &= ~(1ull << (i & 63));
	if (!b->l0[w]) {
		b->l1[w >> 6] &= ~(1ull << (w & 63));
		if (!b->l1[w >> 6])
			b->l2[w >> 12] &= ~(1ull << ((w >> 6) & 63));
	}
}

/* First set bit of level l at or after index i, or -1; recursion goes
 * up one level when the rest of the current word is empty. */
static int64_t next_in(const uint64_t *const lv[3], const uint64_t n[3],
		       int l, uint64_t i)
{
	uint64_t w = i >> 6, word;

	if (w >= n[l])
		return -1;
	word = lv[l][w] & (~0ull << (i & 63));
	if (!word) {
		int64_t up;

		if (l == 2) {
			for (w++; w < n[2]; w++)
				if (lv[2][w])
					break;
			if (w >= n[2])
				return -1;
			word = lv[2][w];
		} else {
			up = next_in(lv, n, l + 1, w + 1);
			if (up < 0)
				return -1;
			w = (uint64_t)up;
			word = lv[l][w];
		}
	}
	return (int64_t)(w * 64 + (uint64_t)__builtin_ctzll(word));
}

int64_t bitset_next_wrap(const struct bitset *b, uint64_t i)
{
	const uint64_t *const lv[3] = { b->l0, b->l1, b->l2 };
	const uint64_t n[3] = { b->n0, b->n1, b->n2 };
	int64_t r;

	if (i >= b->nbits)
		i = 0;
	r = next_in(lv, n, 0, i);
	if (r < 0 && i)
		r = next_in(lv, n, 0, 0);
	return r;
}

uint64_t bitset_bytes(const struct bitset *b)
{
	return (b->n0 + b->n1 + b->n2) * 8;
}
