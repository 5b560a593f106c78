#!/bin/sh
# SmtpShield's kernel blocklist with ipset + iptables (Blocklist:Driver "ipset"), run as root before the
# daemon starts (deploy/smtpshield.service, the commented ExecStartPre= line). The daemon itself only adds
# and deletes set members (`ipset restore -exist`, CAP_NET_ADMIN).
#
# Idempotent: sets are created only if missing (-exist keeps their members), and each DROP rule is
# inserted only if `-C` does not find it. `timeout 0` creates sets whose members may carry a timeout but
# have none by default: Blocklist:Static and permanent admin blocks stay, the rest expire in the kernel.
# Four sets, as for nftables: addresses (hash:ip) apart from prefixes (hash:net), per family.
# maxelem holds 200,000+ blocks each. Uninstall: delete the rules (-D instead of -I), then `ipset destroy`.
set -eu

ipset=${IPSET:-ipset}
iptables=${IPTABLES:-iptables}
ip6tables=${IP6TABLES:-ip6tables}

"$ipset" create smtpshield4 hash:ip family inet timeout 0 maxelem 1048576 -exist
"$ipset" create smtpshield6 hash:ip family inet6 timeout 0 maxelem 1048576 -exist
"$ipset" create smtpshield-net4 hash:net family inet timeout 0 maxelem 1048576 -exist
"$ipset" create smtpshield-net6 hash:net family inet6 timeout 0 maxelem 1048576 -exist

# Drop, not reject: the blocked sender's connect times out. -I: ahead of the admin's own INPUT rules.
rule() {
  tool=$1
  set=$2
  if ! "$tool" -C INPUT -p tcp -m multiport --dports 25,465,587 -m set --match-set "$set" src -j DROP 2>/dev/null; then
    "$tool" -I INPUT -p tcp -m multiport --dports 25,465,587 -m set --match-set "$set" src -j DROP
  fi
}
rule "$iptables" smtpshield4
rule "$iptables" smtpshield-net4
rule "$ip6tables" smtpshield6
rule "$ip6tables" smtpshield-net6
