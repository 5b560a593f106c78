#!/usr/bin/env python3
"""The relay rounds of run.sh as one markdown table: per variant and concurrency, the median of its
rounds, and its share of direct delivery as the median of per-round ratios (each run divided by the
direct run of the same round, so a change in the machine's load between rounds cancels out).

    relay_table.py RESULTS_DIR GROUP     (files GROUP-VARIANT-cC-rR.json, written by `smtpload --json`)
"""
import json
import re
import statistics
import sys
from pathlib import Path

ORDER = ["direct", "tcp-proxy", "handoff", "fastpath"]
NAME = re.compile(r"^(?P<group>[a-z]+)-(?P<variant>[a-z-]+)-c(?P<c>\d+)-r(?P<round>\d+)\.json$")


def load(directory, group):
    runs = {}  # (variant, c) -> {round: run}
    for path in Path(directory).iterdir():
        match = NAME.match(path.name)
        if not match or match["group"] != group:
            continue
        run = json.loads(path.read_text())["runs"][0]
        runs.setdefault((match["variant"], int(match["c"])), {})[int(match["round"])] = run
    return runs


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def main(directory, group):
    runs = load(directory, group)
    if not runs:
        sys.exit(f"no relay results for {group} in {directory}")
    variants = sorted({v for v, _ in runs}, key=lambda v: (ORDER.index(v) if v in ORDER else len(ORDER), v))
    print("| variant | concurrency | sessions/s median (min..max) | of direct, per round | p50 ms | p99 ms | failed "
          "| CPU ms/session of the measured process |")
    print("|---|---|---|---|---|---|---|---|")
    for c in sorted({c for _, c in runs}):
        direct = runs.get(("direct", c), {})
        for variant in variants:
            rounds = runs.get((variant, c))
            if not rounds:
                continue
            rates = [r["sessions_per_s"] for r in rounds.values()]
            ratios = [run["sessions_per_s"] / direct[n]["sessions_per_s"]
                      for n, run in rounds.items() if n in direct and direct[n]["sessions_per_s"] > 0]
            share = "" if variant == "direct" else fmt(median(ratios) and 100 * median(ratios), ".0f") + " %"
            print(f"| {variant} | {c} | {median(rates):.0f} ({min(rates):.0f}..{max(rates):.0f}) | {share} "
                  f"| {fmt(median(r['p50_ms'] for r in rounds.values()), '.1f')} "
                  f"| {fmt(median(r['p99_ms'] for r in rounds.values()), '.1f')} "
                  f"| {sum(r['sessions_failed'] for r in rounds.values())} "
                  f"| {fmt(median(r['server_cpu_ms_per_session'] for r in rounds.values()), '.3f')} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
