#!/usr/bin/env bash
# Installs what Circumplex needs on a Debian/Ubuntu machine, idempotently.
# Fast (a few dpkg queries) when everything is already there.
set -euo pipefail

say() { printf 'setup: %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_pkgs=()
# postgresql: the server binaries (initdb, pg_ctl) that the PostgreSQL-backend tests start a throwaway cluster with.
# nginx: the loopback load balancer in front of two serve instances in the cluster test (started with its own config).
# python3-minimal: the measuring scripts' helpers (a free port, the Table 2 markdown of scripts/table2.sh, whose test runs in CI).
for p in libgtk-3-0 opencv-data chromium chromium-driver fonts-dejavu-core postgresql nginx python3-minimal; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    need_pkgs+=("$p")
  fi
done

# TorchSharp 0.107 (libtorch 2.10) needs GLIBCXX_3.4.32 (GCC >= 13). Debian 12 ships 3.4.30:
# take libstdc++6 alone from Debian 13 with a low pin so nothing else moves to trixie.
# awk reads all of ldconfig's output (no early exit): an early exit would SIGPIPE ldconfig and fail under pipefail.
libstdcxx=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found {print $NF; found=1}')
needs_trixie_libstdcxx=0
if [ -n "$libstdcxx" ] && ! grep -q GLIBCXX_3.4.32 "$libstdcxx"; then
  needs_trixie_libstdcxx=1
fi

if [ ${#need_pkgs[@]} -eq 0 ] && [ $needs_trixie_libstdcxx -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  say "missing system packages (${need_pkgs[*]:-}${needs_trixie_libstdcxx:+ libstdc++6>=13}) and no apt-get: install them by hand"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ $needs_trixie_libstdcxx -eq 1 ] && [ -f /etc/debian_version ]; then
  if [ ! -f /etc/apt/sources.list.d/circumplex-trixie.sources ]; then
    say "adding Debian 13 (trixie) to apt with pin priority 100, for libstdc++6 only"
    $SUDO tee /etc/apt/sources.list.d/circumplex-trixie.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO tee /etc/apt/preferences.d/circumplex-trixie >/dev/null <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  fi
fi

say "apt-get update"
$SUDO apt-get update -qq >/dev/null
if [ $needs_trixie_libstdcxx -eq 1 ]; then
  say "installing libstdc++6 from trixie (TorchSharp needs GLIBCXX_3.4.32)"
  $SUDO apt-get install -y -qq -t trixie libstdc++6 >/dev/null
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  say "installing ${need_pkgs[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
say "system packages ready"
