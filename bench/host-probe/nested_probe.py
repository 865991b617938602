#!/usr/bin/env python3
"""Driver of bench_nested_probe.sh (see there): boot, collect, print."""
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.getcwd()
IMG = os.path.join(ROOT, "build", "images")
OUT = os.path.join(ROOT, "build", "bench", "host-probe", "nested")
MODES = ["none", "counters", "full", "ftrace"]


def overlay():
    """l1-initrd.cpio followed by a cpio holding only our /init."""
    base = os.path.join(IMG, "l1-initrd.cpio")
    stage = os.path.join(OUT, "stage")
    os.makedirs(stage, exist_ok=True)
    with open(os.path.join(ROOT, "bench/host-probe/l1-bench-init"), "rb") as f:
        init = f.read()
    with open(os.path.join(stage, "init"), "wb") as f:
        f.write(init)
    os.chmod(os.path.join(stage, "init"), 0o755)
    extra = subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"],
                           input=b"init\n", cwd=stage, capture_output=True,
                           check=True).stdout
    path = os.path.join(OUT, "l1-bench.cpio")
    with open(path, "wb") as out, open(base, "rb") as b:
        out.write(b.read())
        out.write(extra)
    return path


def lines(path):
    try:
        with open(path, "rb") as f:
            data = f.read().decode("utf-8", "replace")
    except OSError:
        return []
    out = []
    for ln in data.splitlines():
        ln = ln.strip()
        if ln.startswith("{"):
            try:
                out.append(json.loads(ln))
            except ValueError:
                pass
    return out


def boot(mode, i, initrd):
    d = os.path.join(OUT, "%s-%02d" % (mode, i))
    os.makedirs(d, exist_ok=True)
    for p in ("console", "agent", "probe", "l2"):
        try:
            os.unlink(os.path.join(d, p + ".log"))
        except OSError:
            pass
    append = ("console=ttyS0 panic=-1 quiet tlbbench.mode=%s tlbl1.vcpus=2 "
              "tlbagent.workload=madvise-flood" % mode)
    cmd = ["qemu-system-x86_64", "-nodefaults", "-no-user-config",
           "-accel", "tcg,thread=multi", "-cpu", "EPYC,+svm,+npt,+x2apic",
           "-smp", "2", "-m", "2048",
           "-kernel", os.path.join(IMG, "vmlinuz"), "-initrd", initrd,
           "-append", append, "-display", "none", "-no-reboot"]
    for p in ("console", "agent", "probe", "l2"):
        cmd += ["-serial", "file:" + os.path.join(d, p + ".log")]
    load = os.getloadavg()[0]
    t0 = time.monotonic()
    try:
        subprocess.run(cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=240)
    except subprocess.TimeoutExpired:
        return None          # a frozen L1 (DESIGN.md): not counted
    whole = time.monotonic() - t0
    agent = [m for m in lines(os.path.join(d, "agent.log"))
             if m.get("type") == "summary"]
    if not agent:
        return None
    a = agent[-1]
    r = {"mode": mode, "whole_s": whole, "window_s": a["duration_s"],
         "load_before": load,
         "ops_per_s": a["ops_per_s"],
         "guest_cal_res": a["irq_total"]["CAL"] + a["irq_total"]["RES"]}
    probe = lines(os.path.join(d, "probe.log"))
    for m in probe:
        if m.get("type") == "window" and m.get("edge") == "end":
            r["icr_window"] = m["counters"]["icr_writes"]
        if m.get("type") == "summary":
            r["lost"] = m["lost"]
            r["events"] = m["counters"]["exits"] + m["counters"]["msr_writes"]
        if m.get("type") == "ftrace":
            r["lost"] = m["lost"]
            r["events"] = m["events"]
            r["trace_bytes"] = m["bytes"]
    return r


def main():
    cpio = os.path.join(IMG, "l1-initrd.cpio")
    if not os.path.exists(cpio):
        print("SKIP: %s missing (make images builds it)" % cpio)
        return 0
    rounds = int(os.environ.get("ROUNDS", "3"))
    os.makedirs(OUT, exist_ok=True)
    initrd = overlay()
    runs = {m: [] for m in MODES}
    failed = {m: 0 for m in MODES}
    for i in range(rounds):
        for m in MODES:
            r = boot(m, i, initrd)
            if r is None:
                failed[m] += 1
                continue
            r["round"] = i
            runs[m].append(r)
            print("  round %d %-8s window %7.3f s  whole %6.1f s  lost %-4s "
                  "host load before %.1f" % (i, m, r["window_s"],
                                             r["whole_s"], r.get("lost", "-"),
                                             r["load_before"]), flush=True)
    base = statistics.median([r["window_s"] for r in runs["none"]]) \
        if runs["none"] else None
    # ratio to mode none of the same round: drift between rounds cancels
    none_by_round = {r["round"]: r["window_s"] for r in runs["none"]}
    for m in MODES:
        for r in runs[m]:
            if r["round"] in none_by_round:
                r["paired"] = r["window_s"] / none_by_round[r["round"]]
    print("%-9s %4s %6s %10s %7s %7s %8s %10s %15s %15s" % (
        "MODE", "RUNS", "FROZEN", "WINDOW_S", "RATIO", "PAIRED", "OPS/S",
        "LOST", "ICR_WINDOW", "GUEST_CALRES"))
    for m in MODES:
        rs = runs[m]
        if not rs:
            print("%-9s %4d %6d %10s" % (m, 0, failed[m], "-"))
            continue
        w = statistics.median([r["window_s"] for r in rs])
        ratio = "%.3f" % (w / base) if base else "-"
        pr = [r["paired"] for r in rs if "paired" in r]
        paired = "%.3f" % statistics.median(pr) if pr else "-"
        lost = sum(r.get("lost", 0) for r in rs) if m != "none" else "-"
        icr = [r["icr_window"] for r in rs if "icr_window" in r]
        print("%-9s %4d %6d %10.3f %7s %7s %8.0f %10s %15s %15s" % (
            m, len(rs), failed[m], w, ratio, paired,
            statistics.median([r["ops_per_s"] for r in rs]), lost,
            ",".join(map(str, icr)) or "-",
            ",".join(str(r["guest_cal_res"]) for r in rs)))
    print("(an L1 runs 2 TCG vCPU threads on this 2-core host: any other "
          "load stretches windows several-fold; compare the modes only "
          "within quiet rounds)")
    with open(os.path.join(OUT, "runs.json"), "w") as f:
        json.dump(runs, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
