# How to link against lib/ (used by tests/unit and the other parts).
LINK_lib := $(LIBDIR)/libtlbcommon.a -ljansson -lm
