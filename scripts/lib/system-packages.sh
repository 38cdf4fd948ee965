# Installs the Debian packages the project needs, only those missing.
# Usage: source this file, then: ensure_packages pkg...
ensure_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing packages (${missing[*]}) and not root; run as root or install them." >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-install-recommends: wireguard-tools would otherwise pull in a kernel image.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Everything the simulated office, the helper and the tests use; python3, make and g++ also
# build the helper's native addon (node-gyp, native/peercred) and python3 is a lab test client.
LAB_PACKAGES=(wireguard-tools wireguard-go samba smbclient cups cups-client cups-bsd cups-ipp-utils python3 make g++
  dovecot-imapd dovecot-submissiond kamailio dnsmasq-base socat openssl iproute2 nftables
  procps psmisc util-linux ca-certificates systemd)
# Real Chromium for the renderer tests, the Secret Service and gvfs for drives.
DESKTOP_PACKAGES=(chromium dbus gnome-keyring gvfs gvfs-backends gvfs-fuse xvfb)
# The installer checks of the unit tests: makensis compiles build/installer.nsh, shellcheck
# checks the pkg and deb scripts, python3's plistlib and xml parse the plist and the WinSW config.
# The same shellcheck checks scripts/demo.sh (tests/unit/scripts/demo-steps.test.ts).
INSTALLER_PACKAGES=(nsis shellcheck python3)
# The benchmark's baseline script (scripts/bench-baseline.sh): a full-MTU ping, an HTTPS request.
BENCH_PACKAGES=(iputils-ping curl)

# npm dependencies: npm ci when node_modules is missing or older than the lockfile.
ensure_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}
