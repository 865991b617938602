/*
 * sdprofile.h - cost profiles of the shootdown model
 * (sim/profiles/shootdown-NAME.ini), each value with its source
 * (profile.h):
 *
 *   [host]    freq (GHz: converts the cycle costs), host_slice,
 *             guest_slice (time); optional (0 when absent): ple_yield
 *             (time), tick_defer (share)
 *   [kernel]  syscall, zap_page, touch_page, flush_page, flush_full
 *             (time), ceiling (pages); optional (0 when absent):
 *             contention (ratio), irq_delay, user_loop, handler_full
 *             (time)
 *   [ipi.MODE] send, latency, handler (cycles), exits (per IPI)
 *
 * MODE is one of sd_mode_names; a profile holds the modes it has sources
 * for, each with all four keys.
 */
#ifndef SIM_SDPROFILE_H
#define SIM_SDPROFILE_H

#include <stddef.h>

#include "profile.h"
#include "shootdown.h"

#define SD_MODES	7

/* native, xapic, xapic-ipiv, x2apic, ipiv, tcg, nested */
extern const char *const sd_mode_names[SD_MODES + 1];

struct sd_profile {
	double freq_ghz;
	struct sd_costs base;		/* [host] and [kernel]; no IPI */
	struct {
		int have;
		double send, latency, handler, exits;	/* cycles, count */
	} ipi[SD_MODES];
	struct profile_sources src;
};

/* Returns 0, or -1 with err (line, "section.key"); a mode section with
 * some but not all of its keys is an error naming the section. */
int sd_profile_parse(const char *buf, size_t len, struct sd_profile *p,
		     struct parse_error *err);
/* Index of a mode name, or -1. */
int sd_mode_index(const char *name);
/* The costs of one mode in ns: 0, or -ENOENT when the profile has no
 * such mode. */
int sd_costs_for(const struct sd_profile *p, int mode, struct sd_costs *out);

#endif
