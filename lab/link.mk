# How to link against lab/ (tests/unit, bench).
LINK_lab := $(LIBDIR)/libtlblab.a $(LIBDIR)/libtlbprobe.a \
	$(LIBDIR)/libtlbsim.a $(COMMON_LIB) -linih -ljansson -lm

# lab's tests include lab/ (and through it host-probe/) headers.
$(BUILD)/tests-unit/lab/%.o: CPPFLAGS += -I$(TOP)/lab -I$(TOP)/host-probe -I$(TOP)/sim
