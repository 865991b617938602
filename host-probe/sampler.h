/*
 * sampler.h - the one sampling loop behind every live front end (`tlbprobe
 * top` text and JSON, `tlbprobe nested`'s stream, later an exporter): each
 * tick samples every attached VM's kvm probe, keeps the difference to the
 * previous tick (rates), and reads the host memory state a VM's 2 MiB
 * backing depends on (its AnonHugePages share, the host's free blocks of
 * order >= 9).  Front ends only render what a tick holds.
 */
#ifndef TLBPROBE_SAMPLER_H
#define TLBPROBE_SAMPLER_H

#include <stdint.h>
#include <sys/types.h>

#include "backend_kvm.h"
#include "buddyinfo.h"
#include "smaps.h"

#define SAMPLER_MAX_VMS	32

struct sampler_vm {
	pid_t pid;
	char comm[32];
	struct probe *p;		/* owned */
	struct kvm_snapshot *prev;	/* counts at the previous tick */
	struct kvm_snapshot *delta;	/* this tick minus the previous */
	double dt_s;			/* between the two */
	int gone;			/* the process exited (final counts) */
	struct smaps_summary smaps;
	int have_smaps;
};

struct sampler {
	unsigned n;
	struct sampler_vm vm[SAMPLER_MAX_VMS];
	struct buddyinfo buddy;
	int have_buddy;
	int memory;			/* read smaps and buddyinfo */
	int64_t t_ns;			/* CLOCK_REALTIME of the last tick */
	uint64_t ticks;
};

/* An empty sampler; memory: also read host memory state each tick. */
struct sampler *sampler_new(int memory);

/* Add an attached kvm probe for process pid (the sampler owns p from now
 * on, even on failure).  Returns 0, -ENOSPC, -ENOMEM. */
int sampler_add(struct sampler *s, struct probe *p, pid_t pid,
		const char *comm);

/*
 * sampler_tick - sample every VM still running (a VM whose process is
 * gone gets its final read and is marked gone).  Returns 0, or the first
 * probe error with why set (the other VMs are still sampled).
 */
int sampler_tick(struct sampler *s, char *why, size_t n);

/* VMs not gone. */
unsigned sampler_running(const struct sampler *s);

void sampler_free(struct sampler *s);

#endif
