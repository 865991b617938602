/*
 * sim_glue.h - a scenario's [sim] section run for one variant: the
 * simulator's prediction of the variant's metrics, to print beside what
 * was measured.
 */
#ifndef TLBLAB_SIM_GLUE_H
#define TLBLAB_SIM_GLUE_H

#include <jansson.h>

#include "scenario.h"

/*
 * sim_predict_json - predict cfg's metrics with the [sim] model.  Returns
 * NULL when the scenario has no [sim] section, else an object: model,
 * profile, mode, metrics {name: {value, unit}} — or error (a string) when
 * the model cannot predict this variant.
 */
json_t *sim_predict_json(const struct run_config *cfg);

#endif
