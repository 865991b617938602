# How to link against sim/ (tests/unit/sim, bench/sim, the lab).
LINK_sim := $(LIBDIR)/libtlbsim.a $(LIBDIR)/libtlbcommon.a -ljansson -linih -lm

# sim's tests and benchmarks include sim/ headers; the shared unit and bench
# Makefiles only add lib/ to the include path.
$(BUILD)/tests-unit/sim/%.o: CPPFLAGS += -I$(TOP)/sim
$(BUILD)/bench/sim/%.o: CPPFLAGS += -I$(TOP)/sim
