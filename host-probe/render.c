/* render.c - fixed-width tables for tlbprobe; see render.h. */
#include <stdlib.h>

#include "render.h"

const char *render_cpu(char *buf, size_t size, unsigned cpu)
{
	if (cpu == IPI_CPU_UNKNOWN)
		snprintf(buf, size, "?");
	else
		snprintf(buf, size, "cpu%u", cpu);
	return buf;
}

static void row(FILE *f, const char *a, const char *b,
		const struct ipi_tally *t, int sender, int dest, double secs)
{
	uint64_t sum = 0, n;

	fprintf(f, "%-7s %-7s", a, b);
	for (int c = 0; c < IPI_NCLASSES; c++) {
		n = ipi_tally_count(t, sender, dest, c);
		fprintf(f, " %9llu", (unsigned long long)n);
		sum += n;
	}
	fprintf(f, " %9llu", (unsigned long long)sum);
	if (secs > 0)
		fprintf(f, " %9.1f", (double)sum / secs);
	else
		fprintf(f, " %9s", "-");
	/* Guest-side view: Linux 6.1 counts both call-function vectors
	 * in CAL (TLB is a subset of it) and reschedules in RES. */
	if (sender == IPI_ANY)
		fprintf(f, " %9llu", (unsigned long long)
			(sum - ipi_tally_count(t, sender, dest,
					       IPI_CLASS_OTHER)));
	fputc('\n', f);
}

static void header(FILE *f, const char *a, const char *b, int guest)
{
	fprintf(f, "%-7s %-7s", a, b);
	for (int c = 0; c < IPI_NCLASSES; c++)
		fprintf(f, " %9s", ipi_class_label(c));
	fprintf(f, " %9s %9s%s\n", "TOTAL", "PER_S",
		guest ? "   CAL+RES" : "");
}

void render_tally(FILE *f, const struct ipi_tally *t, double seconds)
{
	size_t n = ipi_tally_rows(t, NULL, 0);
	struct ipi_cell *cells = calloc(n ? n : 1, sizeof(*cells));
	char a[16], b[16];
	int last_s = -2, last_d = -2;

	if (!cells) {
		fprintf(f, "(out of memory)\n");
		return;
	}
	n = ipi_tally_rows(t, cells, n);
	header(f, "SENDER", "DEST", 0);
	/* cells are sorted by sender, dest: one row per pair */
	for (size_t i = 0; i < n; i++) {
		if (cells[i].sender == last_s && cells[i].dest == last_d)
			continue;
		last_s = cells[i].sender;
		last_d = cells[i].dest;
		row(f, render_cpu(a, sizeof(a), cells[i].sender),
		    render_cpu(b, sizeof(b), cells[i].dest), t,
		    cells[i].sender, cells[i].dest, seconds);
	}
	fputc('\n', f);
	header(f, "", "DEST", 1);
	for (unsigned d = 0; d <= t->ncpus; d++) {
		int id = d < t->ncpus ? (int)d : IPI_CPU_UNKNOWN;

		if (id == IPI_CPU_UNKNOWN &&
		    !ipi_tally_count(t, IPI_ANY, id, IPI_ANY))
			break;
		row(f, "", render_cpu(b, sizeof(b), (unsigned)id), t, IPI_ANY,
		    id, seconds);
	}
	row(f, "", "all", t, IPI_ANY, IPI_ANY, seconds);
	free(cells);
}

void render_buddy(FILE *f, const struct buddyinfo *b)
{
	uint64_t ge9 = buddyinfo_pages_at_least(b, BUDDY_THP_ORDER);

	fprintf(f, "%-4s %-8s", "NODE", "ZONE");
	for (unsigned o = 0; o < b->norders; o++)
		fprintf(f, " %7s%u", "O", o);
	fprintf(f, " %10s %10s %10s\n", "FREE_MIB", "GE9_BLOCKS", "GE9_MIB");
	for (unsigned i = 0; i < b->nzones; i++) {
		const struct buddy_zone *z = &b->zones[i];
		uint64_t free_pages = 0, ge9_pages = 0;

		fprintf(f, "%-4d %-8s", z->node, z->zone);
		for (unsigned o = 0; o < b->norders; o++) {
			fprintf(f, " %8llu", (unsigned long long)z->free[o]);
			free_pages += z->free[o] << o;
			if (o >= BUDDY_THP_ORDER)
				ge9_pages += z->free[o] << o;
		}
		fprintf(f, " %10llu %10llu %10llu\n",
			(unsigned long long)(free_pages / 256),
			(unsigned long long)buddy_zone_blocks_at_least(
				z, b->norders, BUDDY_THP_ORDER),
			(unsigned long long)(ge9_pages / 256));
	}
	fprintf(f, "total: %llu MiB free, %llu MiB in blocks of order >= %d "
		"(2 MiB or larger)\n",
		(unsigned long long)(buddyinfo_free_pages(b) / 256),
		(unsigned long long)(ge9 / 256), BUDDY_THP_ORDER);
}
