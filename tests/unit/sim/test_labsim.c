/*
 * test_labsim.c - the lab's entry to the simulator ([sim] keys and
 * predictions) and the shootdown model against real tlblab results
 * (tests/fixtures/sim/lab/: two TCG runs of madvise-flood).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "labsim.h"
#include "profile.h"
#include "sdcalib.h"

#define LAB FIXTURES_DIR "/sim/lab/"

static void test_keys(void **state)
{
	char msg[160];
	unsigned n = 0;

	(void)state;
	for (; labsim_keys[n].name; n++)
		assert_non_null(labsim_keys[n].help);
	assert_int_equal(n, 8);
	assert_int_equal(labsim_check("model", "shootdown", msg, sizeof(msg)),
			 0);
	assert_int_equal(labsim_check("model", "tlb", msg, sizeof(msg)), -2);
	assert_int_equal(labsim_check("vms", "2", msg, sizeof(msg)), 0);
	assert_int_equal(labsim_check("vms", "0", msg, sizeof(msg)), -2);
	assert_non_null(strstr(msg, "vms"));
	assert_int_equal(labsim_check("pv_flush", "maybe", msg, sizeof(msg)),
			 -2);
	assert_int_equal(labsim_check("mode", "ipiv", msg, sizeof(msg)), 0);
	assert_int_equal(labsim_check("mode", "warp", msg, sizeof(msg)), -2);
	assert_int_equal(labsim_check("size", "4K", msg, sizeof(msg)), -1);
	assert_int_equal(labsim_check("bogus", "1", msg, sizeof(msg)), -1);
}

static const char *const opt_keys[] = { "initiators", "bystanders", "size",
					"count", "pin" };
static const char *const opt_vals[] = { "1", "1", "256K", "300", "true" };

static const struct labsim_metric *metric(const struct labsim_prediction *p,
					  const char *name)
{
	for (unsigned i = 0; i < p->n; i++)
		if (!strcmp(p->m[i].name, name))
			return &p->m[i];
	fail_msg("no metric %s", name);
	return NULL;
}

/*
 * A kvm variant: profile kvm, mode x2apic.  One bystander, 256 KiB:
 * syscall 802.5 + 64 x 187.5 zap + 693 cycles send / 2.596 GHz
 * (266.95 ns) + 3645 cycles latency (1404.08 ns) + 3300 remote full
 * flush = 17,773.5 ns for every call.
 */
static void test_predict_kvm(void **state)
{
	struct labsim_workload w = { "madvise-flood", "kvm", 2, 5, opt_keys,
				     opt_vals };
	struct labsim_prediction p;
	char msg[160] = "";

	(void)state;
	assert_int_equal(labsim_predict(NULL, NULL, 0, &w, &p, msg,
					sizeof(msg)), 0);
	assert_string_equal(p.profile, "kvm");
	assert_string_equal(p.mode, "x2apic");
	assert_true(metric(&p, "ipis_per_madvise")->value == 1.0);
	assert_true(fabs(metric(&p, "lat_mean_us")->value - 17.7736) < 0.001);
	assert_string_equal(metric(&p, "lat_mean_us")->unit, "us");
	assert_true(metric(&p, "exits_per_s")->value > 0);
}

static void test_predict_keys_and_errors(void **state)
{
	struct labsim_workload w = { "madvise-flood", "kvm", 2, 5, opt_keys,
				     opt_vals };
	const char *k[] = { "model", "mode" }, *v[] = { "shootdown", "ipiv" };
	const char *bad_k[] = { "vms" }, *bad_v[] = { "zero" };
	struct labsim_prediction p;
	char msg[160];

	(void)state;
	assert_int_equal(labsim_predict(k, v, 2, &w, &p, msg, sizeof(msg)), 0);
	assert_string_equal(p.mode, "ipiv");
	assert_true(metric(&p, "exits_per_s")->value == 0);
	assert_int_equal(labsim_predict(bad_k, bad_v, 1, &w, &p, msg,
					sizeof(msg)), -1);
	w.name = "jemalloc-churn";
	assert_int_equal(labsim_predict(NULL, NULL, 0, &w, &p, msg,
					sizeof(msg)), -2);
	assert_non_null(strstr(msg, "madvise-flood"));
	w.name = "madvise-flood";
	k[1] = "profile";
	v[1] = "no-such-profile";
	assert_int_equal(labsim_predict(k, v, 2, &w, &p, msg, sizeof(msg)),
			 -3);
}

/* The lab's result.json as the model reads it. */
static void test_observed(void **state)
{
	static struct sd_observed obs[SD_MAX_OBSERVED];
	struct sd_params base;
	char run[256], err[256];

	(void)state;
	sd_params_defaults(&base);
	assert_int_equal(sd_observed_load(LAB "madvise-flood.tcg-2026-11-23."
					  "result.json", &base, obs,
					  SD_MAX_OBSERVED, run, sizeof(run),
					  err, sizeof(err)), 4);
	assert_string_equal(obs[2].name, "single-page");
	assert_int_equal(obs[2].p.size, 4096);
	assert_int_equal(obs[3].p.initiators, 2);
	assert_int_equal(obs[3].p.bystanders, 0);
	assert_int_equal(obs[0].p.vcpus, 2);
	assert_int_equal(obs[0].p.calls, 2000);
	assert_true(obs[0].has_ipis);
	assert_int_equal(sd_observed_load("/nonexistent.json", &base, obs,
					  SD_MAX_OBSERVED, run, sizeof(run),
					  err, sizeof(err)), -1);
	assert_int_equal(sd_observed_load(FIXTURES_DIR "/sim/pagetypeinfo."
					  "workstation-2026-11-23", &base,
					  obs, SD_MAX_OBSERVED, run,
					  sizeof(run), err, sizeof(err)), -1);
}

static int parse_sd(const char *buf, size_t len, void *arg,
		    struct parse_error *err)
{
	return sd_profile_parse(buf, len, arg, err);
}

/*
 * Calibrating on one run gives a profile that parses, with a tcg mode;
 * with the shipped tcg profile the model predicts the IPIs per call of
 * every variant of the other run (1 to 4 threads) within 10% (of one
 * IPI for the lone initiator).  Its latencies do not hold on that
 * loaded host: docs/sim.md.
 */
static void test_calibrate_and_validate(void **state)
{
	struct sd_params base;
	struct sd_profile *prof = malloc(sizeof(*prof));
	struct report r;
	struct parse_error pe;
	char err[256];

	(void)state;
	assert_non_null(prof);
	sd_params_defaults(&base);
	base.mode = sd_mode_index("tcg");
	base.pcpus = 2;
	report_init(&r, "shootdown");
	assert_int_equal(sd_calibrate(&base, LAB "madvise-flood.tcg-2026-11-"
				      "23.result.json", &r, err, sizeof(err)),
			 0);
	assert_non_null(r.text);
	assert_int_equal(sd_profile_parse(r.text, strlen(r.text), prof, &pe),
			 0);
	assert_true(prof->ipi[sd_mode_index("tcg")].have);
	report_free(&r);

	base.profile = "tcg";
	report_init(&r, "shootdown");
	assert_int_equal(sd_validate(&base, LAB "madvise-flood-threads.tcg-"
				     "2026-11-23.result.json", &r, err,
				     sizeof(err)), 0);
	assert_int_equal(r.tables[0].nrows, 6);
	for (unsigned i = 0; i < 6; i++) {
		const struct report_cell *c = &r.tables[0].cells[i * 11];

		assert_true(sd_ipis_within(c[3].num, c[2].num));
	}
	report_free(&r);
	assert_int_equal(profile_load("shootdown", "tcg", parse_sd, prof, err,
				      sizeof(err)), 0);
	free(prof);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_predict_kvm),
		cmocka_unit_test(test_predict_keys_and_errors),
		cmocka_unit_test(test_observed),
		cmocka_unit_test(test_calibrate_and_validate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
