# shellcheck shell=bash
# SmtpShield started for a benchmark: fresh state under $WORK/NAME, loopback listeners on kernel-chosen
# ports, and the DNSBL-only settings the peer comparison uses. The caller sets WORK, DAEMON_DLL,
# DAEMON_ENV, WAVE_SESSIONS and DAEMON_PID=.

# start_daemon NAME [SMTPSHIELD_X=Y ...]: the extra settings go after the common ones, so they win.
start_daemon() {
  local name=$1 dir=$WORK/$1
  shift
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
      SMTPSHIELD_Relay__Backends__0__Endpoint=127.0.0.1:1 \
      "$@" \
      $DAEMON_ENV \
      dotnet "$DAEMON_DLL" >"$dir/daemon.log" 2>&1
  ) &
  DAEMON_PID=$!
  DAEMON_LOG=$dir/daemon.log
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
    log "daemon did not log its SMTP port within 30 s; stopping it:"
    tail -20 "$dir/daemon.log" >&2
    stop_daemon
    return 1
  fi
  log "daemon ($name) pid $DAEMON_PID on 127.0.0.1:$DAEMON_PORT"
}

stop_daemon() {
  stop_pid "$DAEMON_PID"
  DAEMON_PID=
}

# The daemon with only the DNSBL check, judging loopback clients: the default allowlist (127.0.0.0/8, ::1)
# is replaced by TEST-NET ranges no client uses; rDNS and EHLO checks off, as the peers had none.
checks_env() {
  CHECKS_ENV=(
    SMTPSHIELD_Policy__Allow__0=192.0.2.0/24
    SMTPSHIELD_Policy__Allow__1=198.51.100.0/24
    SMTPSHIELD_ReverseDns__Enabled=false
    SMTPSHIELD_Helo__Enabled=false
    SMTPSHIELD_Dns__Servers__0="$1"
    SMTPSHIELD_Limits__MaxSessionsPerClient=$((WAVE_SESSIONS * 2))
    SMTPSHIELD_Limits__MaxConnectionsPerClientPerMinute=0
    # Rejections answered at once, as the peers do; the spam wave turns the stutter back on.
    SMTPSHIELD_Tarpit__StutterRejects=false
  )
}
