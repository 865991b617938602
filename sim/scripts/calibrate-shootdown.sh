#!/bin/sh
# calibrate-shootdown.sh - calibrate the shootdown model's costs for one
# lab mode from a tlblab run of madvise-flood, then validate them on the
# 1-4 thread runs (issue 5, acceptance 3; docs/sim.md).
#
#   sim/scripts/calibrate-shootdown.sh [MODE] [OUT_PROFILE]
#
# MODE: tcg (default) or nested: the lab's acceleration mode, also the
# [ipi.MODE] section written.  OUT_PROFILE: where the fitted profile goes
# (default sim/profiles/shootdown-MODE.ini).  Runs from the repository
# root; results go to results/ as tlblab puts them.  Extra tlbsim options
# (e.g. "--vms 2 --pcpus 2" for a host shared with another busy guest)
# come from $SIM_HOST.
set -eu
mode=${1:-tcg}
out=${2:-sim/profiles/shootdown-$mode.ini}
host=${SIM_HOST:-}

build/bin/tlblab run scenarios/madvise-flood.ini --accel "$mode"
build/bin/tlblab run sim/scenarios/madvise-flood-threads.ini --accel "$mode"
cal=results/madvise-flood/latest/result.json
val=results/madvise-flood-threads/latest/result.json

# shellcheck disable=SC2086
build/bin/tlbsim shootdown --calibrate "$cal" --profile kvm --mode "$mode" \
	$host > "$out.new"
mv "$out.new" "$out"
echo "== calibrated $out from $cal"
for r in "$cal" "$val"; do
	# shellcheck disable=SC2086
	build/bin/tlbsim shootdown --validate "$r" --profile "$out" \
		--mode "$mode" $host
done
