#!/bin/sh
# SmtpShield's kernel blocklist as plain iptables rules (Blocklist:Driver "iptables"), run as root before
# the daemon starts (deploy/smtpshield.service, the commented ExecStartPre= line): chain SMTPSHIELD in the
# filter table, for IPv4 and IPv6, and a jump to it for SMTP ports. The daemon fills the chain with one
# `-s NETWORK -j DROP` rule per block (`iptables-restore --noflush`, CAP_NET_ADMIN), removes them when
# they expire, and rebuilds it at every start.
#
# Idempotent: the chain is created only if missing (its rules are kept), the jump inserted only if `-C`
# does not find it. Uninstall: `iptables -D INPUT …` (the line below with -D), `iptables -F SMTPSHIELD`,
# `iptables -X SMTPSHIELD`; the same with ip6tables.
set -eu

iptables=${IPTABLES:-iptables}
ip6tables=${IP6TABLES:-ip6tables}

for tool in "$iptables" "$ip6tables"; do
  "$tool" -n -L SMTPSHIELD >/dev/null 2>&1 || "$tool" -N SMTPSHIELD
  if ! "$tool" -C INPUT -p tcp -m multiport --dports 25,465,587 -j SMTPSHIELD 2>/dev/null; then
    "$tool" -I INPUT -p tcp -m multiport --dports 25,465,587 -j SMTPSHIELD
  fi
done
