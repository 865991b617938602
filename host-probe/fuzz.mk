# Sources the host-probe fuzz targets link (repository-relative).
FUZZ_SRCS_host-probe := \
	host-probe/apic_trace.c \
	host-probe/icr.c \
	host-probe/ipi_tally.c \
	host-probe/smaps.c \
	host-probe/thp.c \
	host-probe/trace_reader.c \
	lib/numparse.c \
	lib/parse_error.c \
	lib/textscan.c
FUZZ_CPPFLAGS_host-probe := -I$(TOP)/host-probe
