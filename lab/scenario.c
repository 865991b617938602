/*
 * scenario.c - scenario files, parsed with inih (Debian's libinih).
 *
 * inih hands us key/value pairs but neither empty sections nor line
 * numbers (Debian builds it without INI_HANDLER_LINENO), so we feed it
 * through our own line reader, which counts lines, sees section headers
 * (an empty [variant x] is still a variant), and rejects lines inih would
 * misread: continuation lines and lines over its 200-byte limit.
 */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "labsim.h"
#include "fileio.h"
#include "metrics.h"
#include "numparse.h"
#include "scenario.h"
#include "scenario_keys.h"

#define INI_LINE_MAX 200	/* inih's INI_MAX_LINE in Debian's build */

struct parser {
	struct scenario *sc;
	const char *text;	/* what is left to read */
	unsigned line;		/* line the reader last returned */
	struct parse_error *err;
	int failed;
};

static int fail(struct parser *p, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, const char *field, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(p->err->msg)];

	if (p->failed)
		return 0;	/* keep the first error */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	parse_error_set(p->err, p->line, field, "%s", msg);
	p->failed = 1;
	return 0;
}

static void *xrealloc_array(void *ptr, size_t n, size_t size)
{
	void *q = realloc(ptr, n * size);

	if (!q) {
		perror("tlblab");
		exit(2);
	}
	return q;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		perror("tlblab");
		exit(2);
	}
	return d;
}

static int valid_name(const char *s)
{
	if (!isalnum((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

/* A "[...]" header seen by the reader: register variants, reject unknown
 * sections (inih would silently pass their keys to us anyway). */
static void see_header(struct parser *p, const char *line)
{
	const char *close = strchr(line, ']');
	char name[INI_LINE_MAX];
	struct scenario *sc = p->sc;
	size_t n;

	if (!close)
		return;		/* inih reports it as a syntax error */
	n = (size_t)(close - line - 1);
	memcpy(name, line + 1, n);
	name[n] = '\0';
	if (!strncmp(name, "variant ", 8)) {
		const char *vname = name + 8;

		while (*vname == ' ')
			vname++;
		if (!valid_name(vname)) {
			fail(p, "variant",
			     "bad variant name \"%s\": letters, digits, '-' and '_' only",
			     vname);
			return;
		}
		if (scenario_find_variant(sc, vname) >= 0) {
			fail(p, "variant", "variant \"%s\" defined twice", vname);
			return;
		}
		sc->variants = xrealloc_array(sc->variants, sc->nvariants + 1,
					      sizeof(*sc->variants));
		memset(&sc->variants[sc->nvariants], 0,
		       sizeof(*sc->variants));
		sc->variants[sc->nvariants].name = xstrdup(vname);
		sc->variants[sc->nvariants].line = p->line;
		sc->nvariants++;
		return;
	}
	if (!strcmp(name, "expect") || scenario_section_known(name))
		return;
	fail(p, "section", "unknown section [%s]", name);
}

/* inih's fgets-like reader over the scenario text. */
static char *read_line(char *str, int num, void *stream)
{
	struct parser *p = stream;
	const char *nl, *s = p->text;
	size_t n;

	(void)num;
	if (!*s)
		return NULL;
	nl = strchr(s, '\n');
	n = nl ? (size_t)(nl - s) : strlen(s);
	p->text = nl ? nl + 1 : s + n;
	p->line++;
	if (n >= INI_LINE_MAX - 1) {
		fail(p, "", "line longer than %d bytes", INI_LINE_MAX - 2);
		n = 0;	/* hand inih an empty line instead */
	}
	memcpy(str, s, n);
	str[n] = '\0';
	if ((str[0] == ' ' || str[0] == '\t') && str[strspn(str, " \t\r")] &&
	    !strchr(";#", str[strspn(str, " \t")])) {
		fail(p, "", "continuation lines are not supported "
		     "(a line may not start with a blank)");
		str[0] = '\0';
	}
	if (str[strspn(str, " \t")] == '[')
		see_header(p, str + strspn(str, " \t"));
	return str;
}

static struct scenario_kv *find_kv(struct scenario_kv *kv, size_t n,
				   const char *section, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kv[i].section, section) && !strcmp(kv[i].key, key))
			return &kv[i];
	return NULL;
}

static int add_kv(struct parser *p, struct scenario_kv **kv, size_t *n,
		  const char *section, const char *key, const char *value)
{
	struct scenario_kv *dup = find_kv(*kv, *n, section, key);

	if (dup)
		return fail(p, key, "set twice (first at line %u)", dup->line);
	*kv = xrealloc_array(*kv, *n + 1, sizeof(**kv));
	(*kv)[*n] = (struct scenario_kv){ xstrdup(section), xstrdup(key),
					 xstrdup(value), p->line };
	(*n)++;
	return 1;
}

static int check_value(struct parser *p, const char *section, const char *key,
		       const char *value, const char *field)
{
	const struct key_spec *spec = scenario_key_find(section, key);
	char msg[128];

	if (!spec)
		return fail(p, field, "unknown key in [%s] (see scenarios/README.md)",
			    section);
	if (!strcmp(section, "sim")) {
		/* The simulator owns its keys: one table, in sim/. */
		if (labsim_check(key, value, msg, sizeof(msg)))
			return fail(p, field, "%s", msg);
		return 1;
	}
	if (spec->type == KEY_OPEN && (!valid_name(key) || strchr(key, '-')))
		return fail(p, field, "bad option name (letters, digits, '_')");
	if (spec->type == KEY_OPEN && (!value[0] || strpbrk(value, " \t")))
		return fail(p, field, "\"%s\": expected one word, no blanks "
			    "(it goes on the guest kernel command line)", value);
	if (scenario_key_check(spec, value, msg, sizeof(msg)))
		return fail(p, field, "%s", msg);
	return 1;
}

static int handle_variant_key(struct parser *p, struct scenario_variant *v,
			      const char *key, const char *value)
{
	char section[64];
	const char *dot = strchr(key, '.');

	if (!strcmp(key, "description")) {
		if (v->description)
			return fail(p, key, "set twice");
		v->description = xstrdup(value);
		return 1;
	}
	if (!dot || (size_t)(dot - key) >= sizeof(section))
		return fail(p, key, "a variant sets \"description\" or "
			    "\"SECTION.KEY\" (e.g. workload.threads)");
	memcpy(section, key, (size_t)(dot - key));
	section[dot - key] = '\0';
	if (!scenario_section_known(section))
		return fail(p, key, "unknown section \"%s\"", section);
	if (!check_value(p, section, dot + 1, value, key))
		return 0;
	return add_kv(p, &v->over, &v->nover, section, dot + 1, value);
}

static int handle(void *user, const char *section, const char *key,
		  const char *value)
{
	struct parser *p = user;
	struct scenario *sc = p->sc;

	if (p->failed)
		return 1;
	if (!section[0])
		return fail(p, key, "key outside any section");
	if (!strncmp(section, "variant ", 8)) {
		int vi = scenario_find_variant(sc, section + 8 +
					       strspn(section + 8, " "));

		if (vi < 0)
			return 0;	/* header already failed */
		return handle_variant_key(p, &sc->variants[vi], key, value);
	}
	if (!strcmp(section, "expect")) {
		for (size_t i = 0; i < sc->nexpect; i++)
			if (!strcmp(sc->expect[i].name, key))
				return fail(p, key, "expectation defined twice");
		if (!valid_name(key))
			return fail(p, key, "bad expectation name");
		sc->expect = xrealloc_array(sc->expect, sc->nexpect + 1,
					    sizeof(*sc->expect));
		sc->expect[sc->nexpect++] = (struct scenario_expect){
			xstrdup(key), xstrdup(value), p->line, NULL };
		return 1;
	}
	if (!scenario_section_known(section))
		return 0;	/* the reader already reported it */
	if (!check_value(p, section, key, value, key))
		return 0;
	return add_kv(p, &sc->base, &sc->nbase, section, key, value);
}

static int variant_exists(void *ctx, const char *name)
{
	const struct scenario *sc = ctx;

	/* Without [variant] sections the one variant is "default". */
	if (!sc->nvariants)
		return !strcmp(name, "default");
	return scenario_find_variant(sc, name) >= 0;
}

static int metric_exists(void *ctx, const char *name)
{
	(void)ctx;
	return metric_find(name) != NULL;
}

/* After the whole file: things that need every section seen. */
static void check_whole(struct parser *p)
{
	struct scenario *sc = p->sc;

	if (!find_kv(sc->base, sc->nbase, "workload", "name")) {
		p->line = 0;
		fail(p, "workload.name", "missing: [workload] needs name = "
		     "(see build/bin/tlbagent list)");
		return;
	}
	for (size_t i = 0; i < sc->nexpect && !p->failed; i++) {
		struct scenario_expect *e = &sc->expect[i];
		struct parse_error perr;

		p->line = e->line;
		e->expr = expect_parse(e->text, &perr);
		if (!e->expr) {
			fail(p, e->name, "%s", perr.msg);
			break;
		}
		if (expect_validate(e->expr, variant_exists, sc, metric_exists,
				    NULL, &perr))
			fail(p, e->name, "%s", perr.msg);
	}
}

static char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *name = xstrdup(slash ? slash + 1 : path);
	size_t n = strlen(name);

	if (n > 4 && !strcmp(name + n - 4, ".ini"))
		name[n - 4] = '\0';
	return name;
}

struct scenario *scenario_parse(const char *path, const char *text,
				struct parse_error *err)
{
	struct scenario *sc = calloc(1, sizeof(*sc));
	struct parser p = { sc, text, 0, err, 0 };
	int rc;

	if (!sc) {
		parse_error_set(err, 0, "", "out of memory");
		return NULL;
	}
	sc->path = xstrdup(path);
	sc->name = base_name(path);
	rc = ini_parse_stream(read_line, &p, handle, &p);
	if (rc > 0 && !p.failed) {
		p.line = (unsigned)rc;
		fail(&p, "", "not a \"key = value\" line or [section] header");
	}
	if (!p.failed)
		check_whole(&p);
	if (p.failed) {
		scenario_free(sc);
		return NULL;
	}
	return sc;
}

struct scenario *scenario_load(const char *path, struct parse_error *err)
{
	struct scenario *sc;
	char *text;
	size_t len;
	int rc = read_whole_file(path, 1 << 20, &text, &len);

	if (rc) {
		parse_error_set(err, 0, "", "cannot read: %s", strerror(-rc));
		return NULL;
	}
	if (strlen(text) != len) {
		free(text);
		parse_error_set(err, 0, "", "not a text file (has NUL bytes)");
		return NULL;
	}
	sc = scenario_parse(path, text, err);
	free(text);
	return sc;
}

static void free_kvs(struct scenario_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].section);
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

void scenario_free(struct scenario *sc)
{
	if (!sc)
		return;
	free_kvs(sc->base, sc->nbase);
	for (size_t i = 0; i < sc->nvariants; i++) {
		free(sc->variants[i].name);
		free(sc->variants[i].description);
		free_kvs(sc->variants[i].over, sc->variants[i].nover);
	}
	free(sc->variants);
	for (size_t i = 0; i < sc->nexpect; i++) {
		free(sc->expect[i].name);
		free(sc->expect[i].text);
		expect_free(sc->expect[i].expr);
	}
	free(sc->expect);
	free(sc->path);
	free(sc->name);
	free(sc);
}

int scenario_find_variant(const struct scenario *sc, const char *name)
{
	for (size_t i = 0; i < sc->nvariants; i++)
		if (!strcmp(sc->variants[i].name, name))
			return (int)i;
	return -1;
}

/* The winning kv for section.key in variant vi (override, then base). */
static const struct scenario_kv *lookup(const struct scenario *sc, size_t vi,
					const char *section, const char *key)
{
	const struct scenario_kv *kv = NULL;

	if (vi < sc->nvariants)
		kv = find_kv(sc->variants[vi].over, sc->variants[vi].nover,
			     section, key);
	if (!kv)
		kv = find_kv(sc->base, sc->nbase, section, key);
	return kv;
}

unsigned scenario_key_line(const struct scenario *sc, size_t vi,
			   const char *section, const char *key)
{
	const struct scenario_kv *kv = lookup(sc, vi, section, key);

	return kv ? kv->line : 0;
}

/* Value of a typed key: the file's, else the table's default. */
static const char *value_of(const struct scenario *sc, size_t vi,
			    const char *section, const char *key)
{
	const struct scenario_kv *kv = lookup(sc, vi, section, key);
	const struct key_spec *spec;

	if (kv)
		return kv->value;
	spec = scenario_key_find(section, key);
	return spec ? spec->def : NULL;
}

static uint64_t number_of(const struct scenario *sc, size_t vi,
			  const char *section, const char *key)
{
	const char *v = value_of(sc, vi, section, key);
	uint64_t n = 0;

	/* Values were checked at parse time; defaults are valid too. */
	if (parse_size(v, &n))
		n = 0;
	return n;
}

static enum accel_mode accel_of(const char *name)
{
	if (!strcmp(name, "tcg"))
		return ACCEL_TCG;
	if (!strcmp(name, "nested"))
		return ACCEL_NESTED;
	if (!strcmp(name, "kvm"))
		return ACCEL_KVM;
	return ACCEL_AUTO;
}

const char *accel_mode_name(enum accel_mode mode)
{
	static const char *const names[] = { "auto", "tcg", "nested", "kvm" };

	return names[mode];
}

/* Collect the workload options of variant vi: base keys not overridden,
 * then overrides. */
static int collect_section(const struct scenario *sc, size_t vi,
			   const char *section, const struct scenario_kv **out,
			   size_t max, size_t *n, struct parse_error *err)
{
	const struct scenario_variant *v = vi < sc->nvariants ?
					   &sc->variants[vi] : NULL;

	*n = 0;
	for (size_t pass = 0; pass < 2; pass++) {
		const struct scenario_kv *kv = pass ? (v ? v->over : NULL)
						    : sc->base;
		size_t nkv = pass ? (v ? v->nover : 0) : sc->nbase;

		for (size_t i = 0; i < nkv; i++) {
			if (strcmp(kv[i].section, section) ||
			    !strcmp(kv[i].key, "name"))
				continue;
			if (lookup(sc, vi, section, kv[i].key) != &kv[i])
				continue;	/* overridden */
			if (*n >= max)
				return parse_error_set(err, kv[i].line,
						       kv[i].key,
						       "more than %zu keys in [%s]",
						       max, section);
			out[(*n)++] = &kv[i];
		}
	}
	return 0;
}

int scenario_resolve(const struct scenario *sc, size_t vi,
		     struct run_config *cfg, struct parse_error *err)
{
	int keep;

	memset(cfg, 0, sizeof(*cfg));
	cfg->variant = vi < sc->nvariants ? sc->variants[vi].name : "default";
	cfg->description = vi < sc->nvariants && sc->variants[vi].description ?
			   sc->variants[vi].description : "";
	cfg->accel = accel_of(value_of(sc, vi, "scenario", "accel"));
	cfg->needs_exits = !strcmp(value_of(sc, vi, "scenario", "needs"),
				   "exits");
	cfg->timeout_s = number_of(sc, vi, "scenario", "timeout");
	cfg->boot_timeout_s = number_of(sc, vi, "scenario", "boot_timeout");
	cfg->watchdog_s = number_of(sc, vi, "scenario", "watchdog");
	cfg->vcpus = number_of(sc, vi, "guest", "vcpus");
	cfg->memory_mb = number_of(sc, vi, "guest", "memory") >> 20;
	cfg->cpu_model = value_of(sc, vi, "guest", "cpu");
	cfg->cmdline = value_of(sc, vi, "guest", "cmdline");
	cfg->workload = value_of(sc, vi, "workload", "name");
	cfg->interval_ms = number_of(sc, vi, "probe", "interval_ms");
	keep = 1;
	parse_bool(value_of(sc, vi, "probe", "keep_trace"), &keep);
	cfg->keep_trace = keep;
	if (collect_section(sc, vi, "sim", cfg->sim,
			    sizeof(cfg->sim) / sizeof(cfg->sim[0]), &cfg->nsim,
			    err))
		return -1;
	return collect_section(sc, vi, "workload", cfg->workload_opts,
			       sizeof(cfg->workload_opts) /
			       sizeof(cfg->workload_opts[0]),
			       &cfg->nworkload, err);
}
