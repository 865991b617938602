/*
 * cmd_buddy.c - "tlbsim buddy": a host's buddyinfo/pagetypeinfo read the
 * way article 004 reads it (free memory by order, order >= 9 blocks that
 * can back guest memory with 2 MiB pages, the kernel's fragmentation
 * indices), and the buddy allocator model run on a zone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddy.h"
#include "buddy_work.h"
#include "buddyinfo.h"
#include "command.h"
#include "fileio.h"
#include "fragindex.h"
#include "opts.h"
#include "pagetypeinfo.h"

#define MiB	(1024.0 * 1024)
#define MAX_INPUT	(16u << 20)

static const char *const shows[] = { "summary", "buddyinfo", "pagetypeinfo",
				     "unusable", "extfrag", NULL };
enum { SHOW_SUMMARY, SHOW_BUDDYINFO, SHOW_PAGETYPEINFO, SHOW_UNUSABLE,
       SHOW_EXTFRAG };

struct input {
	struct buddyinfo bi;
	struct pagetypeinfo *pti;	/* NULL for a buddyinfo file */
	int capped;			/* some pagetypeinfo count capped */
};

static int load(const char *path, struct input *in, char *err, size_t errlen)
{
	struct parse_error pe = { 0 };
	char *buf;
	size_t len;
	int rc;

	memset(in, 0, sizeof(*in));
	rc = read_whole_file(path, MAX_INPUT, &buf, &len);
	if (rc) {
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		return SIM_EXIT_ERROR;
	}
	/* pagetypeinfo always starts with its pageblock header. */
	if (strstr(buf, "Page block order")) {
		in->pti = malloc(sizeof(*in->pti));
		if (!in->pti) {
			free(buf);
			snprintf(err, errlen, "out of memory");
			return SIM_EXIT_ERROR;
		}
		rc = pagetypeinfo_parse(buf, len, in->pti, &pe);
		if (!rc) {
			pti_to_buddyinfo(in->pti, &in->bi);
			for (unsigned z = 0; z < in->pti->nzones; z++)
				for (unsigned o = 0; o < in->pti->norders; o++)
					pti_zone_free(&in->pti->zones[z],
						      in->pti->ntypes, o,
						      &in->capped);
		}
	} else {
		rc = buddyinfo_parse(buf, len, &in->bi, &pe);
	}
	free(buf);
	if (rc) {
		snprintf(err, errlen, "%s:%u: %s%s%s", path, pe.line, pe.field,
			 pe.field[0] ? ": " : "", pe.msg);
		free(in->pti);
		in->pti = NULL;
		return SIM_EXIT_ERROR;
	}
	return SIM_EXIT_OK;
}

static int summary(const struct input *in, uint64_t vm_size, struct report *r)
{
	const struct buddyinfo *b = &in->bi;
	struct report_table *t;

	t = report_table(r, "zones", 9, "node", "zone", "free:MiB",
			 "order9_blocks", "order9_free:MiB", "order9_share:%",
			 "unusable_9", "extfrag_9", "extfrag_3");
	if (!t)
		return -1;
	for (unsigned z = 0; z < b->nzones; z++) {
		const struct buddy_zone *zone = &b->zones[z];
		struct contig_info c9, c3;
		uint64_t free_pages = 0, big = frag_2m_units(zone, b->norders);

		for (unsigned o = 0; o < b->norders; o++)
			free_pages += zone->free[o] << o;
		frag_contig_info(zone->free, b->norders, 9, &c9);
		frag_contig_info(zone->free, b->norders, 3, &c3);
		if (report_row(t) < 0)
			return -1;
		report_num(t, 0, zone->node, 0);
		report_str(t, 1, "%s", zone->zone);
		report_num(t, 2, (double)free_pages * 4096 / MiB, 1);
		report_num(t, 3, (double)big, 0);
		report_num(t, 4, (double)big * 2, 0);
		report_num(t, 5, free_pages ? 100.0 * (double)(big << 9) /
			   (double)free_pages : 0, 1);
		report_num(t, 6, frag_unusable_index(9, &c9) / 1000.0, 3);
		report_num(t, 7, frag_extfrag_index(9, b->norders, &c9) / 1000.0,
			   3);
		report_num(t, 8, frag_extfrag_index(3, b->norders, &c3) / 1000.0,
			   3);
	}
	report_note(r, "order9 = free blocks of order >= 9 counted as 2 MiB "
		    "units: what THP can back guest memory with without "
		    "compaction");
	report_note(r, "extfrag -1.000: an allocation of that order succeeds "
		    "now; near 1: it fails from fragmentation; near 0: from "
		    "lack of memory (article 004: look at orders >= 3)");
	if (vm_size) {
		uint64_t want = (vm_size + (2u << 20) - 1) >> 21, avail;
		double share = frag_host_2m_fraction(b, vm_size, &avail);
		uint64_t got = want < avail ? want : avail;

		t = report_table(r, "new_vm", 4, "vm_size:MiB",
				 "backed_2m:MiB", "backed_4k:MiB",
				 "host_2m_fraction");
		if (!t || report_row(t) < 0)
			return -1;
		report_num(t, 0, (double)vm_size / MiB, 0);
		report_num(t, 1, (double)got * 2, 0);
		report_num(t, 2, (double)vm_size / MiB - (double)got * 2, 0);
		report_num(t, 3, share, 3);
		report_note(r, "new VM: its memory faults in as THP while "
			    "order >= 9 blocks last (all zones but DMA, no "
			    "compaction, no watermarks); feed host_2m_fraction "
			    "to tlbsim tlb --host-2m");
	}
	if (in->capped)
		report_note(r, "some pagetypeinfo counts were printed as "
			    ">100000: totals from them are lower bounds");
	return 0;
}

static int types_table(const struct pagetypeinfo *p, struct report *r)
{
	struct report_table *t;

	t = report_table(r, "types", 7, "node", "zone", "type",
			 "free:MiB", "order9_blocks", "below_order3:%",
			 "pageblocks");
	if (!t)
		return -1;
	for (unsigned z = 0; z < p->nzones; z++) {
		const struct pti_zone *zone = &p->zones[z];

		for (unsigned ty = 0; ty < p->ntypes; ty++) {
			uint64_t pages = 0, low = 0, big = 0;

			for (unsigned o = 0; o < p->norders; o++) {
				pages += zone->free[ty][o] << o;
				if (o < 3)
					low += zone->free[ty][o] << o;
				if (o >= BUDDY_THP_ORDER)
					big += zone->free[ty][o]
					       << (o - BUDDY_THP_ORDER);
			}
			if (!pages && !zone->blocks[ty])
				continue;
			if (report_row(t) < 0)
				return -1;
			report_num(t, 0, zone->node, 0);
			report_str(t, 1, "%s", zone->zone);
			report_str(t, 2, "%s", p->type[ty]);
			report_num(t, 3, (double)pages * 4096 / MiB, 1);
			report_num(t, 4, (double)big, 0);
			report_num(t, 5, pages ? 100.0 * (double)low /
				   (double)pages : 0, 1);
			report_num(t, 6, (double)zone->blocks[ty], 0);
		}
	}
	report_note(r, "below_order3: share of a type's free pages in blocks "
		    "of order 0-2; Unmovable free pages stuck there point at "
		    "slab fragmentation (article 004)");
	return 0;
}

struct text_arg {
	const struct input *in;
	const struct buddy_stats *st;
	const char *zone;
	int what;		/* SHOW_* */
};

static size_t format(void *arg, char *buf, size_t len)
{
	const struct text_arg *a = arg;

	switch (a->what) {
	case SHOW_UNUSABLE:
		return frag_format_unusable(&a->in->bi, buf, len);
	case SHOW_EXTFRAG:
		return frag_format_extfrag(&a->in->bi, buf, len);
	case SHOW_BUDDYINFO:
		return buddy_format_buddyinfo(a->st, 0, a->zone, buf, len);
	default:
		return buddy_format_pagetypeinfo(a->st, 0, a->zone, buf, len);
	}
}

static int index_text(const struct input *in, int extfrag, struct report *r,
		      char *err, size_t errlen)
{
	struct text_arg a = { in, NULL, NULL,
			      extfrag ? SHOW_EXTFRAG : SHOW_UNUSABLE };

	if (in->capped) {
		snprintf(err, errlen, "the pagetypeinfo has counts capped at "
			 ">100000: the indices need exact counts (use "
			 "/proc/buddyinfo)");
		return SIM_EXIT_ERROR;
	}
	if (report_set_formatted(r, format, &a)) {
		snprintf(err, errlen, "out of memory");
		return SIM_EXIT_ERROR;
	}
	return SIM_EXIT_OK;
}

/* The zone to start a simulation from: the named one, else the largest. */
static int pick_zone(const struct input *in, const char *name)
{
	int best = -1;
	uint64_t best_free = 0;

	for (unsigned z = 0; z < in->bi.nzones; z++) {
		uint64_t f = 0;

		if (name) {
			if (!strcmp(in->bi.zones[z].zone, name))
				return (int)z;
			continue;
		}
		for (unsigned o = 0; o < in->bi.norders; o++)
			f += in->bi.zones[z].free[o] << o;
		if (best < 0 || f > best_free) {
			best = (int)z;
			best_free = f;
		}
	}
	return best;
}

struct sim_args {
	uint64_t host_size, zone_pages, seed, vm_size;
	const char *from, *zone, *mix;
	struct buddy_work work;
	int show;
	uint64_t rounds;
};

static int start_state(const struct sim_args *a, struct input *in,
		       struct buddy_sim **b, char *zname, size_t zlen,
		       char *err, size_t errlen)
{
	uint64_t free[MT_COUNT][BUDDY_ORDERS] = { { 0 } }, pages;
	uint64_t blocks[MT_COUNT] = { 0 }, *bp = NULL;
	int z, rc;

	if (!a->from) {
		pages = (a->host_size >> 12) & ~1023ull;
		snprintf(zname, zlen, "Normal");
		rc = buddy_create(pages, a->seed, b);
		if (rc)
			snprintf(err, errlen, "--host-size: %s", strerror(-rc));
		return rc ? (rc == -EINVAL ? SIM_EXIT_USAGE : SIM_EXIT_ERROR)
			  : SIM_EXIT_OK;
	}
	z = pick_zone(in, a->zone);
	if (z < 0) {
		snprintf(err, errlen, "--zone %s: not in %s", a->zone, a->from);
		return SIM_EXIT_USAGE;
	}
	snprintf(zname, zlen, "%s", in->bi.zones[z].zone);
	if (in->bi.norders != BUDDY_ORDERS) {
		snprintf(err, errlen, "%s: %u orders, the model has %d",
			 a->from, in->bi.norders, BUDDY_ORDERS);
		return SIM_EXIT_ERROR;
	}
	if (in->pti) {
		const struct pti_zone *pz = &in->pti->zones[z];

		for (unsigned t = 0; t < in->pti->ntypes; t++) {
			int mt = -1;

			for (unsigned k = 0; k < MT_COUNT; k++)
				if (!strcmp(in->pti->type[t], buddy_mt_names[k]))
					mt = (int)k;
			if (mt < 0)
				mt = MT_MOVABLE;	/* CMA, Reserve... */
			for (unsigned o = 0; o < BUDDY_ORDERS; o++)
				free[mt][o] += pz->free[t][o];
			blocks[mt] += pz->blocks[t];
		}
		bp = blocks;
	} else {
		for (unsigned o = 0; o < BUDDY_ORDERS; o++)
			free[MT_MOVABLE][o] = in->bi.zones[z].free[o];
	}
	pages = a->zone_pages;
	if (!pages && bp) {
		for (unsigned k = 0; k < MT_COUNT; k++)
			pages += blocks[k] << BUDDY_PB_ORDER;
	}
	pages = (pages + 1023) & ~1023ull;
	rc = buddy_create_from_free(pages, free, bp, 0, a->seed, b);
	if (rc == -E2BIG && pages) {
		/* Zone sizes from pageblock counts can be short of what the
		 * packing needs; let it grow rather than fail. */
		rc = buddy_create_from_free(0, free, bp, 0, a->seed, b);
	}
	if (rc)
		snprintf(err, errlen, "%s zone %s: %s", a->from, zname,
			 strerror(-rc));
	return rc ? SIM_EXIT_ERROR : SIM_EXIT_OK;
}

static int simulate(struct sim_args *a, struct input *in, struct report *r,
		    char *err, size_t errlen)
{
	struct buddy_work_result res;
	struct buddy_sim *b = NULL;
	struct buddy_stats st;
	char zname[16];
	int rc;

	rc = start_state(a, in, &b, zname, sizeof(zname), err, errlen);
	if (rc)
		return rc;
	a->work.rounds = (unsigned)a->rounds;
	buddy_work_run(b, &a->work, a->seed, &res);
	buddy_stats(b, &st);
	buddy_destroy(b);
	memset(&in->bi, 0, sizeof(in->bi));
	in->bi.norders = BUDDY_ORDERS;
	in->bi.nzones = 1;
	snprintf(in->bi.zones[0].zone, sizeof(in->bi.zones[0].zone), "%s",
		 zname);
	buddy_free_per_order(&st, in->bi.zones[0].free);
	free(in->pti);
	in->pti = NULL;
	in->capped = 0;
	switch (a->show) {
	case SHOW_UNUSABLE:
	case SHOW_EXTFRAG:
		return index_text(in, a->show == SHOW_EXTFRAG, r, err, errlen);
	case SHOW_BUDDYINFO:
	case SHOW_PAGETYPEINFO: {
		struct text_arg ta = { in, &st, zname, a->show };

		if (report_set_formatted(r, format, &ta))
			break;
		return SIM_EXIT_OK;
	}
	default:
		if (summary(in, a->vm_size, r))
			break;
		{
			struct report_table *t = report_table(r, "run", 6,
				"pages", "allocs", "frees", "failed", "steals",
				"pageblocks_claimed");

			if (!t || report_row(t) < 0)
				break;
			report_num(t, 0, (double)st.pages, 0);
			report_num(t, 1, (double)res.allocs, 0);
			report_num(t, 2, (double)res.frees, 0);
			report_num(t, 3, (double)res.failed, 0);
			report_num(t, 4, (double)st.steals, 0);
			report_num(t, 5, (double)st.claims, 0);
		}
		report_note(r, "model: buddy allocator with migrate types "
			    "(see sim/buddy.h for what it leaves out); "
			    "--show buddyinfo|pagetypeinfo prints the end state");
		return SIM_EXIT_OK;
	}
	snprintf(err, errlen, "out of memory");
	return SIM_EXIT_ERROR;
}

static int run(int argc, char **argv, struct report *r, char *err,
	       size_t errlen)
{
	const char *unusable = NULL, *extfrag = NULL, *pos[1];
	struct sim_args a = { .seed = 1, .rounds = 4 };
	double fill = -1, free_share = -1, unmov = -1, recl = -1;
	int sim = 0;
	unsigned npos = 0;
	struct input in;
	const struct opt opts[] = {
		{ "unusable-index", OPT_STR, &unusable, 0, 0, NULL,
		  "print extfrag/unusable_index for FILE" },
		{ "extfrag-index", OPT_STR, &extfrag, 0, 0, NULL,
		  "print extfrag/extfrag_index for FILE" },
		{ "vm-size", OPT_SIZE, &a.vm_size, 1 << 21, 1e18, NULL,
		  "size of a new VM: how much of it gets 2 MiB backing" },
		{ "simulate", OPT_FLAG, &sim, 0, 1, NULL,
		  "run the buddy model" },
		{ "host-size", OPT_SIZE, &a.host_size, 4 << 20, 4e15, NULL,
		  "zone size to simulate (without --from)" },
		{ "from", OPT_STR, &a.from, 0, 0, NULL,
		  "start from a buddyinfo/pagetypeinfo zone" },
		{ "zone", OPT_STR, &a.zone, 0, 0, NULL,
		  "zone of --from (default: the largest)" },
		{ "zone-pages", OPT_U64, &a.zone_pages, 1024, 1ull << 40, NULL,
		  "zone size in pages for --from" },
		{ "fill", OPT_DOUBLE, &fill, 0, 1, NULL,
		  "used share to fill to" },
		{ "rounds", OPT_U64, &a.rounds, 0, 1000, NULL,
		  "churn rounds" },
		{ "free-share", OPT_DOUBLE, &free_share, 0, 1, NULL,
		  "share of used pages freed per round" },
		{ "mix", OPT_STR, &a.mix, 0, 0, NULL, "ORDER:WEIGHT,..." },
		{ "unmovable", OPT_DOUBLE, &unmov, 0, 1, NULL,
		  "share of unmovable allocations" },
		{ "reclaimable", OPT_DOUBLE, &recl, 0, 1, NULL,
		  "share of reclaimable allocations" },
		{ "seed", OPT_U64, &a.seed, 0, 1.8e19, NULL, "random seed" },
		{ "show", OPT_ENUM, &a.show, 0, 0, shows,
		  "what to print after --simulate" },
		{ NULL, 0, NULL, 0, 0, NULL, NULL },
	};
	int rc;

	if (opts_parse(opts, argc, argv, pos, 1, &npos, err, errlen))
		return SIM_EXIT_USAGE;
	if (unusable || extfrag) {
		if (unusable && extfrag) {
			snprintf(err, errlen, "--unusable-index and "
				 "--extfrag-index: one at a time");
			return SIM_EXIT_USAGE;
		}
		rc = load(unusable ? unusable : extfrag, &in, err, errlen);
		if (!rc)
			rc = index_text(&in, extfrag != NULL, r, err, errlen);
		free(in.pti);
		return rc;
	}
	if (sim) {
		buddy_work_defaults(&a.work);
		if (fill >= 0)
			a.work.fill = fill;
		if (free_share >= 0)
			a.work.free_share = free_share;
		if (unmov >= 0)
			a.work.unmovable = unmov;
		if (recl >= 0)
			a.work.reclaimable = recl;
		if (a.work.unmovable + a.work.reclaimable > 1) {
			snprintf(err, errlen, "--unmovable + --reclaimable "
				 "above 1");
			return SIM_EXIT_USAGE;
		}
		if (a.mix && buddy_mix_parse(a.mix, &a.work, err, errlen))
			return SIM_EXIT_USAGE;
		if (!a.from == !a.host_size) {
			snprintf(err, errlen, "--simulate needs --host-size or "
				 "--from (one of them)");
			return SIM_EXIT_USAGE;
		}
		memset(&in, 0, sizeof(in));
		if (a.from) {
			rc = load(a.from, &in, err, errlen);
			if (rc)
				return rc;
		}
		rc = simulate(&a, &in, r, err, errlen);
		free(in.pti);
		return rc;
	}
	if (npos != 1) {
		snprintf(err, errlen, "give a buddyinfo or pagetypeinfo FILE, "
			 "--unusable-index FILE, --extfrag-index FILE or "
			 "--simulate");
		return SIM_EXIT_USAGE;
	}
	rc = load(pos[0], &in, err, errlen);
	if (rc)
		return rc;
	if (summary(&in, a.vm_size, r) || (in.pti && types_table(in.pti, r))) {
		snprintf(err, errlen, "out of memory");
		rc = SIM_EXIT_ERROR;
	}
	free(in.pti);
	return rc;
}

const struct sim_command cmd_buddy = {
	.name = "buddy",
	.summary = "host fragmentation: buddyinfo, indices, buddy model",
	.usage =
	"USAGE: tlbsim buddy FILE [--vm-size SIZE]\n"
	"       tlbsim buddy --unusable-index FILE\n"
	"       tlbsim buddy --extfrag-index FILE\n"
	"       tlbsim buddy --simulate (--host-size SIZE | --from FILE)\n"
	"                    [--fill F] [--rounds N] [--free-share F]\n"
	"                    [--mix ORDER:WEIGHT,...] [--unmovable F]\n"
	"                    [--reclaimable F] [--seed N] [--show WHAT]\n"
	"\n"
	"FILE is /proc/buddyinfo or /proc/pagetypeinfo text (any number of\n"
	"nodes).  The summary shows, per zone, free memory, free blocks of\n"
	"order >= 9 (what can back a guest with 2 MiB pages) and the kernel's\n"
	"indices; for pagetypeinfo also per migrate type.\n"
	"--unusable-index / --extfrag-index print exactly what\n"
	"/sys/kernel/debug/extfrag/unusable_index or extfrag_index print for\n"
	"the same free counts (mm/vmstat.c), so the two can be diffed.\n"
	"--simulate runs the buddy allocator model (sim/buddy.h): fill to\n"
	"--fill (0.9) with --mix (0:70,2:10,3:10,9:10, by count), 5%\n"
	"unmovable and 5% reclaimable, then --rounds (4) of freeing\n"
	"--free-share (0.5) of used pages at random and refilling, ending\n"
	"freed.  --show buddyinfo|pagetypeinfo|unusable|extfrag prints the\n"
	"end state in the kernel's layout.\n"
	"\n"
	"OPTIONS:\n"
	"  --vm-size SIZE      share of a new VM that gets 2 MiB backing\n"
	"  --host-size SIZE    simulate one zone of SIZE (e.g. 1T)\n"
	"  --from FILE         simulate from a zone of FILE (--zone NAME,\n"
	"                      --zone-pages N; pagetypeinfo gives types)\n"
	"  --json              JSON output\n"
	"\n"
	"EXAMPLES:\n"
	"  tlbsim buddy /proc/buddyinfo --vm-size 16G\n"
	"  tlbsim buddy --extfrag-index /proc/buddyinfo\n"
	"  tlbsim buddy --simulate --host-size 1T --show buddyinfo\n",
	.run = run,
};
