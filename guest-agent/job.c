/* job.c - jobs from arguments or the kernel command line; see job.h. */
#include <stdio.h>
#include <string.h>

#include "jemstats.h"
#include "job.h"
#include "textscan.h"

#define JOB_MAX_WORDS	64
#define JOB_WORD_MAX	(OPT_TEXT_MAX + 64)

static int check_malloc_conf(const char *value, char *why, size_t whylen)
{
	return *value ? jem_conf_check(value, why, whylen) : 0;
}

const struct opt_desc job_common_opts[] = {
	{ "interval_ms", OPT_U64, "1000", "10", "3600000", NULL, NULL,
	  "period of the sample lines, milliseconds" },
	{ "malloc_conf", OPT_STRING, "", NULL, NULL, NULL, check_malloc_conf,
	  "MALLOC_CONF for jemalloc, e.g. dirty_decay_ms:-1,muzzy_decay_ms:-1 (empty = as is)" },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL },
};

int job_init(struct job *job, const char *workload, struct parse_error *err)
{
	memset(job, 0, sizeof(*job));
	job->wl = workload_find(workload);
	if (!job->wl)
		return parse_error_set(err, 0, "workload",
				       "unknown workload \"%.40s\" (see: tlbagent list)",
				       workload);
	if (opt_set_init(&job->common, job_common_opts, err) ||
	    opt_set_init(&job->opts, job->wl->opts, err))
		return -1;
	return 0;
}

int job_set(struct job *job, const char *key, const char *value,
	    struct parse_error *err)
{
	if (opt_find(&job->common, key) >= 0)
		return opt_set_value(&job->common, key, value, err);
	if (opt_find(&job->opts, key) < 0)
		return parse_error_set(err, 0, key,
				       "unknown option of workload %s",
				       job->wl->name);
	return opt_set_value(&job->opts, key, value, err);
}

int job_check(const struct job *job, struct parse_error *err)
{
	return job->wl->check ? job->wl->check(&job->opts, err) : 0;
}

struct kv {
	char key[64];
	const char *value;
};

/* Split "key=value" (value points into word).  0 or -1 with err. */
static int split_word(const char *word, unsigned pos, struct kv *kv,
		      struct parse_error *err)
{
	const char *eq = strchr(word, '=');
	size_t n = eq ? (size_t)(eq - word) : 0;

	if (!eq || n == 0)
		return parse_error_set(err, pos, "",
				       "\"%.40s\" is not OPTION=VALUE", word);
	if (n >= sizeof(kv->key))
		return parse_error_set(err, pos, "", "option name too long");
	memcpy(kv->key, word, n);
	kv->key[n] = '\0';
	kv->value = eq + 1;
	return 0;
}

/* The common core: words already split into keys and values. */
static int job_from_kvs(struct job *job, const struct kv *kv, unsigned n,
			struct parse_error *err)
{
	int wl = -1;

	for (unsigned i = 0; i < n; i++) {
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(kv[i].key, kv[j].key))
				return parse_error_set(err, i + 1, kv[i].key,
						       "given twice");
		if (!strcmp(kv[i].key, "workload"))
			wl = (int)i;
	}
	if (wl < 0)
		return parse_error_set(err, 0, "workload",
				       "missing workload=NAME (see: tlbagent list)");
	if (job_init(job, kv[wl].value, err)) {
		if (err)
			err->line = (unsigned)wl + 1;
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		if ((int)i == wl)
			continue;
		if (job_set(job, kv[i].key, kv[i].value, err)) {
			if (err)
				err->line = i + 1;
			return -1;
		}
	}
	return job_check(job, err);
}

int job_from_args(struct job *job, int argc, char *const argv[],
		  struct parse_error *err)
{
	struct kv kv[JOB_MAX_WORDS];

	if (argc > JOB_MAX_WORDS)
		return parse_error_set(err, JOB_MAX_WORDS + 1, "",
				       "more than %d options", JOB_MAX_WORDS);
	for (int i = 0; i < argc; i++)
		if (split_word(argv[i], (unsigned)i + 1, &kv[i], err))
			return -1;
	return job_from_kvs(job, kv, (unsigned)argc, err);
}

/* Length of buf up to (not including) the first c. */
static size_t strcspn_len(const char *buf, size_t len, char c)
{
	const char *p = memchr(buf, c, len);

	return p ? (size_t)(p - buf) : len;
}

int job_from_cmdline(struct job *job, const char *buf, size_t len,
		     struct parse_error *err)
{
	char words[JOB_MAX_WORDS][JOB_WORD_MAX];
	struct kv kv[JOB_MAX_WORDS];
	const size_t plen = strlen(JOB_CMDLINE_PREFIX);
	char word[JOB_WORD_MAX];
	struct textscan ts;
	unsigned n = 0;
	int rc;

	/* /proc/cmdline is one line; a NUL or newline ends it. */
	len = strnlen(buf, len);
	len = strcspn_len(buf, len, '\n');
	textscan_init(&ts, buf, len);
	while ((rc = textscan_word(&ts, word, sizeof(word))) != 1) {
		if (!strcmp(word, "--"))
			break;
		if (strncmp(word, JOB_CMDLINE_PREFIX, plen))
			continue;
		if (rc < 0)
			return parse_error_set(err, n + 1, "",
					       "word \"%.40s...\" too long",
					       word);
		if (n >= JOB_MAX_WORDS)
			return parse_error_set(err, n + 1, "",
					       "more than %d tlbagent words",
					       JOB_MAX_WORDS);
		if (strchr(word, '"'))
			return parse_error_set(err, n + 1, "",
					       "quoted values are not supported: %.40s",
					       word);
		memcpy(words[n], word + plen, sizeof(word) - plen);
		if (split_word(words[n], n + 1, &kv[n], err))
			return -1;
		n++;
	}
	return job_from_kvs(job, kv, n, err);
}

int cmdline_has_job(const char *buf, size_t len)
{
	static const char key[] = JOB_CMDLINE_PREFIX "workload=";
	size_t klen = sizeof(key) - 1;

	len = strcspn_len(buf, strnlen(buf, len), '\n');
	for (size_t i = 0; i + klen <= len; i++)
		if ((i == 0 || buf[i - 1] == ' ') &&
		    !memcmp(buf + i, key, klen))
			return 1;
	return 0;
}

uint64_t job_interval_ms(const struct job *job)
{
	return opt_u64(&job->common, "interval_ms");
}

const char *job_malloc_conf(const struct job *job)
{
	const char *s = opt_str(&job->common, "malloc_conf");

	return *s ? s : NULL;
}
