/*
 * numparse.h - strict number parsing for scenario files, /proc text and
 * command lines.
 *
 * Unlike strtoul(), these accept the whole string or nothing: no leading
 * blanks, no trailing junk, no sign on unsigned values, no silent wrap.
 * Each returns 0 on success, -EINVAL when the text is not a number of that
 * kind, -ERANGE when it does not fit; *out is untouched on failure.
 */
#ifndef TLB_NUMPARSE_H
#define TLB_NUMPARSE_H

#include <stdint.h>

int parse_u64(const char *s, uint64_t *out);
int parse_i64(const char *s, int64_t *out);
/* Finite decimal or exponent notation; "nan" and "inf" are -EINVAL. */
int parse_double(const char *s, double *out);
/*
 * A byte size: a decimal number with an optional binary suffix K, M, G or
 * T (also KiB/MiB/GiB/TiB; case-insensitive), e.g. "256K" = 262144.
 */
int parse_size(const char *s, uint64_t *out);
/* "1/yes/true/on" or "0/no/false/off" (case-insensitive). */
int parse_bool(const char *s, int *out);

#endif
