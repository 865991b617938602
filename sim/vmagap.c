/* vmagap.c - legacy free_area_cache search vs gap tree; see vmagap.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "vmagap.h"

#define PAGE		4096ull
#define MMAP_BASE	0x7f0000000000ull	/* generated layouts */
#define UNMAPPED_BASE	0x2aaaaaaab000ull	/* TASK_SIZE / 3, x86_64 */

/* 2.6.32 arch/x86/kernel/sys_x86_64.c arch_get_unmapped_area_topdown()
 * without alignment; find_vma() calls and node visits counted. */
static uint64_t legacy_area(struct vg_space *s, uint64_t len, uint64_t *calls,
			    uint64_t *visits)
{
	uint64_t addr, vs, ve;

	if (len <= s->hole) {
		s->hole = 0;
		s->cache = s->base;
	}
	addr = s->cache;
	if (addr > len) {
		(*calls)++;
		if (!vt_find(&s->t, addr - len, &vs, &ve, visits) ||
		    addr - len + len <= vs)
			return s->cache = addr - len;
	}
	if (s->base < len)
		goto bottomup;
	addr = s->base - len;
	do {
		(*calls)++;
		if (!vt_find(&s->t, addr, &vs, &ve, visits) || addr + len <= vs)
			return s->cache = addr;
		if (addr + s->hole < vs)
			s->hole = vs - addr;
		addr = vs - len;
	} while (len < vs);
bottomup:
	/* arch_get_unmapped_area(): bottom up from TASK_UNMAPPED_BASE. */
	s->hole = ~0ull;
	for (addr = UNMAPPED_BASE; addr + len <= s->base; addr = ve) {
		(*calls)++;
		if (!vt_find(&s->t, addr, &vs, &ve, visits) || addr + len <= vs)
			break;
	}
	s->cache = s->base;
	return addr + len <= s->base ? addr : VT_NONE;
}

/* vm_unmapped_area() top down: [PAGE, mmap_base), then bottom up. */
static uint64_t tree_area(struct vg_space *s, uint64_t len, uint64_t *visits)
{
	return vt_topdown(&s->t, len, PAGE, s->base, visits);
}

int vg_mmap(struct vg_space *s, uint64_t len, uint64_t *addr,
	    uint64_t *calls, uint64_t *visits)
{
	*addr = s->legacy ? legacy_area(s, len, calls, visits)
			  : tree_area(s, len, visits);
	if (*addr == VT_NONE)
		return -ENOSPC;
	return vt_insert(&s->t, *addr, *addr + len);
}

/* vg_mmap() recording the counts in side (if any). */
static int do_mmap(struct vg_space *s, uint64_t len, uint64_t *addr,
		   struct vg_side *side)
{
	uint64_t calls = 0, visits = 0;
	int rc = vg_mmap(s, len, addr, &calls, &visits);

	if (side) {
		if (s->legacy)
			hist_record(&side->lookups, calls);
		hist_record(&side->visits, visits);
		if (rc == -ENOSPC)
			side->failed++;
	}
	return rc;
}

/* munmap() and, for legacy, arch_unmap_area_topdown() with the start of
 * the VMA above the hole (detach_vmas_to_be_unmapped()). */
void vg_munmap(struct vg_space *s, uint64_t start, uint64_t end)
{
	uint64_t vs, ve, visits = 0, above;

	vt_remove(&s->t, start);
	if (!s->legacy)
		return;
	above = vt_find(&s->t, end - 1, &vs, &ve, &visits) ? vs : s->base;
	if (above > s->cache)
		s->cache = above;
	if (s->cache > s->base)
		s->cache = s->base;
}

void vg_space_init(struct vg_space *s, uint64_t base, int legacy,
		   uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	vt_init(&s->t, seed);
	s->base = s->cache = base;
	s->hole = ~0ull;	/* arch_pick_mmap_layout() */
	s->legacy = legacy;
}

void vg_space_free(struct vg_space *s)
{
	vt_free(&s->t);
}

void vg_defaults(struct vg_config *c)
{
	static const uint64_t kib[4] = { 516, 1032, 1548, 132 };
	static const uint64_t n[4] = { 2885, 783, 589, 558 };

	memset(c, 0, sizeof(*c));
	c->nsizes = 4;
	for (unsigned i = 0; i < 4; i++) {
		c->size[i] = kib[i] << 10;
		c->count[i] = n[i];
	}
	c->small = 9053 - (2885 + 783 + 589 + 558);
	c->hole_share = 0.3;
	c->mix = 0;
	c->churn = 10000;
	c->len = 516 << 10;
	c->live = 64;
	c->seed = 1;
}

/* Sizes of the layout, one per VMA, for drawing churn sizes. */
struct sizes {
	uint64_t *v;
	size_t n;
};

static int generated(const struct vg_config *c, struct vg_space sp[2],
		     struct sizes *sz, uint64_t *rng)
{
	uint64_t total = c->small, *order, *addr;
	size_t k = 0;
	int rc = 0;

	for (unsigned i = 0; i < c->nsizes; i++)
		total += c->count[i];
	order = malloc(total * sizeof(*order));
	addr = malloc(total * sizeof(*addr));
	sz->v = malloc(total * sizeof(*sz->v));
	if (!order || !addr || !sz->v) {
		rc = -ENOMEM;
		goto out;
	}
	/* Article 002: "first many small regions, never freed, then a
	 * flood of 512K allocations and frees": the small ones are placed
	 * first, so just below mmap_base; the sized ones follow, shuffled. */
	while (k < c->small)
		order[k++] = (1 + rng_below(rng, 16)) * PAGE;
	for (unsigned i = 0; i < c->nsizes; i++)
		for (uint64_t j = 0; j < c->count[i]; j++)
			order[k++] = c->size[i];
	for (size_t i = total - 1; i > c->small; i--) {
		size_t j = c->small + rng_below(rng, i - c->small + 1);
		uint64_t x = order[i];

		order[i] = order[j];
		order[j] = x;
	}
	memcpy(sz->v, order, total * sizeof(*order));
	sz->n = total;
	/* Placed top down by the gap search (no hole yet: both placements
	 * agree), then a share unmapped at random: the same holes in both
	 * address spaces. */
	for (size_t i = 0; i < total && !rc; i++) {
		rc = do_mmap(&sp[1], order[i], &addr[i], NULL);
		if (!rc)
			rc = vt_insert(&sp[0].t, addr[i], addr[i] + order[i]);
	}
	for (size_t i = 0; i < total && !rc; i++)
		if (rng_unit(rng) < c->hole_share) {
			vg_munmap(&sp[0], addr[i], addr[i] + order[i]);
			vg_munmap(&sp[1], addr[i], addr[i] + order[i]);
		}
out:
	free(order);
	free(addr);
	return rc;
}

static int from_maps(const struct maps *m, struct vg_space sp[2],
		     struct sizes *sz)
{
	uint64_t stack = UINT64_MAX, base = 0;
	int rc = 0;

	sz->v = malloc(m->n * sizeof(*sz->v));
	if (!sz->v)
		return -ENOMEM;
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].special && m->e[i].start < stack &&
		    m->e[i].start > 0x100000000000ull)
			stack = m->e[i].start;
	for (size_t i = 0; i < m->n && !rc; i++) {
		const struct map_entry *e = &m->e[i];

		if (!e->special && e->end <= stack && e->end > base)
			base = e->end;
		if (!e->special)
			sz->v[sz->n++] = e->end - e->start;
		for (int s = 0; s < 2 && !rc; s++)
			rc = vt_insert(&sp[s].t, e->start, e->end);
	}
	if (!sz->n || !base)
		return rc ? rc : -EINVAL;
	sp[0].base = sp[1].base = sp[0].cache = base;
	return rc;
}

int vg_run(const struct vg_config *c, struct vg_result *r)
{
	struct vg_space sp[2];
	struct sizes sz = { NULL, 0 };
	uint64_t rng = c->seed, (*live)[3] = NULL;
	size_t nlive = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	hist_init(&r->legacy.lookups);
	hist_init(&r->legacy.visits);
	hist_init(&r->tree.lookups);
	hist_init(&r->tree.visits);
	if (!c->len || !c->live || (!c->maps && !c->nsizes && !c->small))
		return -EINVAL;
	for (int s = 0; s < 2; s++)
		vg_space_init(&sp[s], MMAP_BASE, s == 0, c->seed + (uint64_t)s);
	rc = c->maps ? from_maps(c->maps, sp, &sz) : generated(c, sp, &sz, &rng);
	if (rc)
		goto out;
	r->vmas = sp[0].t.count;
	r->mmap_base = sp[0].base;
	live = malloc(c->live * sizeof(*live));
	if (!live) {
		rc = -ENOMEM;
		goto out;
	}
	/* Churn: mmap c->len or, a share c->mix of the calls, a size drawn
	 * from the layout; when c->live are held, unmap one of them at
	 * random.  The two address spaces place it apart: live[] keeps both
	 * addresses. */
	for (uint64_t step = 0; step < c->churn && !rc; step++) {
		uint64_t len = rng_unit(&rng) < c->mix
			       ? sz.v[rng_below(&rng, sz.n)] : c->len;
		uint64_t a[2];

		if (nlive == c->live) {
			size_t k = rng_below(&rng, nlive);

			for (int s = 0; s < 2; s++)
				vg_munmap(&sp[s], live[k][s],
					  live[k][s] + live[k][2]);
			memcpy(live[k], live[--nlive], sizeof(live[k]));
		}
		rc = do_mmap(&sp[0], len, &a[0], &r->legacy);
		if (rc == -ENOSPC) {
			rc = 0;
			continue;
		}
		if (!rc)
			rc = do_mmap(&sp[1], len, &a[1], &r->tree);
		if (rc == -ENOSPC) {
			/* Legacy found room, the tree did not: drop it. */
			vg_munmap(&sp[0], a[0], a[0] + len);
			rc = 0;
			continue;
		}
		live[nlive][0] = a[0];
		live[nlive][1] = a[1];
		live[nlive++][2] = len;
	}
out:
	free(live);
	free(sz.v);
	vg_space_free(&sp[0]);
	vg_space_free(&sp[1]);
	return rc;
}
