# How to link against lab/ (tests/unit, bench).
LINK_lab := $(LIBDIR)/libtlblab.a $(LIBDIR)/libtlbprobe.a $(COMMON_LIB) \
	-linih -ljansson -lm
