#!/usr/bin/env bash
# Provisions a real Courier MTA (Debian 12's courier-mta 1.0.16: couriertcpd + courieresmtpd) for the
# integration tests' CourierBackend fixture, into a cache directory outside the repository:
#
#   ${SMTPSHIELD_TEST_BACKENDS:-/var/cache/smtpshield-tests}/courier/root
#
# Idempotent: when the root is already provisioned it only checks the stamp file and exits at once.
# Needs root (debootstrap, and the fixture later uses chroot and mount namespaces). Takes about a
# minute on a clean cache over a LAN mirror (~50 MB of packages, ~290 MB unpacked).
#
# Why a debootstrap'ed chroot, and not the host or dpkg -x:
# - Courier cannot be apt-installed on the host: it conflicts with Postfix (both provide
#   mail-transport-agent), and the host's Postfix is needed by the other backend tests.
# - Courier hardcodes its paths (/etc/courier, /usr/lib/courier, /var/lib/courier, /run/courier) and
#   runs helpers (submit, makesmtpaccess, makeuserdb, authdaemond) that find each other there, so it
#   needs a root of its own.
# - `apt-get download` + `dpkg -x` of courier-mta, courier-base, courier-authlib, ... would give the
#   files but not what the maintainer scripts do: the courier user and group, the queue directories
#   with their owners and modes, the esmtpd.pem certificate, dhparams. Reproducing that by hand is
#   fragile, and the binaries would then run against a mix of host and extracted libraries.
# - `debootstrap --variant=minbase --include=courier-mta` installs the real Debian packages with
#   their maintainer scripts in a self-contained bookworm root: the exact build Debian users run.
#   It costs ~45 s once per machine (measured: 46 s on 2 cores against the apt mirror), then the
#   cache makes it free.
#
# How the fixture uses it (tests/SmtpShield.IntegrationTests/Backends/CourierBackend.cs): each
# instance runs in `unshare --mount --pid --fork`, bind-mounts its own copies of /etc/courier,
# /var/lib/courier and /run/courier (and its own syslog socket on /dev/log) over the shared root, then
# `chroot`s into it and runs couriertcpd in the foreground. The network namespace is the host's, so
# couriertcpd listens on a 127.x loopback address the tests reach. Nothing of an instance touches the
# shared root, so several instances can run at once, and the root stays as debootstrap left it.
set -euo pipefail

cache_parent=${SMTPSHIELD_TEST_BACKENDS:-/var/cache/smtpshield-tests}
dir="$cache_parent/courier"
root="$dir/root"
# Bump when the root's contents must change; an old root is then rebuilt.
stamp_version=1
stamp="$root/.smtpshield-courier-provisioned"

say() { printf '== courier: %s\n' "$*"; }

# Fast path: already provisioned (no lock, no apt): the common case on every test run.
if [[ -f $stamp && $(cat "$stamp") == "$stamp_version" ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "courier.sh must run as root (debootstrap into $root)." >&2
  exit 1
fi

mkdir -p "$dir"
# One provisioning at a time (two test runs starting together).
exec 9>"$dir/.lock"
flock 9
if [[ -f $stamp && $(cat "$stamp") == "$stamp_version" ]]; then
  exit 0
fi

if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
fi

# The mirror the host's apt uses (deb822 or one-line sources), so a machine behind a mirror needs no
# other network access; SMTPSHIELD_DEBIAN_MIRROR overrides.
host_mirror() {
  local uri
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)
  if [[ -z $uri ]]; then
    uri=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
      | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit }}' | grep -v -- '-security' | head -n 1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}
mirror=${SMTPSHIELD_DEBIAN_MIRROR:-$(host_mirror)}

# Build beside the final place and rename at the end, so an interrupted run never leaves a root that
# looks provisioned. A failed earlier attempt is thrown away.
work="$dir/root.partial"
rm -rf "$work" "$root"
started=$SECONDS
say "debootstrap bookworm (minbase + courier-mta) from $mirror into $work"
# courier-mta pulls courier-base, courier-authlib, courier-authdaemon and courier-authlib-userdb.
if ! debootstrap --variant=minbase --include=courier-mta bookworm "$work" "$mirror" >"$dir/debootstrap.log" 2>&1; then
  tail -n 30 "$dir/debootstrap.log" >&2
  echo "debootstrap failed; full log: $dir/debootstrap.log" >&2
  exit 1
fi

version=$(chroot "$work" dpkg-query -W -f='${Version}' courier-mta)
say "courier-mta $version installed"
for binary in /usr/sbin/couriertcpd /usr/sbin/courieresmtpd /usr/sbin/makesmtpaccess /usr/sbin/makeuserdb \
  /usr/sbin/makeacceptmailfor /usr/lib/courier/courier-authlib/authdaemond; do
  [[ -x $work$binary ]] || { echo "courier.sh: $binary missing from the root" >&2; exit 1; }
done

# Mount points the fixture bind-mounts per instance: its runtime directory (authdaemond's socket) and
# its syslog socket (courieresmtpd and submit log only through syslog(3), i.e. /dev/log).
mkdir -p "$work/run/courier"
rm -f "$work/dev/log"
: >"$work/dev/log"

# The downloaded .debs are not needed any more (~50 MB).
chroot "$work" apt-get clean

echo "$stamp_version" >"$work/.smtpshield-courier-provisioned"
mv "$work" "$root"
say "provisioned $root in $((SECONDS - started)) s"
