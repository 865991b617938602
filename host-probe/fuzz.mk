# Sources the host-probe fuzz targets link (repository-relative).
FUZZ_SRCS_host-probe := \
	host-probe/apic_trace.c \
	host-probe/exit_reason.c \
	host-probe/icr.c \
	host-probe/ipi_tally.c \
	host-probe/kvm_bpf_fold.c \
	host-probe/kvm_events.c \
	host-probe/kvm_stats.c \
	host-probe/qmp_mini.c \
	host-probe/smaps.c \
	host-probe/thp.c \
	host-probe/tp_format.c \
	host-probe/trace_reader.c \
	host-probe/tracefs.c \
	lib/fileio.c \
	lib/numparse.c \
	lib/parse_error.c \
	lib/textscan.c
FUZZ_CPPFLAGS_host-probe := -I$(TOP)/host-probe -I$(TOP)/host-probe/bpf
FUZZ_LDLIBS_host-probe := -ljansson
