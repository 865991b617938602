/*
 * jpath.h - read values out of nested jansson objects by dotted path
 * ("guest.summary.irq_total.TLB").  Missing keys and wrong types are
 * "not there", never a crash: results may be partial.
 */
#ifndef TLBLAB_JPATH_H
#define TLBLAB_JPATH_H

#include <jansson.h>

/* The value at path under root, or NULL. */
json_t *jpath_get(const json_t *root, const char *path);
/* 0 with *out when the value at path is a JSON number, else -1. */
int jpath_num(const json_t *root, const char *path, double *out);
/* The string at path, or NULL. */
const char *jpath_str(const json_t *root, const char *path);
/* Sum of a numeric array at path: 0 with *out, or -1. */
int jpath_sum(const json_t *root, const char *path, double *out);

#endif
