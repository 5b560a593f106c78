#!/usr/bin/env bash
# SmtpShield benchmarks (benchmarks/README.md). Foundation: parser micro-benchmarks, session throughput,
# idle memory per connection. Checks: cached DNS and DNSBL-check micro-benchmarks, DNSBL lookups against
# rbldnsd, coalescing of a one-address wave, rejected sessions with the DNSBL check on. Waves: a spam wave of
# listed connections held at RCPT while a clean client delivers. Builds Release, runs a fresh daemon per
# workload group on loopback, prints a markdown summary and stops every process it started (daemons, load
# client, rbldnsd, DNS delay relay, smtp-sink, haproxy, Postfix), also on failure or Ctrl-C.
#
#   benchmarks/run.sh                  # Foundation: micro, sessions, idle (about 4 minutes on 2 cores)
#   benchmarks/run.sh checks           # Checks: dnsmicro, lookups, wave, reject (about 5 minutes)
#   benchmarks/run.sh dnsbl            # the rbldnsd workloads only: lookups, wave, reject
#   benchmarks/run.sh spamwave         # Waves: 14,250 listed connections held at RCPT, a clean client delivering (about 70 s)
#   benchmarks/run.sh sessions wave    # any subset: micro sessions idle dnsmicro lookups wave reject relay relay-postfix blocklist spamwave
#   RUNS=5 DUR=20 benchmarks/run.sh sessions
#
# Knobs (environment): RUNS=3 DUR=10 WARMUP=2 JIT_WARMUP=8 CONCURRENCY="50 500" IDLE_N="1000 10000" HOLD=20
#   MICRO_ARGS="--filter * --job short"  (BenchmarkDotNet arguments)
#   DAEMON_ENV="DOTNET_GCgen0size=0x400000 ..."  (extra environment for the daemon, for experiments)
#   RESULTS=DIR  (default: a new directory under ${TMPDIR:-/tmp}); SKIP_BUILD=1
#   Checks: DNSMICRO_ARGS="--filter *CachingDnsResolver* *DnsblCheck* --job short"
#     LOOKUP_CONCURRENCY="1 50 500" LOOKUP_ADDRESSES=10000 REJECT_CONCURRENCY="50 500"
#     WAVE_SESSIONS=1000 RELAY_DELAY_MS=3000
#   Blocklist (root): BLOCK_DRIVERS="nftables ipset iptables route" BLOCK_BURST=10000 BLOCK_RESYNC=100000
#   Spam wave: WAVE_N=14250 (listed connections) SPAMWAVE_HELD=746 (clean connections held silent after EHLO)
#     SPAMWAVE_DUR=30 (clean client's seconds during the wave)
#     SPAMWAVE_CLEAN=4 (clean sessions at once) SPAMWAVE_PAUSE_MS=100 (each clean client's pause between sessions)
#     SPAMWAVE_BACKEND=postfix|sink
#     SPAMWAVE_TARPIT=auto|1|0 (the Tarpit stutter: on when the daemon build knows it / on / off)
#   DAEMON_DLL=PATH  (another daemon build, e.g. of a clean export; default: this tree's Release build)
# Needs no root: loopback addresses 127.1.0.0/16 (sessions), 127.2.0.0/16 (idle), 127.3.0.0/16 (probes)
# bind without configuration on Linux. sessions, relay and spamwave need smtp-sink (Debian package postfix)
# as the backend; sessions and the Checks parts need rbldnsd (Debian package rbldnsd); it serves
# bl.bench.test and wl.bench.test on a random 127.53.x.y address (data and query log under the work
# directory; as root it runs as nobody, since rbldnsd refuses to run as root).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
DUR=${DUR:-10}
WARMUP=${WARMUP:-2}
CONCURRENCY=${CONCURRENCY:-"50 500"}
IDLE_N=${IDLE_N:-"1000 10000"}
HOLD=${HOLD:-20}
JIT_WARMUP=${JIT_WARMUP:-8}
MICRO_ARGS=${MICRO_ARGS:-"--filter * --job short"}
DAEMON_ENV=${DAEMON_ENV:-}
DNSMICRO_ARGS=${DNSMICRO_ARGS:-"--filter *CachingDnsResolver* *DnsblCheck* --job short"}
LOOKUP_CONCURRENCY=${LOOKUP_CONCURRENCY:-"1 50 500"}
LOOKUP_ADDRESSES=${LOOKUP_ADDRESSES:-10000}
REJECT_CONCURRENCY=${REJECT_CONCURRENCY:-"50 500"}
RELAY_CONCURRENCY=${RELAY_CONCURRENCY:-"50 200"}
WAVE_SESSIONS=${WAVE_SESSIONS:-1000}
BLOCK_DRIVERS=${BLOCK_DRIVERS:-"nftables ipset iptables route"}
BLOCK_BURST=${BLOCK_BURST:-10000}
BLOCK_RESYNC=${BLOCK_RESYNC:-100000}
WAVE_N=${WAVE_N:-14250}
SPAMWAVE_HELD=${SPAMWAVE_HELD:-746}
SPAMWAVE_DUR=${SPAMWAVE_DUR:-30}
SPAMWAVE_CLEAN=${SPAMWAVE_CLEAN:-4}
SPAMWAVE_PAUSE_MS=${SPAMWAVE_PAUSE_MS:-100}
SPAMWAVE_BACKEND=${SPAMWAVE_BACKEND:-postfix}
SPAMWAVE_TARPIT=${SPAMWAVE_TARPIT:-auto}
RELAY_DELAY_MS=${RELAY_DELAY_MS:-3000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/smtpshield-bench.XXXXXX")
RESULTS=${RESULTS:-$WORK/results}
mkdir -p "$RESULTS"

DAEMON_DLL=${DAEMON_DLL:-$ROOT/src/SmtpShield/bin/Release/net10.0/smtpshield.dll}
LOAD_DLL=$ROOT/benchmarks/SmtpLoad/bin/Release/net10.0/smtpload.dll
MICRO_DLL=$ROOT/benchmarks/SmtpShield.Benchmarks/bin/Release/net10.0/SmtpShield.Benchmarks.dll

DAEMON_PID=
DAEMON_LOG=
DAEMON_PORT=
CHILD_PID=
RBLDNSD_PID=
RBLDNSD=        # address:port once started
RELAY_PID=
SINK_PID=
TCP_PROXY_PID=
HANDOFF_PID=
BENCH_NETNS=    # the network namespace of the blocklist part, deleted on exit
FAILED=()       # checks that did not hold (the wave's one query per zone); reported at the end, exit 1

# shellcheck source=lib/common.sh
source "$ROOT/benchmarks/lib/common.sh"
# shellcheck source=lib/daemon.sh
source "$ROOT/benchmarks/lib/daemon.sh"
# shellcheck source=lib/dns.sh
source "$ROOT/benchmarks/lib/dns.sh"
# shellcheck source=lib/backends.sh
source "$ROOT/benchmarks/lib/backends.sh"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # A load client fails when the daemon it measures has gone: say so, with the daemon's last words.
  if [[ -n $DAEMON_PID ]] && ! kill -0 "$DAEMON_PID" 2>/dev/null; then
    log "the daemon (pid $DAEMON_PID) exited during the run; the end of its log:"
    grep -v ' DISCONNECT \| NOQUEUE: ' "$DAEMON_LOG" | tail -5 >&2 || true
  fi
  stop_pid "$CHILD_PID"
  stop_pid "$DAEMON_PID"
  stop_pid "$RELAY_PID"
  stop_pid "$RBLDNSD_PID"
  stop_pid "$HANDOFF_PID"
  stop_pid "$TCP_PROXY_PID"
  stop_pid "$SINK_PID"
  stop_postfix
  [[ -n $BENCH_NETNS ]] && ip netns delete "$BENCH_NETNS" 2>/dev/null
  log "results in $RESULTS"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

run_micro() {
  log "micro-benchmarks: $MICRO_ARGS"
  local args
  read -r -a args <<<"$MICRO_ARGS" # split on spaces without expanding the '*' of --filter
  # BenchmarkDotNet finds its project by searching upwards from the working directory (main cds to $ROOT).
  run_child dotnet "$MICRO_DLL" "${args[@]}" --artifacts "$RESULTS/micro" >"$RESULTS/micro.log" 2>&1 || {
    log "micro-benchmarks failed:"
    tail -30 "$RESULTS/micro.log" >&2
    return 1
  }
}

# Loopback clients are allowlisted by default: each session is spliced to smtp-sink from the first byte.
# The relay looks up the client's name for its trace header; rbldnsd answers that PTR question REFUSED at
# once, where a resolver that cannot reach the Internet (this machine's) makes every session wait its 5 s.
run_sessions() {
  start_sink
  start_rbldnsd
  start_daemon sessions SMTPSHIELD_Relay__Backends__0__Endpoint="127.0.0.1:$SINK_PORT" \
    SMTPSHIELD_Relay__Backends__0__Identity=none SMTPSHIELD_Relay__Backends__0__SourceAddress=127.0.0.1 \
    SMTPSHIELD_Dns__Servers__0="$RBLDNSD"
  # Unmeasured: lets tiered JIT compilation settle (the first seconds after start run ~half speed).
  log "sessions: JIT warm-up (${JIT_WARMUP} s, not measured)"
  load_client sessions --server "127.0.0.1:$DAEMON_PORT" --concurrency 50 --duration "$JIT_WARMUP" \
    --warmup 0 --src 127.4.0.0/16 >"$RESULTS/sessions-jit-warmup.log"
  local c
  for c in $CONCURRENCY; do
    log "sessions: concurrency $c, $RUNS × ($WARMUP s + $DUR s)"
    load_client sessions --server "127.0.0.1:$DAEMON_PORT" --server-pid "$DAEMON_PID" \
      --concurrency "$c" --duration "$DUR" --warmup "$WARMUP" --runs "$RUNS" --src 127.1.0.0/16 \
      --json "$RESULTS/sessions-c$c.json" --markdown "$RESULTS/sessions.md" >"$RESULTS/sessions-c$c.log"
    grep '^run' "$RESULTS/sessions-c$c.log" >&2 || true
  done
  stop_daemon
  stop_pid "$SINK_PID"
  SINK_PID=
}

run_idle() {
  local n
  for n in $IDLE_N; do
    # A fresh daemon each time, so "before" is not inflated by earlier load.
    start_daemon "idle-$n"
    log "idle: $n connections held $HOLD s"
    load_client idle --server "127.0.0.1:$DAEMON_PORT" --server-pid "$DAEMON_PID" \
      --connections "$n" --hold "$HOLD" --src 127.2.0.0/16 --probe-src 127.3.0.0/16 \
      --json "$RESULTS/idle-$n.json" --markdown "$RESULTS/idle.md" >&2 || log "idle $n: not every connection held, or the probe failed"
    stop_daemon
  done
}

# ---- Checks (benchmarks/README.md "Checks") ----

run_dnsmicro() {
  log "DNS cache and DNSBL check micro-benchmarks: $DNSMICRO_ARGS"
  local args
  read -r -a args <<<"$DNSMICRO_ARGS"
  run_child dotnet "$MICRO_DLL" "${args[@]}" --artifacts "$RESULTS/dnsmicro" >"$RESULTS/dnsmicro.log" 2>&1 || {
    log "DNS micro-benchmarks failed:"
    tail -30 "$RESULTS/dnsmicro.log" >&2
    return 1
  }
}

run_lookups() {
  start_rbldnsd
  local c
  for c in $LOOKUP_CONCURRENCY; do
    log "lookups: $LOOKUP_ADDRESSES distinct addresses, $c in flight, $RUNS runs"
    # Not load_client: the resolver is measured as the daemon runs it, continuations on the thread pool.
    run_child dotnet "$LOAD_DLL" dnsbl --server "$RBLDNSD" --server-pid "$RBLDNSD_PID" --zone bl.bench.test --range 10.1.0.0/16 \
      --addresses "$LOOKUP_ADDRESSES" --concurrency "$c" --runs "$RUNS" \
      --json "$RESULTS/lookups-c$c.json" --markdown "$RESULTS/lookups.md" >"$RESULTS/lookups-c$c.log" ||
      log "lookups c=$c: some questions got no answer (see $RESULTS/lookups-c$c.log)"
    grep '^run' "$RESULTS/lookups-c$c.log" >&2 || true
  done
}

# One wave: WAVE_SESSIONS sessions from CLIENT, then rbldnsd's count of each question about CLIENT.
# Expected (bl lists the client, wl does not): bl A 1, bl TXT 1, wl A 1, wl TXT 0.
wave_once() {
  local variant=$1 client=$2 dns=$3
  shift 3
  checks_env "$dns"
  start_daemon "wave-$variant" "${CHECKS_ENV[@]}" \
    'SMTPSHIELD_Dnsbl__Zones__0=bl.bench.test*3' \
    'SMTPSHIELD_Dnsbl__Zones__1=wl.bench.test=127.0.[0..255].[1..3]*-2' "$@"
  log "wave ($variant): $WAVE_SESSIONS sessions from $client"
  local status=0
  load_client wave --server "127.0.0.1:$DAEMON_PORT" --src "$client" --sessions "$WAVE_SESSIONS" --expect-rcpt 554 \
    --timeout 120 --json "$RESULTS/wave-$variant.json" >"$RESULTS/wave-$variant.log" || status=$?
  cat "$RESULTS/wave-$variant.log" >&2
  stop_daemon
  sleep 1 # rbldnsd writes each line as it answers; the sessions all had their answers, this is margin
  local reversed counts expected="1 1 1 0" line
  reversed=$(awk -F. '{ print $4 "." $3 "." $2 "." $1 }' <<<"$client")
  counts="$(count_queries "$reversed.bl.bench.test" A) $(count_queries "$reversed.bl.bench.test" TXT)"
  counts+=" $(count_queries "$reversed.wl.bench.test" A) $(count_queries "$reversed.wl.bench.test" TXT)"
  line=$(grep '^wave from' "$RESULTS/wave-$variant.log" || echo "wave: no result")
  local connect replies failed
  connect=$(sed -n 's/.* in \([0-9.]*\) s; completed.*/\1/p' <<<"$line")
  replies=$(sed -n 's/.*RCPT replies \([^;]*\);.*/\1/p' <<<"$line")
  failed=$(sed -n 's/.*, failed \([0-9]*\);.*/\1/p' <<<"$line")
  read -r bla blt wla wlt <<<"$counts"
  local verdict=ok
  if [[ $counts != "$expected" ]]; then
    verdict="FAILED: expected 1 1 1 0"
    FAILED+=("wave ($variant) from $client: rbldnsd saw bl A=$bla TXT=$blt, wl A=$wla TXT=$wlt; expected exactly one A per zone and one TXT for the listing zone")
  fi
  if ((status != 0)); then
    verdict+="; sessions failed"
    FAILED+=("wave ($variant): not every session ended with 554 (see $RESULTS/wave-$variant.log)")
  fi
  [[ -s $RESULTS/wave.md ]] || {
    echo "| variant | sessions | connected in s | RCPT replies | failed | bl.bench.test A | bl TXT | wl.bench.test A | wl TXT | result |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
  } >"$RESULTS/wave.md"
  echo "| $variant | $WAVE_SESSIONS | ${connect:--} | ${replies:--} | ${failed:--} | $bla | $blt | $wla | $wlt | $verdict |" >>"$RESULTS/wave.md"
  log "wave ($variant): rbldnsd saw bl A=$bla TXT=$blt, wl A=$wla TXT=$wlt: $verdict"
}

run_wave() {
  start_rbldnsd
  # 1. As configured by default: the cache and the coalescing together.
  wave_once cache 127.7.0.1 "$RBLDNSD"

  # 2. Coalescing alone: no cache (Dns:MaxCacheEntries=0) and every query held RELAY_DELAY_MS by the relay,
  #    so all the sessions' questions arrive while the first one is still in flight.
  log "DNS delay relay: ${RELAY_DELAY_MS} ms in front of rbldnsd"
  local address=${RBLDNSD%:*} relay_port=
  # exec: the recorded id is the relay's own, so stop_pid reaches it.
  (exec dotnet "$LOAD_DLL" dns-delay --listen "$address:0" --upstream "$RBLDNSD" --delay-ms "$RELAY_DELAY_MS" \
    >"$WORK/relay.log" 2>&1) &
  RELAY_PID=$!
  for _ in $(seq 1 100); do
    relay_port=$(sed -n 's/^LISTEN udp [0-9.]*:\([0-9]*\)$/\1/p' "$WORK/relay.log")
    [[ -n $relay_port ]] && break
    sleep 0.1
  done
  if [[ -z $relay_port ]]; then
    log "the DNS delay relay did not start: $(cat "$WORK/relay.log")"
    return 1
  fi
  local delay_s=$((RELAY_DELAY_MS / 1000 + 1))
  wave_once no-cache-delay-${RELAY_DELAY_MS}ms 127.7.0.2 "$address:$relay_port" \
    SMTPSHIELD_Dns__MaxCacheEntries=0 \
    "SMTPSHIELD_Dns__Timeout=00:00:$((delay_s + 5))" \
    SMTPSHIELD_Dns__Attempts=1 \
    "SMTPSHIELD_Policy__CheckTimeout=00:00:$((delay_s * 2 + 10))"
  stop_pid "$RELAY_PID"
  RELAY_PID=
  log "relay: $(tail -1 "$WORK/relay.log")"
  echo "Relay: $(tail -1 "$WORK/relay.log")" >"$RESULTS/wave-relay.txt"
}

run_reject() {
  start_rbldnsd
  checks_env "$RBLDNSD"
  start_daemon reject "${CHECKS_ENV[@]}" 'SMTPSHIELD_Dnsbl__Zones__0=bl.bench.test*3'
  log "reject: JIT warm-up (${JIT_WARMUP} s, not measured)"
  load_client sessions --server "127.0.0.1:$DAEMON_PORT" --concurrency 50 --duration "$JIT_WARMUP" \
    --warmup 0 --src 127.1.0.0/16 >"$RESULTS/reject-jit-warmup.log"
  # distinct: a new listed address every session (65,534 round-robin: far more than the cache holds), so every
  #   session asks rbldnsd for A and TXT, as every session of a wave of distinct hosts would (the peers' setup).
  # cached: 254 listed addresses, answered from the cache after the first round.
  local variant src c before after ticks_before ticks_after started seconds
  for variant in distinct cached; do
    [[ $variant == distinct ]] && src=127.1.0.0/16 || src=127.1.1.0/24
    for c in $REJECT_CONCURRENCY; do
      log "reject ($variant, --src $src): concurrency $c, $RUNS × ($WARMUP s + $DUR s)"
      before=$(query_lines)
      ticks_before=$(cpu_ticks "$RBLDNSD_PID")
      started=$(date +%s.%N)
      load_client sessions --server "127.0.0.1:$DAEMON_PORT" --server-pid "$DAEMON_PID" --expect-rcpt 554 \
        --concurrency "$c" --duration "$DUR" --warmup "$WARMUP" --runs "$RUNS" --src "$src" \
        --json "$RESULTS/reject-$variant-c$c.json" --markdown "$RESULTS/reject-$variant.md" >"$RESULTS/reject-$variant-c$c.log"
      seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
      after=$(query_lines)
      ticks_after=$(cpu_ticks "$RBLDNSD_PID")
      grep '^run' "$RESULTS/reject-$variant-c$c.log" >&2 || true
      awk -v v="$variant" -v c="$c" -v q=$((after - before)) -v t=$((ticks_after - ticks_before)) -v s="$seconds" \
        'BEGIN { printf "- %s, c=%s: rbldnsd answered %.0f queries/s and used %.0f %% of a core over the whole command (warm-ups included)\n", v, c, q / s, t / s }' \
        >>"$RESULTS/reject-dns.md"
    done
  done
  stop_daemon
}

# relay_warmup VARIANT SERVER: unmeasured load so tiered JIT compilation settles first.
relay_warmup() {
  log "relay ($1): JIT warm-up (${JIT_WARMUP} s, not measured)"
  load_client sessions --server "$2" --concurrency 50 --duration "$JIT_WARMUP" --warmup 0 \
    --message-size 4096 --src 127.1.0.0/16 >"$RESULTS/relay-$1-jit-warmup.log"
}

# relay_rounds GROUP "VARIANT SERVER PID" ...: 4 KB deliveries at each RELAY_CONCURRENCY, the variants
# taking turns run by run (round r of every variant before round r+1 of any), so a change in the
# machine's load hits all of them alike; each run's figure is also divided by the direct run of its own
# round. PID is the process whose CPU is counted (the middle one; for direct, the backend), "-" for none.
relay_rounds() {
  local group=$1 c round entry variant server pid
  shift
  mkdir -p "$RESULTS/relay"
  for c in $RELAY_CONCURRENCY; do
    for round in $(seq 1 "$RUNS"); do
      for entry in "$@"; do
        read -r variant server pid <<<"$entry"
        log "relay ($variant): 4 KB messages, concurrency $c, round $round of $RUNS ($WARMUP s + $DUR s)"
        local cpu=()
        [[ $pid == - ]] || cpu=(--server-pid "$pid")
        load_client sessions --server "$server" "${cpu[@]}" --expect-rcpt 250 --message-size 4096 \
          --concurrency "$c" --duration "$DUR" --warmup "$WARMUP" --runs 1 --src 127.1.0.0/16 \
          --json "$RESULTS/relay/$group-$variant-c$c-r$round.json" >"$RESULTS/relay/$group-$variant-c$c-r$round.log"
        grep '^run' "$RESULTS/relay/$group-$variant-c$c-r$round.log" | sed "s/^run 1:/  $variant:/" >&2 || true
      done
    done
  done
  python3 "$ROOT/benchmarks/relay_table.py" "$RESULTS/relay" "$group" >"$RESULTS/relay-$group.md"
}

# Relay: 4 KB messages delivered to Postfix's smtp-sink directly, through a plain TCP proxy (haproxy),
# and through SmtpShield (handed off at RCPT, and on the fast path from the first byte), in one run.
# smtp-sink's XCLIENT lacks ADDR and it has no PROXY support, so SmtpShield uses Identity "none" here:
# the mode that follows the dialogue to add the trace header and normalise message data, the costliest.
run_relay() {
  local sink_port variants=()
  start_sink
  sink_port=$SINK_PORT
  variants+=("direct 127.0.0.1:$sink_port $SINK_PID")
  if start_tcp_proxy "$sink_port"; then
    variants+=("tcp-proxy 127.0.0.1:$TCP_PROXY_PORT $TCP_PROXY_PID")
  fi
  start_rbldnsd
  checks_env "$RBLDNSD"
  local relay_env=(
    "${CHECKS_ENV[@]}"
    SMTPSHIELD_Relay__Backends__0__Endpoint="127.0.0.1:$sink_port"
    SMTPSHIELD_Relay__Backends__0__Identity=none
    SMTPSHIELD_Relay__Backends__0__SourceAddress=127.0.0.1
    SMTPSHIELD_Policy__PassCacheTtl=00:00:00
  )
  # Both daemons run side by side (an idle daemon costs nothing measurable), so the rounds can alternate.
  start_daemon relay-handoff "${relay_env[@]}"
  HANDOFF_PID=$DAEMON_PID
  variants+=("handoff 127.0.0.1:$DAEMON_PORT $DAEMON_PID")
  relay_warmup handoff "127.0.0.1:$DAEMON_PORT"
  start_daemon relay-fastpath "${relay_env[@]}" SMTPSHIELD_Policy__Allow__1=127.1.0.0/16
  variants+=("fastpath 127.0.0.1:$DAEMON_PORT $DAEMON_PID")
  relay_warmup fastpath "127.0.0.1:$DAEMON_PORT"
  relay_rounds sink "${variants[@]}"
  stop_daemon
  stop_pid "$HANDOFF_PID"
  HANDOFF_PID=
  stop_pid "$TCP_PROXY_PID"
  TCP_PROXY_PID=
  stop_pid "$SINK_PID"
  SINK_PID=
}

# Blocklist: for each kernel driver, a burst of BLOCK_BURST automatic blocks until the kernel holds them
# all, and a start-up resync of BLOCK_RESYNC stored entries (the driver's own batch), with the daemon's
# classes (SmtpShield.Benchmarks blocklist-kernel). Root only, inside a network namespace made here with
# the deploy/ rulesets loaded, so the host's own firewall and routes are never touched.
run_blocklist() {
  if ((EUID != 0)); then
    log "blocklist: needs root (nft, ipset, iptables, ip in a network namespace); skipped"
    return 1
  fi
  local driver resync
  for tool in nft ipset iptables; do
    command -v "$tool" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nftables ipset iptables >/dev/null
  done
  BENCH_NETNS=smtpshield-bench-$$
  ip netns add "$BENCH_NETNS"
  ip netns exec "$BENCH_NETNS" nft -f "$ROOT/deploy/nftables/smtpshield.nft"
  ip netns exec "$BENCH_NETNS" sh "$ROOT/deploy/ipset/smtpshield-ipset.sh"
  ip netns exec "$BENCH_NETNS" sh "$ROOT/deploy/iptables/smtpshield-iptables.sh"
  : >"$RESULTS/blocklist.txt"
  for driver in $BLOCK_DRIVERS; do
    # iptables and route are linear lists in the kernel: a resync of 100,000 is not what they are for.
    resync=$BLOCK_RESYNC
    [[ $driver == iptables || $driver == route ]] && resync=$BLOCK_BURST
    log "blocklist ($driver): burst of $BLOCK_BURST, resync of $resync"
    run_child ip netns exec "$BENCH_NETNS" dotnet "$MICRO_DLL" blocklist-kernel "$driver" "$BLOCK_BURST" "$resync" \
      | tee -a "$RESULTS/blocklist.txt" >&2
  done
  ip netns delete "$BENCH_NETNS"
  BENCH_NETNS=
}

# Relay with a real MTA behind: 4 KB messages to Postfix directly and through SmtpShield (XCLIENT).
run_relay_postfix() {
  local sink_port
  start_sink
  sink_port=$SINK_PORT
  start_postfix backend "$sink_port" || return 1
  start_rbldnsd
  checks_env "$RBLDNSD"
  start_daemon relay-postfix "${CHECKS_ENV[@]}" SMTPSHIELD_Relay__Backends__0__Endpoint="127.0.0.1:$POSTFIX_PORT" \
    SMTPSHIELD_Relay__Backends__0__Identity=xclient SMTPSHIELD_Policy__PassCacheTtl=00:00:00
  relay_warmup postfix-handoff "127.0.0.1:$DAEMON_PORT"
  # Postfix's CPU is its whole process tree (the master, one smtpd per connection).
  relay_rounds postfix "direct 127.0.0.1:$POSTFIX_PORT $POSTFIX_PID" "handoff 127.0.0.1:$DAEMON_PORT $DAEMON_PID"
  stop_daemon
  stop_postfix
  stop_pid "$SINK_PID"
  SINK_PID=
}

# ---- Waves (benchmarks/README.md "Spam wave") ----

# The Waves issue's tarpit settings: a rejection at RCPT is written a byte at a time (spamd's stutter), a
# byte at most every 1 s and the whole reply within 30 s, for up to 16,000 sessions at once. Builds from
# before the tarpit have no Tarpit section (an unknown setting is a configuration error), so the daemon's
# check-config is asked first. SPAMWAVE_TARPIT=auto: on when the build knows them; 1: on (a build without
# them then fails to start); 0: stutter off (StutterRejects=false), or nothing for a build without them.
tarpit_env() {
  local on=(
    SMTPSHIELD_Tarpit__StutterRejects=true
    SMTPSHIELD_Tarpit__StutterInterval=00:00:01
    SMTPSHIELD_Tarpit__MaxStutter=00:00:30
    SMTPSHIELD_Tarpit__MaxTarpitted=16000
  ) known=1
  # In the work directory, as the daemon runs: it reads the configuration next to its dll, not this tree's.
  (cd "$WORK" && env "${on[@]}" dotnet "$DAEMON_DLL" check-config >/dev/null 2>&1) || known=0
  case $SPAMWAVE_TARPIT:$known in
    auto:1 | 1:*) TARPIT_ENV=("${on[@]}") TARPIT_TEXT="stuttered (a byte at most every 1 s, the whole reply within 30 s)" ;;
    0:1) TARPIT_ENV=(SMTPSHIELD_Tarpit__StutterRejects=false) TARPIT_TEXT="without stutter (Tarpit:StutterRejects=false)" ;;
    auto:0 | 0:0) TARPIT_ENV=() TARPIT_TEXT="without stutter (this daemon build has no tarpit)" ;;
    *)
      log "SPAMWAVE_TARPIT is auto, 1 or 0, not '$SPAMWAVE_TARPIT'"
      return 2
      ;;
  esac
}

# Spam wave: WAVE_N listed connections (127.60.0.0/16, one address each) stop at RCPT and stay connected,
# SPAMWAVE_HELD clean ones (127.61.0.0/16, not listed) sit silent after EHLO, and SPAMWAVE_CLEAN clean
# clients (the same range) deliver through SmtpShield to a real backend (Postfix, relaying to smtp-sink;
# or smtp-sink alone). SmtpLoad spamwave samples the daemon's PSS
# and CPU before and while the wave is held.
run_spamwave() {
  if (($(ulimit -n) < WAVE_N + SPAMWAVE_HELD + 1000)); then
    log "spamwave: the client may open $(ulimit -n) descriptors, fewer than WAVE_N + SPAMWAVE_HELD + 1000 = $((WAVE_N + SPAMWAVE_HELD + 1000)); raise the hard limit or lower WAVE_N"
    return 1
  fi
  local backend backend_env
  start_sink
  if [[ $SPAMWAVE_BACKEND == postfix ]] && start_postfix backend "$SINK_PORT"; then
    backend="Postfix smtpd (XCLIENT; relaying to smtp-sink)"
    backend_env=(SMTPSHIELD_Relay__Backends__0__Endpoint="127.0.0.1:$POSTFIX_PORT" SMTPSHIELD_Relay__Backends__0__Identity=xclient)
  else
    [[ $SPAMWAVE_BACKEND == postfix ]] && log "spamwave: Postfix did not start; smtp-sink is the backend"
    backend="smtp-sink (Identity none)"
    backend_env=(SMTPSHIELD_Relay__Backends__0__Endpoint="127.0.0.1:$SINK_PORT" SMTPSHIELD_Relay__Backends__0__Identity=none
      SMTPSHIELD_Relay__Backends__0__SourceAddress=127.0.0.1)
  fi
  start_rbldnsd
  checks_env "$RBLDNSD"
  tarpit_env || return 1
  start_daemon spamwave "${CHECKS_ENV[@]}" 'SMTPSHIELD_Dnsbl__Zones__0=bl.bench.test*3' \
    SMTPSHIELD_Limits__MaxSessions=16000 SMTPSHIELD_Limits__MaxSessionsPerClient=16000 \
    SMTPSHIELD_Limits__MaxConnectionsPerClientPerMinute=0 "${backend_env[@]}" "${TARPIT_ENV[@]}"
  log "spamwave: $WAVE_N listed connections held at RCPT, replies $TARPIT_TEXT; $SPAMWAVE_HELD clean ones held after EHLO; $SPAMWAVE_CLEAN clean clients (${SPAMWAVE_PAUSE_MS} ms between sessions) to $backend for $SPAMWAVE_DUR s"
  local status=0 started_ticks
  started_ticks=$(cpu_ticks "$RBLDNSD_PID")
  load_client spamwave --server "127.0.0.1:$DAEMON_PORT" --server-pid "$DAEMON_PID" --connections "$WAVE_N" \
    --src 127.60.0.0/16 --clean-src 127.61.0.0/16 --clean-parallel "$SPAMWAVE_CLEAN" --clean-pause-ms "$SPAMWAVE_PAUSE_MS" --held-clean "$SPAMWAVE_HELD" --duration "$SPAMWAVE_DUR" \
    --jit-warmup "$JIT_WARMUP" --json "$RESULTS/spamwave.json" --markdown "$RESULTS/spamwave.md" >"$RESULTS/spamwave.log" || status=$?
  grep -v '^|' "$RESULTS/spamwave.log" >&2 || true
  echo "- backend: $backend; listed clients' RCPT replies $TARPIT_TEXT; rbldnsd used $(( $(cpu_ticks "$RBLDNSD_PID") - started_ticks )) ticks (1/100 s) of CPU" \
    >"$RESULTS/spamwave-setup.md"
  if ((status != 0)); then
    FAILED+=("spamwave: a clean session was refused, or not every listed connection reached RCPT (see $RESULTS/spamwave.log)")
  fi
  stop_daemon
  stop_postfix
  stop_pid "$SINK_PID"
  SINK_PID=
}

summary() {
  local out=$RESULTS/summary.md
  {
    echo "# SmtpShield benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (work tree modified)'); " \
      "$(nproc) cores; load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg); client and server share the cores"
    if [[ -s $RESULTS/loads.md ]]; then
      echo
      cat "$RESULTS/loads.md"
    fi
    if [[ -s $RESULTS/micro.log ]]; then
      echo
      echo "## Parser and reply writer (BenchmarkDotNet: $MICRO_ARGS)"
      for f in "$RESULTS"/micro/results/*-report-github.md; do
        [[ -e $f ]] || continue
        echo
        grep '^|' "$f"
      done
    fi
    if [[ -s $RESULTS/sessions.md ]]; then
      echo
      echo "## Sessions: connect, banner, EHLO, MAIL, RCPT, QUIT ($RUNS runs of $DUR s after $WARMUP s warm-up; medians)"
      echo
      cat "$RESULTS/sessions.md"
    fi
    if [[ -s $RESULTS/idle.md ]]; then
      echo
      echo "## Idle: N connections read the banner, then stay silent ($HOLD s hold)"
      echo
      cat "$RESULTS/idle.md"
    fi
    if [[ -s $RESULTS/dnsmicro.log ]]; then
      echo
      echo "## Cached DNS lookups and the DNSBL check (BenchmarkDotNet: $DNSMICRO_ARGS)"
      for f in "$RESULTS"/dnsmicro/results/*-report-github.md; do
        [[ -e $f ]] || continue
        echo
        grep '^|' "$f"
      done
    fi
    if [[ -s $RESULTS/lookups.md ]]; then
      echo
      echo "## DNSBL lookups: $LOOKUP_ADDRESSES distinct addresses against rbldnsd, SmtpShield's stub resolver, no cache ($RUNS runs; medians)"
      echo
      cat "$RESULTS/lookups.md"
    fi
    if [[ -s $RESULTS/wave.md ]]; then
      echo
      echo "## Wave: $WAVE_SESSIONS concurrent sessions from one listed address; questions rbldnsd got about it"
      echo
      cat "$RESULTS/wave.md"
      [[ -s $RESULTS/wave-relay.txt ]] && { echo; cat "$RESULTS/wave-relay.txt"; }
    fi
    local variant
    for variant in distinct cached; do
      [[ -s $RESULTS/reject-$variant.md ]] || continue
      echo
      echo "## Reject, $variant listed clients: DNSBL check on, RCPT -> 554 ($RUNS runs of $DUR s after $WARMUP s warm-up; medians)"
      echo
      cat "$RESULTS/reject-$variant.md"
    done
    if [[ -s $RESULTS/reject-dns.md ]]; then
      echo
      cat "$RESULTS/reject-dns.md"
    fi
    if [[ -s $RESULTS/blocklist.txt ]]; then
      echo
      echo "## Blocklist: a burst of $BLOCK_BURST blocks, and a resync of stored entries, into the kernel (in a network namespace)"
      echo
      sed 's/^/    /' "$RESULTS/blocklist.txt"
    fi
    if [[ -s $RESULTS/spamwave.md ]]; then
      echo
      echo "## Spam wave: $WAVE_N listed connections held at RCPT and $SPAMWAVE_HELD clean ones after EHLO, $SPAMWAVE_CLEAN clean clients delivering for $SPAMWAVE_DUR s (${SPAMWAVE_PAUSE_MS} ms between sessions)"
      echo
      cat "$RESULTS/spamwave-setup.md"
      echo
      cat "$RESULTS/spamwave.md"
    fi
    local group
    for group in sink postfix; do
      [[ -s $RESULTS/relay-$group.md ]] || continue
      echo
      echo "## Relay to $group: 4 KB messages ($RUNS rounds of $DUR s after $WARMUP s warm-up, variants taking turns; medians)"
      echo
      cat "$RESULTS/relay-$group.md"
    done
  } >"$out"
  cat "$out"
}

main() {
  local parts=() part
  for part in "$@"; do
    case $part in
      checks) parts+=(dnsmicro lookups wave reject) ;;
      dnsbl) parts+=(lookups wave reject) ;;
      *) parts+=("$part") ;;
    esac
  done
  ((${#parts[@]})) || parts=(micro sessions idle)
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  cd "$ROOT"
  LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
  if [[ -z ${SKIP_BUILD:-} ]]; then
    log "building Release"
    build src/SmtpShield/SmtpShield.csproj
    build benchmarks/SmtpLoad/SmtpLoad.csproj
    build benchmarks/SmtpShield.Benchmarks/SmtpShield.Benchmarks.csproj
  fi
  local part
  for part in "${parts[@]}"; do
    # The machine is shared: the load average next to each part says how quiet it was.
    echo "- $part: started $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/loads.md"
    case $part in
      micro) run_micro ;;
      sessions) run_sessions ;;
      idle) run_idle ;;
      dnsmicro) run_dnsmicro ;;
      lookups) run_lookups ;;
      wave) run_wave ;;
      reject) run_reject ;;
      relay) run_relay ;;
      relay-postfix) run_relay_postfix ;;
      blocklist) run_blocklist ;;
      spamwave) run_spamwave ;;
      *) log "unknown part '$part' (micro, sessions, idle, dnsmicro, lookups, wave, reject, relay, relay-postfix, blocklist, spamwave; groups: checks, dnsbl)"; return 2 ;;
    esac
  done
  echo "- end: $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/loads.md"
  summary
  if ((${#FAILED[@]})); then
    printf '\n!! %s\n' "${FAILED[@]}" >&2
    return 1
  fi
}

main "$@"
