/* kvm_events.c - the counters of the kvm backend; see kvm_events.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kvm_events.h"
#include "tracefs.h"

#define KVM_HC_SEND_IPI	10	/* include/uapi/linux/kvm_para.h */

/* The reasons counted on their own, by ISA: what IPIs, halts, MMIO and
 * interrupt windows cost in the scenarios of this project. */
static const uint32_t svm_reasons[] = {
	SVM_EXIT_MSR, SVM_EXIT_HLT, SVM_EXIT_IOIO, SVM_EXIT_NPF,
	SVM_EXIT_INTR, SVM_EXIT_VINTR, SVM_EXIT_VMMCALL, SVM_EXIT_CPUID,
	SVM_EXIT_PAUSE, SVM_EXIT_AVIC_INCOMPLETE_IPI,
	SVM_EXIT_AVIC_UNACCELERATED_ACCESS,
};
static const uint32_t vmx_reasons[] = {
	VMX_EXIT_MSR_WRITE, VMX_EXIT_MSR_READ, VMX_EXIT_HLT,
	VMX_EXIT_IO_INSTRUCTION, VMX_EXIT_EPT_VIOLATION,
	VMX_EXIT_EPT_MISCONFIG, VMX_EXIT_EXTERNAL_INTERRUPT,
	VMX_EXIT_INTERRUPT_WINDOW, VMX_EXIT_VMCALL, VMX_EXIT_CPUID,
	VMX_EXIT_PAUSE_INSTRUCTION, VMX_EXIT_PREEMPTION_TIMER,
	VMX_EXIT_APIC_WRITE,
};

struct fixed_def {
	const char *key, *label, *event, *filter;
};

/* Indexed by enum kvm_fixed_counter.  MSR_WRITE_EXITS and HLT_EXITS get
 * their filter from the ISA. */
static const struct fixed_def fixed[KC_NFIXED] = {
	[KC_EXITS] = { "exits", "EXITS", "kvm_exit", "" },
	[KC_ENTRIES] = { "entries", "ENTRIES", "kvm_entry", "" },
	[KC_MSR_WRITES] = { "msr_writes", "MSR_WR", "kvm_msr", "write == 1" },
	[KC_ICR_WRITES] = { "icr_writes", "ICR_WR", "kvm_msr",
			    "ecx == 0x830 && write == 1" },
	[KC_X2APIC_WRITES] = { "x2apic_writes", "X2APIC_WR", "kvm_msr",
			       "ecx >= 0x800 && ecx <= 0x8ff && write == 1" },
	[KC_EOI_WRITES] = { "eoi_writes", "EOI_WR", "kvm_msr",
			    "ecx == 0x80b && write == 1" },
	[KC_TMICT_WRITES] = { "tmict_writes", "TMICT_WR", "kvm_msr",
			      "ecx == 0x838 && write == 1" },
	[KC_MSR_WRITE_EXITS] = { "msr_write_exits", "WRMSR_EXITS",
				 "kvm_exit", NULL },
	[KC_HLT_EXITS] = { "hlt_exits", "HLT_EXITS", "kvm_exit", NULL },
	[KC_APIC_IPIS] = { "apic_ipis", "APIC_IPI", "kvm_apic_ipi", "" },
	[KC_WAKEUPS] = { "wakeups", "WAKEUPS", "kvm_vcpu_wakeup", "" },
	[KC_PV_TLB_FLUSHES] = { "pv_tlb_flushes", "PV_FLUSH",
				"kvm_pv_tlb_flush", "need_flush_tlb == 1" },
	[KC_PV_SEND_IPIS] = { "pv_send_ipis", "PV_IPI", "kvm_hypercall",
			      "nr == 10" },
	/* The other big MSR writer of a Linux guest: the TSC-deadline
	 * timer, so "the ICR is the top MSR" can be checked. */
	[KC_TSCDL_WRITES] = { "tscdeadline_writes", "TSCDL_WR", "kvm_msr",
			      "ecx == 0x6e0 && write == 1" },
};

unsigned kvm_time_sample_auto(const char *sysroot)
{
	static const char *const cheap[] = {
		"tsc", "kvm-clock", "hyperv_clocksource_tsc_page",
		"arch_sys_counter", "xen", NULL,
	};
	char p[256], name[64] = "";
	FILE *f;

	snprintf(p, sizeof(p), "%s/sys/devices/system/clocksource/"
		 "clocksource0/current_clocksource", sysroot);
	f = fopen(p, "r");
	if (!f)
		return 1;	/* cannot tell: time them all */
	if (!fgets(name, sizeof(name), f))
		name[0] = '\0';
	fclose(f);
	name[strcspn(name, "\n")] = '\0';
	for (int i = 0; cheap[i]; i++)
		if (!strcmp(name, cheap[i]))
			return 1;
	return *name ? KVM_TIME_SAMPLE_SLOW : 1;
}

int kvm_isa_detect(const char *sysroot)
{
	char p[256];
	struct stat st;

	snprintf(p, sizeof(p), "%s/sys/module/kvm_amd", sysroot);
	if (!stat(p, &st))
		return KVM_ISA_SVM;
	snprintf(p, sizeof(p), "%s/sys/module/kvm_intel", sysroot);
	if (!stat(p, &st))
		return KVM_ISA_VMX;
	snprintf(p, sizeof(p), "%s/sys/module/kvm", sysroot);
	return stat(p, &st) ? -ENOENT : KVM_ISA_NONE;
}

static int load_one(const char *root, const char *name, struct tp_format *f,
		    int required, int *have, char **text, char *why,
		    size_t n)
{
	struct parse_error err;
	char *local = NULL;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = tracefs_read_event(root, "kvm", name, f, text ? text : &local,
				&err);
	free(local);
	if (have)
		*have = !rc;
	if (rc == -ENOENT && !required)
		return 0;
	if (rc == -ENOENT)
		snprintf(why, n, "%s/events/kvm/%s: no such tracepoint (is "
			 "the kvm module loaded?)", root, name);
	else if (rc == -EBADMSG)
		snprintf(why, n, "%s/events/kvm/%s/format:%u: %s%s%s", root,
			 name, err.line, err.field, *err.field ? ": " : "",
			 err.msg);
	else if (rc)
		snprintf(why, n, "%s/events/kvm/%s: %s", root, name,
			 strerror(-rc));
	return rc;
}

static void static_reasons(struct kvm_tracepoints *t)
{
	size_t n;
	const struct exit_reason *tab = exit_reason_table(t->isa, &n);

	t->reasons.n = 0;
	for (size_t i = 0; i < n && i < EXIT_REASON_MAP_MAX; i++) {
		t->reasons.e[i].code = tab[i].code;
		snprintf(t->reasons.e[i].name, EXIT_REASON_NAME_MAX, "%s",
			 tab[i].name);
		t->reasons.n++;
	}
}

int kvm_tracepoints_load(struct kvm_tracepoints *t, const char *root,
			 int isa, char *why, size_t n)
{
	char *exit_text = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	t->isa = isa;
	rc = load_one(root, "kvm_exit", &t->exit, 1, NULL, &exit_text, why,
		      n);
	if (!rc)
		rc = load_one(root, "kvm_entry", &t->entry, 1, NULL, NULL,
			      why, n);
	if (!rc)
		rc = load_one(root, "kvm_msr", &t->msr, 1, NULL, NULL, why, n);
	if (!rc)
		rc = load_one(root, "kvm_apic_ipi", &t->apic_ipi, 0,
			      &t->have_apic_ipi, NULL, why, n);
	if (!rc)
		rc = load_one(root, "kvm_vcpu_wakeup", &t->wakeup, 0,
			      &t->have_wakeup, NULL, why, n);
	if (!rc)
		rc = load_one(root, "kvm_pv_tlb_flush", &t->pv_tlb_flush, 0,
			      &t->have_pv_tlb_flush, NULL, why, n);
	if (!rc)
		rc = load_one(root, "kvm_hypercall", &t->hypercall, 0,
			      &t->have_hypercall, NULL, why, n);
	if (!rc && isa != KVM_ISA_NONE) {
		t->reasons_from_kernel = !exit_reason_parse_fmt(
			t->exit.print_fmt, t->exit.print_fmt_len, isa,
			&t->reasons, NULL);
		if (!t->reasons_from_kernel)
			static_reasons(t);
	}
	/* print_fmt pointed into exit_text */
	t->exit.print_fmt = NULL;
	t->exit.print_fmt_len = 0;
	free(exit_text);
	return rc;
}

int kvm_filter_check(const struct tp_format *f, const char *filter,
		     char *why, size_t n)
{
	const char *s = filter;

	while (*s) {
		char word[TP_NAME_MAX];
		size_t len = 0;

		if (isdigit((unsigned char)*s)) {	/* 0x830, 10 */
			while (isalnum((unsigned char)*s))
				s++;
			continue;
		}
		if (!isalpha((unsigned char)*s) && *s != '_') {
			s++;
			continue;
		}
		while ((isalnum((unsigned char)*s) || *s == '_') &&
		       len < sizeof(word) - 1)
			word[len++] = *s++;
		word[len] = '\0';
		if (!tp_format_field(f, word)) {
			int off = snprintf(why, n, "%s: no field \"%s\" "
					   "(fields:", f->name, word);

			for (unsigned i = 0; i < f->nfields && off > 0 &&
			     (size_t)off < n; i++)
				if (!f->field[i].common)
					off += snprintf(why + off, n - (size_t)off,
							" %s", f->field[i].name);
			if (off > 0 && (size_t)off < n)
				snprintf(why + off, n - (size_t)off, ")");
			return -1;
		}
	}
	return 0;
}

static const struct tp_format *event_of(const struct kvm_tracepoints *t,
					const char *event, int *present)
{
	*present = 1;
	if (!strcmp(event, "kvm_exit"))
		return &t->exit;
	if (!strcmp(event, "kvm_entry"))
		return &t->entry;
	if (!strcmp(event, "kvm_msr"))
		return &t->msr;
	if (!strcmp(event, "kvm_apic_ipi"))
		return *present = t->have_apic_ipi, &t->apic_ipi;
	if (!strcmp(event, "kvm_vcpu_wakeup"))
		return *present = t->have_wakeup, &t->wakeup;
	if (!strcmp(event, "kvm_pv_tlb_flush"))
		return *present = t->have_pv_tlb_flush, &t->pv_tlb_flush;
	if (!strcmp(event, "kvm_hypercall"))
		return *present = t->have_hypercall, &t->hypercall;
	*present = 0;
	return NULL;
}

const char *kvm_reason_name(const struct kvm_tracepoints *t, uint32_t code,
			    char *buf, size_t size)
{
	const char *s = exit_reason_map_name(&t->reasons, code);

	if (!s)
		s = exit_reason_name(t->isa, code);
	if (s)
		return s;
	snprintf(buf, size, "0x%x", code);
	return buf;
}

static int add(const struct kvm_tracepoints *t, struct kvm_counter *c,
	       const char *key, const char *label, const char *event,
	       const char *filter, char *why, size_t n)
{
	int present;
	const struct tp_format *f = event_of(t, event, &present);

	memset(c, 0, sizeof(*c));
	c->present = present && f;
	snprintf(c->key, sizeof(c->key), "%s", key);
	snprintf(c->label, sizeof(c->label), "%s", label);
	snprintf(c->filter, sizeof(c->filter), "%s", filter);
	c->event = event;
	if (!c->present)
		return 0;
	c->tp_id = f->id;
	return *filter ? kvm_filter_check(f, filter, why, n) : 0;
}

int kvm_counters_plan(const struct kvm_tracepoints *t,
		      struct kvm_counter *out, size_t max, char *why,
		      size_t n)
{
	const uint32_t *rs = t->isa == KVM_ISA_SVM ? svm_reasons : vmx_reasons;
	size_t nr = t->isa == KVM_ISA_SVM ?
		sizeof(svm_reasons) / sizeof(*rs) :
		t->isa == KVM_ISA_VMX ? sizeof(vmx_reasons) / sizeof(*rs) : 0;
	char filter[160], name[24], key[40], label[20];
	size_t k = 0;

	if (max < KC_NFIXED + nr) {
		snprintf(why, n, "room for %zu counters, need %zu", max,
			 KC_NFIXED + nr);
		return -1;
	}
	for (int i = 0; i < KC_NFIXED; i++, k++) {
		const char *flt = fixed[i].filter;

		if ((i == KC_MSR_WRITE_EXITS || i == KC_HLT_EXITS) &&
		    t->isa == KVM_ISA_NONE)
			flt = NULL;
		else if (i == KC_MSR_WRITE_EXITS)
			flt = t->isa == KVM_ISA_SVM ?
				"exit_reason == 124 && info1 == 1" :
				"exit_reason == 32";
		else if (i == KC_HLT_EXITS)
			flt = t->isa == KVM_ISA_SVM ? "exit_reason == 120" :
				"exit_reason == 12";
		if (add(t, &out[k], fixed[i].key, fixed[i].label,
			fixed[i].event, flt ? flt : "", why, n))
			return -1;
		/* reason codes mean nothing without a known ISA */
		if (!flt && t->isa == KVM_ISA_NONE)
			out[k].present = 0;
	}
	for (size_t i = 0; i < nr; i++, k++) {
		const char *rn = kvm_reason_name(t, rs[i], name, sizeof(name));

		snprintf(filter, sizeof(filter), "exit_reason == %u", rs[i]);
		snprintf(key, sizeof(key), "exit:%s", rn);
		snprintf(label, sizeof(label), "%s", rn);
		for (char *p = label; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		if (add(t, &out[k], key, label, "kvm_exit", filter, why, n))
			return -1;
		out[k].is_reason = 1;
		out[k].code = rs[i];
	}
	return (int)k;
}

const char *kvm_fixed_key(int i)
{
	return i >= 0 && i < KC_NFIXED ? fixed[i].key : NULL;
}

const char *kvm_plan_name(enum kvm_plan_kind kind)
{
	switch (kind) {
	case KVM_PLAN_FULL: return "full";
	case KVM_PLAN_LEAN: return "lean";
	case KVM_PLAN_KEYS: return "keys";
	case KVM_PLAN_STATS: return "stats";
	default: return "auto";
	}
}

/* The counters that prove the BPF program saw every event. */
#define LEAN_PERF	((1u << KC_EXITS) | (1u << KC_ICR_WRITES))

static int key_list(const char *s, uint32_t *mask, char *why, size_t n)
{
	*mask = 0;
	if (!strcmp(s, "none"))
		return 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		int i;

		for (i = 0; i < KC_NFIXED; i++)
			if (strlen(fixed[i].key) == len &&
			    !strncmp(s, fixed[i].key, len))
				break;
		if (i == KC_NFIXED) {
			int off = snprintf(why, n, "--counters: no counter "
					   "\"%.*s\" (full, lean, stats, auto, none "
					   "or "
					   "keys of:", (int)(len > 40 ? 40 : len),
					   s);

			for (i = 0; i < KC_NFIXED && off > 0 &&
			     (size_t)off < n; i++)
				off += snprintf(why + off, n - (size_t)off,
						" %s", fixed[i].key);
			if (off > 0 && (size_t)off < n)
				snprintf(why + off, n - (size_t)off, ")");
			return -1;
		}
		*mask |= 1u << i;
		s += len;
		if (*s == ',' && !*++s) {
			snprintf(why, n, "--counters: a key list ends in a "
				 "comma");
			return -1;
		}
	}
	return 0;
}

int kvm_plan_parse(const char *s, struct kvm_plan *p, char *why, size_t n)
{
	memset(p, 0, sizeof(*p));
	if (!s || !strcmp(s, "auto"))
		p->kind = KVM_PLAN_AUTO;
	else if (!strcmp(s, "full"))
		p->kind = KVM_PLAN_FULL;
	else if (!strcmp(s, "lean"))
		p->kind = KVM_PLAN_LEAN;
	else if (!strcmp(s, "stats"))
		p->kind = KVM_PLAN_STATS;
	else if (!*s) {
		snprintf(why, n, "--counters: empty (full, lean, stats, auto, "
			 "none or a list of counter keys)");
		return -1;
	} else {
		p->kind = KVM_PLAN_KEYS;
		return key_list(s, &p->perf, why, n);
	}
	if (p->kind == KVM_PLAN_LEAN)
		p->perf = LEAN_PERF;
	if (p->kind == KVM_PLAN_STATS)
		p->perf = 1u << KC_ICR_WRITES;
	return 0;
}

/* The fixed counters KVM's per-vCPU statistics give (kvm_stats.h): the
 * same counts, kept by KVM whether anyone reads them or not. */
static const char *const kvm_stat_of[KC_NFIXED] = {
	[KC_EXITS] = "exits",
	[KC_HLT_EXITS] = "halt_exits",
};

int kvm_counters_plan_for(const struct kvm_tracepoints *t,
			  const struct kvm_plan *plan, int bpf,
			  struct kvm_counter *out, size_t max, char *why,
			  size_t n)
{
	int k;

	if (plan->kind != KVM_PLAN_LEAN && plan->kind != KVM_PLAN_KEYS &&
	    plan->kind != KVM_PLAN_STATS)
		return kvm_counters_plan(t, out, max, why, n);
	/* the fixed ones as in the full plan, then each is perf, BPF or
	 * nothing; no per-reason counters (BPF's map has every reason) */
	k = kvm_counters_plan(t, out, max, why, n);
	if (k < 0)
		return -1;
	for (int i = 0; i < KC_NFIXED; i++) {
		int exists = out[i].present;

		out[i].present = exists && (plan->perf & (1u << i));
		out[i].bpf = exists && bpf && !out[i].present;
		if (plan->kind == KVM_PLAN_STATS) {
			out[i].bpf = 0;
			out[i].stat = out[i].present ? NULL : kvm_stat_of[i];
		}
	}
	for (int i = KC_NFIXED; i < k; i++)
		memset(&out[i], 0, sizeof(out[i]));
	return KC_NFIXED;
}
