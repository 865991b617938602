/* threadsched.c - a thread's scheduler counters; see threadsched.h. */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "fileio.h"
#include "numparse.h"
#include "threadsched.h"

int thread_sched_parse(const char *buf, size_t len, struct thread_sched *out,
		       struct parse_error *err)
{
	static const char *const names[3] = { "run_ns", "wait_ns", "slices" };
	uint64_t *dst[3] = { &out->run_ns, &out->wait_ns, &out->slices };
	char tok[32];
	size_t i = 0;

	for (unsigned f = 0; f < 3; f++) {
		size_t n = 0;

		while (i < len && buf[i] == ' ')
			i++;
		while (i < len && buf[i] != ' ' && buf[i] != '\n' &&
		       n < sizeof(tok) - 1)
			tok[n++] = buf[i++];
		tok[n] = '\0';
		if (i < len && buf[i] != ' ' && buf[i] != '\n')
			return parse_error_set(err, 1, names[f], "too long");
		if (!n || parse_u64(tok, dst[f]))
			return parse_error_set(err, 1, names[f],
					       "not a count: \"%s\"", tok);
	}
	while (i < len && (buf[i] == ' ' || buf[i] == '\n'))
		i++;
	if (i != len)
		return parse_error_set(err, 1, "schedstat",
				       "unexpected text after three fields");
	out->have_schedstat = 1;
	return 0;
}

void thread_sched_self(struct thread_sched *out)
{
	struct rusage ru;
	char *buf = NULL;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!read_whole_file("/proc/thread-self/schedstat", 256, &buf, &len) &&
	    thread_sched_parse(buf, len, out, NULL))
		out->have_schedstat = 0;
	free(buf);
	if (!getrusage(RUSAGE_THREAD, &ru)) {
		out->nvcsw = (uint64_t)ru.ru_nvcsw;
		out->nivcsw = (uint64_t)ru.ru_nivcsw;
	}
	out->cpu = sched_getcpu();
}

void thread_sched_delta(const struct thread_sched *start,
			const struct thread_sched *end,
			struct thread_sched *out)
{
	out->have_schedstat = start->have_schedstat && end->have_schedstat;
	out->run_ns = end->run_ns - start->run_ns;
	out->wait_ns = end->wait_ns - start->wait_ns;
	out->slices = end->slices - start->slices;
	out->nvcsw = end->nvcsw - start->nvcsw;
	out->nivcsw = end->nivcsw - start->nivcsw;
	out->cpu = end->cpu;
}
