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

_Static_assert(KVM_BPF_HIST_SLOTS == KET_HIST_SLOTS, "hist slots");

struct kvm_bpf {
	struct kvm_exit_time_bpf *skel;
	int ncpus;
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

int kvm_bpf_open(struct kvm_bpf **out, char *why, size_t n)
{
	struct kvm_bpf *b;
	int rc;

	*out = NULL;
	last_msg[0] = '\0';
	libbpf_set_print(keep_msg);
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->ncpus = libbpf_num_possible_cpus();
	if (b->ncpus <= 0) {
		snprintf(why, n, "cannot count possible CPUs");
		free(b);
		return -EIO;
	}
	b->percpu = calloc((size_t)b->ncpus, sizeof(struct ket_stat));
	b->skel = b->percpu ? kvm_exit_time_bpf__open_and_load() : NULL;
	if (!b->skel) {
		rc = -errno ? -errno : -ENOMEM;
		snprintf(why, n, "loading the exit-time BPF program failed: "
			 "%s%s%s", strerror(-rc), *last_msg ? ": " : "",
			 last_msg);
		kvm_bpf_close(b);
		return rc;
	}
	rc = kvm_exit_time_bpf__attach(b->skel);
	if (rc) {
		snprintf(why, n, "attaching the exit-time BPF program to "
			 "kvm:kvm_exit/kvm_entry failed: %s%s%s",
			 strerror(-rc), *last_msg ? ": " : "", last_msg);
		kvm_bpf_close(b);
		return rc;
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

static int by_reason(const void *a, const void *b)
{
	const struct kvm_exit_time *x = a, *y = b;

	return x->reason < y->reason ? -1 : x->reason > y->reason;
}

int kvm_bpf_read(struct kvm_bpf *b, pid_t tgid, struct kvm_exit_times *out)
{
	struct bpf_map *stats = b->skel->maps.stats;
	size_t vsize = (size_t)b->ncpus * sizeof(struct ket_stat);
	struct ket_key key, next, *prev = NULL;
	__u32 zero = 0;
	__u64 lost[1024];

	memset(out, 0, sizeof(*out));
	while (!bpf_map__get_next_key(stats, prev, &next, sizeof(next))) {
		key = next;
		prev = &key;
		if (key.tgid != (__u32)tgid)
			continue;
		if (bpf_map__lookup_elem(stats, &key, sizeof(key), b->percpu,
					 vsize, 0))
			continue;	/* deleted meanwhile: never happens */
		if (out->n == KVM_BPF_MAX_REASONS)
			return -ENOSPC;
		struct kvm_exit_time *t = &out->r[out->n++];

		memset(t, 0, sizeof(*t));
		t->reason = key.reason;
		for (int c = 0; c < b->ncpus; c++) {
			const struct ket_stat *s = &b->percpu[c];

			t->count += s->count;
			t->timed += s->timed;
			t->sum_ns += s->sum_ns;
			if (s->max_ns > t->max_ns)
				t->max_ns = s->max_ns;
			for (int i = 0; i < KET_HIST_SLOTS; i++)
				t->hist[i] += s->hist[i];
		}
	}
	qsort(out->r, out->n, sizeof(out->r[0]), by_reason);
	if (b->ncpus <= 1024 &&
	    !bpf_map__lookup_elem(b->skel->maps.lost, &zero, sizeof(zero),
				  lost, (size_t)b->ncpus * sizeof(__u64), 0))
		for (int c = 0; c < b->ncpus; c++)
			out->lost += lost[c];
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
