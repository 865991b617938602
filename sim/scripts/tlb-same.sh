#!/bin/sh
# tlb-same.sh OLD NEW [ACCESSES] - run two tlbsim binaries over every
# pattern x native/nested x host 2M share x page size x walk-cache
# combination and diff their JSON; exit 1 on the first difference.
# For checking that a change to the TLB model's speed changed no result:
#   sim/scripts/tlb-same.sh /tmp/old/tlbsim build/bin/tlbsim
set -eu
old=$1 new=$2 n=${3:-2000000}
trace=$(mktemp) out1=$(mktemp) out2=$(mktemp)
trap 'rm -f "$trace" "$out1" "$out2"' EXIT
# A trace over 4 GiB with reuse at several distances.
awk 'BEGIN { srand(3); a = 0; for (i = 0; i < 200000; i++) {
	r = rand(); if (r < 0.05) a = int(rand() * 2^32);
	else a += int(rand() * 20000); printf "0x%x\n", a % 2^32 } }' >"$trace"
runs=0
for pat in "seq" "seq --stride 12352 --ws 3G" "uniform" "uniform --ws 64G" \
	   "zipf" "zipf --ws 256M --zipf 1.2" "trace --trace $trace"; do
	for cfg in "" "--guest-page 2M" "--nested" "--nested --host-2m 1" \
		   "--nested --host-2m 0.5" "--nested --guest-page 2M --host-2m 0.18" \
		   "--nested --guest-page 1G --host-2m 0.5" "--pwc-entries 4" \
		   "--nested --host-2m 0.5 --pwc-entries 32" \
		   "--nested --host-2m 0.5 --ntlb-entries 64" \
		   "--nested --guest-page 2M --host-2m 0.5 --pwc-entries 8 --ntlb-entries 16" \
		   "--repl plru" "--nested --host-2m 0.3 --repl plru --pwc-entries 4" \
		   "--profile devbox --nested --host-2m 0.18"; do
		# shellcheck disable=SC2086
		"$old" tlb --json --accesses "$n" --seed 9 --pattern $pat $cfg >"$out1"
		# shellcheck disable=SC2086
		"$new" tlb --json --accesses "$n" --seed 9 --pattern $pat $cfg >"$out2"
		if ! cmp -s "$out1" "$out2"; then
			echo "DIFFER: --pattern $pat $cfg"
			diff "$out1" "$out2" | head -20
			exit 1
		fi
		runs=$((runs + 1))
	done
done
echo "same: $runs runs of $n accesses"
