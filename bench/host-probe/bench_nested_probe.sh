#!/bin/sh
# bench_nested_probe.sh - the kvm probe's overhead on a nested workload,
# against no probe and against a tracefs ring-buffer recorder (the
# baseline it must beat on overhead and lost events).  Runs from the
# repository root (bench/Makefile does); needs build/images/l1-initrd.cpio
# (make images).  ROUNDS=N (default 2) rounds of the modes,
# alternated so drift in the machine's speed hits every mode alike.
#
# Each run boots the L1 appliance with /init replaced by
# bench/host-probe/l1-bench-init and runs L2's madvise-flood (2 vCPUs,
# 2,000 madvise(DONTNEED), 1 bystander).  Figures: the agent's measured
# window (guest seconds for the 2,000 calls, median per mode), its ratio
# to mode none, events lost, and the window's ICR writes against the
# guest's CAL+RES.
exec python3 bench/host-probe/nested_probe.py "$@"
