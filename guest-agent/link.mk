# How to link against guest-agent/ (tests/unit, bench).  Tests link
# dynamically; --wrap=madvise is needed because madv_count.o defines the
# wrapper and calls __real_madvise.
LINK_guest-agent := $(LIBDIR)/libtlbagent.a $(COMMON_LIB) -Wl,--wrap=madvise \
	-ljemalloc -ljansson -lpthread -lm

# guest-agent's tests and benchmarks include guest-agent/ headers; the
# shared unit and bench Makefiles only add lib/ to the include path.
$(BUILD)/tests-unit/guest-agent/%.o: CPPFLAGS += -I$(TOP)/guest-agent
$(BUILD)/bench/guest-agent/%.o: CPPFLAGS += -I$(TOP)/guest-agent
