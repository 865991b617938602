# Sources of sim's fuzz targets (tests/fuzz/sim/fuzz_*.c): every parser
# and what it calls.
FUZZ_SRCS_sim := \
	sim/cpuprofile.c \
	sim/fragindex.c \
	sim/hexnum.c \
	sim/maps.c \
	sim/pagetypeinfo.c \
	sim/profile.c \
	sim/strbuf.c \
	sim/trace.c \
	lib/buddyinfo.c \
	lib/fileio.c \
	lib/numparse.c \
	lib/parse_error.c \
	lib/textscan.c
FUZZ_CPPFLAGS_sim := -I$(TOP)/sim
FUZZ_LDLIBS_sim := -linih
