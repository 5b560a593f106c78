# shellcheck shell=bash
# The Haraka peer (npm "Haraka" 3.3.4 on node): installed once into HARAKA_HOME (outside the checkout),
# started fresh per workload group with the DNSBL verdict at RCPT and relaying to smtp-sink. The caller
# sets WORK, RESULTS and HARAKA_PID=.
HARAKA_HOME=${HARAKA_HOME:-/var/cache/smtpshield-bench/haraka}
HARAKA_VERSION=3.3.4

# Installs Haraka with npm when missing. The registry mirror this machine reaches lacks encoding-japanese
# 2.5.0 and libqp 3.0.1, which Haraka's tree asks for; the overrides pin the newest versions it has. Both
# are MIME encoders, not on the SMTP path measured. Drop them where the full registry is reachable.
install_haraka() {
  [[ -x $HARAKA_HOME/node_modules/.bin/haraka ]] && return 0
  command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  log "installing Haraka $HARAKA_VERSION into $HARAKA_HOME (npm)"
  mkdir -p "$HARAKA_HOME"
  cat >"$HARAKA_HOME/package.json" <<JSON
{
  "name": "smtpshield-bench-haraka",
  "private": true,
  "dependencies": { "Haraka": "$HARAKA_VERSION" },
  "overrides": { "encoding-japanese": "2.4.0", "libqp": "2.1.2" }
}
JSON
  (cd "$HARAKA_HOME" && npm install --no-audit --no-fund --loglevel=error >"$HARAKA_HOME/npm.log" 2>&1) || {
    log "npm install of Haraka failed: $(tail -5 "$HARAKA_HOME/npm.log")"
    return 1
  }
}

# start_haraka SINK_PORT RESOLVER: one Haraka process (smtp.ini "nodes" unset) on a free port, its plugins:
#   loopback_public        (written here) dns-list skips "private" clients, and 127/8 is private; there is
#                          no setting for that, so this clears the flag at connect_init
#   dns-list               bl.bench.test, a listing blocks; search=first; periodic_checks=0 uses the zone
#                          as configured instead of enabling it only after a self-test
#   delay_deny             the DNSBL verdict at RCPT TO (550), as postscreen's enforce and SmtpShield do
#   rcpt_to.in_host_list   bench.test is ours
#   queue/smtp_forward     to smtp-sink
# inactivity_timeout 300 s, so idle clients are held as long as the other two hold them.
start_haraka() {
  local sink_port=$1 resolver=$2 dir=$WORK/haraka
  install_haraka || return 1
  HARAKA_PORT=$(free_port)
  rm -rf "$dir"
  "$HARAKA_HOME/node_modules/.bin/haraka" -i "$dir" >/dev/null
  printf 'listen=127.0.0.1:%s\ninactivity_timeout=300\n' "$HARAKA_PORT" >"$dir/config/smtp.ini"
  printf '%s\n' loopback_public dns-list delay_deny rcpt_to.in_host_list queue/smtp_forward >"$dir/config/plugins"
  cat >"$dir/config/dns-list.ini" <<INI
[main]
zones=bl.bench.test
periodic_checks=0
search=first

[bl.bench.test]
type=block
reject=true
INI
  echo bench.test >"$dir/config/host_list"
  printf 'host=127.0.0.1\nport=%s\n' "$sink_port" >"$dir/config/smtp_forward.ini"
  echo haraka.bench.test >"$dir/config/me"
  cat >"$dir/plugins/loopback_public.js" <<'JS'
// The benchmark's clients are on loopback; judge them as public clients.
exports.hook_connect_init = function (next, connection) {
  connection.remote.is_private = false
  next()
}
JS
  write_resolv_conf "$dir/resolv.conf" "$resolver"
  (cd "$dir" && exec "${IN_RESOLVER_NAMESPACE[@]}" "$dir/resolv.conf" "$HARAKA_HOME/node_modules/.bin/haraka" -c "$dir" >"$dir/haraka.log" 2>&1) &
  HARAKA_PID=$!
  for _ in $(seq 1 300); do
    kill -0 "$HARAKA_PID" 2>/dev/null || break
    port_answers "$HARAKA_PORT" && {
      log "haraka pid $HARAKA_PID on 127.0.0.1:$HARAKA_PORT"
      return 0
    }
    sleep 0.1
  done
  log "haraka did not start: $(tail -5 "$dir/haraka.log")"
  stop_haraka
  return 1
}

stop_haraka() {
  stop_pid "$HARAKA_PID"
  HARAKA_PID=
}
