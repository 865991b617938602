/*
 * shootdown.h - discrete-event model of TLB shootdowns in a guest (issue 5,
 * model 2; articles 000 and 004's jemalloc/madvise story).
 *
 * A guest of V vCPUs runs one process: initiator threads touch a region
 * and madvise() it away, again and again; bystander threads spin on the
 * same mm (the madvise-flood workload of guest-agent/).  Threads are
 * placed on vCPUs in that order, wrapping; a vCPU with several threads
 * time-slices them, switching only outside the kernel.  The host runs
 * this VM and vms - 1 others (always busy) on pcpus physical CPUs, round
 * robin with host_slice.  The guest switches threads at guest_slice, in
 * user mode, or in the kernel at the cond_resched() that ends the zap.
 *
 * One madvise call: syscall + zap_page per page, then the kernel's flush
 * (arch/x86/mm/tlb.c): CPUs of the mm that are idle are lazy and skipped;
 * one IPI per target, ipi_send each on the sender (the ICR write, with its
 * VM exit where the mode has one), delivered ipi_latency later to a target
 * that is running or whenever it runs again; the target's handler costs
 * ipi_handler plus the flush itself (pages * flush_page up to ceiling
 * pages, else flush_full) and acknowledges; the sender flushes locally and
 * spins until every target has acknowledged.  With pv_flush (KVM PV TLB
 * flush) a target vCPU that is preempted at send time is not sent an IPI
 * nor waited for: it flushes (flush_full) when it next runs.
 *
 * The guest switches threads at the end of a slice when the running one
 * is in user mode (at once, when an IPI handler running then returns
 * to user mode, or when the host runs a preempted vCPU again), at the
 * cond_resched() after the zap, or on the return
 * from madvise() - the last before the caller's clock stops, so that
 * wait is part of the call's latency.  Two initiators that run at the
 * same time slow each other down (contention, irq_delay).
 *
 * Everything costs time only while its vCPU runs on a pCPU: a preempted
 * initiator's call, or a preempted target's handler, waits for the host
 * scheduler.  Not modelled: cache effects, page-table freeing, IPI
 * batching/broadcast, host-side exits other than the sender's ICR write.
 */
#ifndef SIM_SHOOTDOWN_H
#define SIM_SHOOTDOWN_H

#include <stddef.h>
#include <stdint.h>

#include "hist.h"

struct sd_costs {		/* all in ns except where said */
	double syscall;		/* madvise entry, VMA walk, exit */
	double zap_page;	/* per 4 KiB page zapped and freed */
	double touch_page;	/* user: write one page (workload loop) */
	double flush_page;	/* one INVLPG */
	double flush_full;	/* full flush (CR3 write + refill share) */
	double ceiling;		/* pages: tlb_single_page_flush_ceiling */
	double ipi_send;	/* sender blocked per IPI */
	double ipi_latency;	/* send done -> handler starts (running) */
	double ipi_handler;	/* handler entry, ack, exit (flush apart) */
	double exits_per_ipi;	/* VM exits per IPI sent (count) */
	double host_slice;	/* host scheduler time slice */
	double guest_slice;	/* guest scheduler time slice */
	/* Two initiators at once (0 where not measured):
	 * contention: a touch or a syscall+zap that starts while another
	 * vCPU of the VM runs one takes (1 + contention) times as long
	 * (the page-table, LRU and zone locks both take);
	 * irq_delay: an IPI to a vCPU running a touch or a syscall+zap is
	 * handled that much later (sections with interrupts off). */
	double contention;	/* ratio */
	double irq_delay;
	/* PAUSE-loop exiting (0: none): a sender that has spun this long
	 * waiting for a preempted target exits, and kvm_vcpu_on_spin()
	 * yields to that target: the host runs it now on its pCPU. */
	double ple_yield;
	/* User-mode time per call besides the touch (0: none): the loop's
	 * clock reads and bookkeeping, paid like the touch. */
	double user_loop;
	/* A target's cost of a full flush beyond flush_full, before it
	 * acknowledges (0: none).  Under TCG the target's software TLB and
	 * jump cache are emptied and its handler refills them; measured as
	 * the gap between a call with and without its IPI. */
	double handler_full;
	/* Share (0..1) of the guest ticks that end an initiator's slice while
	 * it is in user mode that take effect only at its next madvise()
	 * (0: none).  Under TCG on a host whose CPUs the vCPUs fill, the tick
	 * is raised by QEMU's main loop, which runs late; measured from a
	 * calibration variant whose threads share a vCPU. */
	double tick_defer;
};

struct sd_config {
	struct sd_costs c;
	unsigned vcpus;		/* of the simulated VM, 1..SD_MAX_VCPUS */
	unsigned initiators, bystanders;
	uint64_t size;		/* bytes per call, >= 4096 */
	double rate;		/* calls/s per initiator; 0 = flat out */
	/* User-mode CPU time per call besides the touch (ns): the work of
	 * an application that does more than madvise (ebizzy's searches);
	 * runs like the touch, preemptible, on the initiator's vCPU. */
	double work;
	uint64_t calls;		/* in all, over all initiators */
	unsigned vms;		/* VMs of vcpus vCPUs each, >= 1 */
	unsigned pcpus;		/* 0: one per vCPU of all VMs */
	int pv_flush;
	uint64_t seed;
	/* Each call's touch time is touch_page * pages * (1 + j * u), u
	 * uniform in [-1, 1): real loops vary, and without that variation a
	 * fixed cycle would meet the guest's fixed slice at the same phase
	 * every time (always or never inside a call).  0: exact. */
	double touch_jitter;
};

/* The jitter sd_params_build() sets: the mean is unchanged; between 0.1
 * and 0.5 it moves the lab predictions by under 2%. */
#define SD_TOUCH_JITTER	0.25

#define SD_MAX_VCPUS	1024
#define SD_MAX_THREADS	1024

struct sd_result {
	uint64_t calls;
	uint64_t ipis, exits, pv_deferred;
	uint64_t ple_yields;	/* preempted targets boosted by PLE */
	uint64_t full_flushes;
	uint64_t events;
	double elapsed_ns;	/* first call start to last call end */
	double shootdown_ns;	/* sender send+flush+wait, handlers, PV */
	double busy_ns;		/* the VM's vCPUs, time on a pCPU */
	struct hist lat;	/* initiator latency per call, ns */
};

/*
 * sd_run - simulate until cfg->calls calls completed.  Returns 0, -EINVAL
 * for an impossible configuration (no initiator, more threads or vCPUs
 * than the limits, size under 4 KiB, a negative cost), -ENOMEM, or
 * -ETIMEDOUT when no call completed within 10 simulated seconds of the
 * previous one (the costs make no progress).
 */
int sd_run(const struct sd_config *cfg, struct sd_result *out);

#endif
