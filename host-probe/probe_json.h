/*
 * probe_json.h - the probe's results as JSON (jansson), shared by
 * `tlbprobe --json` and the lab's result.json so both carry one format.
 * Each returns a new reference, or NULL when out of memory.
 *
 * Formats (keys; counts are integers, times CLOCK_REALTIME ns):
 *   tally:   writes, deliveries, linux_ipis, by_class
 *            {call-function-single, call-function, reschedule, other},
 *            by_dest [{cpu, cfs, cf, res, other, total, linux_ipis}],
 *            by_sender [same with cpu = sender], cells [{sender, dest,
 *            vector, count}]; cpu null = unknown thread.  linux_ipis =
 *            cfs + cf + res deliveries: what the guest's /proc/interrupts
 *            CAL + RES count (Linux 6.1 counts both call-function vectors
 *            in CAL; its TLB line is a subset of CAL, not an addition)
 *   trace:   lines, apic_writes, icr_lo_writes, icr_hi_writes,
 *            other_writes, other_events, by_delivery {fixed, NMI, INIT,
 *            SIPI, ...: non-zero only}, malformed {count, first_line,
 *            field, msg}, sender_map ("qmp" | "first-appearance"), ncpus,
 *            threads [{tid, cpu, icr_writes}], unknown_writes,
 *            first_us, last_us, events_kept, events_dropped
 *   hostmem: pid, smaps {source, mappings, rss_kb, anonymous_kb,
 *            anon_huge_kb, thp_share, fields {Name: kB...},
 *            largest_anon {start, end, name, anonymous_kb, anon_huge_kb}},
 *            thp_enabled, buddyinfo (see below)
 *   buddy:   zones [{node, zone, free [per order], blocks_ge9}],
 *            free_pages, pages_ge9, mib_ge9
 *   probe:   backend, totals (tally), windows [{t0_ns, t1_ns, ended,
 *            counts (tally) | error}], details (backend's)
 */
#ifndef TLBPROBE_PROBE_JSON_H
#define TLBPROBE_PROBE_JSON_H

#include <jansson.h>

#include "buddyinfo.h"
#include "hostmem.h"
#include "ipi_tally.h"
#include "probe.h"
#include "trace_reader.h"

json_t *ipi_tally_json(const struct ipi_tally *t);
json_t *trace_stats_json(const struct trace_reader *r);
json_t *buddyinfo_json(const struct buddyinfo *b);
json_t *hostmem_json(const struct hostmem *m);
json_t *probe_json(struct probe *p);

#endif
