# How to link against guest-agent/ (tests/unit, bench).  Tests link
# dynamically; --wrap=madvise is needed because madv_count.o defines the
# wrapper and calls __real_madvise.
LINK_guest-agent := $(LIBDIR)/libtlbagent.a $(COMMON_LIB) -Wl,--wrap=madvise \
	-ljemalloc -ljansson -lpthread -lm
