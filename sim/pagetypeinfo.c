/* pagetypeinfo.c - /proc/pagetypeinfo parser; see pagetypeinfo.h. */
#include <stdio.h>
#include <string.h>

#include "numparse.h"
#include "pagetypeinfo.h"
#include "textscan.h"

/* What the "Node" lines that follow a header belong to. */
enum section { SEC_NONE, SEC_FREE, SEC_BLOCKS, SEC_MIXED };

struct state {
	struct pagetypeinfo *p;
	struct parse_error *err;
	unsigned lineno;
	enum section sec;
	int block_type[PTI_MAX_TYPES];	/* header column -> type index */
	unsigned nblock_cols;
	int have_order;
};

int pti_type_index(const struct pagetypeinfo *p, const char *name)
{
	for (unsigned i = 0; i < p->ntypes; i++)
		if (!strcmp(p->type[i], name))
			return (int)i;
	return -1;
}

static int type_index_add(struct state *s, const char *name)
{
	struct pagetypeinfo *p = s->p;
	int i = pti_type_index(p, name);

	if (i >= 0)
		return i;
	if (p->ntypes >= PTI_MAX_TYPES)
		return parse_error_set(s->err, s->lineno, "type",
				       "more than %d migrate types",
				       PTI_MAX_TYPES) - 1;
	if (strlen(name) >= sizeof(p->type[0]))
		return parse_error_set(s->err, s->lineno, "type",
				       "type name \"%.20s\" too long", name) - 1;
	strcpy(p->type[p->ntypes], name);
	return (int)p->ntypes++;
}

/* "Page block order: 9" / "Pages per block:  512" */
static int header_number(struct state *s, struct textscan *ts,
			 const char *field, uint64_t *v)
{
	char tok[32];

	if (textscan_word(ts, tok, sizeof(tok)) || parse_u64(tok, v) ||
	    !textscan_blank(ts))
		return parse_error_set(s->err, s->lineno, field,
				       "expected a number");
	return 0;
}

/* Returns the zone for (node, name), adding it if new. */
static struct pti_zone *zone_get(struct state *s, int node, const char *name)
{
	struct pagetypeinfo *p = s->p;
	struct pti_zone *z;

	for (unsigned i = 0; i < p->nzones; i++)
		if (p->zones[i].node == node && !strcmp(p->zones[i].zone, name))
			return &p->zones[i];
	if (p->nzones >= BUDDY_MAX_ZONES) {
		parse_error_set(s->err, s->lineno, "zone", "more than %d zones",
				BUDDY_MAX_ZONES);
		return NULL;
	}
	z = &p->zones[p->nzones++];
	z->node = node;
	strcpy(z->zone, name);
	return z;
}

/* Strips one trailing comma; returns 1 if there was one. */
static int strip_comma(char *tok)
{
	size_t n = strlen(tok);

	if (n && tok[n - 1] == ',') {
		tok[n - 1] = '\0';
		return 1;
	}
	return 0;
}

static int parse_count(struct state *s, const char *tok, const char *field,
		       uint64_t *v, uint8_t *capped)
{
	*capped = 0;
	if (tok[0] == '>' && capped) {
		*capped = 1;
		tok++;
	}
	if (parse_u64(tok, v))
		return parse_error_set(s->err, s->lineno, field,
				       "bad count \"%.20s\"", tok);
	return 0;
}

/* "Node N, zone Z, type T counts..." or "Node N, zone Z counts..." */
static int node_line(struct state *s, struct textscan *ts)
{
	char tok[32], zname[32], field[24];
	struct pti_zone *z;
	uint64_t node;
	int typed, t = -1;
	unsigned n = 0;

	if (textscan_word(ts, tok, sizeof(tok)) || !strip_comma(tok) ||
	    parse_u64(tok, &node) || node > 65535)
		return parse_error_set(s->err, s->lineno, "node",
				       "bad node number");
	if (textscan_word(ts, tok, sizeof(tok)) || strcmp(tok, "zone") ||
	    textscan_word(ts, zname, sizeof(zname)))
		return parse_error_set(s->err, s->lineno, "zone",
				       "expected \"zone NAME\"");
	typed = strip_comma(zname);
	if (!zname[0] || strlen(zname) >= sizeof(z->zone))
		return parse_error_set(s->err, s->lineno, "zone",
				       "bad zone name");
	if (typed) {
		if (textscan_word(ts, tok, sizeof(tok)) || strcmp(tok, "type") ||
		    textscan_word(ts, tok, sizeof(tok)))
			return parse_error_set(s->err, s->lineno, "type",
					       "expected \"type NAME\"");
		if (s->sec != SEC_FREE)
			return parse_error_set(s->err, s->lineno, "type",
					       "free-count row outside the "
					       "free pages table");
		t = type_index_add(s, tok);
		if (t < 0)
			return -1;
	} else if (s->sec != SEC_BLOCKS && s->sec != SEC_MIXED) {
		return parse_error_set(s->err, s->lineno, "zone",
				       "zone row outside a table");
	}
	z = zone_get(s, (int)node, zname);
	if (!z)
		return -1;
	while (!textscan_word(ts, tok, sizeof(tok))) {
		uint64_t v;
		uint8_t capped;

		if (typed) {
			snprintf(field, sizeof(field), "order-%u", n);
			if (n >= s->p->norders)
				return parse_error_set(s->err, s->lineno, field,
						       "more counts than the "
						       "%u orders of the header",
						       s->p->norders);
			if (parse_count(s, tok, field, &v, &capped))
				return -1;
			z->free[t][n] = v;
			z->capped[t][n] = capped;
		} else {
			snprintf(field, sizeof(field), "blocks-%u", n);
			if (n >= s->nblock_cols)
				return parse_error_set(s->err, s->lineno, field,
						       "more counts than types "
						       "in the header");
			if (parse_count(s, tok, field, &v, &capped) || capped)
				return capped ? parse_error_set(s->err,
						s->lineno, field,
						"capped block count") : -1;
			if (s->sec == SEC_BLOCKS)
				z->blocks[s->block_type[n]] = v;
		}
		n++;
	}
	if (typed ? n != s->p->norders : n != s->nblock_cols)
		return parse_error_set(s->err, s->lineno, "counts",
				       "%u counts, expected %u", n,
				       typed ? s->p->norders : s->nblock_cols);
	if (typed)
		z->has_free = 1;
	else if (s->sec == SEC_BLOCKS)
		z->has_blocks = 1;
	return 0;
}

/* "Free pages count per migrate type at order 0 1 2 ..." */
static int orders_header(struct state *s, struct textscan *ts)
{
	char tok[32];
	unsigned n = 0;
	uint64_t v;

	while (!textscan_word(ts, tok, sizeof(tok))) {
		if (parse_u64(tok, &v) || v != n)
			return parse_error_set(s->err, s->lineno, "orders",
					       "expected order %u, got \"%.20s\"",
					       n, tok);
		if (++n > BUDDY_MAX_ORDERS)
			return parse_error_set(s->err, s->lineno, "orders",
					       "more than %d orders",
					       BUDDY_MAX_ORDERS);
	}
	if (!n || (s->p->norders && n != s->p->norders))
		return parse_error_set(s->err, s->lineno, "orders",
				       "%u orders, earlier nodes have %u", n,
				       s->p->norders);
	s->p->norders = n;
	s->sec = SEC_FREE;
	return 0;
}

/* "Number of blocks type T1 T2..." / "Number of mixed blocks T1..." */
static int blocks_header(struct state *s, struct textscan *ts, int mixed)
{
	char tok[32];

	s->nblock_cols = 0;
	while (!textscan_word(ts, tok, sizeof(tok))) {
		int t;

		if (s->nblock_cols >= PTI_MAX_TYPES)
			return parse_error_set(s->err, s->lineno, "type",
					       "more than %d migrate types",
					       PTI_MAX_TYPES);
		t = type_index_add(s, tok);
		if (t < 0)
			return -1;
		s->block_type[s->nblock_cols++] = t;
	}
	if (!s->nblock_cols)
		return parse_error_set(s->err, s->lineno, "type",
				       "no migrate type names");
	s->sec = mixed ? SEC_MIXED : SEC_BLOCKS;
	return 0;
}

/* Consumes the fixed words of a header; 1 if all matched. */
static int words(struct textscan *ts, const char *const *w)
{
	struct textscan save = *ts;
	char tok[32];

	for (; *w; w++) {
		if (textscan_word(ts, tok, sizeof(tok)) || strcmp(tok, *w)) {
			*ts = save;
			return 0;
		}
	}
	return 1;
}

static int one_line(struct state *s, struct textscan *ts)
{
	static const char *const pb_order[] = { "Page", "block", "order:", NULL };
	static const char *const pb_pages[] = { "Pages", "per", "block:", NULL };
	static const char *const free_hdr[] = { "Free", "pages", "count", "per",
		"migrate", "type", "at", "order", NULL };
	static const char *const blk_hdr[] = { "Number", "of", "blocks",
		"type", NULL };
	static const char *const mix_hdr[] = { "Number", "of", "mixed",
		"blocks", NULL };
	static const char *const node[] = { "Node", NULL };
	uint64_t v;

	if (words(ts, pb_order)) {
		if (header_number(s, ts, "page_block_order", &v))
			return -1;
		if (v >= BUDDY_MAX_ORDERS + 8 ||
		    (s->have_order && v != s->p->pageblock_order))
			return parse_error_set(s->err, s->lineno,
					       "page_block_order",
					       "order %llu differs or is too "
					       "large", (unsigned long long)v);
		s->p->pageblock_order = (unsigned)v;
		s->have_order = 1;
		s->sec = SEC_NONE;
		return 0;
	}
	if (words(ts, pb_pages)) {
		if (header_number(s, ts, "pages_per_block", &v))
			return -1;
		if (!s->have_order || v != 1ull << s->p->pageblock_order)
			return parse_error_set(s->err, s->lineno,
					       "pages_per_block",
					       "%llu is not 2^page_block_order",
					       (unsigned long long)v);
		return 0;
	}
	if (words(ts, free_hdr))
		return orders_header(s, ts);
	if (words(ts, blk_hdr))
		return blocks_header(s, ts, 0);
	if (words(ts, mix_hdr))
		return blocks_header(s, ts, 1);
	if (words(ts, node))
		return node_line(s, ts);
	return parse_error_set(s->err, s->lineno, "line",
			       "not a pagetypeinfo line");
}

int pagetypeinfo_parse(const char *buf, size_t len, struct pagetypeinfo *out,
		       struct parse_error *err)
{
	struct state s = { .p = out, .err = err };
	struct textscan lines, line;

	memset(out, 0, sizeof(*out));
	textscan_init(&lines, buf, len);
	while (textscan_line(&lines, &line)) {
		s.lineno++;
		if (textscan_blank(&line))
			continue;
		if (one_line(&s, &line))
			return -1;
	}
	if (!out->nzones)
		return parse_error_set(err, 0, "", "no zone lines");
	if (!s.have_order)
		return parse_error_set(err, 0, "page_block_order",
				       "no \"Page block order\" line");
	for (unsigned i = 0; i < out->nzones; i++)
		if (!out->zones[i].has_free)
			return parse_error_set(err, 0, "zone",
					       "node %d zone %s has block counts "
					       "but no free counts",
					       out->zones[i].node,
					       out->zones[i].zone);
	return 0;
}

uint64_t pti_zone_free(const struct pti_zone *z, unsigned ntypes,
		       unsigned order, int *capped)
{
	uint64_t sum = 0;

	for (unsigned t = 0; t < ntypes; t++) {
		sum += z->free[t][order];
		if (capped && z->capped[t][order])
			*capped = 1;
	}
	return sum;
}

void pti_to_buddyinfo(const struct pagetypeinfo *p, struct buddyinfo *b)
{
	memset(b, 0, sizeof(*b));
	b->norders = p->norders;
	b->nzones = p->nzones;
	for (unsigned i = 0; i < p->nzones; i++) {
		b->zones[i].node = p->zones[i].node;
		snprintf(b->zones[i].zone, sizeof(b->zones[i].zone), "%s",
			 p->zones[i].zone);
		for (unsigned o = 0; o < p->norders; o++)
			b->zones[i].free[o] = pti_zone_free(&p->zones[i],
							    p->ntypes, o, NULL);
	}
}
