/* irqstat.c - /proc/interrupts parser; see irqstat.h. */
#include <string.h>

#include "irqstat.h"
#include "numparse.h"
#include "textscan.h"

static const char *const line_names[IRQ_NLINES] = {
	[IRQ_TLB] = "TLB",
	[IRQ_CAL] = "CAL",
	[IRQ_RES] = "RES",
};

const char *irq_line_name(enum irq_line line)
{
	return (unsigned)line < IRQ_NLINES ? line_names[line] : "?";
}

static int parse_header(struct textscan *ts, unsigned lineno,
			struct irq_snapshot *out, struct parse_error *err)
{
	char word[32];
	uint64_t cpu;
	int rc;

	while ((rc = textscan_word(ts, word, sizeof(word))) != 1) {
		if (rc < 0 || strncmp(word, "CPU", 3) || parse_u64(word + 3, &cpu))
			return parse_error_set(err, lineno, "header",
					       "expected \"CPUn\" columns, got \"%.20s\"",
					       word);
		if (out->ncols >= IRQ_MAX_CPUS)
			return parse_error_set(err, lineno, "header",
					       "more than %d CPU columns",
					       IRQ_MAX_CPUS);
		if (cpu >= 1u << 20 ||
		    (out->ncols && cpu <= out->cpu[out->ncols - 1]))
			return parse_error_set(err, lineno, "header",
					       "CPU number %s out of order",
					       word + 3);
		out->cpu[out->ncols++] = (unsigned)cpu;
	}
	if (out->ncols == 0)
		return parse_error_set(err, lineno, "header", "no CPU columns");
	return 0;
}

static int tracked_line(const char *label)
{
	for (int i = 0; i < IRQ_NLINES; i++)
		if (!strcmp(label, line_names[i]))
			return i;
	return -1;
}

/* One count per CPU column; the description that follows is ignored. */
static int parse_counts(struct textscan *ts, unsigned lineno, int which,
			struct irq_snapshot *out, struct parse_error *err)
{
	const char *name = line_names[which];
	char word[32];
	int rc;

	for (unsigned c = 0; c < out->ncols; c++) {
		rc = textscan_word(ts, word, sizeof(word));
		if (rc == 1)
			return parse_error_set(err, lineno, name,
					       "%u counts, header has %u CPU columns",
					       c, out->ncols);
		if (rc < 0 || parse_u64(word, &out->count[which][c]))
			return parse_error_set(err, lineno, name,
					       "bad count \"%.20s\" for CPU%u",
					       word, out->cpu[c]);
	}
	return 0;
}

int irq_parse(const char *buf, size_t len, struct irq_snapshot *out,
	      struct parse_error *err)
{
	struct textscan lines, line;
	unsigned lineno = 0, seen = 0;
	char label[32];
	size_t n;
	int which, rc;

	memset(out, 0, sizeof(*out));
	textscan_init(&lines, buf, len);
	while (textscan_line(&lines, &line)) {
		lineno++;
		if (textscan_blank(&line))
			continue;
		if (out->ncols == 0) {
			if (parse_header(&line, lineno, out, err))
				return -1;
			continue;
		}
		rc = textscan_word(&line, label, sizeof(label));
		n = strlen(label);
		if (rc || n < 2 || label[n - 1] != ':')
			return parse_error_set(err, lineno, "label",
					       "expected \"NAME:\" at the start, got \"%.20s\"",
					       label);
		label[n - 1] = '\0';
		which = tracked_line(label);
		if (which < 0)
			continue;
		if (seen & (1u << which))
			return parse_error_set(err, lineno, label,
					       "line appears twice");
		seen |= 1u << which;
		if (parse_counts(&line, lineno, which, out, err))
			return -1;
	}
	if (out->ncols == 0)
		return parse_error_set(err, 0, "header", "no CPU header line");
	for (int i = 0; i < IRQ_NLINES; i++)
		if (!(seen & (1u << i)))
			return parse_error_set(err, 0, line_names[i],
					       "no %s line", line_names[i]);
	return 0;
}

int irq_delta(const struct irq_snapshot *earlier,
	      const struct irq_snapshot *later, struct irq_snapshot *out)
{
	if (earlier->ncols != later->ncols ||
	    memcmp(earlier->cpu, later->cpu,
		   earlier->ncols * sizeof(earlier->cpu[0])))
		return -1;
	out->ncols = later->ncols;
	memcpy(out->cpu, later->cpu, later->ncols * sizeof(later->cpu[0]));
	for (int i = 0; i < IRQ_NLINES; i++)
		for (unsigned c = 0; c < later->ncols; c++) {
			if (later->count[i][c] < earlier->count[i][c])
				return -1;
			out->count[i][c] = later->count[i][c] -
					   earlier->count[i][c];
		}
	return 0;
}

unsigned irq_cpu_span(const struct irq_snapshot *s)
{
	return s->ncols ? s->cpu[s->ncols - 1] + 1 : 0;
}

uint64_t irq_total(const struct irq_snapshot *s, enum irq_line line)
{
	uint64_t sum = 0;

	for (unsigned c = 0; c < s->ncols; c++)
		sum += s->count[line][c];
	return sum;
}
