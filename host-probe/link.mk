# How to link against host-probe/ (tests/unit/host-probe, bench/host-probe,
# the lab).  libtlbprobe.a alone needs -ljansson -lm; libtlbprobebpf.a (the
# kvm backend's exit-time BPF loader, kvm_bpf.h) adds libbpf, libelf, zlib.
LINK_host-probe := $(LIBDIR)/libtlbprobe.a $(LIBDIR)/libtlbprobebpf.a \
	$(LIBDIR)/libtlbcommon.a -ljansson -lbpf -lelf -lz -lm

# host-probe's tests and benchmarks include host-probe/ headers; the shared
# unit and bench Makefiles only add lib/ to the include path.
$(BUILD)/tests-unit/host-probe/%.o: CPPFLAGS += -I$(TOP)/host-probe
$(BUILD)/bench/host-probe/%.o: CPPFLAGS += -I$(TOP)/host-probe
