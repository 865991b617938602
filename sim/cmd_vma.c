/*
 * cmd_vma.c - "tlbsim vma": lookups per mmap() of the legacy top-down
 * free_area_cache search against the gap-augmented tree (vmagap.h), on
 * article 002's layout or a /proc/PID/maps file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "fileio.h"
#include "opts.h"
#include "vmagap.h"

static void row(struct report_table *t, const char *name,
		const struct vg_side *s, int legacy)
{
	if (report_row(t) < 0)
		return;
	report_str(t, 0, "%s", name);
	if (legacy) {
		report_num(t, 1, hist_mean(&s->lookups), 1);
		report_num(t, 2, (double)hist_percentile(&s->lookups, 50), 0);
		report_num(t, 3, (double)hist_percentile(&s->lookups, 99), 0);
		report_num(t, 4, (double)s->lookups.max, 0);
	} else {
		for (unsigned c = 1; c <= 4; c++)
			report_str(t, c, "-");
	}
	report_num(t, 5, hist_mean(&s->visits), 1);
	report_num(t, 6, (double)hist_percentile(&s->visits, 99), 0);
	report_num(t, 7, (double)s->visits.max, 0);
	report_num(t, 8, (double)s->failed, 0);
}

static int run(int argc, char **argv, struct report *r, char *err,
	       size_t errlen)
{
	struct vg_config c;
	struct vg_result res;
	struct maps m = { NULL, 0 };
	const char *maps_file = NULL;
	struct report_table *t;
	int rc;

	vg_defaults(&c);
	{
		const struct opt opts[] = {
			{ "maps", OPT_STR, &maps_file, 0, 0, NULL,
			  "layout from /proc/PID/maps text" },
			{ "churn", OPT_U64, &c.churn, 1, 1e8, NULL,
			  "mmap calls measured" },
			{ "size", OPT_SIZE, &c.len, 4096, 1ull << 40, NULL,
			  "size of every other mmap" },
			{ "live", OPT_U64, &c.live, 1, 1e6, NULL,
			  "churn mappings held at once" },
			{ "hole-share", OPT_DOUBLE, &c.hole_share, 0, 0.99,
			  NULL, "share of the generated layout unmapped" },
			{ "mix", OPT_DOUBLE, &c.mix, 0, 1, NULL,
			  "share of mmaps with a size drawn from the layout" },
			{ "seed", OPT_U64, &c.seed, 0, 1.8e19, NULL, "seed" },
			{ NULL, 0, NULL, 0, 0, NULL, NULL },
		};

		if (opts_parse(opts, argc, argv, NULL, 0, NULL, err, errlen))
			return SIM_EXIT_USAGE;
	}
	if (c.len & 4095) {
		snprintf(err, errlen, "--size: not a multiple of 4096");
		return SIM_EXIT_USAGE;
	}
	if (maps_file) {
		struct parse_error pe = { 0 };
		char *buf;
		size_t len;

		rc = read_whole_file(maps_file, 64u << 20, &buf, &len);
		if (rc) {
			snprintf(err, errlen, "%s: %s", maps_file,
				 strerror(-rc));
			return SIM_EXIT_ERROR;
		}
		rc = maps_parse(buf, len, 1u << 22, &m, &pe);
		free(buf);
		if (rc) {
			snprintf(err, errlen, "%s:%u: %s: %s", maps_file,
				 pe.line, pe.field,
				 rc == -2 ? "out of memory" : pe.msg);
			return SIM_EXIT_ERROR;
		}
		c.maps = &m;
	}
	rc = vg_run(&c, &res);
	free(m.e);
	if (rc) {
		snprintf(err, errlen, "model: %s", rc == -EINVAL
			 ? "the maps file has no ordinary mapping"
			 : strerror(-rc));
		return SIM_EXIT_ERROR;
	}
	t = report_table(r, "vma", 9, "placement", "find_vma_mean",
			 "find_vma_p50", "find_vma_p99", "find_vma_max",
			 "nodes_mean", "nodes_p99", "nodes_max", "failed");
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return SIM_EXIT_ERROR;
	}
	row(t, "legacy-topdown", &res.legacy, 1);
	row(t, "gap-tree", &res.tree, 0);
	report_note(r, "%llu VMAs at the start, mmap_base %#llx; %llu mmaps "
		    "of %llu KiB (%.0f%% of other sizes), %llu held",
		    (unsigned long long)res.vmas,
		    (unsigned long long)res.mmap_base,
		    (unsigned long long)c.churn,
		    (unsigned long long)(c.len >> 10), 100 * c.mix,
		    (unsigned long long)c.live);
	report_note(r, "legacy: 2.6.32 arch_get_unmapped_area_topdown() "
		    "(free_area_cache, cached_hole_size), one find_vma() per "
		    "hole tried; gap-tree: vm_unmapped_area() over the "
		    "gap-augmented tree; nodes = tree nodes visited");
	report_note(r, "article 002: 9,053 VMAs, ~4,000 find_vma() calls to "
		    "place one 512 KiB mmap, find_vma() 23.56%% of CPU");
	return SIM_EXIT_OK;
}

const struct sim_command cmd_vma = {
	.name = "vma",
	.summary = "mmap gap search: legacy free_area_cache walk vs gap tree",
	.usage =
	"USAGE: tlbsim vma [--maps FILE] [--churn N] [--size SIZE] [--live N]\n"
	"                  [--mix F] [--hole-share F] [--seed N]\n"
	"\n"
	"Places the same mmap()/munmap() churn in two address spaces: one\n"
	"with Linux 2.6.32's top-down search (free_area_cache,\n"
	"cached_hole_size, find_vma() hole by hole from mmap_base), one with\n"
	"the gap-augmented VMA tree of 3.9+, and counts per mmap the\n"
	"find_vma() calls and the tree nodes visited.  Layout: article 002's\n"
	"(9,053 VMAs: 4,238 of 4-64K placed first, then 2,885 x 516K,\n"
	"783 x 1,032K, 589 x 1,548K, 558 x 132K; --hole-share 0.3 of them\n"
	"unmapped again) or a /proc/PID/maps file (--maps).  Churn: --churn\n"
	"(10000) mmaps of --size (516K), a share --mix (0) of them sizes\n"
	"drawn from the layout; --live (64) held, one unmapped at random\n"
	"when full.\n"
	"\n"
	"EXAMPLES:\n"
	"  tlbsim vma\n"
	"  tlbsim vma --maps /proc/$(pidof java)/maps --size 512K\n",
	.run = run,
};
