/*
 * cmd_tlb.c - "tlbsim tlb": misses per 1,000 accesses per TLB level, walk
 * references and cycles per access for an access pattern over a working
 * set, native or nested, with a host 2 MiB backing mix (tlb.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "buddyinfo.h"
#include "cpuprofile.h"
#include "fileio.h"
#include "fragindex.h"
#include "opts.h"
#include "pattern.h"
#include "tlb.h"
#include "trace.h"

#define BATCH		4096
#define MAX_TRACE	(64u << 20)

static const char *const page_choices[] = { "4K", "2M", "1G", NULL };
static const char *const repl_choices[] = { "profile", "lru", "plru", NULL };

struct args {
	const char *profile, *trace_file, *host_buddyinfo;
	uint64_t vm_size;
	int pattern, guest, nested, pwc, ntlb, sweep, repl;
	uint64_t ws, stride, accesses, warmup, seed, pwc_entries, ntlb_entries;
	double zipf, host_2m;
	struct trace trace;
	struct tlb_cpu cpu;
	struct profile_sources src;
};

static int parse_cpu(const char *buf, size_t len, void *arg,
		     struct parse_error *err)
{
	struct args *a = arg;

	return cpuprofile_parse(buf, len, &a->cpu, &a->src, err);
}

/* One configuration through the model; one report row. */
static int run_one(struct args *a, struct report_table *t, const char *label,
		   int nested, enum page_size guest, double host_2m, char *err,
		   size_t errlen)
{
	struct tlb_config cfg = { .cpu = a->cpu, .nested = nested,
				  .guest_page = guest, .host_2m = host_2m,
				  .pwc = a->pwc, .ntlb = a->ntlb };
	struct tlb_model *m;
	struct tlb_stats s;
	struct pattern p;
	uint64_t *buf = malloc(BATCH * sizeof(*buf)), left;
	int rc;

	if (!buf)
		goto nomem;
	rc = pattern_init(&p, (enum pattern_kind)a->pattern, a->ws, a->stride,
			  a->zipf, a->trace.addr, a->trace.n, a->seed);
	if (rc) {
		free(buf);
		snprintf(err, errlen, rc == -ENOMEM ? "out of memory" :
			 "--ws/--stride/--zipf do not make a pattern (ws >= 4K, "
			 "zipf: at most 256 GiB)");
		return rc == -ENOMEM ? SIM_EXIT_ERROR : SIM_EXIT_USAGE;
	}
	rc = tlb_create(&cfg, &m);
	if (rc) {
		pattern_free(&p);
		free(buf);
		snprintf(err, errlen, "model: %s", strerror(-rc));
		return SIM_EXIT_ERROR;
	}
	for (left = a->warmup; left; ) {
		size_t n = left < BATCH ? left : BATCH;

		pattern_fill(&p, buf, n);
		tlb_run(m, buf, n);
		left -= n;
	}
	tlb_reset_stats(m);
	for (left = a->accesses; left; ) {
		size_t n = left < BATCH ? left : BATCH;

		pattern_fill(&p, buf, n);
		tlb_run(m, buf, n);
		left -= n;
	}
	tlb_get_stats(m, &s);
	tlb_destroy(m);
	pattern_free(&p);
	free(buf);
	if (report_row(t) < 0)
		goto nomem;
	report_str(t, 0, "%s", label);
	report_str(t, 1, "%s", page_size_names[guest]);
	if (nested)
		report_num(t, 2, host_2m, 2);
	else
		report_str(t, 2, "-");
	report_num(t, 3, 1000.0 * (double)s.l1_miss / (double)s.accesses, 2);
	report_num(t, 4, 1000.0 * (double)s.l2_miss / (double)s.accesses, 2);
	report_num(t, 5, (double)s.walk_refs / (double)s.accesses, 3);
	report_num(t, 6, s.l2_miss ? (double)s.walk_refs / (double)s.l2_miss
		   : 0, 2);
	report_num(t, 7, s.cycles / (double)s.accesses, 2);
	report_num(t, 8, tlb_cold_walk_refs(&cfg, a->ws / 2), 0);
	return SIM_EXIT_OK;
nomem:
	snprintf(err, errlen, "out of memory");
	return SIM_EXIT_ERROR;
}

static int load_trace(struct args *a, char *err, size_t errlen)
{
	struct parse_error pe = { 0 };
	char *buf;
	size_t len;
	int rc = read_whole_file(a->trace_file, 1ul << 30, &buf, &len);

	if (rc) {
		snprintf(err, errlen, "%s: %s", a->trace_file, strerror(-rc));
		return SIM_EXIT_ERROR;
	}
	rc = trace_parse(buf, len, MAX_TRACE, &a->trace, &pe);
	free(buf);
	if (rc) {
		snprintf(err, errlen, "%s:%u: %s: %s", a->trace_file, pe.line,
			 pe.field, rc == -2 ? "out of memory" : pe.msg);
		return SIM_EXIT_ERROR;
	}
	/* The working set of a trace: the span it touches, for reports. */
	a->ws = 4096;
	for (size_t i = 0; i < a->trace.n; i++)
		if (a->trace.addr[i] >= a->ws)
			a->ws = (a->trace.addr[i] | 4095) + 1;
	return SIM_EXIT_OK;
}

/* --host-2m from the host's free order >= 9 blocks (tlbsim buddy's
 * host_2m_fraction for a VM of --vm-size). */
static int host_share(struct args *a, char *err, size_t errlen)
{
	static struct buddyinfo bi;
	struct parse_error pe = { 0 };
	char *buf;
	size_t len;
	int rc;

	if (!a->vm_size) {
		snprintf(err, errlen, "--host-buddyinfo needs --vm-size");
		return SIM_EXIT_USAGE;
	}
	rc = read_whole_file(a->host_buddyinfo, 1 << 20, &buf, &len);
	if (rc) {
		snprintf(err, errlen, "%s: %s", a->host_buddyinfo,
			 strerror(-rc));
		return SIM_EXIT_ERROR;
	}
	rc = buddyinfo_parse(buf, len, &bi, &pe);
	free(buf);
	if (rc) {
		snprintf(err, errlen, "%s:%u: %s: %s", a->host_buddyinfo,
			 pe.line, pe.field, pe.msg);
		return SIM_EXIT_ERROR;
	}
	a->host_2m = frag_host_2m_fraction(&bi, a->vm_size, NULL);
	a->nested = 1;
	return SIM_EXIT_OK;
}

static void notes(struct args *a, struct report *r)
{
	static const char *const cost[] = { "l1_hit", "l2_hit", "walk_ref" };

	report_note(r, "profile %s (%s): L1 %u+%u entries (4K+2M), L2 %u+%u, "
		    "%s; page-walk caches %s, nested TLB %s", a->profile,
		    a->cpu.name, a->cpu.l1[PS_4K].entries,
		    a->cpu.l1[PS_2M].entries, a->cpu.l2[PS_4K].entries,
		    a->cpu.l2[PS_2M].entries,
		    a->cpu.repl == REPL_PLRU ? "tree PLRU" : "LRU",
		    a->pwc && a->cpu.pwc_entries ? "on" : "off",
		    a->ntlb && a->cpu.ntlb_entries ? "on" : "off");
	for (unsigned i = 0; i < 3; i++) {
		const char *s = profile_source(&a->src, "cost", cost[i]);

		report_note(r, "%s: %s", cost[i], s ? s : "command line");
	}
	report_note(r, "MPKA = misses per 1,000 accesses; cold_walk = "
		    "references of one walk with every cache empty (24 for a "
		    "4K guest on 4K host pages)");
	if (a->host_buddyinfo)
		report_note(r, "host_2m %.3f: the share of a %llu MiB VM the "
			    "free order >= 9 blocks of %s can back",
			    a->host_2m, (unsigned long long)(a->vm_size >> 20),
			    a->host_buddyinfo);
	if (a->trace.n)
		report_note(r, "trace: %zu data accesses replayed (%zu "
			    "instruction fetches skipped)", a->trace.n,
			    a->trace.instr);
}

static int run(int argc, char **argv, struct report *r, char *err,
	       size_t errlen)
{
	struct args a = { .profile = "article004", .pattern = PAT_UNIFORM,
			  .ws = 1ull << 30, .stride = 64,
			  .accesses = 10000000, .warmup = 1000000, .seed = 1,
			  .zipf = 0.99, .host_2m = -1 };
	const struct opt opts[] = {
		{ "profile", OPT_STR, &a.profile, 0, 0, NULL, "CPU profile" },
		{ "pattern", OPT_ENUM, &a.pattern, 0, 0, pattern_names,
		  "access pattern" },
		{ "ws", OPT_SIZE, &a.ws, 4096, 1ull << 46, NULL,
		  "working set" },
		{ "stride", OPT_SIZE, &a.stride, 1, 1ull << 40, NULL,
		  "sequential stride" },
		{ "zipf", OPT_DOUBLE, &a.zipf, 0.01, 10, NULL, "Zipf exponent" },
		{ "trace", OPT_STR, &a.trace_file, 0, 0, NULL, "address trace" },
		{ "accesses", OPT_U64, &a.accesses, 1, 1e12, NULL,
		  "accesses counted" },
		{ "warmup", OPT_U64, &a.warmup, 0, 1e12, NULL,
		  "accesses before counting" },
		{ "guest-page", OPT_ENUM, &a.guest, 0, 0, page_choices,
		  "guest page size" },
		{ "nested", OPT_FLAG, &a.nested, 0, 1, NULL, "2D walks" },
		{ "host-2m", OPT_DOUBLE, &a.host_2m, 0, 1, NULL,
		  "share of guest memory on host 2M pages" },
		{ "pwc", OPT_FLAG, &a.pwc, 0, 1, NULL, "page-walk caches" },
		{ "ntlb", OPT_FLAG, &a.ntlb, 0, 1, NULL, "nested TLB" },
		{ "pwc-entries", OPT_U64, &a.pwc_entries, 1, 4096, NULL,
		  "entries per walk-cache level (implies --pwc)" },
		{ "ntlb-entries", OPT_U64, &a.ntlb_entries, 1, 65536, NULL,
		  "nested TLB entries (implies --ntlb)" },
		{ "repl", OPT_ENUM, &a.repl, 0, 0, repl_choices,
		  "replacement" },
		{ "sweep", OPT_FLAG, &a.sweep, 0, 1, NULL,
		  "every native/nested backing" },
		{ "seed", OPT_U64, &a.seed, 0, 1.8e19, NULL, "random seed" },
		{ "host-buddyinfo", OPT_STR, &a.host_buddyinfo, 0, 0, NULL,
		  "derive --host-2m from a host's buddyinfo" },
		{ "vm-size", OPT_SIZE, &a.vm_size, 1 << 21, 1e18, NULL,
		  "guest memory for --host-buddyinfo" },
		{ NULL, 0, NULL, 0, 0, NULL, NULL },
	};
	struct report_table *t;
	int rc;

	if (opts_parse(opts, argc, argv, NULL, 0, NULL, err, errlen))
		return SIM_EXIT_USAGE;
	if ((a.pattern == PAT_TRACE) != (a.trace_file != NULL)) {
		snprintf(err, errlen, "--pattern trace and --trace FILE go "
			 "together");
		return SIM_EXIT_USAGE;
	}
	if (a.host_buddyinfo) {
		rc = host_share(&a, err, errlen);
		if (rc)
			return rc;
	}
	if (a.host_2m >= 0 && !a.nested && !a.sweep) {
		snprintf(err, errlen, "--host-2m needs --nested");
		return SIM_EXIT_USAGE;
	}
	if (profile_load("cpu", a.profile, parse_cpu, &a, err, errlen))
		return SIM_EXIT_ERROR;
	if (a.pwc_entries) {
		a.cpu.pwc_entries = (unsigned)a.pwc_entries;
		a.pwc = 1;
	}
	if (a.ntlb_entries) {
		a.cpu.ntlb_entries = (unsigned)a.ntlb_entries;
		a.ntlb = 1;
	}
	if (a.repl)
		a.cpu.repl = a.repl == 2 ? REPL_PLRU : REPL_LRU;
	if (a.trace_file && (rc = load_trace(&a, err, errlen)))
		return rc;
	t = report_table(r, "tlb", 9, "config", "guest_page", "host_2m",
			 "l1_mpka", "l2_mpka", "refs_per_access",
			 "refs_per_walk", "cycles_per_access", "cold_walk");
	if (!t) {
		free(a.trace.addr);
		snprintf(err, errlen, "out of memory");
		return SIM_EXIT_ERROR;
	}
	if (a.sweep) {
		static const struct {
			const char *label;
			int nested;
			enum page_size g;
			double h;
		} rows[] = {
			{ "native", 0, PS_4K, 0 }, { "native", 0, PS_2M, 0 },
			{ "nested", 1, PS_4K, 0 }, { "nested", 1, PS_4K, 1 },
			{ "nested", 1, PS_2M, 0 }, { "nested", 1, PS_2M, 1 },
		};

		rc = SIM_EXIT_OK;
		for (unsigned i = 0; i < 6 && !rc; i++)
			rc = run_one(&a, t, rows[i].label, rows[i].nested,
				     rows[i].g, rows[i].h, err, errlen);
		if (!rc && a.host_2m > 0 && a.host_2m < 1)
			rc = run_one(&a, t, "nested", 1,
				     (enum page_size)a.guest, a.host_2m, err,
				     errlen);
	} else {
		rc = run_one(&a, t, a.nested ? "nested" : "native", a.nested,
			     (enum page_size)a.guest,
			     a.host_2m < 0 ? 0 : a.host_2m, err, errlen);
	}
	if (!rc)
		notes(&a, r);
	free(a.trace.addr);
	return rc;
}

const struct sim_command cmd_tlb = {
	.name = "tlb",
	.summary = "TLB misses, page-walk references and cycles per access",
	.usage =
	"USAGE: tlbsim tlb [--profile NAME|FILE] [--pattern P] [--ws SIZE]\n"
	"                  [--guest-page 4K|2M|1G] [--nested [--host-2m F]]\n"
	"                  [--pwc] [--ntlb] [--sweep] [--accesses N]\n"
	"\n"
	"Runs an access pattern through two TLB levels per page size and\n"
	"counts page-walk memory references: native (4 per 4K walk) or\n"
	"nested two-dimensional (24 for a 4K guest on 4K host pages, 19 on\n"
	"2M host pages), with an optional mix of host 2M backing (from\n"
	"tlbsim buddy's host_2m_fraction) and optional page-walk / nested\n"
	"TLB caches.  Output per configuration: misses per 1,000 accesses\n"
	"(L1, L2), walk references per access and per walk, cycles per\n"
	"access from the profile's costs.\n"
	"\n"
	"OPTIONS:\n"
	"  --profile NAME      sim/profiles/cpu-NAME.ini or a file\n"
	"                      (default article004)\n"
	"  --pattern P         seq, uniform (default), zipf, trace\n"
	"  --ws SIZE           working set (default 1G)\n"
	"  --stride SIZE       seq stride (default 64)\n"
	"  --zipf S            Zipf exponent over 4K pages (default 0.99)\n"
	"  --trace FILE        addresses: 0xADDR lines or valgrind lackey\n"
	"  --accesses N        counted accesses (default 10000000)\n"
	"  --warmup N          accesses before counting (default 1000000)\n"
	"  --guest-page SIZE   4K (default), 2M, 1G\n"
	"  --nested            two-dimensional walks\n"
	"  --host-2m F         share of guest memory on host 2M pages\n"
	"  --pwc / --ntlb      use the profile's page-walk caches / nested TLB\n"
	"  --pwc-entries N     --ntlb-entries N: their sizes\n"
	"  --repl lru|plru     override the profile's replacement\n"
	"  --sweep             native 4K/2M and nested 4K|2M on 4K|2M hosts\n"
	"  --host-buddyinfo F  --vm-size SIZE: nested, with --host-2m taken\n"
	"                      from a host's /proc/buddyinfo (tlbsim buddy)\n"
	"  --seed N            random seed (default 1)\n"
	"  --json              JSON output\n"
	"\n"
	"EXAMPLES:\n"
	"  tlbsim tlb --sweep --ws 4G\n"
	"  tlbsim tlb --nested --host-2m 0.18 --pattern zipf\n"
	"  tlbsim tlb --guest-page 2M --host-buddyinfo host.buddyinfo "
	"--vm-size 8G\n",
	.run = run,
};
