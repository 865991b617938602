# Sources of guest-agent's fuzz targets (tests/fuzz/guest-agent/fuzz_*.c).
FUZZ_SRCS_guest-agent := \
	guest-agent/irqstat.c \
	guest-agent/procstat.c \
	lib/numparse.c \
	lib/parse_error.c \
	lib/textscan.c
FUZZ_CPPFLAGS_guest-agent := -I$(TOP)/guest-agent
