/*
 * vmatree.h - a process's VMAs in a treap keyed by start address, each
 * subtree augmented with its first start, last end and largest gap
 * between its own VMAs, the way the kernel augments its VMA rbtree with
 * rb_subtree_gap (since 3.9; the maple tree keeps gaps too).  Both mmap
 * placement algorithms of the VMA gap model walk it: find_vma() for the
 * legacy top-down search, the gap search for vm_unmapped_area().  Node
 * visits are counted, that being what the model compares.
 */
#ifndef SIM_VMATREE_H
#define SIM_VMATREE_H

#include <stddef.h>
#include <stdint.h>

#define VT_NONE	UINT64_MAX

struct vnode {
	uint64_t start, end;
	uint64_t min_start, max_end, max_gap;	/* of the subtree */
	uint32_t prio;
	int32_t l, r;
};

struct vmatree {
	struct vnode *n;
	int32_t root, free;	/* free: list threaded through .l */
	size_t count, cap;
	uint64_t rng;
};

int vt_init(struct vmatree *t, uint64_t seed);
void vt_free(struct vmatree *t);
/* Insert [start, end), which must not overlap a VMA: 0 or -ENOMEM. */
int vt_insert(struct vmatree *t, uint64_t start, uint64_t end);
/* Remove the VMA starting at start: 0, or -ENOENT. */
int vt_remove(struct vmatree *t, uint64_t start);
/*
 * vt_find - find_vma(): the first VMA whose end is above addr; 1 with
 * start and end set, 0 if none.  Adds the nodes visited to *visits.
 */
int vt_find(const struct vmatree *t, uint64_t addr, uint64_t *start,
	    uint64_t *end, uint64_t *visits);
/*
 * vt_topdown - the highest addr with [addr, addr + len) free, low <= addr
 * and addr + len <= high, searching gaps from the top and skipping every
 * subtree whose gaps are all too small; VT_NONE if none.  Adds the nodes
 * visited to *visits.
 */
uint64_t vt_topdown(const struct vmatree *t, uint64_t len, uint64_t low,
		    uint64_t high, uint64_t *visits);

#endif
