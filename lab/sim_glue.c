/* sim_glue.c - the lab's call into libtlbsim (sim/labsim.h). */
#include <stdio.h>

#include "labsim.h"
#include "sim_glue.h"

json_t *sim_predict_json(const struct run_config *cfg)
{
	const char *keys[32], *values[32], *okeys[64], *ovalues[64];
	struct labsim_prediction pred;
	struct labsim_workload w = {
		.name = cfg->workload,
		.accel = accel_mode_name(cfg->accel),
		.vcpus = (unsigned)cfg->vcpus,
		.nopts = (unsigned)cfg->nworkload,
		.opt_keys = okeys,
		.opt_values = ovalues,
	};
	char msg[256];
	json_t *out, *m;

	if (!cfg->nsim)
		return NULL;
	for (size_t i = 0; i < cfg->nsim; i++) {
		keys[i] = cfg->sim[i]->key;
		values[i] = cfg->sim[i]->value;
	}
	for (size_t i = 0; i < cfg->nworkload; i++) {
		okeys[i] = cfg->workload_opts[i]->key;
		ovalues[i] = cfg->workload_opts[i]->value;
	}
	if (labsim_predict(keys, values, (unsigned)cfg->nsim, &w, &pred, msg,
			   sizeof(msg)))
		return json_pack("{s:s}", "error", msg);
	m = json_object();
	for (unsigned i = 0; i < pred.n; i++)
		json_object_set_new(m, pred.m[i].name,
				    json_pack("{s:f, s:s}", "value",
					      pred.m[i].value, "unit",
					      pred.m[i].unit));
	out = json_pack("{s:s, s:s, s:s, s:o}", "model", pred.model,
			"profile", pred.profile, "mode", pred.mode,
			"metrics", m);
	return out;
}
