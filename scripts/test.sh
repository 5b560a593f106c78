#!/usr/bin/env bash
# Runs every SmtpShield test on a Debian 12 machine with the .NET 10 SDK:
# installs the Debian packages the tests use, builds, checks formatting, runs each test
# project, and ends with one line "N passed, N failed[, N skipped]" counted from the
# test results. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

# Real components the tests start themselves (shared/STYLE.md habit 15).
# swaks speaks TLS only with Net::SSLeay and IO::Socket::SSL (Recommends, not Depends).
packages=(swaks libnet-ssleay-perl libio-socket-ssl-perl openssl ca-certificates rbldnsd dnsmasq-base postfix
  nftables ipset iptables iproute2 curl)

say() { printf '== %s\n' "$*"; }

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  # Postfix is a relay-test backend (private instances the tests start): no system configuration, no service.
  echo "postfix postfix/main_mailer_type select No configuration" | "${sudo_cmd[@]}" debconf-set-selections
  "${sudo_cmd[@]}" apt-get update -qq || exit 1
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" || exit 1
fi

if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is required (dotnet not on PATH); see README.md." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# Backends the relay tests run for real (shared/INTEGRATION.md §1): Postfix from apt above; Exim
# (exim4-daemon-heavy, unpacked: it conflicts with postfix as an MTA package) and Courier (a cached
# debootstrap root, for the same reason) are provisioned into /var/cache/smtpshield-tests once.
say "provision backends"
scripts/backends/exim.sh || { echo "0 passed, 1 failed"; exit 1; }
scripts/backends/courier.sh || { echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=test-results
rm -rf "$results"
mkdir -p "$results"

say "build"
if ! dotnet build SmtpShield.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

failed_checks=0
say "format"
if ! dotnet format SmtpShield.sln --verify-no-changes --no-restore -v quiet; then
  echo "dotnet format --verify-no-changes found unformatted code (run: dotnet format SmtpShield.sln)" >&2
  failed_checks=1
fi

passed=0 failed=0 skipped=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  say "test $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" -- RunConfiguration.TestSessionTimeout=600000
  status=$?
  trx="$results/$name.trx"
  if [[ ! -f $trx ]]; then
    echo "$name: no results (the test run crashed or timed out)" >&2
    failed=$((failed + 1))
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$(value total) executed=$(value executed) p=$(value passed) f=$(value failed)
  errors=$(value error) timeouts=$(value timeout) aborted=$(value aborted)
  f=$((f + errors + timeouts + aborted))
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + total - executed))
  if ((status != 0 && f == 0)); then
    echo "$name: dotnet test exited $status without a failed test (aborted run?)" >&2
    failed=$((failed + 1))
  fi
done

summary="$passed passed, $((failed + failed_checks)) failed"
((skipped)) && summary+=", $skipped skipped"
echo "$summary"
((failed + failed_checks == 0))
