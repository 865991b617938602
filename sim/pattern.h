/*
 * pattern.h - access patterns for the TLB model: sequential (a stride),
 * uniform random over the working set, Zipf over its 4 KiB pages (hot
 * pages scattered by a fixed permutation), or a recorded trace replayed
 * in a loop.  Addresses come in batches so the model's loop stays tight.
 */
#ifndef SIM_PATTERN_H
#define SIM_PATTERN_H

#include <stddef.h>
#include <stdint.h>

enum pattern_kind { PAT_SEQ, PAT_UNIFORM, PAT_ZIPF, PAT_TRACE };

extern const char *const pattern_names[];	/* NULL-terminated */

/* Zipf: one rank's column of Vose's alias table, with both pages it can
 * give already looked up, so a draw reads one 12-byte slot. */
struct zipf_slot {
	uint32_t prob;		/* acceptance threshold, 2^32 scale */
	uint32_t page;		/* page of this rank */
	uint32_t alias_page;	/* page of its alias rank */
};

struct pattern {
	enum pattern_kind kind;
	uint64_t ws, stride, pos, rng, npages, mult;
	double zipf_s;
	struct zipf_slot *zipf;	/* npages slots */
	const uint64_t *trace;
	size_t ntrace;
};

/*
 * pattern_init - ws bytes (>= 4096), stride for PAT_SEQ, exponent s > 0
 * for PAT_ZIPF (at most 2^26 pages).  For PAT_TRACE give trace/ntrace
 * (kept, not copied) and ws is ignored.  Returns 0, -EINVAL or -ENOMEM.
 */
int pattern_init(struct pattern *p, enum pattern_kind kind, uint64_t ws,
		 uint64_t stride, double zipf_s, const uint64_t *trace,
		 size_t ntrace, uint64_t seed);
void pattern_free(struct pattern *p);
void pattern_fill(struct pattern *p, uint64_t *out, size_t n);

#endif
