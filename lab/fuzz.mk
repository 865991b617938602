# lab's parsers for tests/fuzz: scenario files, expectations, the agent
# stream (all untrusted input).
FUZZ_SRCS_lab := \
	lab/agent_stream.c \
	lab/jsonl.c \
	lab/expect.c \
	lab/metrics.c \
	lab/scenario.c \
	lab/scenario_keys.c \
	lib/fileio.c \
	lib/jpath.c \
	lib/numparse.c \
	lib/parse_error.c
FUZZ_CPPFLAGS_lab := -I$(TOP)/lab -I$(TOP)/sim
# [sim] keys are checked by libtlbsim: linked as built (not instrumented).
FUZZ_LDLIBS_lab := $(LIBDIR)/libtlbsim.a $(COMMON_LIB) -linih -ljansson
