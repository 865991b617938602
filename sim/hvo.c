/* hvo.c - vmemmap / HVO arithmetic; see hvo.h. */
#include <errno.h>
#include <string.h>

#include "hvo.h"

static int pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

int hvo_compute(uint64_t total, uint64_t huge, unsigned reserve_pages,
		unsigned struct_page, unsigned base_page,
		struct hvo_result *out)
{
	uint64_t per_huge;

	memset(out, 0, sizeof(*out));
	if (!pow2(huge) || !pow2(base_page) || !pow2(struct_page) ||
	    huge <= base_page || struct_page > base_page ||
	    total % huge)
		return -EINVAL;
	out->huge_pages = total / huge;
	/* Bytes of struct pages of one huge page, in whole base pages:
	 * vmemmap is mapped page by page (hugetlb_vmemmap_size()). */
	per_huge = huge / base_page * struct_page;
	out->vmemmap_pages_per_huge = (per_huge + base_page - 1) / base_page;
	out->vmemmap_bytes = out->huge_pages * per_huge;
	/* hugetlb_vmemmap_optimizable(): only when there is something
	 * beyond the reserved pages to free. */
	if (out->vmemmap_pages_per_huge > reserve_pages)
		out->freed_pages_per_huge =
			out->vmemmap_pages_per_huge - reserve_pages;
	out->saved_bytes = out->huge_pages * out->freed_pages_per_huge *
			   base_page;
	if (out->vmemmap_bytes)
		out->saved_fraction = (double)out->saved_bytes /
				      (double)out->vmemmap_bytes;
	return 0;
}
