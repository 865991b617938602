# Sources of sim's fuzz targets (tests/fuzz/sim/fuzz_*.c): every parser
# and what it calls.
FUZZ_SRCS_sim := \
	sim/fragindex.c \
	sim/pagetypeinfo.c \
	sim/strbuf.c \
	lib/buddyinfo.c \
	lib/numparse.c \
	lib/parse_error.c \
	lib/textscan.c
FUZZ_CPPFLAGS_sim := -I$(TOP)/sim
