/*
 * counter_find.h - for tests: a planned counter by its JSON key
 * (kvm_events.h), shared by the tests that check plans.
 */
#ifndef TEST_COUNTER_FIND_H
#define TEST_COUNTER_FIND_H

#include <string.h>

#include "kvm_events.h"

/* Counter key among c[0..n), or NULL. */
static inline const struct kvm_counter *find(const struct kvm_counter *c,
					     int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(c[i].key, key))
			return &c[i];
	return NULL;
}

#endif
