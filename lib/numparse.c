/* numparse.c - strict number parsing; see numparse.h. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numparse.h"

int parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_i64(const char *s, int64_t *out)
{
	long long v;
	char *end;
	const char *digits = s;

	if (!s)
		return -EINVAL;
	if (*digits == '-' || *digits == '+')
		digits++;
	if (!isdigit((unsigned char)*digits))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_double(const char *s, double *out)
{
	double v;
	char *end;
	const char *p = s;

	if (!s)
		return -EINVAL;
	if (*p == '-' || *p == '+')
		p++;
	/* strtod also takes "inf", "nan" and hex floats; a value must start
	 * with a digit or a decimal point followed by one. */
	if (!(isdigit((unsigned char)p[0]) ||
	      (p[0] == '.' && isdigit((unsigned char)p[1]))))
		return -EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || !isfinite(v))
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	static const struct { const char *name; unsigned shift; } suffixes[] = {
		{ "", 0 },
		{ "k", 10 }, { "kib", 10 },
		{ "m", 20 }, { "mib", 20 },
		{ "g", 30 }, { "gib", 30 },
		{ "t", 40 }, { "tib", 40 },
	};
	char digits[32];
	size_t n = 0;
	uint64_t v;
	int rc;

	if (!s)
		return -EINVAL;
	while (isdigit((unsigned char)s[n]) && n < sizeof(digits) - 1) {
		digits[n] = s[n];
		n++;
	}
	if (n == 0 || isdigit((unsigned char)s[n]))
		return n == 0 ? -EINVAL : -ERANGE;
	digits[n] = '\0';
	rc = parse_u64(digits, &v);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		if (strcasecmp(s + n, suffixes[i].name) != 0)
			continue;
		if (suffixes[i].shift && v > (UINT64_MAX >> suffixes[i].shift))
			return -ERANGE;
		*out = v << suffixes[i].shift;
		return 0;
	}
	return -EINVAL;
}

int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };

	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -EINVAL;
}
