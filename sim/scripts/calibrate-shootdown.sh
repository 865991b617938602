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
# come from $SIM_HOST.  $REPEAT (default 3): boots of each variant in
# both runs (tlblab run --repeat): one boot's mean is not the variant's.
#
# Run it on an idle machine: check `uptime` and that no other QEMU runs
# (`pgrep -af qemu-system`) before and after, and keep the load with the
# figures.  On the 2-core development machine one other busy QEMU makes
# the latencies 10-100 times longer (docs/sim.md).  TCG boots of the same
# variant differ by 15-25% even then: hence $REPEAT.
#
# To commit a calibration: copy the run's result.json to
# tests/fixtures/sim/lab/madvise-flood.MODE-DATE-TIME.result.json, run
#   build/bin/tlbsim shootdown --calibrate THAT_FILE --profile kvm --mode MODE
# into sim/profiles/shootdown-MODE.ini (with a header saying when and
# under which load); copy the threads run's result.json to
# tests/fixtures/sim/lab/madvise-flood-threads.MODE-DATE-TIME.result.json;
# update TCG_CAL/NESTED_CAL, VAL_TCG/VAL_NESTED and the cells claimed
# within 10% (claims[]) in tests/unit/sim/test_labsim.c, and the
# validation table in docs/sim.md.
set -eu
mode=${1:-tcg}
out=${2:-sim/profiles/shootdown-$mode.ini}
host=${SIM_HOST:-}
repeat=${REPEAT:-3}

uptime
pgrep -af qemu-system || true
build/bin/tlblab run scenarios/madvise-flood.ini --accel "$mode" \
	--repeat "$repeat"
cal=$(readlink -f results/madvise-flood/latest)/result.json

# shellcheck disable=SC2086
build/bin/tlbsim shootdown --calibrate "$cal" --profile kvm --mode "$mode" \
	$host > "$out.new"
mv "$out.new" "$out"
echo "== calibrated $out from $cal"

# The threads scenario's [sim] section prints the new profile's
# predictions beside the measured values; --validate tabulates the errors.
build/bin/tlblab run sim/scenarios/madvise-flood-threads.ini --accel "$mode" \
	--repeat "$repeat"
val=$(readlink -f results/madvise-flood-threads/latest)/result.json
uptime
pgrep -af qemu-system || true
for r in "$cal" "$val"; do
	# shellcheck disable=SC2086
	build/bin/tlbsim shootdown --validate "$r" --profile "$out" \
		--mode "$mode" $host
done
