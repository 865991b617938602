/* tlb.c - TLB levels and native/nested page walks; see tlb.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tlb.h"

const char *const page_size_names[PS_COUNT] = { "4K", "2M", "1G" };

static const unsigned shift_of[PS_COUNT] = { 12, 21, 30 };
/* Level of the leaf entry: PTE = 1, PDE = 2, PDPTE = 3. */
static const unsigned leaf_of[PS_COUNT] = { 1, 2, 3 };

/* Guest page tables live in guest-physical memory above anything a
 * working set uses; level L's tables at PT_BASE + (L-1) * 2^40. */
#define PT_BASE		(1ull << 46)
#define LEVELS		4
/* Cached upper levels: 4 (PML4E), 3 (PDPTE), 2 (PDE). */
#define PWC_LEVELS	3

struct tlb_model {
	struct tlb_config cfg;
	struct tlbcache l1[PS_COUNT], l2[PS_COUNT];
	struct tlbcache gpwc[PWC_LEVELS], hpwc[PWC_LEVELS], ntlb;
	uint64_t thr;		/* host_2m as a 64-bit threshold */
	int all_2m, mixed;	/* host_2m == 1; 0 < host_2m < 1 */
	/* host_is_2m() of the last page-table region per level: one
	 * region holds the tables for 1 GiB (PTE), 512 GiB (PDE) and more
	 * of guest memory, so a walk rarely needs a new hash. */
	uint64_t pt_region[LEVELS + 1];
	int pt_big[LEVELS + 1];
	/* All of them, for walks no cache shortens: every page-table page
	 * of a walk is a function of gva >> 30. */
	uint64_t pt_gb;
	unsigned pt_host_refs;
	struct tlb_stats st;
};

static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline int host_is_2m(const struct tlb_model *m, uint64_t gpa)
{
	if (!m->mixed)
		return m->all_2m;
	return mix64((gpa >> 21) + 0x9e3779b97f4a7c15ull) < m->thr;
}

/* Guest-physical address of the page-table page holding the level-L
 * entry for gva. */
static inline uint64_t pt_gpa(unsigned level, uint64_t gva)
{
	uint64_t index = level == LEVELS ? 0 : gva >> (12 + 9 * level);

	return PT_BASE + ((uint64_t)(level - 1) << 40) + index * 4096;
}

/* host_is_2m() of the page-table page of level L for gva, remembered. */
static inline int pt_host_2m(struct tlb_model *m, unsigned level,
			     uint64_t gva)
{
	uint64_t gpa = pt_gpa(level, gva);

	if (m->pt_region[level] != gpa >> 21) {
		m->pt_region[level] = gpa >> 21;
		m->pt_big[level] = host_is_2m(m, gpa);
	}
	return m->pt_big[level];
}

/*
 * One dimension of a walk: entries from the top level (or from below the
 * lowest level a page-walk cache holds) down to the leaf.  Each entry read
 * calls per_entry() for the references it costs; pwc fills as it goes.
 */
static unsigned first_level(struct tlbcache *pwc, int use_pwc, uint64_t va,
			    unsigned leaf, uint64_t *hits)
{
	if (!use_pwc)
		return LEVELS;
	/* The lowest cached non-leaf level wins: PDE, then PDPTE, PML4E. */
	for (unsigned level = leaf + 1; level <= LEVELS; level++) {
		uint64_t key = va >> (12 + 9 * (level - 1));

		if (tlbcache_probe(&pwc[level - 2], key)) {
			tlbcache_access(&pwc[level - 2], key);	/* LRU */
			(*hits)++;
			return level - 1;
		}
	}
	return LEVELS;
}

static void pwc_fill(struct tlbcache *pwc, int use_pwc, uint64_t va,
		     unsigned from, unsigned leaf)
{
	if (!use_pwc)
		return;
	for (unsigned level = from; level > leaf; level--)
		tlbcache_access(&pwc[level - 2], va >> (12 + 9 * (level - 1)));
}

/* Host references to translate one guest-physical address, on a host
 * 2M page if big. */
static unsigned host_walk(struct tlb_model *m, uint64_t gpa, int big)
{
	unsigned leaf = big ? 2 : 1, from;
	uint64_t key = (gpa >> (big ? 21 : 12)) << 1 | (uint64_t)big;

	if (!m->cfg.ntlb && !m->cfg.pwc)
		return LEVELS - leaf + 1;
	if (m->cfg.ntlb && tlbcache_access(&m->ntlb, key)) {
		m->st.ntlb_hits++;
		return 0;
	}
	from = first_level(m->hpwc, m->cfg.pwc, gpa, leaf, &m->st.pwc_hits);
	pwc_fill(m->hpwc, m->cfg.pwc, gpa, from, leaf);
	return from - leaf + 1;
}

/* Host references of a nested walk no cache can shorten, for a guest
 * leaf level (data_big: host_is_2m(gva)).  With a uniform host every
 * host walk has the same depth; in a mix, the page tables' part depends
 * only on gva >> 30 and is remembered. */
static inline unsigned plain_host_refs(struct tlb_model *m, uint64_t gva,
				       int data_big, unsigned leaf)
{
	if (!m->mixed)
		return (LEVELS - leaf + 2) * (m->all_2m ? 3 : 4);
	if (m->pt_gb != gva >> 30) {
		m->pt_gb = gva >> 30;
		m->pt_host_refs = 0;
		for (unsigned level = LEVELS; level >= leaf; level--)
			m->pt_host_refs += 4 - (unsigned)pt_host_2m(m, level,
								    gva);
	}
	return m->pt_host_refs + 4 - (unsigned)data_big;
}

/* References of one walk through the page-walk caches and nested TLB
 * for gva (data_big: host_is_2m(gva)); counts them by dimension. */
static unsigned walk(struct tlb_model *m, uint64_t gva, int data_big)
{
	unsigned leaf = leaf_of[m->cfg.guest_page], from, guest = 0, host = 0;

	from = first_level(m->gpwc, m->cfg.pwc, gva, leaf, &m->st.pwc_hits);
	for (unsigned level = from; level >= leaf; level--) {
		if (m->cfg.nested)
			host += host_walk(m, pt_gpa(level, gva),
					  pt_host_2m(m, level, gva));
		guest++;
	}
	pwc_fill(m->gpwc, m->cfg.pwc, gva, from, leaf);
	if (m->cfg.nested)
		host += host_walk(m, gva, data_big);	/* gPA = gVA here */
	m->st.guest_refs += guest;
	m->st.host_refs += host;
	m->st.walk_refs += guest + host;
	return guest + host;
}

/* x where keep, else +0.0 (an addend that leaves a sum unchanged). */
static inline double keep_if(double x, int keep)
{
	uint64_t bits;

	memcpy(&bits, &x, sizeof(bits));
	bits &= -(uint64_t)keep;
	memcpy(&x, &bits, sizeof(x));
	return x;
}

/*
 * The cycle sum is one double added to in the same order as ever (l1,
 * l2 after an L1 miss, the walk after an L2 miss), so results stay the
 * same to the last bit; it lives in a register for the loop, and adding
 * +0.0 (an l2 of 0, no walk) is skipped or done, either leaves it as it
 * is.  Without walk caches (plain) a walk only counts, so it is counted
 * on every L2 lookup and kept on a miss: no branch on where L2 hits,
 * which is random.  The flags are constants in each call of tlb_run(),
 * so the compiler drops what a configuration does not need.
 */
static inline __attribute__((always_inline)) void
run_batch(struct tlb_model *m, const uint64_t *addr, size_t n,
	  const int split, const int plain, const int nested)
{
	const double l1 = m->cfg.cpu.l1_hit, l2 = m->cfg.cpu.l2_hit;
	const double ref = m->cfg.cpu.walk_ref;
	const enum page_size g = m->cfg.guest_page;
	const int add_l2 = l2 != 0;
	const unsigned leaf = leaf_of[g], guest = LEVELS - leaf + 1;
	double cycles = m->st.cycles;
	uint64_t l1_miss = 0, l2_miss = 0, guest_refs = 0, host_refs = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t a = addr[i];
		int big = split ? host_is_2m(m, a) : 0, miss;
		/* A large guest page is cached as the smaller of the two
		 * sizes: 4K on 4K host pages, 2M on 2M ones. */
		enum page_size ps = !split ? g : big ? PS_2M : PS_4K;
		uint64_t vpn = a >> shift_of[ps];
		unsigned host;

		cycles += l1;
		if (tlbcache_access(&m->l1[ps], vpn))
			continue;
		l1_miss++;
		if (add_l2)
			cycles += l2;
		if (!plain) {
			if (tlbcache_access(&m->l2[ps], vpn))
				continue;
			l2_miss++;
			cycles += walk(m, a, split ? big : host_is_2m(m, a)) *
				  ref;
			continue;
		}
		miss = !tlbcache_access(&m->l2[ps], vpn);
		host = nested ? plain_host_refs(m, a, split ? big
						: host_is_2m(m, a), leaf) : 0;
		l2_miss += (unsigned)miss;
		guest_refs += guest & -(unsigned)miss;
		host_refs += host & -(unsigned)miss;
		cycles += keep_if((guest + host) * ref, miss);
	}
	m->st.cycles = cycles;
	m->st.l1_miss += l1_miss;
	m->st.l2_miss += l2_miss;
	m->st.guest_refs += guest_refs;
	m->st.host_refs += host_refs;
	m->st.walk_refs += guest_refs + host_refs;
	m->st.accesses += n;
}

/* Where every translation has the same page size (native, a 4K guest)
 * the TLB levels are fixed for the whole batch. */
void tlb_run(struct tlb_model *m, const uint64_t *addr, size_t n)
{
	const int nested = m->cfg.nested, plain = !m->cfg.pwc && !m->cfg.ntlb;

	if (plain && !nested)
		run_batch(m, addr, n, 0, 1, 0);
	else if (plain && m->cfg.guest_page == PS_4K)
		run_batch(m, addr, n, 0, 1, 1);
	else
		run_batch(m, addr, n, nested && m->cfg.guest_page != PS_4K,
			  plain, nested);
}

unsigned tlb_cold_walk_refs(const struct tlb_config *cfg, uint64_t addr)
{
	struct tlb_model m = { .cfg = *cfg };
	unsigned g = LEVELS - leaf_of[cfg->guest_page] + 1, refs = 0;

	m.cfg.pwc = m.cfg.ntlb = 0;
	m.all_2m = cfg->host_2m >= 1;
	m.mixed = cfg->host_2m > 0 && cfg->host_2m < 1;
	m.thr = (uint64_t)(cfg->host_2m * 18446744073709551616.0);
	if (!cfg->nested)
		return g;
	for (unsigned level = LEVELS; level >= leaf_of[cfg->guest_page];
	     level--)
		refs += (host_is_2m(&m, pt_gpa(level, addr)) ? 3 : 4) + 1;
	return refs + (host_is_2m(&m, addr) ? 3 : 4);
}

void tlb_flush(struct tlb_model *m)
{
	for (unsigned p = 0; p < PS_COUNT; p++) {
		tlbcache_flush(&m->l1[p]);
		tlbcache_flush(&m->l2[p]);
	}
	for (unsigned l = 0; l < PWC_LEVELS; l++) {
		tlbcache_flush(&m->gpwc[l]);
		tlbcache_flush(&m->hpwc[l]);
	}
	tlbcache_flush(&m->ntlb);
}

int tlb_create(const struct tlb_config *cfg, struct tlb_model **out)
{
	const struct tlb_cpu *c = &cfg->cpu;
	struct tlb_model *m;
	int rc = 0;

	*out = NULL;
	if (cfg->host_2m < 0 || cfg->host_2m > 1 || cfg->guest_page >= PS_COUNT)
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->cfg = *cfg;
	m->all_2m = cfg->host_2m >= 1;
	m->mixed = cfg->host_2m > 0 && cfg->host_2m < 1;
	m->thr = (uint64_t)(cfg->host_2m * 18446744073709551616.0);
	memset(m->pt_region, 0xff, sizeof(m->pt_region));	/* none */
	m->pt_gb = UINT64_MAX;
	for (unsigned p = 0; p < PS_COUNT && !rc; p++) {
		rc = tlbcache_init(&m->l1[p], c->l1[p].entries, c->l1[p].ways,
				   c->repl);
		if (!rc)
			rc = tlbcache_init(&m->l2[p], c->l2[p].entries,
					   c->l2[p].ways, c->repl);
	}
	for (unsigned l = 0; l < PWC_LEVELS && !rc; l++) {
		rc = tlbcache_init(&m->gpwc[l], cfg->pwc ? c->pwc_entries : 0,
				   c->pwc_entries ? c->pwc_entries : 1, REPL_LRU);
		if (!rc)
			rc = tlbcache_init(&m->hpwc[l],
					   cfg->pwc && cfg->nested
					   ? c->pwc_entries : 0,
					   c->pwc_entries ? c->pwc_entries : 1,
					   REPL_LRU);
	}
	if (!rc)
		rc = tlbcache_init(&m->ntlb, cfg->ntlb && cfg->nested
				   ? c->ntlb_entries : 0,
				   c->ntlb_entries ? c->ntlb_entries : 1,
				   REPL_LRU);
	if (rc) {
		tlb_destroy(m);
		return rc;
	}
	m->cfg.pwc = cfg->pwc && c->pwc_entries;
	m->cfg.ntlb = cfg->ntlb && c->ntlb_entries && cfg->nested;
	*out = m;
	return 0;
}

void tlb_destroy(struct tlb_model *m)
{
	if (!m)
		return;
	for (unsigned p = 0; p < PS_COUNT; p++) {
		tlbcache_free(&m->l1[p]);
		tlbcache_free(&m->l2[p]);
	}
	for (unsigned l = 0; l < PWC_LEVELS; l++) {
		tlbcache_free(&m->gpwc[l]);
		tlbcache_free(&m->hpwc[l]);
	}
	tlbcache_free(&m->ntlb);
	free(m);
}

void tlb_get_stats(const struct tlb_model *m, struct tlb_stats *s)
{
	*s = m->st;
}

void tlb_reset_stats(struct tlb_model *m)
{
	memset(&m->st, 0, sizeof(m->st));
}
