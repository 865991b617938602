/* smaps.c - /proc/PID/smaps and smaps_rollup parser; see smaps.h. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "numparse.h"
#include "smaps.h"
#include "textscan.h"

static const struct {
	const char *name;
	size_t off;
} fields[] = {
#define F(name, member) { name, offsetof(struct smaps_counts, member) }
	F("Size", size),
	F("Rss", rss),
	F("Pss", pss),
	F("Pss_Dirty", pss_dirty),
	F("Pss_Anon", pss_anon),
	F("Pss_File", pss_file),
	F("Pss_Shmem", pss_shmem),
	F("Shared_Clean", shared_clean),
	F("Shared_Dirty", shared_dirty),
	F("Private_Clean", private_clean),
	F("Private_Dirty", private_dirty),
	F("Referenced", referenced),
	F("Anonymous", anonymous),
	F("KSM", ksm),
	F("LazyFree", lazyfree),
	F("AnonHugePages", anon_huge),
	F("ShmemPmdMapped", shmem_pmd),
	F("FilePmdMapped", file_pmd),
	F("Shared_Hugetlb", shared_hugetlb),
	F("Private_Hugetlb", private_hugetlb),
	F("Swap", swap),
	F("SwapPss", swap_pss),
	F("Locked", locked),
#undef F
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

const char *smaps_field_name(unsigned i)
{
	return i < NFIELDS ? fields[i].name : NULL;
}

static uint64_t *field_ptr(struct smaps_counts *c, unsigned i)
{
	return (uint64_t *)((char *)c + fields[i].off);
}

uint64_t smaps_field_value(const struct smaps_counts *c, unsigned i)
{
	return i < NFIELDS ? *field_ptr((struct smaps_counts *)c, i) : 0;
}

double smaps_thp_share(const struct smaps_counts *c)
{
	return c->anonymous ? (double)c->anon_huge / (double)c->anonymous : 0;
}

static int hex_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (!n || n > 16)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		unsigned d;

		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/* "start-end perms offset dev inode [name]"; returns 1 if line is not a
 * header at all, 0 when parsed, -1 when it looks like one but is bad. */
static int parse_header(struct textscan *line, unsigned lineno,
			struct smaps_mapping *m, struct parse_error *err)
{
	char range[40], word[64];
	const char *dash, *rest;
	size_t n;

	if (textscan_word(line, range, sizeof(range)) ||
	    !(dash = strchr(range, '-')))
		return 1;
	if (hex_u64(range, (size_t)(dash - range), &m->start) ||
	    hex_u64(dash + 1, strlen(dash + 1), &m->end) || m->end < m->start)
		return parse_error_set(err, lineno, "address",
				       "bad address range \"%s\"", range);
	if (textscan_word(line, m->perms, sizeof(m->perms)) ||
	    strlen(m->perms) != 4)
		return parse_error_set(err, lineno, "perms",
				       "expected 4 permission letters");
	for (int i = 0; i < 3; i++)	/* offset, device, inode */
		if (textscan_word(line, word, sizeof(word)))
			return parse_error_set(err, lineno, "header",
					       "expected offset, device and "
					       "inode after the permissions");
	n = textscan_rest(line, &rest);
	snprintf(m->name, sizeof(m->name), "%.*s", (int)n, rest);
	return 0;
}

static int add_sum(uint64_t *sum, uint64_t v, unsigned lineno,
		   const char *name, struct parse_error *err)
{
	if (__builtin_add_overflow(*sum, v, sum))
		return parse_error_set(err, lineno, name, "sum overflows");
	return 0;
}

static int parse_field(struct textscan *line, unsigned lineno,
		       const char *name, struct smaps_mapping *m,
		       struct smaps_summary *out, struct parse_error *err)
{
	char value[32], unit[8];
	uint64_t v;
	unsigned i;

	for (i = 0; i < NFIELDS; i++)
		if (!strcmp(fields[i].name, name))
			break;
	if (i == NFIELDS)
		return 0;	/* a field this parser does not know */
	if (textscan_word(line, value, sizeof(value)) || parse_u64(value, &v) ||
	    textscan_word(line, unit, sizeof(unit)) || strcmp(unit, "kB") ||
	    !textscan_blank(line))
		return parse_error_set(err, lineno, name,
				       "expected \"N kB\"");
	*field_ptr(&m->kb, i) = v;
	out->seen |= 1u << i;
	return add_sum(field_ptr(&out->total, i), v, lineno, name, err);
}

static void close_mapping(struct smaps_summary *out,
			  const struct smaps_mapping *m)
{
	if (!out->mappings)
		return;
	if (m->kb.anonymous > out->largest_anon.kb.anonymous)
		out->largest_anon = *m;
}

int smaps_parse(const char *buf, size_t len, struct smaps_summary *out,
		struct parse_error *err)
{
	struct textscan lines, line;
	struct smaps_mapping cur;
	unsigned lineno = 0;
	char word[64];
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&cur, 0, sizeof(cur));
	textscan_init(&lines, buf, len);
	while (textscan_line(&lines, &line)) {
		struct textscan probe = line;
		size_t n;

		lineno++;
		if (textscan_blank(&line))
			continue;
		if (textscan_word(&probe, word, sizeof(word)) == 0 &&
		    (n = strlen(word)) > 1 && word[n - 1] == ':' &&
		    !strchr(word, '-')) {
			word[n - 1] = '\0';
			if (!out->mappings)
				return parse_error_set(err, lineno, word,
						       "field before the first "
						       "mapping header");
			if (parse_field(&probe, lineno, word, &cur, out, err))
				return -1;
			continue;
		}
		close_mapping(out, &cur);
		memset(&cur, 0, sizeof(cur));
		rc = parse_header(&line, lineno, &cur, err);
		if (rc > 0)
			return parse_error_set(err, lineno, "",
					       "neither a mapping header nor "
					       "\"Field: value\"");
		if (rc < 0)
			return -1;
		out->mappings++;
		if (!strcmp(cur.name, "[rollup]"))
			out->rollup = 1;
	}
	close_mapping(out, &cur);
	if (!out->mappings)
		return parse_error_set(err, 0, "", "no mapping header");
	if (out->rollup)
		memset(&out->largest_anon, 0, sizeof(out->largest_anon));
	return 0;
}
