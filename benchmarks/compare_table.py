#!/usr/bin/env python3
"""compare.sh's results as markdown tables: per workload, each server's medians, and SmtpShield's ratios
to each peer as the median of per-round ratios (each SmtpShield run divided by the peer's run of the same
round, so a change in the machine's load between rounds cancels out).

    compare_table.py DIR    (files written by `smtpload --json`: WORKLOAD-VARIANT-rR.json for the
                             throughput workloads, idle-VARIANT.json, wave-VARIANT.json)
"""
import json
import re
import statistics
import sys
from pathlib import Path

ORDER = ["ceiling", "smtpshield", "smtpshield-wait1s", "postscreen", "haraka"]
LABEL = {
    "ceiling": "ceiling: straight to smtp-sink",
    "smtpshield": "SmtpShield",
    "smtpshield-wait1s": "SmtpShield, 1 s pregreet wait",
    "postscreen": "Postfix postscreen (1 s greet wait)",
    "haraka": "Haraka (1 process)",
}
PEERS = ["postscreen", "haraka"]
WORKLOADS = {
    "reject": "reject: listed clients, RCPT -> 5xx",
    "relay-returning": "relay 4 KB, returning clients (254 addresses seen in the warm-up)",
    "relay-first-contact": "relay 4 KB, first-contact clients (a new address every session)",
}
ROUND_FILE = re.compile(r"^(?P<workload>[a-z-]+?)-(?P<variant>ceiling|smtpshield(?:-wait1s)?|postscreen|haraka)-r(?P<round>\d+)\.json$")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def order(variant):
    return ORDER.index(variant) if variant in ORDER else len(ORDER)


def first_run(document):
    """The one run of a `smtpload sessions` result; None when the load client measured none (it failed)."""
    runs = document.get("runs") or []
    return runs[0] if runs else None


def load_rounds(directory):
    """workload -> variant -> round -> run (the one run of each file; a file without one is left out)."""
    found = {}
    for path in sorted(Path(directory).glob("*-r*.json")):
        match = ROUND_FILE.match(path.name)
        run = first_run(json.loads(path.read_text())) if match else None
        if run:
            found.setdefault(match["workload"], {}).setdefault(match["variant"], {})[int(match["round"])] = run
    return found


def ratio(ours, theirs, key):
    """Median over rounds of ours[key] / theirs[key], for the rounds both ran."""
    values = [ours[n][key] / theirs[n][key] for n in ours if n in theirs and ours[n].get(key) and theirs[n].get(key)]
    return median(values)


def throughput_table(workload, variants):
    print(f"### {WORKLOADS.get(workload, workload)}")
    print()
    print("| server | sessions/s median (min..max) | of ceiling | p50 ms | p99 ms | failed | CPU ms/session | CPU % |")
    print("|---|---|---|---|---|---|---|---|")
    ceiling = variants.get("ceiling", {})
    for variant in sorted(variants, key=order):
        rounds = variants[variant]
        rates = [r["sessions_per_s"] for r in rounds.values()]
        of_ceiling = ratio(rounds, ceiling, "sessions_per_s")
        share = "" if variant == "ceiling" else fmt(of_ceiling and 100 * of_ceiling, ".0f") + " %"
        print(f"| {LABEL.get(variant, variant)} | {median(rates):,.0f} ({min(rates):,.0f}..{max(rates):,.0f}) | {share} "
              f"| {fmt(median(r['p50_ms'] for r in rounds.values()), '.1f')} "
              f"| {fmt(median(r['p99_ms'] for r in rounds.values()), '.1f')} "
              f"| {sum(r['sessions_failed'] for r in rounds.values())} "
              f"| {fmt(median(r['server_cpu_ms_per_session'] for r in rounds.values()), '.3f')} "
              f"| {fmt(median(r['server_cpu_pct'] for r in rounds.values()), '.0f')} |")
    print()
    ours = [v for v in ("smtpshield", "smtpshield-wait1s") if v in variants]
    peers = [p for p in PEERS if p in variants]
    if ours and peers:
        print("| SmtpShield ÷ peer, per round | " + " | ".join(f"{p}: sessions/s | {p}: CPU per session" for p in peers) + " |")
        print("|---|" + "---|---|" * len(peers))
        for variant in ours:
            cells = []
            for peer in peers:
                cells.append(fmt(ratio(variants[variant], variants[peer], "sessions_per_s"), ".2f") + "×")
                cells.append(fmt(ratio(variants[variant], variants[peer], "server_cpu_ms_per_session"), ".2f") + "×")
            print(f"| {LABEL[variant]} | " + " | ".join(cells) + " |")
        print()


def load_single(directory, prefix):
    return {path.stem[len(prefix):]: json.loads(path.read_text()) for path in sorted(Path(directory).glob(f"{prefix}*.json"))}


def idle_table(runs):
    print("### idle hold: listed connections read the banner, then stay silent")
    print()
    print("| server | held with banner | opened in s | PSS before MiB | PSS holding MiB | PSS per conn KiB, 1 s after opening "
          "| anonymous KiB | at the end of the hold KiB | RSS per conn KiB | CPU % holding | new session while held | still held at end |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for variant in sorted(runs, key=order):
        r = runs[variant]
        probe = f"ok ({r['probe_ms']:.0f} ms)" if r["probe_ok"] else f"FAILED ({r['probe_detail']})"
        print(f"| {LABEL.get(variant, variant)} | {r['held_with_banner']:,} of {r['requested']:,} | {r['open_s']:.1f} "
              f"| {r['server_before']['pss_kib'] / 1024:.1f} | {r['server_holding']['pss_kib'] / 1024:.1f} "
              f"| {r['pss_kib_per_conn']:.2f} | {r['pss_anon_kib_per_conn']:.2f} | {r['pss_kib_per_conn_at_end']:.2f} | {r['rss_kib_per_conn']:.2f} "
              f"| {r['server_cpu_pct_while_holding']:.1f} | {probe} | {r['alive_at_end']:,} |")
    print()
    ours = runs.get("smtpshield")
    if ours:
        key = "pss_kib_per_conn_at_end"
        for peer in PEERS:
            if peer in runs and runs[peer].get(key, 0) > 0:
                print(f"- SmtpShield ÷ {peer}, PSS per held connection at the end of the hold: {ours[key] / runs[peer][key]:.2f}×")
        print()


def wave_table(runs):
    print("### spam wave: listed connections held at RCPT, clean ones held after EHLO, a clean client delivering")
    print()
    print("| server | listed at RCPT | listed RCPT replies at the end | clean held (answering at end) | PSS per listed conn KiB, held "
          "| 2/3 into the hold | clean p50 / p99 ms before | clean p50 / p99 ms during | clean sessions failed during | CPU % holding |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for variant in sorted(runs, key=order):
        r = runs[variant]
        held = r["listed_at_held_sample"]["held"]
        codes = ", ".join(f"{code} ×{n:,}" for code, n in r["listed_at_end"]["rcpt_codes"].items()) or "-"
        before = first_run(r["clean_before"]) or {}
        during = first_run(r["clean_during"]) or {}
        print(f"| {LABEL.get(variant, variant)} | {held:,} of {r['listed_connections']:,} | {codes} "
              f"| {r['clean_held_opened']:,} ({r['clean_held_answering_at_end']:,}) "
              f"| {fmt(r['pss_kib_per_conn'], '.2f')} | {fmt(r['pss_kib_per_conn_settled'], '.2f')} "
              f"| {fmt(before.get('p50_ms'), '.0f')} / {fmt(before.get('p99_ms'), '.0f')} "
              f"| {fmt(during.get('p50_ms'), '.0f')} / {fmt(during.get('p99_ms'), '.0f')} "
              f"| {fmt(during.get('sessions_failed'), 'd')} | {fmt(r['server_cpu_pct_holding'], '.0f')} |")
    print()


def main(directory):
    rounds = load_rounds(directory)
    for workload in WORKLOADS:
        if workload in rounds:
            throughput_table(workload, rounds[workload])
    idle = load_single(directory, "idle-")
    if idle:
        idle_table(idle)
    wave = load_single(directory, "wave-")
    if wave:
        wave_table(wave)
    if not (rounds or idle or wave):
        sys.exit(f"no results in {directory}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
