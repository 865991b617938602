# tlblab top-level Makefile: drives the per-part Makefiles.
#
#   make                         build everything (installs missing packages as root)
#   make scenario NAME=<name>    run scenarios/<name>.ini
#   make test                    unit + integration tests
#   make bench                   benchmarks (print figures, never pass/fail)
#   make fuzz                    fuzz the parsers (longer; FUZZ_SECONDS=...)
#   make V=1 ...                 show full commands

NAME ?=
ARGS ?=
BUILD := $(CURDIR)/build

# Build order matters: lib first, libraries before the front ends that link
# them.  A part joins the build by having a Makefile; nothing else to edit.
PART_ORDER := lib sim host-probe guest-agent lab
PARTS := $(foreach p,$(PART_ORDER),$(if $(wildcard $(p)/Makefile),$(p)))

.PHONY: all deps build images scenario test unit fuzz-smoke integration bench fuzz clean help

all: build images

deps:
	@scripts/deps

build: deps
	@set -e; for p in $(PARTS); do $(MAKE) --no-print-directory -C $$p all; done

images: build
	@$(MAKE) --no-print-directory -C images all

scenario: all
	@test -n "$(NAME)" || { echo "usage: make scenario NAME=<name> (see: build/bin/tlblab list)" >&2; exit 2; }
	@test -f scenarios/$(NAME).ini || { echo "make: scenarios/$(NAME).ini: no such scenario (see: build/bin/tlblab list)" >&2; exit 2; }
	$(BUILD)/bin/tlblab run scenarios/$(NAME).ini $(ARGS)

test: unit fuzz-smoke integration

fuzz-smoke: build
	@$(MAKE) --no-print-directory -C tests/fuzz smoke

unit: build
	@$(MAKE) --no-print-directory -C tests/unit run

integration: all
	@$(MAKE) --no-print-directory -C tests/integration run

bench: all
	@$(MAKE) --no-print-directory -C bench run

fuzz: build
	@$(MAKE) --no-print-directory -C tests/fuzz run

clean:
	rm -rf $(BUILD)

help:
	@sed -n '2,10p' Makefile
