/*
 * cmd_hvo.c - "tlbsim hvo": struct-page memory of a HugeTLB pool with and
 * without HugeTLB vmemmap optimisation.  With no options it prints the
 * table of article 001 (512/1024 GiB of 1 GiB and 2 MiB pages).
 */
#include <errno.h>
#include <stdio.h>

#include "command.h"
#include "hvo.h"
#include "opts.h"

#define GiB	(1024.0 * 1024 * 1024)

/* Article 001's table: HugeTLB total, page size, published gain (GiB). */
static const struct {
	uint64_t total, page;
	const char *gain;
} article[] = {
	{ 512ull << 30, 1ull << 30, "~8" },
	{ 1024ull << 30, 1ull << 30, "~16" },
	{ 512ull << 30, 2ull << 20, "~7" },
	{ 1024ull << 30, 2ull << 20, "~14" },
};

static int add_row(struct report_table *t, uint64_t total, uint64_t page,
		   uint64_t struct_page, const char *gain, char *err,
		   size_t errlen)
{
	struct hvo_result six, seven;

	if (hvo_compute(total, page, 2, (unsigned)struct_page, HVO_BASE_PAGE,
			&six) ||
	    hvo_compute(total, page, 1, (unsigned)struct_page, HVO_BASE_PAGE,
			&seven)) {
		snprintf(err, errlen,
			 "--total %llu is not a multiple of --page-size %llu, "
			 "or a size is not a power of two",
			 (unsigned long long)total, (unsigned long long)page);
		return SIM_EXIT_USAGE;
	}
	if (report_row(t) < 0) {
		snprintf(err, errlen, "out of memory");
		return SIM_EXIT_ERROR;
	}
	report_num(t, 0, total / GiB, 0);
	if (page >= (1ull << 30))
		report_str(t, 1, "%lluG", (unsigned long long)(page >> 30));
	else
		report_str(t, 1, "%lluM", (unsigned long long)(page >> 20));
	report_num(t, 2, (double)seven.huge_pages, 0);
	report_num(t, 3, (double)seven.vmemmap_pages_per_huge, 0);
	report_num(t, 4, seven.vmemmap_bytes / GiB, 3);
	report_num(t, 5, six.saved_bytes / GiB, 3);
	report_num(t, 6, seven.saved_bytes / GiB, 3);
	report_num(t, 7, seven.saved_fraction * 100, 2);
	if (gain)
		report_str(t, 8, "%s", gain);
	return SIM_EXIT_OK;
}

static int run(int argc, char **argv, struct report *r, char *err,
	       size_t errlen)
{
	uint64_t total = 0, page = 0, struct_page = HVO_STRUCT_PAGE;
	const struct opt opts[] = {
		{ "total", OPT_SIZE, &total, 1, 1e18, NULL,
		  "HugeTLB pool size (e.g. 512G, 1T)" },
		{ "page-size", OPT_SIZE, &page, 8192, 1e15, NULL,
		  "huge page size (2M or 1G; default: both)" },
		{ "struct-page", OPT_U64, &struct_page, 8, 4096, NULL,
		  "bytes per struct page (64 on x86_64)" },
		{ NULL, 0, NULL, 0, 0, NULL, NULL },
	};
	struct report_table *t;
	int rc = SIM_EXIT_OK;

	if (opts_parse(opts, argc, argv, NULL, 0, NULL, err, errlen))
		return SIM_EXIT_USAGE;
	if (page && !total) {
		snprintf(err, errlen, "--page-size needs --total");
		return SIM_EXIT_USAGE;
	}
	t = report_table(r, "hvo", total ? 8 : 9, "total:GiB", "page_size",
			 "huge_pages", "vmemmap_pages_per_huge",
			 "struct_pages:GiB", "saved_6of8:GiB",
			 "saved_7of8:GiB", "saved_7of8_pct:%", "article:GiB");
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return SIM_EXIT_ERROR;
	}
	if (!total) {
		for (unsigned i = 0; i < sizeof(article) / sizeof(article[0]) &&
		     rc == SIM_EXIT_OK; i++)
			rc = add_row(t, article[i].total, article[i].page,
				     struct_page, article[i].gain, err, errlen);
		report_note(r, "article 001 (ByteDance, HVO): its gains match "
			    "the 7-of-8 column (one vmemmap page kept per huge "
			    "page, kernels >= 5.18); 5.14 kept two (6 of 8)");
	} else if (page) {
		rc = add_row(t, total, page, struct_page, NULL, err, errlen);
	} else {
		rc = add_row(t, total, 1ull << 30, struct_page, NULL, err,
			     errlen);
		if (rc == SIM_EXIT_OK)
			rc = add_row(t, total, 2ull << 20, struct_page, NULL,
				     err, errlen);
	}
	report_note(r, "struct page = %llu bytes per 4 KiB page; HVO needs "
		    "vmemmap mapped with 4 KiB PTEs (one more walk level)",
		    (unsigned long long)struct_page);
	return rc;
}

const struct sim_command cmd_hvo = {
	.name = "hvo",
	.summary = "struct-page memory of HugeTLB pages with/without HVO",
	.usage =
	"USAGE: tlbsim hvo [--total SIZE [--page-size SIZE]] [--struct-page N]\n"
	"\n"
	"Memory taken by struct pages (vmemmap) of a HugeTLB pool, and what\n"
	"HugeTLB vmemmap optimisation frees: 6 of 8 vmemmap pages per 2 MiB\n"
	"page (Linux 5.14) or 7 of 8 (5.18+); 4,094 or 4,095 of 4,096 per\n"
	"1 GiB page.  Without options: article 001's table.\n"
	"\n"
	"OPTIONS:\n"
	"  --total SIZE        HugeTLB pool size (512G, 1T, ...)\n"
	"  --page-size SIZE    2M or 1G (default: both)\n"
	"  --struct-page N     bytes per struct page (default 64)\n"
	"  --json              JSON output\n"
	"\n"
	"EXAMPLES:\n"
	"  tlbsim hvo\n"
	"  tlbsim hvo --total 1536G --page-size 2M\n",
	.run = run,
};
