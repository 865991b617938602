# Shared build rules, included by every part's Makefile.
#
# A part Makefile sets PART (its folder name) and lists its sources, then
# includes this file.  Objects go to build/<part>/, never beside the sources;
# -MD -MP keeps header dependencies right.  `make V=1` shows full commands.

TOP      := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
BUILD    ?= $(TOP)/build
OBJDIR   := $(BUILD)/$(PART)
BINDIR   := $(BUILD)/bin
LIBDIR   := $(BUILD)/libs

CC       ?= cc
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wformat=2 \
            -Wno-format-nonliteral -Wno-format-truncation -fno-strict-aliasing
CPPFLAGS += -I$(TOP)/lib -D_GNU_SOURCE -MD -MP
LDFLAGS  ?=

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(patsubst $(TOP)/%,%,$(2))
endif

.DELETE_ON_ERROR:
.SUFFIXES:

$(OBJDIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# $(call archive,libname,objects): a static archive of a part's modules,
# linked by its front end and by the unit tests.
$(LIBDIR)/%.a:
	@mkdir -p $(dir $@)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

COMMON_LIB := $(LIBDIR)/libtlbcommon.a

-include $(wildcard $(OBJDIR)/*.d $(OBJDIR)/*/*.d)
