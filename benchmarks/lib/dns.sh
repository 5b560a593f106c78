# shellcheck shell=bash
# rbldnsd serving the benchmark zones (bl.bench.test, wl.bench.test) on a random 127.53.x.y address,
# port RBLDNSD_PORT (default 10053; the peer comparison uses 53, the only port resolv.conf can name).
# The caller sets WORK and RBLDNSD_PID=.

# The test lists, in rbldnsd's ip4set format (":A:TXT" sets the answer for the lines after it; "$" in the
# TXT is the client address). Negative answers carry this SOA, so they are cached for its 300 s minimum.
#   bl.bench.test  127.0.0.2 (RFC 5782 test), 127.1.0.0/16 (reject workload, as the peer baseline),
#                  127.7.0.0/16 (wave clients), 10.1.0.0/20 (lookups: 4,095 of the first 10,000 of 10.1.0.0/16),
#                  127.60.0.0/16 (spam wave's listed clients; its clean client, 127.61.0.0/16, is not listed)
#   wl.bench.test  127.0.0.2, 127.6.0.0/16 (no workload client is allowlisted)
write_zones() {
  local dir=$1 zone
  for zone in bl wl; do
    printf '$SOA 300 ns.bench.test hostmaster.bench.test 1 600 300 86400 300\n$NS 300 ns.bench.test\n' >"$dir/$zone.ip4set"
  done
  cat >>"$dir/bl.ip4set" <<'ZONE'
:127.0.0.2:Listed by bl.bench.test: see https://bl.bench.test/$
127.0.0.2
127.1.0.0/16
127.7.0.0/16
10.1.0.0/20
127.60.0.0/16
ZONE
  cat >>"$dir/wl.ip4set" <<'ZONE'
:127.0.10.2:Allowlisted by wl.bench.test
127.0.0.2
127.6.0.0/16
ZONE
  chmod 755 "$dir"
  chmod 644 "$dir"/*.ip4set
}

# Starts rbldnsd once (the first Checks part that needs it) on a random 127.53.x.y address; every query it
# answers goes to $WORK/rbldnsd/queries.log ("time client name type IN: result"), line by line.
start_rbldnsd() {
  [[ -n $RBLDNSD_PID ]] && return 0
  local binary dir=$WORK/rbldnsd user=() address port=${RBLDNSD_PORT:-10053} attempt
  binary=$(command -v rbldnsd || true)
  [[ -z $binary && -x /usr/sbin/rbldnsd ]] && binary=/usr/sbin/rbldnsd
  if [[ -z $binary ]]; then
    log "rbldnsd not found: apt-get install rbldnsd"
    return 1
  fi
  mkdir -p "$dir"
  write_zones "$dir"
  ((EUID == 0)) && user=(-u nobody) # rbldnsd refuses to run as root
  for attempt in 1 2 3 4 5; do
    address=127.53.$((RANDOM % 254 + 1)).$((RANDOM % 254 + 1))
    : >"$dir/queries.log"
    "$binary" "${user[@]}" -n -b "$address/$port" -w "$dir" -l +- \
      bl.bench.test:ip4set:bl.ip4set wl.bench.test:ip4set:wl.ip4set >"$dir/queries.log" 2>"$dir/rbldnsd.err" &
    RBLDNSD_PID=$!
    for _ in $(seq 1 50); do
      grep -q ' started (' "$dir/queries.log" && break
      kill -0 "$RBLDNSD_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$RBLDNSD_PID" 2>/dev/null && grep -q ' started (' "$dir/queries.log"; then
      RBLDNSD=$address:$port
      log "rbldnsd pid $RBLDNSD_PID on $RBLDNSD"
      return 0
    fi
    stop_pid "$RBLDNSD_PID"
    RBLDNSD_PID=
    log "rbldnsd did not start on $address/$port (attempt $attempt): $(tail -2 "$dir/queries.log" "$dir/rbldnsd.err" | tr '\n' ' ')"
  done
  return 1
}

# How many times rbldnsd was asked NAME TYPE (A, TXT).
count_queries() {
  awk -v name="$1" -v type="$2" 'tolower($3) == tolower(name) && $4 == type { n++ } END { print n + 0 }' "$WORK/rbldnsd/queries.log"
}

query_lines() { wc -l <"$WORK/rbldnsd/queries.log"; }

# "${IN_RESOLVER_NAMESPACE[@]}" RESOLV_CONF COMMAND...: runs COMMAND in a mount namespace of its own where
# /etc/resolv.conf is RESOLV_CONF, for peers that ask the system resolver (Postfix, Haraka); the host's file
# is never changed. Root only. A command prefix rather than a function: unshare and sh exec in turn, so a
# background start's $! is COMMAND's own process id.
# shellcheck disable=SC2016 # $0 and $@ belong to the inner sh
IN_RESOLVER_NAMESPACE=(unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"')

# write_resolv_conf FILE ADDRESS: a resolv.conf naming only ADDRESS (port 53), two tries of 2 s.
write_resolv_conf() { printf 'nameserver %s\noptions timeout:2 attempts:2\n' "$2" >"$1"; }
