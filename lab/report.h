/*
 * report.h - the human report: variants side by side, one row per
 * metric with its source, then the expectations and a SUMMARY line.
 * Printed from result.json's content only, so a saved result prints the
 * same report again (`tlblab report FILE`).
 */
#ifndef TLBLAB_REPORT_H
#define TLBLAB_REPORT_H

#include <jansson.h>
#include <stdio.h>

/* Print the report of result (result.json's object) to out. */
void report_print(FILE *out, const json_t *result);

#endif
