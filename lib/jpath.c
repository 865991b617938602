/* jpath.c - dotted-path lookups in jansson values; see jpath.h. */
#include <string.h>

#include "jpath.h"

json_t *jpath_get(const json_t *root, const char *path)
{
	char key[128];
	const char *dot;
	const json_t *cur = root;

	while (cur && *path) {
		size_t n;

		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key) || !json_is_object(cur))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		cur = json_object_get(cur, key);
		path = dot ? dot + 1 : path + n;
	}
	return (json_t *)cur;
}

int jpath_num(const json_t *root, const char *path, double *out)
{
	json_t *v = jpath_get(root, path);

	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return 0;
}

const char *jpath_str(const json_t *root, const char *path)
{
	return json_string_value(jpath_get(root, path));
}

int jpath_sum(const json_t *root, const char *path, double *out)
{
	json_t *arr = jpath_get(root, path), *v;
	size_t i;
	double sum = 0;

	if (!json_is_array(arr))
		return -1;
	json_array_foreach(arr, i, v) {
		if (!json_is_number(v))
			return -1;
		sum += json_number_value(v);
	}
	*out = sum;
	return 0;
}
