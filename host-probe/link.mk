# How to link against host-probe/ (tests/unit/host-probe, bench/host-probe,
# the lab).  libtlbprobe.a alone needs -ljansson -lm; libtlbprobebpf.a (the
# kvm backend's exit-time BPF loader, kvm_bpf.h) adds libbpf, libelf, zlib.
LINK_host-probe := $(LIBDIR)/libtlbprobe.a $(LIBDIR)/libtlbprobebpf.a \
	$(LIBDIR)/libtlbcommon.a -ljansson -lbpf -lelf -lz -lm \
	-Wl,--as-needed -ltraceevent -Wl,--no-as-needed

# libtraceevent is the unit tests' oracle for tp_format (test_tp_format.c);
# --as-needed keeps it out of every program that does not call it.

# host-probe's tests and benchmarks include host-probe/ headers; the shared
# unit and bench Makefiles only add lib/ to the include path.
$(BUILD)/tests-unit/host-probe/%.o: CPPFLAGS += -I$(TOP)/host-probe \
	-I$(TOP)/host-probe/bpf
$(BUILD)/bench/host-probe/%.o: CPPFLAGS += -I$(TOP)/host-probe
