/* run.c - a scenario run; see run.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "doctor.h"
#include "expect.h"
#include "fileio.h"
#include "jpath.h"
#include "metrics.h"
#include "repeat.h"
#include "report.h"
#include "run.h"
#include "runner.h"
#include "scenario.h"
#include "sim_glue.h"
#include "spawn.h"

#ifndef TLBLAB_VERSION
#define TLBLAB_VERSION "unknown"
#endif

#define RESULT_SCHEMA "tlblab.result/1"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void print_parse_error(const char *path, const struct parse_error *e)
{
	if (e->line)
		fprintf(stderr, "%s:%u: %s%s%s\n", path, e->line, e->field,
			e->field[0] ? ": " : "", e->msg);
	else
		fprintf(stderr, "%s: %s%s%s\n", path, e->field,
			e->field[0] ? ": " : "", e->msg);
}

static void default_paths(struct run_options *o, char *bin, size_t n,
			   char *images, size_t m)
{
	ssize_t len;

	if (!o->bin_dir) {
		len = readlink("/proc/self/exe", bin, n - 1);
		bin[len > 0 ? len : 0] = '\0';
		if (strrchr(bin, '/'))
			*strrchr(bin, '/') = '\0';
		o->bin_dir = bin;
	}
	if (!o->images) {
		snprintf(images, m, "%s/../images/guest.json", o->bin_dir);
		o->images = images;
	}
	if (!o->results)
		o->results = "results";
}

/*
 * The agent validates its own options (one table, in the agent): run
 * `tlbagent check` on the host and map its "OPTION: problem" answer back
 * to the scenario line that set OPTION.
 */
static int check_agent_options(const struct run_options *o,
			       const struct scenario *sc, size_t vi,
			       const struct run_config *cfg)
{
	char agent[PATH_MAX], *argv[72], *out = NULL, *colon;
	char words[64][256];
	size_t argc = 0;
	unsigned line;
	int rc;

	snprintf(agent, sizeof(agent), "%s/tlbagent", o->bin_dir);
	argv[argc++] = agent;
	argv[argc++] = "check";
	snprintf(words[0], sizeof(words[0]), "workload=%s", cfg->workload);
	argv[argc++] = words[0];
	for (size_t i = 0; i < cfg->nworkload && i + 1 < 64; i++) {
		snprintf(words[i + 1], sizeof(words[i + 1]), "%s=%s",
			 cfg->workload_opts[i]->key,
			 cfg->workload_opts[i]->value);
		argv[argc++] = words[i + 1];
	}
	argv[argc] = NULL;
	rc = run_capture(argv, 10000, 1, 4096, &out);
	if (rc == 0) {
		free(out);
		return 0;
	}
	if (rc < 0 || rc == 127) {
		fprintf(stderr, "tlblab: cannot run %s (%s): run make first\n",
			agent, rc < 0 ? strerror(-rc) : "not found");
		free(out);
		return -1;
	}
	out[strcspn(out, "\n")] = '\0';
	colon = strchr(out, ':');
	if (colon)
		*colon = '\0';
	line = scenario_key_line(sc, vi, "workload", colon ? out : "name");
	if (!strcmp(out, "workload"))
		line = scenario_key_line(sc, vi, "workload", "name");
	fprintf(stderr, "%s:%u: workload.%s:%s (variant %s)\n", sc->path, line,
		colon ? out : cfg->workload, colon ? colon + 1 : out,
		cfg->variant);
	free(out);
	return -1;
}

/* Load, resolve every variant, check agent options.  configs gets one
 * entry per variant (a scenario without variants has one, "default"). */
static struct scenario *prepare(const struct run_options *o,
				struct run_config **configs, size_t *n)
{
	struct parse_error err;
	struct scenario *sc = scenario_load(o->scenario, &err);
	size_t total;

	if (!sc) {
		print_parse_error(o->scenario, &err);
		return NULL;
	}
	if (o->variant && scenario_find_variant(sc, o->variant) < 0) {
		fprintf(stderr, "%s: no variant \"%s\"\n", o->scenario,
			o->variant);
		goto fail;
	}
	total = sc->nvariants ? sc->nvariants : 1;
	*configs = calloc(total, sizeof(**configs));
	*n = 0;
	for (size_t vi = 0; vi < total; vi++) {
		struct run_config *cfg = &(*configs)[*n];

		if (o->variant && strcmp(sc->variants[vi].name, o->variant))
			continue;
		if (scenario_resolve(sc, vi, cfg, &err)) {
			print_parse_error(o->scenario, &err);
			goto fail;
		}
		if (o->accel) {
			if (!strcmp(o->accel, "tcg"))
				cfg->accel = ACCEL_TCG;
			else if (!strcmp(o->accel, "nested"))
				cfg->accel = ACCEL_NESTED;
			else if (!strcmp(o->accel, "kvm"))
				cfg->accel = ACCEL_KVM;
			else
				cfg->accel = ACCEL_AUTO;
		}
		if (check_agent_options(o, sc, vi, cfg))
			goto fail;
		(*n)++;
	}
	return sc;
fail:
	free(*configs);
	*configs = NULL;
	scenario_free(sc);
	return NULL;
}

int lab_check(const struct run_options *opts)
{
	struct run_options o = *opts;
	char bin[PATH_MAX], images[PATH_MAX + 32];
	struct run_config *configs = NULL;
	struct scenario *sc;
	size_t n;

	default_paths(&o, bin, sizeof(bin), images, sizeof(images));
	sc = prepare(&o, &configs, &n);
	if (!sc)
		return LAB_ERROR;
	printf("%s: OK: %zu variant(s), %zu expectation(s)\n", o.scenario, n,
	       sc->nexpect);
	free(configs);
	scenario_free(sc);
	return LAB_PASS;
}

/*
 * The mode a variant runs in.  "auto" takes KVM only when a minimal guest
 * proved it usable; otherwise nested when the scenario needs vmexit
 * counts ([scenario] needs = exits) and the L1 appliance is built;
 * otherwise tcg.  Returns the
 * mode, or ACCEL_AUTO with why when the variant must be skipped; note says
 * how auto decided.
 */
static enum accel_mode choose_mode(const struct run_config *cfg,
				   enum accel_mode want, const json_t *images,
				   const json_t *nested, char *why, size_t n,
				   char *note, size_t m)
{
	char kvm_why[256];
	int kvm;

	note[0] = '\0';
	if (want == ACCEL_TCG)
		return ACCEL_TCG;
	if (want == ACCEL_NESTED) {
		if (nested)
			return ACCEL_NESTED;
		snprintf(why, n, "accel nested: the L1 appliance is not built "
			 "(build/images/nested.json; run make)");
		return ACCEL_AUTO;
	}
	kvm = kvm_usable(jpath_str(images, "kernel"),
			 jpath_str(images, "initrd"), kvm_why, sizeof(kvm_why));
	if (want == ACCEL_KVM) {
		if (kvm)
			return ACCEL_KVM;
		snprintf(why, n, "accel kvm: KVM is not usable here: %s",
			 kvm_why);
		return ACCEL_AUTO;
	}
	if (kvm) {
		snprintf(note, m, "auto: KVM is usable (a minimal guest ran): kvm");
		return ACCEL_KVM;
	}
	if (cfg->needs_exits) {
		if (nested) {
			snprintf(note, m, "auto: KVM not usable (%s); the "
				 "scenario needs vmexit counts: nested", kvm_why);
			return ACCEL_NESTED;
		}
		snprintf(why, n, "the scenario needs vmexit counts: KVM is not "
			 "usable (%s) and the L1 appliance is not built", kvm_why);
		return ACCEL_AUTO;
	}
	snprintf(note, m, "auto: KVM not usable (%s): tcg", kvm_why);
	return ACCEL_TCG;
}

static json_t *load_images(const char *path)
{
	json_error_t jerr;
	json_t *img = json_load_file(path, 0, &jerr);

	if (!img) {
		fprintf(stderr, "tlblab: %s: %s (guest images not built? run "
			"make)\n", path, jerr.text);
		return NULL;
	}
	if (!jpath_str(img, "kernel") || !jpath_str(img, "initrd")) {
		fprintf(stderr, "tlblab: %s: needs \"kernel\" and \"initrd\"\n",
			path);
		json_decref(img);
		return NULL;
	}
	return img;
}

/* nested.json beside guest.json, when the L1 appliance is built. */
static json_t *load_nested(const char *images_path)
{
	char path[PATH_MAX];
	json_t *j;

	snprintf(path, sizeof(path), "%s", images_path);
	if (!strrchr(path, '/'))
		return NULL;
	snprintf(strrchr(path, '/') + 1, sizeof(path) - (size_t)(strrchr(path, '/') + 1 - path),
		 "nested.json");
	j = json_load_file(path, 0, NULL);
	if (j && (!jpath_str(j, "kernel") || !jpath_str(j, "initrd"))) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static char *first_line_of(char *const argv[])
{
	char *out = NULL;

	if (run_capture(argv, 10000, 1, 4096, &out) < 0)
		return NULL;
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static json_t *host_json(void)
{
	char *qemu_argv[] = { "qemu-system-x86_64", "--version", NULL };
	char *qemu = first_line_of(qemu_argv), *cpuinfo = NULL, *thp = NULL;
	char host[256] = "", model[256] = "?";
	struct utsname u;
	size_t len;
	json_t *h;

	gethostname(host, sizeof(host) - 1);
	uname(&u);
	if (!read_whole_file("/proc/cpuinfo", 1 << 22, &cpuinfo, &len)) {
		char *m = strstr(cpuinfo, "model name");

		if (m && (m = strchr(m, ':')))
			snprintf(model, sizeof(model), "%.*s",
				 (int)strcspn(m + 2, "\n"), m + 2);
		free(cpuinfo);
	}
	if (!read_whole_file("/sys/kernel/mm/transparent_hugepage/enabled",
			     4096, &thp, &len))
		thp[strcspn(thp, "\n")] = '\0';
	h = json_pack("{s:s, s:s, s:s, s:i, s:s?, s:s?}", "hostname", host,
		      "kernel", u.release, "cpu_model", model,
		      "ncpus", (int)sysconf(_SC_NPROCESSORS_ONLN),
		      "thp_enabled", thp, "qemu_version", qemu);
	free(qemu);
	free(thp);
	return h;
}

static int make_run_dir(const struct run_options *o, const char *name,
			char *dir, size_t n)
{
	char stamp[32], link[PATH_MAX];
	time_t t = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&t));
	snprintf(dir, n, "%s/%s", o->results, name);
	if ((mkdir(o->results, 0755) && errno != EEXIST) ||
	    (mkdir(dir, 0755) && errno != EEXIST))
		return -1;
	snprintf(dir, n, "%s/%s/%s", o->results, name, stamp);
	/* Two runs in one second: add a suffix. */
	for (int i = 2; mkdir(dir, 0755); i++) {
		if (errno != EEXIST || i > 99)
			return -1;
		snprintf(dir, n, "%s/%s/%s.%d", o->results, name, stamp, i);
	}
	snprintf(link, sizeof(link), "%s/%s/latest", o->results, name);
	unlink(link);
	if (symlink(strrchr(dir, '/') + 1, link))
		return 0;	/* a convenience only */
	return 0;
}

static int write_json(const char *dir, const char *name, const json_t *j)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];

	/* Write then rename: a reader never sees half a result. */
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (json_dump_file(j, tmp, JSON_INDENT(2) | JSON_SORT_KEYS))
		return -1;
	return rename(tmp, path);
}

static void copy_file(const char *from, const char *dir, const char *name)
{
	char path[PATH_MAX], *buf;
	size_t len;
	FILE *f;

	if (read_whole_file(from, 1 << 20, &buf, &len))
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "we");
	if (f) {
		fwrite(buf, 1, len, f);
		fclose(f);
	}
	free(buf);
}

/*
 * One nested boot in four froze L1 on these machines (DESIGN.md), and now
 * and then L2 resets itself mid-run: a frozen L1 or a reset L2 is retried
 * once in a fresh L1, the first attempt's folder and result kept beside
 * the second's.
 */
static enum run_status run_with_retry(const struct run_ctx *ctx,
				      const struct run_config *cfg, size_t i,
				      size_t n, json_t **v)
{
	enum run_status rs = run_variant(ctx, cfg, i, n, v);
	char from[4200], to[4300];
	json_t *first;

	if (rs == RUN_OK || cfg->accel != ACCEL_NESTED || interrupted ||
	    (!json_is_true(jpath_get(*v, "error.frozen")) &&
	     !json_is_true(jpath_get(*v, "error.l2_reset"))))
		return rs;
	fprintf(stderr, "tlblab: %s: %s: %s; retrying once in a fresh L1\n",
		cfg->variant, jpath_str(*v, "error.phase"),
		jpath_str(*v, "error.message"));
	snprintf(from, sizeof(from), "%s/%s", ctx->run_dir, cfg->variant);
	snprintf(to, sizeof(to), "%s.attempt1", from);
	if (rename(from, to))
		fprintf(stderr, "tlblab: %s: %s\n", to, strerror(errno));
	first = *v;
	json_object_set_new(first, "folder",
			    json_string(strrchr(to, '/') + 1));
	rs = run_variant(ctx, cfg, i, n, v);
	json_object_set_new(*v, "earlier_attempts", json_pack("[o]", first));
	return rs;
}

struct lookup_ctx {
	const json_t *variants;
};

static int lookup_metric(void *ctx, const char *variant, const char *metric,
			 double *value)
{
	struct lookup_ctx *lc = ctx;
	size_t i;
	json_t *v;

	json_array_foreach(lc->variants, i, v) {
		const char *name = jpath_str(v, "name");

		if (name && !strcmp(name, variant))
			return jpath_num(json_object_get(v, "metrics"), metric,
					 value);
	}
	return -1;
}

/*
 * An expectation on vmexit metrics says nothing in tcg mode, where there
 * are no exits: it is skipped there (with the reason), not failed.
 * Returns the reason, or NULL when the expectation applies.
 */
static const char *exits_unmeasured(const struct expect_expr *e,
				    const json_t *result)
{
	size_t i;
	json_t *v;

	for (const struct metric *m = metrics; m->name; m++) {
		if (!m->needs_exits || !expect_uses_metric(e, m->name))
			continue;
		json_array_foreach(json_object_get(result, "variants"), i, v) {
			const char *mode = jpath_str(v, "mode");

			if (mode && !strcmp(mode, "tcg"))
				return "needs vmexit counts: tcg mode has no "
				       "exits (run with --accel nested or kvm)";
		}
	}
	return NULL;
}

/* Evaluate the expectations; returns the scenario's exit code. */
static int evaluate(const struct scenario *sc, json_t *result,
		    int any_error, int all_skipped)
{
	struct lookup_ctx lc = { json_object_get(result, "variants") };
	json_t *list = json_array();
	int fails = 0, errors = 0, code;
	const char *verdict;

	for (size_t i = 0; i < sc->nexpect; i++) {
		static const char *const names[] = { "PASS", "FAIL", "ERROR" };
		const char *skip = all_skipped ? "not evaluated: no variant ran"
					       : exits_unmeasured(sc->expect[i].expr,
								  result);
		char explain[1024];
		enum expect_verdict ev = expect_eval(sc->expect[i].expr,
						     lookup_metric, &lc,
						     explain, sizeof(explain));

		if (skip)
			snprintf(explain, sizeof(explain), "%s", skip);
		else {
			fails += ev == EXPECT_FAIL;
			errors += ev == EXPECT_ERROR;
		}
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}",
				      "name", sc->expect[i].name,
				      "expr", sc->expect[i].text,
				      "verdict", skip ? "SKIP" : names[ev],
				      "explain", explain));
	}
	json_object_set_new(result, "expectations", list);
	if (all_skipped) {
		code = LAB_SKIP;
		verdict = "SKIP";
	} else if (any_error || errors) {
		code = LAB_ERROR;
		verdict = "ERROR";
	} else if (fails) {
		code = LAB_FAIL;
		verdict = "FAIL";
	} else {
		code = LAB_PASS;
		verdict = "PASS";
	}
	json_object_set_new(result, "verdict", json_string(verdict));
	json_object_set_new(result, "exit_code", json_integer(code));
	return code;
}

static json_t *skipped_variant(const struct run_config *cfg, const char *why)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o}", "name", cfg->variant,
			 "description", cfg->description, "status", "skipped", "skip_reason", why,
			 "metrics", json_object());
}

static void iso_now(char *out, size_t n)
{
	time_t t = time(NULL);

	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
}

int lab_run(const struct run_options *opts)
{
	struct run_options o = *opts;
	char bin[PATH_MAX], images_path[PATH_MAX + 32], dir[PATH_MAX];
	char sockdir[] = "/tmp/tlblab.XXXXXX", when[32];
	char bootdir[PATH_MAX + 32];
	struct run_config *configs = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	json_t *images = NULL, *nested = NULL, *result = NULL, *variants;
	json_t *reps = NULL;
	struct scenario *sc;
	size_t n = 0, skipped = 0;
	unsigned boots = o.repeat > 1 ? o.repeat : 1;
	int any_error = 0, code = LAB_ERROR;
	struct run_ctx ctx;

	default_paths(&o, bin, sizeof(bin), images_path, sizeof(images_path));
	sc = prepare(&o, &configs, &n);
	if (!sc)
		return LAB_ERROR;
	images = load_images(o.images);
	if (!images)
		goto out;
	nested = load_nested(o.images);
	if (make_run_dir(&o, sc->name, dir, sizeof(dir))) {
		fprintf(stderr, "tlblab: cannot create a run folder under %s: %s\n",
			o.results, strerror(errno));
		goto out;
	}
	if (!mkdtemp(sockdir)) {
		fprintf(stderr, "tlblab: mkdtemp: %s\n", strerror(errno));
		goto out;
	}
	copy_file(sc->path, dir, "scenario.ini");
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	iso_now(when, sizeof(when));
	variants = json_array();
	result = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:O, s:s, s:s, s:o}",
			   "schema", RESULT_SCHEMA,
			   "tlblab_version", TLBLAB_VERSION,
			   "scenario", "name", sc->name, "path", sc->path,
			   "description", "",
			   "host", host_json(), "images", images,
			   "run_dir", dir, "started", when,
			   "variants", variants);
	if (nested)
		json_object_set(result, "nested_images", nested);
	for (size_t i = 0; i < sc->nbase; i++)
		if (!strcmp(sc->base[i].section, "scenario") &&
		    !strcmp(sc->base[i].key, "description"))
			json_object_set_new(json_object_get(result, "scenario"),
					    "description",
					    json_string(sc->base[i].value));

	ctx = (struct run_ctx){
		.kernel = jpath_str(images, "kernel"),
		.initrd = jpath_str(images, "initrd"),
		.nested = nested,
		.run_dir = dir,
		.sock_dir = sockdir,
		.vm_backend = "qemu",
		.progress_tty = isatty(2),
		.interrupted = &interrupted,
	};
	fprintf(stderr, "tlblab: %s: %zu variant(s); run folder %s\n", sc->name,
		n, dir);
	reps = json_array();
	for (size_t i = 0; reps && i < n; i++)
		json_array_append_new(reps, json_array());
	for (size_t step = 0; reps && step < n * boots; step++) {
		size_t i = step % n, boot = step / n;
		struct run_config *cfg = &configs[i];
		char why[512] = "", note[512];
		json_t *v;

		/* Each round of boots in its own folder, so no boot's
		 * console, agent stream or trace replaces another's. */
		if (boots > 1 && i == 0) {
			snprintf(bootdir, sizeof(bootdir), "%s/boot-%zu", dir,
				 boot + 1);
			if (mkdir(bootdir, 0755) && errno != EEXIST) {
				fprintf(stderr, "tlblab: %s: %s\n", bootdir,
					strerror(errno));
				any_error = 1;
				break;
			}
			ctx.run_dir = bootdir;
			fprintf(stderr, "tlblab: boot %zu of %u of each "
				"variant, in %s\n", boot + 1, boots, bootdir);
		}
		if (interrupted) {
			v = skipped_variant(cfg, "not run: interrupted");
			any_error = 1;
		} else {
			enum accel_mode mode = choose_mode(cfg, cfg->accel,
							   images, nested,
							   why, sizeof(why),
							   note, sizeof(note));

			if (mode == ACCEL_AUTO) {
				fprintf(stderr, "[%zu/%zu %s] SKIP: %s\n", i + 1,
					n, cfg->variant, why);
				v = skipped_variant(cfg, why);
				skipped += !boot;
			} else {
				cfg->accel = mode;
				if (note[0] && i == 0)
					fprintf(stderr, "tlblab: %s\n", note);
				if (run_with_retry(&ctx, cfg, i, n, &v) != RUN_OK) {
					any_error = 1;
					fprintf(stderr, "tlblab: %s: %s: %s\n",
						cfg->variant,
						jpath_str(v, "error.phase"),
						jpath_str(v, "error.message"));
				}
			}
		}
		if (note[0])
			json_object_set_new(v, "mode_choice", json_string(note));
		/* The prediction depends on the configuration only: the
		 * first boot that ran carries it into the combined variant. */
		if (!strcmp(jpath_str(v, "status"), "ok") &&
		    (!boot || strcmp(jpath_str(json_array_get(variants, i),
					       "status") ?: "", "ok"))) {
			json_t *pred = sim_predict_json(cfg);

			if (pred)
				json_object_set_new(v, "sim", pred);
		}
		if (boots == 1) {
			json_array_append_new(variants, v);
		} else {
			json_t *mine = json_array_get(reps, i), *all;

			json_object_set_new(v, "boot_dir",
					    json_string(strrchr(bootdir, '/') + 1));
			json_array_append_new(mine, v);
			all = repeat_combine(mine);
			if (!all)
				any_error = 1;
			else if (boot)
				json_array_set_new(variants, i, all);
			else
				json_array_append_new(variants, all);
		}
		/* Keep what was measured so far, whatever happens next. */
		write_json(dir, "result.json", result);
	}
	if (!reps) {
		fprintf(stderr, "tlblab: out of memory\n");
		any_error = 1;
	}
	code = evaluate(sc, result, any_error, skipped == n);
	iso_now(when, sizeof(when));
	json_object_set_new(result, "finished", json_string(when));
	if (write_json(dir, "result.json", result))
		fprintf(stderr, "tlblab: cannot write %s/result.json\n", dir);
	if (o.json) {
		json_dumpf(result, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
	} else {
		char path[PATH_MAX];
		FILE *f;

		report_print(stdout, result);
		snprintf(path, sizeof(path), "%s/report.txt", dir);
		f = fopen(path, "we");
		if (f) {
			report_print(f, result);
			fclose(f);
		}
	}
	rmdir(sockdir);
out:
	json_decref(reps);
	json_decref(result);
	json_decref(images);
	json_decref(nested);
	free(configs);
	scenario_free(sc);
	return code;
}
