# shellcheck shell=bash
# Backends for relayed mail: smtp-sink, haproxy (the plain TCP proxy reference) and a private Postfix
# instance (as the relay backend, or as the postscreen peer). The caller sets WORK, RESULTS, SINK_PID=
# and TCP_PROXY_PID=.

# Postfix's smtp-sink (Debian package postfix, in /usr/sbin) on a free loopback port: accepts every
# message and throws it away (one process).
start_sink() {
  local sink
  sink=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
  if [[ ! -x $sink ]]; then
    log "smtp-sink not found: install the Debian package postfix"
    return 1
  fi
  SINK_PORT=$(free_port)
  "$sink" -u nobody -m 20000 "127.0.0.1:$SINK_PORT" 4096 &
  SINK_PID=$!
  for _ in $(seq 1 50); do port_answers "$SINK_PORT" && return 0; sleep 0.1; done
  log "smtp-sink did not answer on 127.0.0.1:$SINK_PORT within 5 s"
  stop_pid "$SINK_PID"
  SINK_PID=
  return 1
}

# HAProxy in TCP mode (one thread, no inspection) in front of $1: what a plain C proxy costs on this
# machine, the reference for what any process in the middle can reach. Installed when missing (root).
start_tcp_proxy() {
  local backend_port=$1 cfg=$WORK/haproxy.cfg
  if ! command -v haproxy >/dev/null && ((EUID == 0)); then
    log "installing haproxy (the plain TCP proxy reference)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null 2>&1 || true
    systemctl disable --now haproxy >/dev/null 2>&1 || true
  fi
  if ! command -v haproxy >/dev/null; then
    log "haproxy not found (apt-get install haproxy): the tcp-proxy reference is left out"
    return 1
  fi
  TCP_PROXY_PORT=$(free_port)
  cat >"$cfg" <<CFG
global
  maxconn 9000
  nbthread 1
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend smtp
  bind 127.0.0.1:$TCP_PROXY_PORT
  default_backend sink
backend sink
  server sink 127.0.0.1:$backend_port
CFG
  # -db: stays in the foreground, so the recorded id is haproxy's own.
  haproxy -db -f "$cfg" >"$WORK/haproxy.log" 2>&1 &
  TCP_PROXY_PID=$!
  for _ in $(seq 1 50); do port_answers "$TCP_PROXY_PORT" && return 0; sleep 0.1; done
  log "haproxy did not start: $(tail -3 "$WORK/haproxy.log")"
  return 1
}

# A private Postfix instance (its own config and queue under $WORK/postfix-MODE), relaying each message in
# real time to smtp-sink (smtpd_proxy_filter: no queue file, no qmgr or smtp client on the path):
#   start_postfix backend SINK_PORT
#     smtpd as SmtpShield's backend, trusting XCLIENT from 127.0.0.1: "clients to Postfix" against
#     "clients to SmtpShield to Postfix", the production setup of deploy/backends/postfix-xclient.cf.
#   start_postfix postscreen SINK_PORT RESOLVER
#     the postscreen peer: postscreen (DNSBL bl.bench.test, enforce: 550 at RCPT; the pregreet wait at
#     1 s, the smallest Postfix accepts) hands clean clients to smtpd; run in a mount namespace whose
#     resolv.conf names RESOLVER (rbldnsd), since Postfix asks the system resolver.
# Sets POSTFIX_PORT, POSTFIX_CONF and POSTFIX_PID (the master: the root of the process tree measured).
start_postfix() {
  local mode=$1 sink_port=$2 resolver=${3:-} pf=$WORK/postfix-$1 front maxproc=- runner=()
  POSTFIX_PORT=$(free_port)
  rm -rf "$pf"
  mkdir -p "$pf/etc" "$pf/spool" "$pf/data"
  chown postfix "$pf/data"
  chmod o+x "$WORK" "$pf" # mktemp -d is 0700: the postfix user must reach its data directory
  cat >"$pf/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $pf/spool
data_directory = $pf/data
maillog_file_prefixes = $pf
maillog_file = $pf/maillog
myhostname = $mode.bench.test
mydestination =
relay_domains = bench.test
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_proxy_filter = 127.0.0.1:$sink_port
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
CF
  case $mode in
    backend)
      front="smtpd
  -o smtpd_authorized_xclient_hosts=127.0.0.1"
      cat >>"$pf/etc/main.cf" <<CF
mynetworks = 127.0.0.1/32
smtpd_peername_lookup = no
default_process_limit = 300
CF
      ;;
    postscreen)
      maxproc=1 # postscreen is one process for every connection
      front="postscreen
smtpd     pass  -       -       n       -       -       smtpd
dnsblog   unix  -       -       n       -       0       dnsblog"
      # mynetworks: every client relays once past postscreen (smtpd's own checks are not measured); the
      # empty access list: its default, permit_mynetworks, would otherwise allowlist all of loopback.
      cat >>"$pf/etc/main.cf" <<CF
mynetworks = 127.0.0.0/8
postscreen_access_list =
postscreen_dnsbl_sites = bl.bench.test
postscreen_dnsbl_threshold = 1
postscreen_dnsbl_action = enforce
postscreen_greet_wait = 1s
postscreen_greet_action = ignore
default_process_limit = 1200
postscreen_pre_queue_limit = 19000
postscreen_post_queue_limit = 19000
postscreen_client_connection_count_limit = 1000
CF
      write_resolv_conf "$pf/resolv.conf" "$resolver"
      runner=("${IN_RESOLVER_NAMESPACE[@]}" "$pf/resolv.conf")
      ;;
    *)
      log "start_postfix: mode is backend or postscreen, not '$mode'"
      return 2
      ;;
  esac
  cat >"$pf/etc/master.cf" <<CF
127.0.0.1:$POSTFIX_PORT inet n - n - $maxproc $front
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
error     unix  -       -       n       -       -       error
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
  touch -d '1 minute ago' "$pf/etc/main.cf" "$pf/etc/master.cf" # a "hot" main.cf is reread every 300 ms
  "${runner[@]}" postfix -c "$pf/etc" start >"$RESULTS/postfix-$mode-start.log" 2>&1 || {
    log "postfix ($mode) did not start: $(tail -3 "$pf/maillog" "$RESULTS/postfix-$mode-start.log" 2>/dev/null)"
    return 1
  }
  POSTFIX_CONF=$pf/etc
  POSTFIX_PID=
  for _ in $(seq 1 50); do
    [[ -s $pf/spool/pid/master.pid ]] && POSTFIX_PID=$(tr -d ' ' <"$pf/spool/pid/master.pid")
    [[ -n $POSTFIX_PID ]] && port_answers "$POSTFIX_PORT" && break
    sleep 0.1
  done
  if [[ -z $POSTFIX_PID ]] || ! port_answers "$POSTFIX_PORT"; then
    log "postfix ($mode) started but no master pid or no listener on 127.0.0.1:$POSTFIX_PORT within 5 s: $(tail -3 "$pf/maillog" 2>/dev/null)"
    stop_postfix
    return 1
  fi
  log "postfix ($mode) master pid $POSTFIX_PID on 127.0.0.1:$POSTFIX_PORT"
}

# Stops the instance and waits for its master to be gone, so the next peer starts on a quiet machine.
stop_postfix() {
  [[ -n ${POSTFIX_CONF:-} ]] || return 0
  postfix -c "$POSTFIX_CONF" stop >/dev/null 2>&1 || true
  if [[ -n ${POSTFIX_PID:-} ]]; then
    for _ in $(seq 1 100); do
      kill -0 "$POSTFIX_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$POSTFIX_PID" 2>/dev/null; then
      log "postfix master $POSTFIX_PID still running 10 s after 'postfix stop'; killing it"
      kill -KILL "$POSTFIX_PID" 2>/dev/null || true
    fi
  fi
  POSTFIX_CONF=
  POSTFIX_PID=
}
