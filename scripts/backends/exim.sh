#!/usr/bin/env bash
# Provisions the Exim backend the relay integration tests start themselves (EximBackend.cs):
# Debian 12's exim4-daemon-heavy, unpacked into a cache directory instead of installed.
#
# Why not `apt-get install exim4-daemon-heavy`: Exim and Postfix both provide mail-transport-agent,
# so installing Exim would remove Postfix, which the Postfix backend tests need (shared/INTEGRATION.md
# §1.8). And why -heavy: Debian's exim4-daemon-light is built without SUPPORT_PROXY (§1.4).
#
# What it does, each step skipped when already done:
#   1. creates the Debian-exim system user and group: Debian's binary is built with
#      EXIM_USER=ref:Debian-exim and exits at once ("failed to find uid for user name") without them;
#   2. installs the shared libraries the binary links against (from the .deb's Depends, checked with ldd),
#      only those not yet installed, so nothing already on the machine is upgraded;
#   3. `apt-get download`s exim4-daemon-heavy and `dpkg -x`es it into the cache directory;
#   4. checks that `exim -bV` lists PROXY under "Support for:".
# Nothing under /etc/exim4, /var/spool/exim4 or /var/log/exim4 is created: the fixture passes its own
# config file with -C, and that file names the spool and log directories.
#
# Cache directory: $SMTPSHIELD_TEST_BACKENDS/exim (default /var/cache/smtpshield-tests/exim); the binary
# ends up at <cache>/usr/sbin/exim4. Re-running on a provisioned machine is a fast no-op.
set -euo pipefail

backends=${SMTPSHIELD_TEST_BACKENDS:-/var/cache/smtpshield-tests}
cache=$backends/exim
exim=$cache/usr/sbin/exim4
package=exim4-daemon-heavy

# The libraries exim4-daemon-heavy 4.96-15 (Debian 12) links against: its Depends, less exim4-base
# (config helpers and the cron job, not needed with a -C config) and debconf. Of these, a stock
# Debian 12 usually lacks only libidn12, libmariadb3 and libspf2-2.
libraries=(
  libc6 libcrypt1 libdb5.3 libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libldap-2.5-0
  libmariadb3 libnsl2 libpam0g libpcre2-8-0 libperl5.36 libpq5 libsasl2-2 libspf2-2 libsqlite3-0
)

say() { printf '== exim: %s\n' "$*"; }

# -bV prints "Support for: ... PROXY ..."; it also fails when the user or a library is missing.
# Without a config file (none in /etc/exim4 here) -bV still prints everything but exits 1, hence "|| true".
supports_proxy() {
  [[ -x $exim ]] || return 1
  local version
  version=$("$exim" -bV 2>/dev/null || true)
  grep -qE '^Support for:.* PROXY( |$)' <<<"$version"
}

if supports_proxy; then
  exit 0 # already provisioned
fi

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

# 1. The compiled-in Exim user. Same shape as exim4-base's postinst: a system account with no login.
if ! getent group Debian-exim >/dev/null; then
  say "creating group Debian-exim"
  "${sudo_cmd[@]}" groupadd --system Debian-exim
fi
if ! getent passwd Debian-exim >/dev/null; then
  say "creating user Debian-exim"
  "${sudo_cmd[@]}" useradd --system --gid Debian-exim --home-dir /var/spool/exim4 --no-create-home \
    --shell /usr/sbin/nologin --comment "Exim (SmtpShield integration tests)" Debian-exim
fi

# 2. Missing shared libraries only (asking apt for installed ones would upgrade them, and whatever depends on them).
missing=()
for library in "${libraries[@]}"; do
  [[ $(dpkg-query -W -f='${Status}' "$library" 2>/dev/null) == "install ok installed" ]] || missing+=("$library")
done
apt_updated=false
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  apt_updated=true
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 3. Download and unpack the daemon package (not install: see the top of this file). Also when the binary
#    is there but still does not run with every library present: an interrupted earlier unpack.
if ! supports_proxy; then
  $apt_updated || "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" mkdir -p "$cache"
  download=$(mktemp -d)
  trap 'rm -rf "$download"' EXIT
  # Run as root, apt downloads as the user _apt, which may not write into a root-owned mktemp directory.
  [[ $(id -u) -eq 0 ]] && getent passwd _apt >/dev/null && chown _apt "$download"
  say "downloading $package"
  (cd "$download" && apt-get download -qq "$package")
  deb=$(echo "$download"/"$package"_*.deb)
  say "unpacking $(basename "$deb") into $cache"
  "${sudo_cmd[@]}" dpkg -x "$deb" "$cache"
fi

# 4. Verify, and say why when it fails.
if ! supports_proxy; then
  echo "exim: $exim does not run or lacks PROXY support:" >&2
  "$exim" -bV 2>&1 | grep -E '^(Exim version|Support for:|.*failed)' >&2 || true
  ldd "$exim" | grep 'not found' >&2 || true
  exit 1
fi
say "ready: $("$exim" -bV 2>/dev/null | head -1 || true)"
