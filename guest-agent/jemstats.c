/* jemstats.c - jemalloc statistics through mallctl; see jemstats.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <jemalloc/jemalloc.h>

#include "jemstats.h"
#include "numparse.h"

static int read_u64(const char *name, uint64_t *out)
{
	size_t len = sizeof(*out);

	return -mallctl(name, out, &len, NULL, 0);
}

static int read_decay(const char *name, int64_t *out)
{
	ssize_t v;
	size_t len = sizeof(v);
	int rc = mallctl(name, &v, &len, NULL, 0);

	if (rc)
		return -rc;
	*out = v;
	return 0;
}

int jem_stats_read(struct jem_stats *out)
{
	uint64_t epoch = 1;
	size_t len = sizeof(epoch);
	int rc;

	rc = mallctl("epoch", &epoch, &len, &epoch, len);
	if (rc)
		return -rc;
#define A "stats.arenas.4096."
	if ((rc = read_u64(A "dirty_npurge", &out->dirty_npurge)) ||
	    (rc = read_u64(A "dirty_nmadvise", &out->dirty_nmadvise)) ||
	    (rc = read_u64(A "dirty_purged", &out->dirty_purged)) ||
	    (rc = read_u64(A "muzzy_npurge", &out->muzzy_npurge)) ||
	    (rc = read_u64(A "muzzy_nmadvise", &out->muzzy_nmadvise)) ||
	    (rc = read_u64(A "muzzy_purged", &out->muzzy_purged)) ||
	    (rc = read_decay("opt.dirty_decay_ms", &out->opt_dirty_decay_ms)) ||
	    (rc = read_decay("opt.muzzy_decay_ms", &out->opt_muzzy_decay_ms)))
		return rc;
#undef A
	return 0;
}

void jem_stats_delta(const struct jem_stats *earlier,
		     const struct jem_stats *later, struct jem_stats *out)
{
	out->dirty_npurge = later->dirty_npurge - earlier->dirty_npurge;
	out->dirty_nmadvise = later->dirty_nmadvise - earlier->dirty_nmadvise;
	out->dirty_purged = later->dirty_purged - earlier->dirty_purged;
	out->muzzy_npurge = later->muzzy_npurge - earlier->muzzy_npurge;
	out->muzzy_nmadvise = later->muzzy_nmadvise - earlier->muzzy_nmadvise;
	out->muzzy_purged = later->muzzy_purged - earlier->muzzy_purged;
	out->opt_dirty_decay_ms = later->opt_dirty_decay_ms;
	out->opt_muzzy_decay_ms = later->opt_muzzy_decay_ms;
}

/*
 * Walk conf pair by pair: fn(key, value, arg) for each, stopping at the
 * first non-zero return.  Returns 0, fn's value, or -1 with why filled for
 * a malformed pair.
 */
typedef int (*pair_fn)(const char *key, const char *value, void *arg,
		       char *why, size_t whylen);

static int each_pair(const char *conf, pair_fn fn, void *arg, char *why,
		     size_t whylen)
{
	char pair[256], *colon;
	const char *p = conf, *comma;
	size_t n;
	int rc;

	if (!*conf) {
		snprintf(why, whylen, "empty");
		return -1;
	}
	for (;;) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n >= sizeof(pair)) {
			snprintf(why, whylen, "pair \"%.30s...\" too long", p);
			return -1;
		}
		memcpy(pair, p, n);
		pair[n] = '\0';
		colon = strchr(pair, ':');
		if (!colon || colon == pair || !colon[1]) {
			snprintf(why, whylen,
				 "\"%.60s\" is not \"key:value\"", pair);
			return -1;
		}
		*colon = '\0';
		rc = fn(pair, colon + 1, arg, why, whylen);
		if (rc)
			return rc;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

static int check_pair(const char *key, const char *value, void *arg,
		      char *why, size_t whylen)
{
	char name[300];
	size_t mib[4], miblen = 4;
	int64_t v;

	(void)arg;
	for (const char *c = key; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '_')) {
			snprintf(why, whylen, "bad key \"%.60s\"", key);
			return -1;
		}
	for (const char *c = value; *c; c++)
		if (*c == ' ' || *c == '\t' || *c == '"' || *c == '\'') {
			snprintf(why, whylen,
				 "%.60s: blanks or quotes in the value", key);
			return -1;
		}
	snprintf(name, sizeof(name), "opt.%s", key);
	if (mallctlnametomib(name, mib, &miblen)) {
		snprintf(why, whylen, "%.60s: not a jemalloc option", key);
		return -1;
	}
	if (strstr(key, "_decay_ms") && (parse_i64(value, &v) || v < -1)) {
		snprintf(why, whylen,
			 "%s: \"%.40s\" is not a number of ms >= -1", key,
			 value);
		return -1;
	}
	return 0;
}

int jem_conf_check(const char *conf, char *why, size_t whylen)
{
	return each_pair(conf, check_pair, NULL, why, whylen);
}

/* The last value conf gives each decay key (jemalloc takes the last). */
struct decay_wish {
	int given[2];
	int64_t ms[2];
};

static const char *const decay_keys[2] = { "dirty_decay_ms",
					   "muzzy_decay_ms" };

static int collect_decay(const char *key, const char *value, void *arg,
			 char *why, size_t whylen)
{
	struct decay_wish *w = arg;

	(void)why;
	(void)whylen;
	for (int i = 0; i < 2; i++)
		if (!strcmp(key, decay_keys[i]) &&
		    !parse_i64(value, &w->ms[i]))
			w->given[i] = 1;
	return 0;
}

int jem_conf_verify(const char *conf, char *why, size_t whylen)
{
	struct decay_wish wish = { { 0, 0 }, { 0, 0 } };
	char name[32];
	int64_t have;

	if (each_pair(conf, collect_decay, &wish, why, whylen))
		return -1;
	for (int i = 0; i < 2; i++) {
		if (!wish.given[i])
			continue;
		snprintf(name, sizeof(name), "opt.%s", decay_keys[i]);
		if (read_decay(name, &have)) {
			snprintf(why, whylen, "cannot read %s", name);
			return -1;
		}
		if (have != wish.ms[i]) {
			snprintf(why, whylen,
				 "%s is %lld, malloc_conf asks %lld", name,
				 (long long)have, (long long)wish.ms[i]);
			return -1;
		}
	}
	return 0;
}
