/*
 * list.h - `tlbagent list`: every workload with its options (type,
 * default, range, help), as a table or as JSON for the lab.
 */
#ifndef TLB_LIST_H
#define TLB_LIST_H

#include <stdio.h>
#include <jansson.h>

/* The whole catalogue as a JSON object (NULL on ENOMEM):
 * {"agent_options": [opt...], "workloads": [{"name", "summary",
 *  "latency", "options": [opt...]}]}, opt = {"name", "type", "default",
 *  "min", "max", "choices", "help"} (null where there is none). */
json_t *list_json(void);

/* Print it to f, human-readable or as JSON.  Returns 0 or -1 (ENOMEM). */
int list_workloads(FILE *f, int json);

#endif
