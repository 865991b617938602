/*
 * hvo.h - HugeTLB vmemmap optimisation (HVO) calculator (article 001).
 *
 * Every base page has a struct page (64 bytes on x86_64) in the vmemmap, so
 * a huge page of H bytes carries H / 4096 * 64 bytes of them: 8 pages for
 * 2 MiB, 4,096 pages for 1 GiB.  HVO remaps all but the first
 * reserve_pages of those vmemmap pages onto the first one and frees them:
 * the first upstream version (5.14, RESERVE_VMEMMAP_NR 2) kept two pages
 * ("6 of 8" freed for 2 MiB), later kernels keep one
 * (HUGETLB_VMEMMAP_RESERVE_SIZE = PAGE_SIZE, "7 of 8").  The kernel only
 * optimises a huge page whose vmemmap is larger than the reserve.
 */
#ifndef SIM_HVO_H
#define SIM_HVO_H

#include <stdint.h>

#define HVO_STRUCT_PAGE		64u	/* sizeof(struct page), x86_64 */
#define HVO_BASE_PAGE		4096u

struct hvo_result {
	uint64_t huge_pages;
	uint64_t vmemmap_pages_per_huge;	/* base pages of struct pages */
	uint64_t freed_pages_per_huge;		/* 0 when not optimisable */
	uint64_t vmemmap_bytes;			/* all huge pages, no HVO */
	uint64_t saved_bytes;			/* freed by HVO */
	double saved_fraction;			/* saved / vmemmap */
};

/*
 * hvo_compute - struct-page memory of total bytes of huge pages of size
 * huge, and what HVO keeping reserve_pages vmemmap pages per huge page
 * saves.  Returns 0, or -EINVAL when a size is not a power of two, huge
 * is not above base_page, total is not a multiple of huge, or
 * struct_page does not divide base_page (the kernel then disables HVO).
 */
int hvo_compute(uint64_t total, uint64_t huge, unsigned reserve_pages,
		unsigned struct_page, unsigned base_page,
		struct hvo_result *out);

#endif
