#!/bin/sh
# validate-runs.sh - the shootdown model's mean-latency error on every
# given tlblab run of sim/scenarios/madvise-flood-threads.ini, one line
# per run, and the mean |error| over all cells (docs/sim.md, issue 5
# acceptance 3: judge a model change on all runs, not one fixture).
#
#   sim/scripts/validate-runs.sh RESULT.json...
#
# Each run is predicted with the profile and mode of its lab mode (the
# variants' "mode": tcg or nested).  Runs from the repository root with
# build/bin/tlbsim built ($TLBSIM names another tlbsim, to compare).
# $SKIP: space-separated RUN:VARIANT cells printed but left out of the
# means (a run disturbed by another process, said where it is cited).
# Prints: mode, run, per variant the error of
# the predicted mean latency (%), then per mode and overall the mean
# |error| and the count of cells within 10%.
set -eu
tlbsim=${TLBSIM:-build/bin/tlbsim}
[ $# -ge 1 ] || { echo "usage: $0 RESULT.json..." >&2; exit 2; }
for r in "$@"; do
	mode=$(jq -r '[.variants[] | select(.status == "ok") | .mode][0]' "$r")
	"$tlbsim" shootdown --json --validate "$r" --profile "$mode" \
		--mode "$mode" |
	jq -r --arg mode "$mode" --arg run "$(jq -r .run_dir "$r")" '
		.tables.validation.rows as $rows
		| [$mode, ($run | split("/") | last)]
		  + [$rows[] | select(.lat_err != "-")
		     | "\(.variant) \(.lat_err)"] | @tsv'
done | awk -F'\t' -v skip=" ${SKIP:-} " '
	{ line = sprintf("%-6s %s", $1, $2)
	  for (i = 3; i <= NF; i++) {
		split($i, a, " "); e = a[2] + 0; ae = e < 0 ? -e : e
		line = line sprintf("  %s %+6.1f%%", a[1], e)
		if (index(skip, " " $2 ":" a[1] " ")) {
			line = line " (skipped)"
			continue
		}
		n[$1]++; s[$1] += ae; w[$1] += ae <= 10
		N++; S += ae; W += ae <= 10
	  }
	  print line }
	END { split("tcg nested kvm", ms, " ")
	      for (k = 1; k <= 3; k++) if ((m = ms[k]) in n)
		printf "%s: mean |error| %.1f%% over %d cells, %d within 10%%\n",
		       m, s[m] / n[m], n[m], w[m]
	      printf "all: mean |error| %.1f%% over %d cells, %d within 10%%\n",
		     S / N, N, W }'
