/*
 * bitset.h - a bitmap with a two-level summary (one bit per non-empty
 * 64-bit word, and one per non-empty summary word), so "next set bit at or
 * after i" costs a few word reads even over millions of bits.  The buddy
 * model keeps one per (order, migrate type) over a zone's pageblocks.
 */
#ifndef SIM_BITSET_H
#define SIM_BITSET_H

#include <stdint.h>

struct bitset {
	uint64_t nbits;
	uint64_t *l0, *l1, *l2;
	uint64_t n0, n1, n2;	/* words per level */
};

/* Returns 0 or -ENOMEM; all bits clear. */
int bitset_init(struct bitset *b, uint64_t nbits);
void bitset_free(struct bitset *b);
void bitset_set(struct bitset *b, uint64_t i);
void bitset_clear(struct bitset *b, uint64_t i);

static inline int bitset_test(const struct bitset *b, uint64_t i)
{
	return (b->l0[i >> 6] >> (i & 63)) & 1;
}

/* First set bit >= i, wrapping to the start; -1 when none is set. */
int64_t bitset_next_wrap(const struct bitset *b, uint64_t i);
/* Bytes allocated. */
uint64_t bitset_bytes(const struct bitset *b);

#endif
