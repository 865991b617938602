/* console_watch.c - see console_watch.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console_watch.h"

void console_watch_init(struct console_watch *w)
{
	memset(w, 0, sizeof(*w));
	w->agent_exit = -1;
	w->l2_exit = -1;
}

static int number_after(const char *line, const char *prefix, int *out)
{
	const char *p = strstr(line, prefix);

	if (!p)
		return 0;
	*out = atoi(p + strlen(prefix));
	return 1;
}

int console_watch_line(struct console_watch *w, const char *line,
		       int l1_console)
{
	const char *p;

	number_after(line, GUEST_SENTINEL, &w->agent_exit);
	number_after(line, L1_L2_EXIT, &w->l2_exit);
	p = strstr(line, L1_ERROR);
	if (p && !w->l1_error[0])
		snprintf(w->l1_error, sizeof(w->l1_error), "%s",
			 p + strlen(L1_ERROR));
	if (!w->panic[0] && strstr(line, "Kernel panic"))
		snprintf(w->panic, sizeof(w->panic), "%s", line);
	if (l1_console && !w->stall[0] &&
	    strstr(line, "rcu_preempt detected stalls")) {
		snprintf(w->stall, sizeof(w->stall), "%s", line);
		return 1;
	}
	return 0;
}

int console_watch_l2_end(const struct console_watch *w,
			 const char *qmp_reason, char *msg, size_t n)
{
	if (qmp_reason && !strcmp(qmp_reason, "guest-reset")) {
		snprintf(msg, n, "L2 reset itself before the agent's summary "
			 "(QMP SHUTDOWN reason guest-reset: a triple fault, a "
			 "reboot, or a panic with panic=-1; QEMU status %d; "
			 "guest-console.log)", w->l2_exit);
		return 1;
	}
	snprintf(msg, n, "L2 ended (QEMU status %d, QMP SHUTDOWN reason %s) "
		 "before the agent's summary (guest-console.log)", w->l2_exit,
		 qmp_reason ? qmp_reason : "not reported");
	return 0;
}
