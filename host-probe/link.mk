# How to link against host-probe/ (tests/unit/host-probe, bench/host-probe,
# the lab).
LINK_host-probe := $(LIBDIR)/libtlbprobe.a $(LIBDIR)/libtlbcommon.a -ljansson -lm
