/*
 * console_watch.h - what the lab reads in the consoles' text: the guest
 * init's exit sentinel, the L1 appliance's errors and L2's exit status,
 * kernel panics, and L1's RCU stall report (the nested freeze: an L2 vCPU
 * stopped while L1 still runs).  Pure text in, facts out, so it is tested
 * on the consoles of real runs (tests/fixtures/images/).
 */
#ifndef TLBLAB_CONSOLE_WATCH_H
#define TLBLAB_CONSOLE_WATCH_H

#define GUEST_SENTINEL	"tlblab-guest: agent exit status "
#define L1_ERROR	"tlblab-l1: error: "
#define L1_L2_EXIT	"tlblab-l1: l2 exit status "

struct console_watch {
	int agent_exit;		/* the guest init's sentinel; -1 = not seen */
	int l2_exit;		/* nested: L2's QEMU exit status; -1 */
	char l1_error[200];	/* nested: what L1's init said failed */
	char panic[200];	/* the first kernel panic line */
	char stall[200];	/* L1's RCU stall line (the nested freeze) */
};

void console_watch_init(struct console_watch *w);
/*
 * console_watch_line - one line of a console.  l1_console is set for the
 * L1 appliance's own console, where an RCU stall means an L2 vCPU froze
 * (on a guest's console it may just be a slow host).  Returns 1 when the
 * line revealed a freeze, 0 otherwise.
 */
int console_watch_line(struct console_watch *w, const char *line,
		       int l1_console);

/*
 * console_watch_l2_end - nested: L2's QEMU ended (w->l2_exit) before the
 * agent's summary.  Its exit status is 0 for a power-off and, under
 * -no-reboot, for a reset alike; qmp_reason (its QMP SHUTDOWN reason, as
 * tlbprobe reports it; NULL if not) tells them apart.  The error goes to
 * msg[n].  Returns 1 when L2 reset itself - with no panic on its console
 * most likely the emulated nesting failing (a triple fault mid-run, seen
 * here: images/README.md), worth one retry like a frozen L1 - else 0.
 */
int console_watch_l2_end(const struct console_watch *w,
			 const char *qmp_reason, char *msg, size_t n);

#endif
