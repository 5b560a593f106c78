#!/usr/bin/env bash
# SmtpShield Foundation benchmarks (benchmarks/README.md): parser micro-benchmarks, session throughput,
# idle memory per connection. Builds Release, runs a fresh daemon per workload group on loopback,
# prints a markdown summary and stops every process it started, also on failure or Ctrl-C.
#
#   benchmarks/run.sh                  # everything: about 4 minutes on 2 cores
#   benchmarks/run.sh sessions idle    # a subset: micro, sessions, idle
#   RUNS=5 DUR=20 benchmarks/run.sh sessions
#
# Knobs (environment): RUNS=3 DUR=10 WARMUP=2 JIT_WARMUP=8 CONCURRENCY="50 500" IDLE_N="1000 10000" HOLD=20
#   MICRO_ARGS="--filter * --job short"  (BenchmarkDotNet arguments)
#   DAEMON_ENV="DOTNET_GCgen0size=0x400000 ..."  (extra environment for the daemon, for experiments)
#   RESULTS=DIR  (default: a new directory under ${TMPDIR:-/tmp}); SKIP_BUILD=1
# Needs no root: loopback addresses 127.1.0.0/16 (sessions), 127.2.0.0/16 (idle), 127.3.0.0/16 (probes)
# bind without configuration on Linux.
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
WORK=$(mktemp -d "${TMPDIR:-/tmp}/smtpshield-bench.XXXXXX")
RESULTS=${RESULTS:-$WORK/results}
mkdir -p "$RESULTS"

DAEMON_DLL=$ROOT/src/SmtpShield/bin/Release/net10.0/smtpshield.dll
LOAD_DLL=$ROOT/benchmarks/SmtpLoad/bin/Release/net10.0/smtpload.dll
MICRO_DLL=$ROOT/benchmarks/SmtpShield.Benchmarks/bin/Release/net10.0/SmtpShield.Benchmarks.dll

DAEMON_PID=
DAEMON_PORT=
CHILD_PID=

log() { printf '== %s\n' "$*" >&2; }

# Stops only the processes this script started, by their recorded ids.
stop_pid() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  log "process $pid ignored SIGTERM for 10 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$CHILD_PID"
  stop_pid "$DAEMON_PID"
  log "results in $RESULTS"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Others build the same projects concurrently: retry on file-access errors (MSB3021/3026/3027, IOException).
build() {
  local project=$1 out
  for attempt in 1 2 3 4 5; do
    if out=$(dotnet build -c Release "$ROOT/$project" 2>&1); then
      return 0
    fi
    if grep -qiE 'MSB302[167]|MSB3021|being used by another process|IOException|Access to the path' <<<"$out" && ((attempt < 5)); then
      log "build of $project hit a file-access error (attempt $attempt); retrying in 20 s"
      sleep 20
      continue
    fi
    printf '%s\n' "$out" | grep -E 'error|Error' | head -30 >&2
    return 1
  done
}

# Runs a child in the background so the traps can stop it; returns its exit status.
run_child() {
  "$@" &
  CHILD_PID=$!
  local status=0
  wait "$CHILD_PID" || status=$?
  CHILD_PID=
  return "$status"
}

# The load client (only it) runs socket continuations on the epoll thread instead of the thread pool:
# about 20 % less client CPU per session, which leaves more of the two shared cores to the server.
load_client() {
  run_child env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$LOAD_DLL" "$@"
}

start_daemon() {
  local name=$1 dir=$WORK/$1
  mkdir -p "$dir/var"
  # Port 0: the kernel picks free ports; the daemon logs the SMTP one as "LISTEN smtp 127.0.0.1:PORT".
  (
    cd "$dir"
    # shellcheck disable=SC2086 # DAEMON_ENV is a list of NAME=VALUE words
    exec env \
      SMTPSHIELD_Listeners__0__Endpoint=127.0.0.1:0 \
      SMTPSHIELD_Admin__Endpoint=127.0.0.1:0 \
      SMTPSHIELD_Admin__TokenFile="$dir/var/admin.token" \
      SMTPSHIELD_StateDirectory="$dir/var" \
      SMTPSHIELD_Hostname=mx.bench.test \
      SMTPSHIELD_ShutdownTimeout=00:00:05 \
      SMTPSHIELD_Limits__MaxSessions=15000 \
      SMTPSHIELD_Limits__BannerTimeout=00:10:00 \
      $DAEMON_ENV \
      dotnet "$DAEMON_DLL" >"$dir/daemon.log" 2>&1
  ) &
  DAEMON_PID=$!
  DAEMON_PORT=
  for _ in $(seq 1 300); do
    if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
      log "daemon exited during start:"
      tail -20 "$dir/daemon.log" >&2
      DAEMON_PID=
      return 1
    fi
    DAEMON_PORT=$(sed -n 's/.*LISTEN smtp 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$dir/daemon.log" | head -1)
    [[ -n $DAEMON_PORT ]] && break
    sleep 0.1
  done
  if [[ -z $DAEMON_PORT ]]; then
    log "daemon did not log its SMTP port within 30 s"
    return 1
  fi
  log "daemon ($name) pid $DAEMON_PID on 127.0.0.1:$DAEMON_PORT"
}

stop_daemon() {
  stop_pid "$DAEMON_PID"
  DAEMON_PID=
}

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

run_sessions() {
  start_daemon sessions
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

summary() {
  local out=$RESULTS/summary.md
  {
    echo "# SmtpShield benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (work tree modified)'); " \
      "$(nproc) cores; load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg); client and server share the cores"
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
  } >"$out"
  cat "$out"
}

main() {
  local parts=("$@")
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
    case $part in
      micro) run_micro ;;
      sessions) run_sessions ;;
      idle) run_idle ;;
      *) log "unknown part '$part' (micro, sessions, idle)"; return 2 ;;
    esac
  done
  summary
}

main "$@"
