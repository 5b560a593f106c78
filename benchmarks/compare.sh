#!/usr/bin/env bash
# SmtpShield side by side with its peers, Postfix postscreen and Haraka (benchmarks/README.md "Side by
# side"): the same load client (SmtpLoad), the same DNSBL (rbldnsd), the same backend (smtp-sink), the same
# machine, in one run; one table of absolute figures and SmtpShield's ratios to each peer.
#
#   sudo benchmarks/compare.sh                   # everything (about 20 minutes on 2 cores)
#   sudo benchmarks/compare.sh reject relay      # a subset: reject relay idle wave
#   RUNS=5 DUR=20 sudo -E benchmarks/compare.sh reject
#
# Workloads (clients bind their own loopback source address, one per session, round-robin from a range):
#   reject   listed clients (127.1.0.0/16): banner, EHLO, MAIL, RCPT -> 5xx, QUIT; concurrency REJECT_C.
#            SmtpShield twice: without a pregreet wait (its default) and with a 1 s wait and a 220- teaser,
#            postscreen's smallest greet wait, like for like. Ceiling: the same dialogue against smtp-sink.
#   relay    4 KB messages at concurrency RELAY_C to smtp-sink through each peer, from returning clients
#            (254 addresses, all seen in the warm-up) and from first-contact clients (a fresh /16 for every
#            run). Ceiling: the same load straight to smtp-sink.
#   idle     IDLE_N listed connections read the banner and stay silent HOLD s; PSS per held connection 1 s
#            after opening and at the end (longer than SmtpShield's 1 min trim gap: the steady state).
#   wave     the Waves issue's spam wave against each: WAVE_N listed connections held at RCPT, WAVE_HELD
#            clean ones silent after EHLO, a clean client delivering meanwhile (SmtpLoad spamwave).
# Throughput workloads run all servers side by side and take turns run by run (round r of every server
# before round r+1 of any), so a change in the machine's load hits them alike; idle and wave start each
# server fresh and alone. CPU and PSS are each server's whole process tree, from /proc.
#
# Knobs: RUNS=3 DUR=10 WARMUP=2 JIT_WARMUP=8 REJECT_C=500 RELAY_C=50 IDLE_N=10000 HOLD=75
#   WAVE_N=14250 WAVE_HELD=746 WAVE_DUR=30 RESULTS=DIR SKIP_BUILD=1 HARAKA_HOME=/var/cache/smtpshield-bench/haraka
# Root: rbldnsd on port 53 (what resolv.conf can name) and a mount namespace per peer whose
# /etc/resolv.conf names it; the host's own resolver file is never changed. Installs what it lacks
# (postfix, rbldnsd, npm, Haraka from npm). Stops every process it started, also on failure or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
DUR=${DUR:-10}
WARMUP=${WARMUP:-2}
JIT_WARMUP=${JIT_WARMUP:-8}
REJECT_C=${REJECT_C:-500}
RELAY_C=${RELAY_C:-50}
IDLE_N=${IDLE_N:-10000}
HOLD=${HOLD:-75}
WAVE_N=${WAVE_N:-14250}
WAVE_HELD=${WAVE_HELD:-746}
WAVE_DUR=${WAVE_DUR:-30}
WAVE_SESSIONS=1000 # checks_env's per-client session limit is twice this
DAEMON_ENV=${DAEMON_ENV:-}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/smtpshield-compare.XXXXXX")
RESULTS=${RESULTS:-$WORK/results}
mkdir -p "$RESULTS/compare"
RBLDNSD_PORT=53

DAEMON_DLL=${DAEMON_DLL:-$ROOT/src/SmtpShield/bin/Release/net10.0/smtpshield.dll}
LOAD_DLL=$ROOT/benchmarks/SmtpLoad/bin/Release/net10.0/smtpload.dll

CHILD_PID=
DAEMON_PID=
DAEMON_PORT=
RBLDNSD_PID=
RBLDNSD=
SINK_PID=
TCP_PROXY_PID=
HARAKA_PID=
SHIELD_PIDS=() # every SmtpShield daemon started, stopped on exit
FAILED=()

# shellcheck source=lib/common.sh
source "$ROOT/benchmarks/lib/common.sh"
# shellcheck source=lib/daemon.sh
source "$ROOT/benchmarks/lib/daemon.sh"
# shellcheck source=lib/dns.sh
source "$ROOT/benchmarks/lib/dns.sh"
# shellcheck source=lib/backends.sh
source "$ROOT/benchmarks/lib/backends.sh"
# shellcheck source=lib/haraka.sh
source "$ROOT/benchmarks/lib/haraka.sh"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$CHILD_PID"
  stop_shields
  stop_haraka
  stop_postfix
  stop_pid "$SINK_PID"
  stop_pid "$RBLDNSD_PID"
  log "results in $RESULTS"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

install_missing() {
  local packages=()
  command -v postfix >/dev/null || packages+=(postfix)
  command -v rbldnsd >/dev/null || [[ -x /usr/sbin/rbldnsd ]] || packages+=(rbldnsd)
  command -v npm >/dev/null || packages+=(npm)
  command -v unshare >/dev/null || packages+=(util-linux)
  ((${#packages[@]})) || return 0
  log "installing ${packages[*]}"
  # "No configuration": the package must not set up or start a system Postfix; only private instances run.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
}

# start_shield NAME [SMTPSHIELD_X=Y ...]: a daemon with the DNSBL check (bl.bench.test, listed -> 554 at
# RCPT) relaying to smtp-sink; the pass cache on (its default), so returning clients are spared the checks.
# Dnsbl:QueryTxt off: the A question only, as the peers ask (SmtpShield's default also asks the TXT reason).
# smtp-sink's XCLIENT lacks ADDR and it has no PROXY support, so Identity is "none".
start_shield() {
  local name=$1
  shift
  checks_env "$RBLDNSD"
  start_daemon "$name" "${CHECKS_ENV[@]}" 'SMTPSHIELD_Dnsbl__Zones__0=bl.bench.test*3' SMTPSHIELD_Dnsbl__QueryTxt=false \
    SMTPSHIELD_Relay__Backends__0__Endpoint="127.0.0.1:$SINK_PORT" SMTPSHIELD_Relay__Backends__0__Identity=none \
    SMTPSHIELD_Relay__Backends__0__SourceAddress=127.0.0.1 "$@" || return 1
  SHIELD_PIDS+=("$DAEMON_PID")
}

stop_shields() {
  local pid
  for pid in "${SHIELD_PIDS[@]}"; do stop_pid "$pid"; done
  SHIELD_PIDS=()
  DAEMON_PID=
}

# warm SERVER SRC [--expect-rcpt X --message-size N]: unmeasured load, so JIT compilation has settled and
# the returning clients (SRC) are in postscreen's and SmtpShield's caches.
warm() {
  local server=$1 src=$2
  shift 2
  load_client sessions --server "$server" --concurrency 50 --duration "$JIT_WARMUP" --warmup 0 --src "$src" "$@" \
    >>"$RESULTS/compare/warmups.log" || true
}

# rounds WORKLOAD "VARIANT SERVER PID SRC EXPECT" ... -- LOAD_ARGS...: RUNS rounds, every variant once a
# round. SRC "fresh" is a new /16 per run (first-contact clients); EXPECT is the RCPT reply each session
# must get (a code, or a class digit: the peers reject with 550, SmtpShield with 554).
FRESH_RANGE=100
rounds() {
  local workload=$1 entries=() round entry variant server pid src expect
  shift
  while [[ $1 != -- ]]; do
    entries+=("$1")
    shift
  done
  shift
  for round in $(seq 1 "$RUNS"); do
    for entry in "${entries[@]}"; do
      read -r variant server pid src expect <<<"$entry"
      if [[ $src == fresh ]]; then
        src=127.$FRESH_RANGE.0.0/16
        FRESH_RANGE=$((FRESH_RANGE + 1))
      fi
      log "$workload ($variant): round $round of $RUNS, $WARMUP s + $DUR s, --src $src"
      load_client sessions --server "$server" --server-pid "$pid" --duration "$DUR" --warmup "$WARMUP" --runs 1 \
        --src "$src" --expect-rcpt "$expect" "$@" --json "$RESULTS/compare/$workload-$variant-r$round.json" \
        >"$RESULTS/compare/$workload-$variant-r$round.log" || true
      grep '^run' "$RESULTS/compare/$workload-$variant-r$round.log" | sed "s/^run 1:/  $variant:/" >&2 || true
    done
  done
}

# reject and relay: smtp-sink (the ceiling), SmtpShield, postscreen and Haraka all up, taking turns. False
# (everything it started stopped) when a server does not start: the rounds need all of them.
run_throughput() {
  local parts=$1 sink="127.0.0.1:$SINK_PORT"
  start_shield compare-shield || return 1
  local shield="127.0.0.1:$DAEMON_PORT" shield_pid=$DAEMON_PID
  start_shield compare-shield-wait SMTPSHIELD_Pregreet__Wait=00:00:01 SMTPSHIELD_Pregreet__Teaser=true || { stop_shields; return 1; }
  local shield_wait="127.0.0.1:$DAEMON_PORT" shield_wait_pid=$DAEMON_PID
  start_postfix postscreen "$SINK_PORT" "${RBLDNSD%:*}" || { stop_shields; return 1; }
  local postscreen="127.0.0.1:$POSTFIX_PORT"
  start_haraka "$SINK_PORT" "${RBLDNSD%:*}" || { stop_postfix; stop_shields; return 1; }
  local haraka="127.0.0.1:$HARAKA_PORT" server
  log "warm-up: $JIT_WARMUP s of deliveries from the returning clients to each server"
  for server in "$shield" "$shield_wait" "$postscreen" "$haraka"; do
    warm "$server" 127.2.1.0/24 --expect-rcpt 250 --message-size 4096
  done
  if [[ $parts == *reject* ]]; then
    rounds reject \
      "ceiling $sink $SINK_PID 127.1.0.0/16 250" \
      "smtpshield $shield $shield_pid 127.1.0.0/16 5" \
      "smtpshield-wait1s $shield_wait $shield_wait_pid 127.1.0.0/16 5" \
      "postscreen $postscreen $POSTFIX_PID 127.1.0.0/16 5" \
      "haraka $haraka $HARAKA_PID 127.1.0.0/16 5" \
      -- --concurrency "$REJECT_C"
  fi
  if [[ $parts == *relay* ]]; then
    rounds relay-returning \
      "ceiling $sink $SINK_PID 127.2.1.0/24 250" \
      "smtpshield $shield $shield_pid 127.2.1.0/24 250" \
      "postscreen $postscreen $POSTFIX_PID 127.2.1.0/24 250" \
      "haraka $haraka $HARAKA_PID 127.2.1.0/24 250" \
      -- --concurrency "$RELAY_C" --message-size 4096
    rounds relay-first-contact \
      "ceiling $sink $SINK_PID fresh 250" \
      "smtpshield $shield $shield_pid fresh 250" \
      "postscreen $postscreen $POSTFIX_PID fresh 250" \
      "haraka $haraka $HARAKA_PID fresh 250" \
      -- --concurrency "$RELAY_C" --message-size 4096
  fi
  stop_haraka
  stop_postfix
  stop_shields
}

# each_alone PART ONCE [SMTPSHIELD_X=Y ...]: ONCE VARIANT SERVER PID against SmtpShield (with the extra
# settings), postscreen and Haraka in turn, each started fresh and alone and stopped after. A server that
# does not start is recorded in FAILED and the others still run.
each_alone() {
  local part=$1 once=$2
  shift 2
  if start_shield "$part-shield" "$@"; then
    "$once" smtpshield "127.0.0.1:$DAEMON_PORT" "$DAEMON_PID"
  else
    FAILED+=("$part (smtpshield): the daemon did not start")
  fi
  stop_shields
  if start_postfix postscreen "$SINK_PORT" "${RBLDNSD%:*}"; then
    "$once" postscreen "127.0.0.1:$POSTFIX_PORT" "$POSTFIX_PID"
  else
    FAILED+=("$part (postscreen): Postfix did not start")
  fi
  stop_postfix
  if start_haraka "$SINK_PORT" "${RBLDNSD%:*}"; then
    "$once" haraka "127.0.0.1:$HARAKA_PORT" "$HARAKA_PID"
  else
    FAILED+=("$part (haraka): Haraka did not start")
  fi
  stop_haraka
}

# idle: IDLE_N listed clients hold after the banner.
idle_once() {
  local variant=$1 server=$2 pid=$3
  log "idle ($variant): $IDLE_N listed connections held $HOLD s"
  load_client idle --server "$server" --server-pid "$pid" --connections "$IDLE_N" --hold "$HOLD" \
    --open-parallel 1000 --src 127.1.0.0/16 --probe-src 127.3.0.0/16 --timeout 60 \
    --json "$RESULTS/compare/idle-$variant.json" >"$RESULTS/compare/idle-$variant.log" ||
    FAILED+=("idle ($variant): not every connection was held, or the probe session failed (see $RESULTS/compare/idle-$variant.log)")
  grep -v '^|' "$RESULTS/compare/idle-$variant.log" | tail -3 >&2 || true
}

# wave: listed clients 127.60.0.0/16, clean ones 127.61.0.0/16.
wave_once() {
  local variant=$1 server=$2 pid=$3
  log "wave ($variant): $WAVE_N listed held at RCPT, $WAVE_HELD clean held after EHLO, a clean client delivering $WAVE_DUR s"
  load_client spamwave --server "$server" --server-pid "$pid" --connections "$WAVE_N" --src 127.60.0.0/16 \
    --clean-src 127.61.0.0/16 --held-clean "$WAVE_HELD" --duration "$WAVE_DUR" --jit-warmup "$JIT_WARMUP" \
    --json "$RESULTS/compare/wave-$variant.json" >"$RESULTS/compare/wave-$variant.log" ||
    log "wave ($variant): a target of the Waves issue was missed, or a clean session refused (see the table)"
  grep -v '^|' "$RESULTS/compare/wave-$variant.log" | tail -4 >&2 || true
}

run_wave() {
  if (($(ulimit -n) < WAVE_N + WAVE_HELD + 1000)); then
    FAILED+=("wave: the client may open $(ulimit -n) descriptors, fewer than WAVE_N + WAVE_HELD + 1000")
    return 0
  fi
  # The Waves issue's tarpit: rejections stuttered a byte at most every 1 s, within 30 s.
  each_alone wave wave_once SMTPSHIELD_Limits__MaxSessions=16000 SMTPSHIELD_Limits__MaxSessionsPerClient=16000 \
    SMTPSHIELD_Tarpit__StutterRejects=true SMTPSHIELD_Tarpit__StutterInterval=00:00:01 \
    SMTPSHIELD_Tarpit__MaxStutter=00:00:30 SMTPSHIELD_Tarpit__MaxTarpitted=16000
}

main() {
  local parts="${*:-reject relay idle wave}" part
  for part in $parts; do
    case $part in
      reject | relay | idle | wave) ;;
      *) log "unknown part '$part' (reject, relay, idle, wave)"; return 2 ;;
    esac
  done
  if ((EUID != 0)); then
    log "compare.sh needs root: rbldnsd on port 53, and a mount namespace per peer for its resolv.conf"
    return 1
  fi
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  cd "$ROOT"
  local started load_start
  started=$(date -u +%Y-%m-%dT%H:%MZ)
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  install_missing
  install_haraka
  if [[ -z ${SKIP_BUILD:-} ]]; then
    log "building Release"
    build src/SmtpShield/SmtpShield.csproj
    build benchmarks/SmtpLoad/SmtpLoad.csproj
  fi
  start_rbldnsd
  start_sink
  if [[ $parts == *reject* || $parts == *relay* ]]; then
    run_throughput "$parts" || FAILED+=("reject/relay: a server did not start (see the log above)")
  fi
  [[ $parts != *idle* ]] || each_alone idle idle_once
  [[ $parts != *wave* ]] || run_wave
  {
    echo "# SmtpShield, Postfix postscreen and Haraka side by side, $started"
    echo
    echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (work tree modified)');" \
      "$(nproc) cores; load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg);" \
      "$RUNS rounds of $DUR s after $WARMUP s; Postfix $(postconf -d -h mail_version 2>/dev/null), Haraka $HARAKA_VERSION, node $(node --version)"
    echo
    python3 "$ROOT/benchmarks/compare_table.py" "$RESULTS/compare"
  } >"$RESULTS/summary.md"
  cat "$RESULTS/summary.md"
  if ((${#FAILED[@]})); then
    printf '\n!! %s\n' "${FAILED[@]}" >&2
    return 1
  fi
}

main "$@"
