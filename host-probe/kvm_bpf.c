/* kvm_bpf.c - load and read the exit-time BPF program; see kvm_bpf.h. */
#include <errno.h>
#include <linux/types.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kvm_bpf.h"
#include "kvm_exit_time.h"
#include "kvm_exit_time.skel.h"

struct kvm_bpf {
	struct kvm_exit_time_bpf *skel;
	int ncpus;
	int counts;			/* KVM_BPF_COUNTS */
	struct ket_stat *percpu;	/* one value per possible CPU */
};

/* libbpf prints its diagnostics; a library must not, so keep the last
 * warning for the error line instead. */
static char last_msg[200];

static int keep_msg(enum libbpf_print_level level, const char *fmt,
		    va_list ap)
{
	char *nl;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	nl = strchr(last_msg, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

/* The programs, and the flag that says their event exists (0: always). */
struct prog_ref {
	struct bpf_program *prog;
	struct bpf_link **link;
	const char *event;
	unsigned need;		/* KVM_BPF_HAVE_* (0: always there) */
	int count;		/* a count program: lean plan only */
	int timing;		/* needed to time exits (kvm_entry, which
				 * also counts entries) */
};

static size_t progs_of(struct kvm_exit_time_bpf *s, struct prog_ref *p)
{
	struct prog_ref all[] = {
		{ s->progs.on_kvm_exit, &s->links.on_kvm_exit, "kvm_exit",
		  0, 0, 0 },
		{ s->progs.on_kvm_entry, &s->links.on_kvm_entry, "kvm_entry",
		  0, 0, 1 },
		{ s->progs.on_kvm_msr, &s->links.on_kvm_msr, "kvm_msr", 0, 1, 0 },
		{ s->progs.on_kvm_apic_ipi, &s->links.on_kvm_apic_ipi,
		  "kvm_apic_ipi", KVM_BPF_HAVE_APIC_IPI, 1, 0 },
		{ s->progs.on_kvm_vcpu_wakeup, &s->links.on_kvm_vcpu_wakeup,
		  "kvm_vcpu_wakeup", KVM_BPF_HAVE_WAKEUP, 1, 0 },
		{ s->progs.on_kvm_pv_tlb_flush, &s->links.on_kvm_pv_tlb_flush,
		  "kvm_pv_tlb_flush", KVM_BPF_HAVE_PV_TLB_FLUSH, 1, 0 },
		{ s->progs.on_kvm_hypercall, &s->links.on_kvm_hypercall,
		  "kvm_hypercall", KVM_BPF_HAVE_HYPERCALL, 1, 0 },
	};

	memcpy(p, all, sizeof(all));
	return sizeof(all) / sizeof(all[0]);
}

#define MAX_PROGS	8

/* Load only what is wanted and exists: a program on an event the kernel
 * lacks would fail its CO-RE relocation and the whole object with it. */
static int wanted(const struct prog_ref *p, unsigned flags)
{
	return (!p->count || (flags & KVM_BPF_COUNTS)) &&
	       (!p->timing || !(flags & KVM_BPF_NO_TIMES)) &&
	       (!p->need || (flags & p->need));
}

int kvm_bpf_open(struct kvm_bpf **out, unsigned flags, char *why, size_t n)
{
	struct prog_ref p[MAX_PROGS];
	struct kvm_bpf *b;
	size_t np;
	int rc;

	*out = NULL;
	last_msg[0] = '\0';
	libbpf_set_print(keep_msg);
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->counts = !!(flags & KVM_BPF_COUNTS);
	b->ncpus = libbpf_num_possible_cpus();
	if (b->ncpus <= 0) {
		snprintf(why, n, "cannot count possible CPUs");
		free(b);
		return -EIO;
	}
	b->percpu = calloc((size_t)b->ncpus, sizeof(struct ket_stat));
	b->skel = b->percpu ? kvm_exit_time_bpf__open() : NULL;
	if (!b->skel) {
		rc = errno ? -errno : -ENOMEM;
		snprintf(why, n, "opening the exit-time BPF program failed: "
			 "%s%s%s", strerror(-rc), *last_msg ? ": " : "",
			 last_msg);
		kvm_bpf_close(b);
		return rc;
	}
	np = progs_of(b->skel, p);
	for (size_t i = 0; i < np; i++)
		bpf_program__set_autoload(p[i].prog, wanted(&p[i], flags));
	b->skel->rodata->timing = !(flags & KVM_BPF_NO_TIMES);
	b->skel->rodata->time_mask = (1u << KVM_BPF_TIME_SHIFT_OF(flags)) - 1;
	rc = kvm_exit_time_bpf__load(b->skel);
	if (rc) {
		snprintf(why, n, "loading the %s BPF program failed: %s%s%s",
			 b->counts ? "exit-time and count" : "exit-time",
			 strerror(-rc), *last_msg ? ": " : "", last_msg);
		kvm_bpf_close(b);
		return rc;
	}
	for (size_t i = 0; i < np; i++) {
		if (!wanted(&p[i], flags))
			continue;
		*p[i].link = bpf_program__attach(p[i].prog);
		if (!*p[i].link) {
			rc = errno ? -errno : -EINVAL;
			snprintf(why, n, "attaching the BPF program to kvm:%s "
				 "failed: %s%s%s", p[i].event, strerror(-rc),
				 *last_msg ? ": " : "", last_msg);
			kvm_bpf_close(b);
			return rc;
		}
	}
	*out = b;
	return 0;
}

int kvm_bpf_add_target(struct kvm_bpf *b, pid_t tgid)
{
	struct kvm_exit_time_bpf__bss *bss = b->skel->bss;

	if (bss->ntarget == KET_MAX_TARGETS)
		return -ENOSPC;
	/* the program reads target[] up to ntarget: fill the slot first */
	bss->target[bss->ntarget] = (__u32)tgid;
	__atomic_store_n(&bss->ntarget, bss->ntarget + 1, __ATOMIC_RELEASE);
	return 0;
}

/* Runs the kernel skipped, over the loaded programs. */
static uint64_t misses(struct kvm_bpf *b)
{
	struct prog_ref p[MAX_PROGS];
	size_t np = progs_of(b->skel, p);
	uint64_t sum = 0;

	for (size_t i = 0; i < np; i++) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(p[i].prog);

		memset(&info, 0, sizeof(info));
		if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
			sum += info.recursion_misses;
	}
	return sum;
}

int kvm_bpf_read(struct kvm_bpf *b, pid_t tgid, const pid_t *tids,
		 unsigned ntids, struct kvm_exit_times *out)
{
	struct bpf_map *stats = b->skel->maps.stats;
	size_t vsize = (size_t)b->ncpus * sizeof(struct ket_stat);
	struct ket_key key, next, *prev = NULL;
	struct ket_thread row;
	__u32 zero = 0;
	__u64 lost[1024];
	int rc;

	out->n = 0;
	out->nthreads = 0;
	out->lost = 0;
	out->counts = b->counts;
	while (!bpf_map__get_next_key(stats, prev, &next, sizeof(next))) {
		key = next;
		prev = &key;
		if (key.tgid != (__u32)tgid)
			continue;
		if (bpf_map__lookup_elem(stats, &key, sizeof(key), b->percpu,
					 vsize, 0))
			continue;	/* deleted meanwhile: never happens */
		rc = kvm_bpf_fold_stat(out, key.reason, b->percpu, b->ncpus);
		if (rc)
			return rc;
	}
	for (unsigned i = 0; i < ntids; i++) {
		__u32 slot = kvm_bpf_thread_slot(tids[i]);

		if (bpf_map__lookup_elem(b->skel->maps.threads, &slot,
					 sizeof(slot), &row, sizeof(row), 0))
			memset(&row, 0, sizeof(row));
		rc = kvm_bpf_fold_thread(out, tids[i], tgid, &row);
		if (rc)
			return rc;
	}
	kvm_bpf_fold_done(out);
	if (b->ncpus <= 1024 &&
	    !bpf_map__lookup_elem(b->skel->maps.lost, &zero, sizeof(zero),
				  lost, (size_t)b->ncpus * sizeof(__u64), 0))
		for (int c = 0; c < b->ncpus; c++)
			out->lost += lost[c];
	out->misses = misses(b);
	return 0;
}

void kvm_bpf_close(struct kvm_bpf *b)
{
	if (!b)
		return;
	kvm_exit_time_bpf__destroy(b->skel);
	free(b->percpu);
	free(b);
}

const struct kvm_times_ops kvm_bpf_times_ops = {
	.open = kvm_bpf_open,
	.add_target = kvm_bpf_add_target,
	.read = kvm_bpf_read,
	.close = kvm_bpf_close,
};
