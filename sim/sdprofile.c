/* sdprofile.c - shootdown cost profiles; see sdprofile.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sdprofile.h"

const char *const sd_mode_names[SD_MODES + 1] = {
	"native", "xapic", "xapic-ipiv", "x2apic", "ipiv", "tcg", "nested",
	NULL,
};

int sd_mode_index(const char *name)
{
	for (int i = 0; i < SD_MODES; i++)
		if (!strcmp(sd_mode_names[i], name))
			return i;
	return -1;
}

int sd_profile_parse(const char *buf, size_t len, struct sd_profile *p,
		     struct parse_error *err)
{
	static const char *const ipi_keys[4] = { "send", "latency", "handler",
						 "exits" };
	static char sections[SD_MODES][24];
	struct profile_key keys[PROFILE_MAX_KEYS];
	double vals[SD_MODES][4];
	unsigned n = 0;
	struct sd_costs *b = &p->base;

	memset(p, 0, sizeof(*p));
	memset(keys, 0, sizeof(keys));
	for (unsigned m = 0; m < SD_MODES; m++)
		for (unsigned k = 0; k < 4; k++)
			vals[m][k] = -1;
#define KEY(sec, nm, unit, lo, hi, dst, req) \
	keys[n++] = (struct profile_key){ sec, nm, PK_NUM, unit, lo, hi, dst, req }
	KEY("host", "freq", "GHz", 0.1, 10, &p->freq_ghz, 1);
	KEY("host", "host_slice", "ns", 1e3, 1e9, &b->host_slice, 1);
	KEY("host", "guest_slice", "ns", 1e3, 1e9, &b->guest_slice, 1);
	KEY("host", "ple_yield", "ns", 0, 1e9, &b->ple_yield, 0);
	KEY("kernel", "syscall", "ns", 0, 1e9, &b->syscall, 1);
	KEY("kernel", "zap_page", "ns", 0, 1e9, &b->zap_page, 1);
	KEY("kernel", "touch_page", "ns", 0, 1e9, &b->touch_page, 1);
	KEY("kernel", "flush_page", "ns", 0, 1e9, &b->flush_page, 1);
	KEY("kernel", "flush_full", "ns", 0, 1e9, &b->flush_full, 1);
	KEY("kernel", "ceiling", "pages", 0, 1e6, &b->ceiling, 1);
	KEY("kernel", "contention", "", 0, 100, &b->contention, 0);
	KEY("kernel", "irq_delay", "ns", 0, 1e9, &b->irq_delay, 0);
	KEY("kernel", "user_loop", "ns", 0, 1e9, &b->user_loop, 0);
	KEY("kernel", "handler_full", "ns", 0, 1e9, &b->handler_full, 0);
	KEY("host", "tick_defer", "", 0, 1, &b->tick_defer, 0);
	for (unsigned m = 0; m < SD_MODES; m++) {
		snprintf(sections[m], sizeof(sections[m]), "ipi.%s",
			 sd_mode_names[m]);
		for (unsigned k = 0; k < 4; k++)
			KEY(sections[m], ipi_keys[k], k < 3 ? "cycles" : "",
			    0, 1e10, &vals[m][k], 0);
	}
#undef KEY
	if (profile_parse(buf, len, keys, &p->src, err))
		return -1;
	for (unsigned m = 0; m < SD_MODES; m++) {
		unsigned got = 0;

		for (unsigned k = 0; k < 4; k++)
			got += vals[m][k] >= 0;
		if (got && got < 4)
			return parse_error_set(err, 0, sections[m],
					       "a mode needs send, latency, "
					       "handler and exits");
		p->ipi[m].have = got == 4;
		p->ipi[m].send = vals[m][0];
		p->ipi[m].latency = vals[m][1];
		p->ipi[m].handler = vals[m][2];
		p->ipi[m].exits = vals[m][3];
	}
	return 0;
}

int sd_costs_for(const struct sd_profile *p, int mode, struct sd_costs *out)
{
	if (mode < 0 || mode >= SD_MODES || !p->ipi[mode].have)
		return -ENOENT;
	*out = p->base;
	out->ipi_send = p->ipi[mode].send / p->freq_ghz;
	out->ipi_latency = p->ipi[mode].latency / p->freq_ghz;
	out->ipi_handler = p->ipi[mode].handler / p->freq_ghz;
	out->exits_per_ipi = p->ipi[mode].exits;
	return 0;
}
