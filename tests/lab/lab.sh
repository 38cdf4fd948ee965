#!/usr/bin/env bash
# HomeOffice Connect — simulated office lab (network namespaces on one Debian 12 host).
# See docs/lab.md for the topology. Run `tests/lab/lab.sh help` for the commands.
set -euo pipefail

LAB_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB_SRC/../.." && pwd)
LAB=${HOC_LAB_DIR:-/tmp/hoc-lab}
export HOC_LAB_DIR=$LAB
LOCK="${LAB%/}.lock"

NS_HOME=hoc-home NS_INET=hoc-inet NS_OFFICE=hoc-office NS_LAN=hoc-lan
ALL_NS=("$NS_HOME" "$NS_INET" "$NS_OFFICE" "$NS_LAN")
LAB_USER=hocuser LAB_GROUP=hoc
# A second employee at the same computer (member of the group too), for tests between two users.
LAB_PEER=hocpeer
OFFICE_USER=anna OFFICE_PASS='Anna-Lab-2026!' OFFICE_DOMAIN=BUERO
PUBLIC_NAME=vpn.buero-mueller.example
PUBLIC_ADDR_1=100.64.3.10 PUBLIC_ADDR_2=100.64.3.11 PUBLIC_DNS=100.64.3.53
OFFICE_WAN=100.64.2.2 LAN_SRV=10.77.0.10 OFFICE_LAN=10.77.0.1 WG_OFFICE=10.99.0.1 WG_PORT=51820
ANNA_TUNNEL=10.99.0.2
LAN_SERVICES=(smb cups imap smtp sip cad ava intranet)
ALL_SERVICES=("${LAN_SERVICES[@]}" dns public-dns relay home-cups opnsense-api)
# The office firewall's API: a stand-in for OPNsense's REST API (tests/lab/opnsense-api-standin.mjs)
OPNSENSE_API_PORT=8443
PACKAGES=(wireguard-tools wireguard-go samba smbclient cups cups-client cups-bsd cups-ipp-utils
  dovecot-imapd dovecot-submissiond kamailio dnsmasq-base socat openssl iproute2 nftables procps psmisc
  dbus gvfs gvfs-backends gvfs-fuse gnome-keyring util-linux python3)
# The employee's desktop session (desktop start): D-Bus, gnome-keyring, gvfs. Keyring password:
DESKTOP_KEYRING_PASS=Lab-Keyring-2026

KAMAILIO_MODULES=/usr/lib/x86_64-linux-gnu/kamailio/modules

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
HomeOffice Connect lab — a simulated home, internet and office in network namespaces.

Usage: tests/lab/lab.sh COMMAND [ARGS...]     (as root; state in \$HOC_LAB_DIR, now $LAB)

  up                          remove leftovers of earlier runs, then build the whole lab
  down                        stop everything, delete namespaces, /etc/netns/hoc-*, the lab dir
  status                      show namespaces, services, WireGuard and relay state
  exec NS [--user|--as USER] -- CMD...
                              run CMD in namespace NS (home|inet|office|lan or hoc-*); as root,
                              or with --user as '$LAB_USER' (HOME set; HOC_*, NODE_EXTRA_CA_CERTS,
                              NODE_OPTIONS, PATH, LANG, LC_*, TERM, TZ, CI kept), or with --as
                              '$LAB_PEER' as the second employee. Exit code passes through.
  relay delay MS              one-way delay of the internet relay (each direction), 0 = off
  relay loss PERCENT          random packet loss of the relay (each direction), 0 = off
  relay move [ADDRESS]        move the office to a new public address (default: toggles
                              $PUBLIC_ADDR_1 <-> $PUBLIC_ADDR_2) and update $PUBLIC_NAME
  relay status                relay state as JSON
  relay reset                 delay 0, loss 0
  add-peer PUBKEY ADDR/32 [PSK-FILE]   add a peer to office wg0
  remove-peer PUBKEY          remove a peer from office wg0
  stop SERVICE | start SERVICE | restart SERVICE
                              SERVICE: ${ALL_SERVICES[*]}
                              (smb cups imap smtp sip cad ava intranet = LAN servers, dns = office
                              DNS, public-dns = internet DNS, relay = internet UDP relay,
                              home-cups = the workstation's own CUPS in hoc-home, socket only:
                              \$HOC_LAB_DIR/home/cups/run/cups.sock)
  place office|home|spoof     take the employee's computer to the office Wi-Fi (no tunnel needed),
                              back home, or home with a fake office (same names, other key)
  homes N                     add N more employee computers hoc-home1..N (100.64.(20+i).2), each
                              with its own helper (socket \$HOC_LAB_DIR/helperI/helper.sock) in a
                              private mount namespace (wireguard-go's /run/wireguard is per home)
  homes-down                  remove every extra home hoc-home1..N again (helpers, namespaces, files)
  wg-restart                  the office firewall restarts its WireGuard (same keys and peers)
  helper-start | helper-stop  start/stop \$REPO/out/helper/hoc-helper.mjs as root in hoc-home
                              (HOC_LAB_HELPER_EXE=PATH: the packaged single executable instead)
                              (CUPS_SERVER = the home CUPS socket, so its printers land there)
  desktop start | stop | status
                              the employee's desktop session in hoc-home: a D-Bus session bus,
                              gnome-keyring (unlocked), gvfsd and gvfsd-fuse, all in one mount
                              namespace (HOME=\$HOC_LAB_DIR/desktop/home)
  desktop exec -- CMD...      run CMD as '$LAB_USER' inside that session (D-Bus, XDG_RUNTIME_DIR,
                              CUPS_SERVER set; HOC_* etc. kept as for exec --user)
  help                        this text

Addresses: home 100.64.1.2, public $PUBLIC_ADDR_1:$WG_PORT ($PUBLIC_NAME), public DNS $PUBLIC_DNS,
office firewall $OFFICE_WAN / $OFFICE_LAN / wg0 $WG_OFFICE, office servers $LAN_SRV.
OPNsense API stand-in: https://$OFFICE_LAN:$OPNSENSE_API_PORT/api/wireguard/ (certificate from ca/ca.pem,
API key \$HOC_LAB_DIR/office/opnsense-apikey.txt, root only); reconfigure applies to office wg0.
Files: \$HOC_LAB_DIR/anna.hocprofile, org.pub, office-account.json, ca/ca.pem, logs/, run/*.pid
EOF
}

need_root() { [[ $(id -u) -eq 0 ]] || die "must run as root"; }

with_lock() {
  exec 9>"$LOCK"
  flock -w 120 9 || die "another lab.sh holds $LOCK"
}

ns_name() {
  case "$1" in
    home|hoc-home) echo "$NS_HOME" ;;
    inet|hoc-inet) echo "$NS_INET" ;;
    office|hoc-office) echo "$NS_OFFICE" ;;
    lan|hoc-lan) echo "$NS_LAN" ;;
    hoc-home[0-9]|hoc-home[0-9][0-9]) echo "$1" ;;
    *) die "unknown namespace '$1' (home, inet, office, lan, hoc-homeN after 'homes N')" ;;
  esac
}

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# ---------------------------------------------------------------- packages, users
ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
  command -v node >/dev/null || die "node (>= 20) is required"
  [[ -d $KAMAILIO_MODULES ]] || KAMAILIO_MODULES=$(dirname "$(find /usr/lib -name sl.so -path '*kamailio*' | head -1)")
}

ensure_users() {
  getent group "$LAB_GROUP" >/dev/null || groupadd "$LAB_GROUP"
  local user home
  for user in "$LAB_USER" "$LAB_PEER"; do
    if ! id "$user" >/dev/null 2>&1; then
      useradd -m -s /bin/bash -G "$LAB_GROUP" "$user"
    elif ! id -nG "$user" | tr ' ' '\n' | grep -qx "$LAB_GROUP"; then
      usermod -aG "$LAB_GROUP" "$user"
    fi
    home=$(getent passwd "$user" | cut -d: -f6)
    [[ -d $home ]] || { mkdir -p "$home"; chown "$user:" "$home"; chmod 0750 "$home"; }
  done
  id "$OFFICE_USER" >/dev/null 2>&1 || useradd -M -d /nonexistent -s /usr/sbin/nologin "$OFFICE_USER"
}

# ---------------------------------------------------------------- processes
# start_bg NAME NS CMD... : start CMD in namespace NS in its own session, log to logs/NAME.log,
# pid file run/NAME.pid (the pid is the process group of the service).
start_bg() {
  local name=$1 ns=$2; shift 2
  setsid ip netns exec "$ns" "$@" </dev/null >>"$LAB/logs/$name.log" 2>&1 9>&- &
  echo $! >"$LAB/run/$name.pid"
}

# A killed process whose parent is gone may stay a zombie here (PID 1 does not reap): that counts as dead.
pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null && [[ $(ps -o stat= -p "$1" 2>/dev/null) != Z* ]]; }
pid_of() { local f="$LAB/run/$1.pid"; [[ -s $f ]] && cat "$f" || true; }

# stop_pid PID: TERM its process group (and itself), wait up to 5 s, then KILL.
stop_pid() {
  local pid=$1 i
  pid_alive "$pid" || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do pid_alive "$pid" || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do pid_alive "$pid" || break; sleep 0.05; done
}

kill_ns_processes() {
  local ns=$1 pids i
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  [[ -z $pids ]] && return 0
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [[ -z $pids ]] && return 0
    sleep 0.1
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do
    [[ -z $(ip netns pids "$ns" 2>/dev/null || true) ]] && return 0
    sleep 0.1
  done
}

# wait_listen NS PROTO(t|u) ADDR PORT [TIMEOUT_S]
wait_listen() {
  local ns=$1 proto=$2 addr=$3 port=$4 timeout=${5:-15} i
  for ((i = 0; i < timeout * 10; i++)); do
    if nsx "$ns" ss -Hn"$proto"l "src $addr:$port" 2>/dev/null | grep -q .; then return 0; fi
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------- cleanup
cleanup_all() {
  local ns
  # Stop the processes of every hoc-* namespace first (a process in one namespace may hold
  # mount copies of the others), then delete the namespaces.
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^hoc-' || true); do
    kill_ns_processes "$ns"
  done
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^hoc-' || true); do
    ip netns del "$ns" 2>/dev/null || { sleep 0.5; ip netns del "$ns" 2>/dev/null || log "could not delete $ns"; }
  done
  rm -rf /etc/netns/hoc-*
  rmdir /etc/netns 2>/dev/null || true
  if [[ -d $LAB ]]; then
    # processes outside the namespaces that still hold pid files (should not exist)
    local f pid
    for f in "$LAB"/run/*.pid; do
      [[ -e $f ]] || continue
      pid=$(cat "$f" 2>/dev/null || true)
      if pid_alive "$pid" && grep -qa -- "$LAB" "/proc/$pid/cmdline" 2>/dev/null; then stop_pid "$pid"; fi
    done
    rm -rf "$LAB"
  fi
}

# ---------------------------------------------------------------- network
setup_network() {
  local ns
  for ns in "${ALL_NS[@]}"; do
    ip netns add "$ns"
    nsx "$ns" ip link set lo up
    nsx "$ns" sysctl -qw net.ipv4.ip_forward=0
  done
  ip link add name eth0 netns "$NS_HOME" type veth peer name home0 netns "$NS_INET"
  ip link add name office0 netns "$NS_INET" type veth peer name wan0 netns "$NS_OFFICE"
  ip link add name lan0 netns "$NS_OFFICE" type veth peer name eth0 netns "$NS_LAN"

  # home: the employee's computer
  ip -n "$NS_HOME" addr add 100.64.1.2/24 dev eth0
  ip -n "$NS_HOME" link set eth0 up
  ip -n "$NS_HOME" route add default via 100.64.1.1
  # inet: the internet (routes nothing between home and office; the relay is user space)
  ip -n "$NS_INET" addr add 100.64.1.1/24 dev home0
  ip -n "$NS_INET" addr add 100.64.2.1/24 dev office0
  ip -n "$NS_INET" link set home0 up
  ip -n "$NS_INET" link set office0 up
  ip -n "$NS_INET" addr add "$PUBLIC_ADDR_1/32" dev lo
  ip -n "$NS_INET" addr add "$PUBLIC_DNS/32" dev lo
  # office: the firewall
  ip -n "$NS_OFFICE" addr add "$OFFICE_WAN/24" dev wan0
  ip -n "$NS_OFFICE" addr add "$OFFICE_LAN/24" dev lan0
  ip -n "$NS_OFFICE" link set wan0 up
  ip -n "$NS_OFFICE" link set lan0 up
  ip -n "$NS_OFFICE" route add default via 100.64.2.1
  nsx "$NS_OFFICE" sysctl -qw net.ipv4.ip_forward=1
  # lan: the office servers
  ip -n "$NS_LAN" addr add "$LAN_SRV/24" dev eth0
  ip -n "$NS_LAN" link set eth0 up
  ip -n "$NS_LAN" route add default via "$OFFICE_LAN"
  ip -n "$NS_LAN" route add 10.99.0.0/24 via "$OFFICE_LAN"

  mkdir -p /etc/netns/"$NS_HOME" /etc/netns/"$NS_OFFICE" /etc/netns/"$NS_LAN"
  printf 'nameserver %s\n' "$PUBLIC_DNS" >/etc/netns/"$NS_HOME"/resolv.conf
  printf 'nameserver %s\n' "$PUBLIC_DNS" >/etc/netns/"$NS_OFFICE"/resolv.conf
  printf 'nameserver %s\nsearch buero.local\n' "$OFFICE_LAN" >/etc/netns/"$NS_LAN"/resolv.conf
  chmod 0644 /etc/netns/hoc-*/resolv.conf
}

# ---------------------------------------------------------------- lab dir, CA, keys
setup_dirs() {
  mkdir -p "$LAB"
  chown root:"$LAB_GROUP" "$LAB"
  chmod 0755 "$LAB"
  mkdir -p "$LAB"/{logs,run,keys,ca,inet,office,lan,helper,helper-state}
  chmod 0755 "$LAB/logs" "$LAB/run" "$LAB/inet" "$LAB/office" "$LAB/lan" "$LAB/ca"
  chmod 0700 "$LAB/keys" "$LAB/helper-state"
  chown root:"$LAB_GROUP" "$LAB/helper"
  chmod 0750 "$LAB/helper"
}

setup_ca() {
  local d=$LAB/ca name
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/O=HOC Lab/CN=HOC Lab CA" -keyout "$d/ca.key" -out "$d/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  for name in intranet mail spoof; do
    local cn=$name
    [[ $name == spoof ]] && cn=intranet
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -subj "/O=Architekturbuero Mueller/CN=$cn.buero.local" -keyout "$d/$name.key" -out "$d/$name.csr" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:%s.buero.local\n' "$cn" >"$d/$name.ext"
    openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
      -extfile "$d/$name.ext" -out "$d/$name.pem" 2>/dev/null
    rm -f "$d/$name.csr" "$d/$name.ext"
  done
  # The firewall's web/API certificate: OPNsense is reached by its LAN address.
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/O=Architekturbuero Mueller/CN=fw.buero.local" -keyout "$d/fw.key" -out "$d/fw.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:fw.buero.local,IP:%s\n' "$OFFICE_LAN" >"$d/fw.ext"
  openssl x509 -req -in "$d/fw.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
    -extfile "$d/fw.ext" -out "$d/fw.pem" 2>/dev/null
  rm -f "$d/fw.csr" "$d/fw.ext"
  chmod 0600 "$d"/*.key
  chmod 0644 "$d"/*.pem
}

# The API key OPNsense hands out (System → Access → Users → API keys): an apikey.txt file.
write_opnsense_apikey() {
  (umask 077; printf 'key=%s\nsecret=%s\n' "$(openssl rand -base64 60 | tr -d '\n/+=' | head -c 80)" \
    "$(openssl rand -base64 60 | tr -d '\n/+=' | head -c 80)" >"$LAB/office/opnsense-apikey.txt")
}

setup_keys() {
  local k=$LAB/keys
  (umask 077
    wg genkey >"$k/office.key"; wg pubkey <"$k/office.key" >"$k/office.pub"
    wg genkey >"$k/anna.key"; wg pubkey <"$k/anna.key" >"$k/anna.pub"
    wg genpsk >"$k/anna.psk")
  cp "$k/office.pub" "$LAB/office-wg.pub"; chmod 0644 "$LAB/office-wg.pub"
}

# ---------------------------------------------------------------- office WireGuard
# wireguard-go's control socket lives in /run/wireguard/IFACE.sock, which is shared by all
# network namespaces. So that a client interface named wg0 in hoc-home cannot collide with
# the office's wg0, the office's wireguard-go runs in a private mount namespace with its own
# tmpfs on /run/wireguard; office_wg enters that namespace.
start_office_wg() {
  mkdir -p /run/wireguard
  start_bg office-wg "$NS_OFFICE" env WG_PROCESS_FOREGROUND=1 LOG_LEVEL=error \
    unshare --mount --propagation slave -- sh -c \
    'mount -t tmpfs -o mode=0700 hoc-office-wg /run/wireguard && exec wireguard-go wg0'
  local i
  for ((i = 0; i < 100; i++)); do
    office_wg show wg0 >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "office wireguard-go did not come up (see $LAB/logs/office-wg.log)"
}

office_wg() {
  local pid; pid=$(pid_of office-wg)
  pid_alive "$pid" || die "office wireguard-go is not running"
  nsenter --target "$pid" --mount --net -- wg "$@"
}

# More employees, each at their own home: a namespace joined to the internet by its own veth,
# its own resolver file and its own helper. wireguard-go's control sockets live in
# /run/wireguard, shared by all namespaces, so each home's helper gets a private tmpfs there.
cmd_homes() {
  (($# == 1)) && [[ $1 =~ ^[0-9]+$ ]] && (($1 >= 1 && $1 <= 30)) || die "usage: homes N (1-30)"
  [[ -d $LAB/helper ]] || die "lab is not up"
  local js="$REPO/out/helper/hoc-helper.mjs" i ns
  [[ -f $js ]] || die "$js does not exist (build the helper first)"
  mkdir -p /run/wireguard
  for ((i = 1; i <= $1; i++)); do
    ns=$NS_HOME$i
    if ! ip netns list | awk '{print $1}' | grep -qx "$ns"; then
      ip netns add "$ns"
      # A new home computer: no profile installed, no company key pinned (a leftover of a run that
      # never reached homes-down would refuse this run's key).
      rm -rf "$LAB/helper-profiles$i" "$LAB/helper-state$i"
      nsx "$ns" ip link set lo up
      ip link add name eth0 netns "$ns" type veth peer name "home$i" netns "$NS_INET"
      ip -n "$NS_INET" addr add "100.64.$((20 + i)).1/24" dev "home$i"
      ip -n "$NS_INET" link set "home$i" up
      ip -n "$ns" addr add "100.64.$((20 + i)).2/24" dev eth0
      ip -n "$ns" link set eth0 up
      ip -n "$ns" route add default via "100.64.$((20 + i)).1"
      mkdir -p "/etc/netns/$ns"
      echo "nameserver $PUBLIC_DNS" >"/etc/netns/$ns/resolv.conf"
    fi
    if ! pid_alive "$(pid_of "helper$i")"; then
      mkdir -p "$LAB/helper$i"
      chown root:"$LAB_GROUP" "$LAB/helper$i"; chmod 0750 "$LAB/helper$i"
      rm -f "$LAB/helper$i/helper.sock"
      start_bg "helper$i" "$ns" unshare --mount --propagation slave -- sh -c \
        'mount -t tmpfs -o mode=0755 hoc-home-wg /run/wireguard && exec "$@"' sh \
        node "$js" --socket "$LAB/helper$i/helper.sock" --group "$LAB_GROUP" --state-dir "$LAB/helper-state$i" \
        --profile-dir "$LAB/helper-profiles$i"
    fi
  done
  for ((i = 1; i <= $1; i++)); do
    local n
    for ((n = 0; n < 100; n++)); do [[ -S $LAB/helper$i/helper.sock ]] && break; sleep 0.1; done
    [[ -S $LAB/helper$i/helper.sock ]] || die "helper of $NS_HOME$i did not start (see $LAB/logs/helper$i.log)"
  done
  log "$1 extra homes ready ($NS_HOME""1..$NS_HOME$1)"
}

# Takes every extra home away again: its helper (and the tunnel processes in its namespace),
# the namespace with its veth, its resolver file and its helper folders.
cmd_homes_down() {
  local ns i n=0
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${NS_HOME}[0-9]+\$" || true); do
    i=${ns#"$NS_HOME"}
    stop_pid "$(pid_of "helper$i")"
    rm -f "$LAB/run/helper$i.pid"
    kill_ns_processes "$ns"
    ip netns del "$ns" 2>/dev/null || { sleep 0.5; ip netns del "$ns"; }
    ip -n "$NS_INET" link del "home$i" 2>/dev/null || true
    # A home computer that goes away takes its disk along: the installed profiles and the pin too.
    rm -rf "/etc/netns/$ns" "$LAB/helper$i" "$LAB/helper-state$i" "$LAB/helper-profiles$i"
    n=$((n + 1))
  done
  log "$n extra homes removed"
}

# The office firewall restarts its WireGuard: the process goes away (every session with it)
# and comes back with the same keys and peers, as after an OPNsense reboot or service restart.
cmd_wg_restart() {
  local saved="$LAB/keys/office-wg.saved.conf"
  (umask 077; office_wg showconf wg0 >"$saved")
  stop_pid "$(pid_of office-wg)"
  rm -f "$LAB/run/office-wg.pid"
  start_office_wg
  office_wg setconf wg0 "$saved"
  rm -f "$saved"
  ip -n "$NS_OFFICE" addr add "$WG_OFFICE/24" dev wg0
  ip -n "$NS_OFFICE" link set wg0 mtu 1420 up
  log "office WireGuard restarted"
}

setup_office_wg() {
  start_office_wg
  local k=$LAB/keys
  office_wg set wg0 private-key "$k/office.key" listen-port "$WG_PORT" \
    peer "$(cat "$k/anna.pub")" preshared-key "$k/anna.psk" allowed-ips "$ANNA_TUNNEL/32"
  ip -n "$NS_OFFICE" addr add "$WG_OFFICE/24" dev wg0
  ip -n "$NS_OFFICE" link set wg0 mtu 1420 up
}

# ---------------------------------------------------------------- DNS
write_public_hosts() {
  printf '%s %s\n' "$1" "$PUBLIC_NAME" >"$LAB/inet/public-hosts.tmp"
  chmod 0644 "$LAB/inet/public-hosts.tmp"
  mv -f "$LAB/inet/public-hosts.tmp" "$LAB/inet/public-hosts"
  echo "$1" >"$LAB/inet/public-address"
}

start_public_dns() {
  [[ -s $LAB/inet/public-hosts ]] || write_public_hosts "$PUBLIC_ADDR_1"
  start_bg public-dns "$NS_INET" dnsmasq -k --no-resolv --no-hosts --conf-file=/dev/null \
    --listen-address="$PUBLIC_DNS" --bind-interfaces --addn-hosts="$LAB/inet/public-hosts" \
    --local=/example/ --local-ttl=2 --neg-ttl=2 --pid-file="$LAB/run/public-dns.dnsmasq.pid" \
    --log-facility=- --log-queries
}

write_office_hosts() {
  cat >"$LAB/office/hosts" <<EOF
$OFFICE_LAN fw.buero.local
$LAN_SRV fs.buero.local cad.buero.local mail.buero.local print.buero.local pbx.buero.local ava.buero.local intranet.buero.local
EOF
  chmod 0644 "$LAB/office/hosts"
}

start_dns() {
  [[ -s $LAB/office/hosts ]] || write_office_hosts
  start_bg dns "$NS_OFFICE" dnsmasq -k --no-resolv --no-hosts --conf-file=/dev/null \
    --listen-address="$OFFICE_LAN" --listen-address="$WG_OFFICE" --bind-interfaces \
    --addn-hosts="$LAB/office/hosts" --local=/buero.local/ --server="$PUBLIC_DNS" \
    --local-ttl=5 --max-cache-ttl=5 --pid-file="$LAB/run/dns.dnsmasq.pid" --log-facility=- --log-queries
}

# ---------------------------------------------------------------- relay
start_relay() {
  local addr=$PUBLIC_ADDR_1
  [[ -s $LAB/inet/public-address ]] && addr=$(cat "$LAB/inet/public-address")
  start_bg relay "$NS_INET" node "$LAB_SRC/udp-relay.mjs" --listen "$addr:$WG_PORT" \
    --upstream "$OFFICE_WAN:$WG_PORT" --upstream-bind 100.64.2.1 --control "$LAB/relay.sock"
}

relay_ctl() { node "$LAB_SRC/udp-relay.mjs" --ctl "$LAB/relay.sock" "$1"; }

# ---------------------------------------------------------------- LAN servers
write_lan_configs() {
  local L=$LAB/lan uid gid
  uid=$(id -u "$OFFICE_USER"); gid=$(id -g "$OFFICE_USER")

  # --- Samba
  mkdir -p "$L/samba"/{private,lock,state,cache,pid,ncalrpc,bind-dns} "$L/projekte/2026-Neubau"
  chmod 0700 "$L/samba/private"
  printf 'Willkommen im Projektlaufwerk des Architekturbüros Müller.\r\n' >"$L/projekte/Willkommen.txt"
  head -c 4096 /dev/urandom >"$L/projekte/2026-Neubau/Plan-A1.dwg"
  chown -R "$OFFICE_USER:$gid" "$L/projekte"
  chmod -R u+rwX,g+rwX,o-rwx "$L/projekte"
  # A share whose name has an umlaut, as offices name them (umlaut-share.test.ts maps it for real).
  mkdir -p "$L/Pläne"
  printf 'Grundriss Erdgeschoss, Stand November.\r\n' >"$L/Pläne/Grundriss.txt"
  chown -R "$OFFICE_USER:$gid" "$L/Pläne"
  chmod -R u+rwX,g+rwX,o-rwx "$L/Pläne"
  cat >"$L/samba/smb.conf" <<EOF
[global]
  workgroup = $OFFICE_DOMAIN
  netbios name = FS
  server string = Dateiserver Buero Mueller (lab)
  server role = standalone server
  security = user
  map to guest = never
  passdb backend = tdbsam:$L/samba/private/passdb.tdb
  private dir = $L/samba/private
  lock directory = $L/samba/lock
  state directory = $L/samba/state
  cache directory = $L/samba/cache
  pid directory = $L/samba/pid
  ncalrpc dir = $L/samba/ncalrpc
  binddns dir = $L/samba/bind-dns
  log file = $LAB/logs/samba.log
  max log size = 0
  log level = 1
  interfaces = $LAN_SRV
  bind interfaces only = yes
  smb ports = 445
  disable netbios = yes
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  obey pam restrictions = no
  unix password sync = no

[projekte]
  comment = Projekte
  path = $L/projekte
  read only = no
  browseable = yes
  valid users = $OFFICE_USER
  create mask = 0664
  directory mask = 0775

[Pläne]
  comment = Pläne
  path = $L/Pläne
  read only = no
  browseable = yes
  valid users = $OFFICE_USER
  create mask = 0664
  directory mask = 0775
EOF
  printf '%s\n%s\n' "$OFFICE_PASS" "$OFFICE_PASS" |
    smbpasswd -c "$L/samba/smb.conf" -s -a "$OFFICE_USER" >"$LAB/logs/smbpasswd.log" 2>&1 ||
    { cat "$LAB/logs/smbpasswd.log" >&2; die "smbpasswd failed"; }

  # --- CUPS
  local C=$L/cups
  write_cups_files_conf "$C" cups "FileDevice Yes"
  cat >"$C/etc/cupsd.conf" <<EOF
LogLevel warn
MaxLogSize 0
Listen $LAN_SRV:631
Listen $C/run/cups.sock
Browsing No
BrowseLocalProtocols none
WebInterface No
ServerAlias *
DefaultShared Yes
DefaultEncryption IfRequested
DefaultAuthType Basic
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow localhost
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
EOF
  cups_permissions "$C"

  # --- Dovecot (two instances: imap and submission)
  mkdir -p "$L/mail/$OFFICE_USER"
  chown -R "$uid:$gid" "$L/mail/$OFFICE_USER"
  chmod 0755 "$L/mail"
  printf '%s:{PLAIN}%s\n' "$OFFICE_USER" "$OFFICE_PASS" >"$L/dovecot.passwd"
  chown root:dovecot "$L/dovecot.passwd"
  chmod 0640 "$L/dovecot.passwd"
  local inst proto
  for inst in imap smtp; do
    mkdir -p "$L/dovecot-$inst/state"
    if [[ $inst == imap ]]; then proto=imap; else proto=submission; fi
    cat >"$L/dovecot-$inst/dovecot.conf" <<EOF
instance_name = hoc-$inst
base_dir = $L/dovecot-$inst/run
state_dir = $L/dovecot-$inst/state
log_path = $LAB/logs/dovecot-$inst.log
protocols = $proto
listen = $LAN_SRV
hostname = mail.buero.local
login_greeting = Dovecot (HOC lab) ready.
ssl = yes
ssl_cert = <$LAB/ca/mail.pem
ssl_key = <$LAB/ca/mail.key
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 100
mail_location = maildir:$L/mail/%n
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $L/dovecot.passwd
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$L/mail/%n
}
service auth {
  process_min_avail = 1
}
service imap-login {
  process_min_avail = 1
  inet_listener imap {
    address = $LAN_SRV
    port = 143
  }
  inet_listener imaps {
    port = 0
  }
}
service submission-login {
  process_min_avail = 1
  inet_listener submission {
    address = $LAN_SRV
    port = 587
  }
}
submission_relay_host = 127.0.0.1
submission_relay_port = 25
submission_relay_trusted = no
EOF
  done
  # A first mail for anna.
  mkdir -p "$L/mail/$OFFICE_USER"/{cur,new,tmp}
  cat >"$L/mail/$OFFICE_USER/new/1700000000.M1P1.lab" <<'EOF'
From: IT-Service <hilfe@it-service.example>
To: Anna Schmidt <anna@buero.local>
Subject: Willkommen im Labor
Date: Sat, 28 Nov 2026 08:00:00 +0100
Message-ID: <welcome@buero.local>

Hallo Anna, dies ist eine Testnachricht.
EOF
  chown -R "$uid:$gid" "$L/mail/$OFFICE_USER"

  # --- Kamailio
  mkdir -p "$L/kamailio/run"
  cat >"$L/kamailio/kamailio.cfg" <<EOF
#!KAMAILIO
debug=1
log_stderror=yes
fork=yes
children=2
tcp_children=2
dns=no
rev_dns=no
auto_aliases=no
listen=udp:$LAN_SRV:5060
listen=tcp:$LAN_SRV:5060
alias="pbx.buero.local"
mpath="$KAMAILIO_MODULES/"
loadmodule "sl.so"

request_route {
    if (method=="OPTIONS") {
        sl_send_reply("200", "OK");
        exit;
    }
    if (method=="ACK") {
        exit;
    }
    sl_send_reply("404", "Not Found");
    exit;
}
EOF
}

# ---------------------------------------------------------------- the workstation's CUPS (home)
# A second cupsd in hoc-home is the employee's local CUPS: only a Unix socket (no TCP), its own
# config and spool under $LAB/home/cups. The helper adds the office printers here.
write_home_cups_config() {
  local C=$LAB/home/cups
  write_cups_files_conf "$C" home-cups
  chmod 0755 "$LAB/home"
  cat >"$C/etc/cupsd.conf" <<EOF
LogLevel warn
MaxLogSize 0
Listen $C/run/cups.sock
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType Basic
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess default
  JobPrivateValues default
  <Limit CUPS-Add-Modify-Printer CUPS-Delete-Printer CUPS-Add-Modify-Class CUPS-Delete-Class Pause-Printer Resume-Printer>
    AuthType Default
    Require user @SYSTEM
    Order deny,allow
  </Limit>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
  cups_permissions "$C"
}

# The tree of a lab cupsd under DIR and its cups-files.conf: logs $LAB/logs/NAME-*.log, then
# any further lines given.
write_cups_files_conf() {
  local C=$1 name=$2
  shift 2
  mkdir -p "$C"/{etc/ppd,etc/ssl,spool/tmp,cache,state/certs,run}
  {
    cat <<EOF
User lp
Group lp
SystemGroup root
ServerRoot $C/etc
RequestRoot $C/spool
TempDir $C/spool/tmp
CacheDir $C/cache
StateDir $C/state
AccessLog $LAB/logs/$name-access.log
ErrorLog $LAB/logs/$name-error.log
PageLog $LAB/logs/$name-page.log
EOF
    (($# == 0)) || printf '%s\n' "$@"
  } >"$C/etc/cups-files.conf"
}

# The ownership and modes cupsd (running as lp) insists on for its own tree under DIR.
cups_permissions() {
  local C=$1
  chown -R root:lp "$C"
  chmod 0755 "$C" "$C/etc" "$C/etc/ppd" "$C/state" "$C/run"
  chmod 0700 "$C/etc/ssl"
  chmod 0640 "$C/etc/cupsd.conf" "$C/etc/cups-files.conf"
  chmod 0710 "$C/spool"
  chmod 1770 "$C/spool/tmp"
  chmod 0770 "$C/cache"
  chmod 0711 "$C/state/certs"
}

home_cups_socket() { echo "$LAB/home/cups/run/cups.sock"; }

start_service() {
  local svc=$1 L=$LAB/lan
  if pid_alive "$(pid_of "$svc")"; then log "$svc already running"; return 0; fi
  case "$svc" in
    smb) start_bg smb "$NS_LAN" smbd --foreground --no-process-group -s "$L/samba/smb.conf" ;;
    cups)
      start_bg cups "$NS_LAN" cupsd -f -c "$L/cups/etc/cupsd.conf" -s "$L/cups/etc/cups-files.conf" ;;
    imap) start_bg imap "$NS_LAN" dovecot -F -c "$L/dovecot-imap/dovecot.conf" ;;
    smtp) start_bg smtp "$NS_LAN" dovecot -F -c "$L/dovecot-smtp/dovecot.conf" ;;
    sip)
      start_bg sip "$NS_LAN" kamailio -f "$L/kamailio/kamailio.cfg" -DD -E -m 32 -M 4 \
        -Y "$L/kamailio/run" -P "$LAB/run/sip.kamailio.pid" ;;
    cad)
      start_bg cad "$NS_LAN" socat "TCP-LISTEN:27000,bind=$LAN_SRV,reuseaddr,fork" \
        "SYSTEM:echo FLEXlm lab license server ready" ;;
    ava)
      start_bg ava "$NS_LAN" socat "TCP-LISTEN:1433,bind=$LAN_SRV,reuseaddr,fork" \
        "SYSTEM:echo AVA tendering database lab ready; sleep 1" ;;
    intranet)
      start_bg intranet "$NS_LAN" node "$LAB_SRC/intranet.mjs" --cert "$LAB/ca/intranet.pem" \
        --key "$LAB/ca/intranet.key" --host "$LAN_SRV" --port 443 ;;
    opnsense-api)
      [[ -s $LAB/office/opnsense-apikey.txt ]] || write_opnsense_apikey
      start_bg opnsense-api "$NS_OFFICE" node "$LAB_SRC/opnsense-api-standin.mjs" --listen "$OFFICE_LAN:$OPNSENSE_API_PORT" \
        --cert "$LAB/ca/fw.pem" --key "$LAB/ca/fw.key" --credentials "$LAB/office/opnsense-apikey.txt" \
        --wg-pidfile "$LAB/run/office-wg.pid" --iface wg0 --instance-name HomeOffice --tunnel-address "$WG_OFFICE/24" ;;
    home-cups)
      [[ -s $LAB/home/cups/etc/cupsd.conf ]] || write_home_cups_config
      start_bg home-cups "$NS_HOME" cupsd -f -c "$LAB/home/cups/etc/cupsd.conf" -s "$LAB/home/cups/etc/cups-files.conf" ;;
    dns) start_dns ;;
    public-dns) start_public_dns ;;
    relay) start_relay ;;
    *) die "unknown service '$svc' (${ALL_SERVICES[*]})" ;;
  esac
}

# service -> "NS PROTO ADDR PORT" to wait for
service_port() {
  case "$1" in
    smb) echo "$NS_LAN t $LAN_SRV 445" ;;
    cups) echo "$NS_LAN t $LAN_SRV 631" ;;
    imap) echo "$NS_LAN t $LAN_SRV 143" ;;
    smtp) echo "$NS_LAN t $LAN_SRV 587" ;;
    sip) echo "$NS_LAN u $LAN_SRV 5060" ;;
    cad) echo "$NS_LAN t $LAN_SRV 27000" ;;
    ava) echo "$NS_LAN t $LAN_SRV 1433" ;;
    intranet) echo "$NS_LAN t $LAN_SRV 443" ;;
    opnsense-api) echo "$NS_OFFICE t $OFFICE_LAN $OPNSENSE_API_PORT" ;;
    dns) echo "$NS_OFFICE u $OFFICE_LAN 53" ;;
    public-dns) echo "$NS_INET u $PUBLIC_DNS 53" ;;
    relay) echo "$NS_INET u $(cat "$LAB/inet/public-address" 2>/dev/null || echo "$PUBLIC_ADDR_1") $WG_PORT" ;;
  esac
}

wait_service() {
  local svc=$1 ns proto addr port i
  if [[ $svc == home-cups ]]; then
    for ((i = 0; i < 200; i++)); do
      [[ -S $(home_cups_socket) ]] && lpstat -h "$(home_cups_socket)" -r >/dev/null 2>&1 && return 0
      sleep 0.1
    done
    log "service home-cups did not create $(home_cups_socket); last log lines:"
    tail -n 20 "$LAB/logs/home-cups.log" "$LAB/logs/home-cups-error.log" >&2 2>/dev/null || true
    return 1
  fi
  read -r ns proto addr port <<<"$(service_port "$svc")"
  if ! wait_listen "$ns" "$proto" "$addr" "$port" 20; then
    log "service $svc did not start listening on $addr:$port; last log lines:"
    tail -n 20 "$LAB/logs/$svc.log" >&2 2>/dev/null || true
    [[ $svc == cups ]] && tail -n 20 "$LAB/logs/cups-error.log" >&2 2>/dev/null
    [[ $svc == imap || $svc == smtp ]] && tail -n 20 "$LAB/logs/dovecot-$svc.log" >&2 2>/dev/null
    [[ $svc == smb ]] && tail -n 20 "$LAB/logs/samba.log" >&2 2>/dev/null
    return 1
  fi
}

stop_service() {
  local svc=$1 pid
  case " ${ALL_SERVICES[*]} " in *" $svc "*) ;; *) die "unknown service '$svc' (${ALL_SERVICES[*]})" ;; esac
  pid=$(pid_of "$svc")
  stop_pid "$pid"
  rm -f "$LAB/run/$svc.pid" "$LAB/run/$svc".*.pid
  [[ $svc == relay ]] && rm -f "$LAB/relay.sock"
  return 0
}

setup_plotter() {
  local sock=$LAB/lan/cups/run/cups.sock i
  for ((i = 0; i < 100; i++)); do [[ -S $sock ]] && break; sleep 0.1; done
  lpadmin -h "$sock" -p Plotter -D "Plotter (DesignJet, lab)" -L "Buero" -E -v file:///dev/null \
    -m drv:///sample.drv/generic.ppd \
    -o printer-is-shared=true 2>&1 | grep -v -i 'deprecated' >&2 || true
  lpstat -h "$sock" -p Plotter >/dev/null || die "could not create the CUPS queue Plotter"
}

# The printer the employee set up by hand before HomeOffice Connect was installed: every test
# that ends a session checks it is still there (tests/e2e/clean.ts). Kept if it exists already.
USER_PRINTER=Eigener-Drucker USER_PRINTER_URI=socket://127.0.0.1:9100
setup_home_printer() {
  local sock; sock=$(home_cups_socket)
  lpstat -h "$sock" -p "$USER_PRINTER" >/dev/null 2>&1 && return 0
  lpadmin -h "$sock" -p "$USER_PRINTER" -E -v "$USER_PRINTER_URI" -m raw 2>&1 | grep -v -i 'deprecated' >&2 || true
  lpstat -h "$sock" -p "$USER_PRINTER" >/dev/null || die "could not create the user's own printer $USER_PRINTER"
}

# ---------------------------------------------------------------- profile
# spki_pin CERT.pem: sha256/<base64> of the certificate's DER SubjectPublicKeyInfo.
spki_pin() {
  printf 'sha256/%s' "$(openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"
}

write_profile() {
  local k=$LAB/keys
  node "$LAB_SRC/make-profile.mjs" --signing-key "$LAB/org-signing-key.pem" --create-signing-key \
    --org-pub "$LAB/org.pub" --name "Anna Schmidt" --role drafter --address "$ANNA_TUNNEL/32" --serial 1 \
    --private-key "$(cat "$k/anna.key")" --peer-public-key "$(cat "$k/office.pub")" \
    --preshared-key "$(cat "$k/anna.psk")" --endpoint "$PUBLIC_NAME:$WG_PORT" --out "$LAB/anna.hocprofile"
  # The same employee with one drive on the share `Pläne` (umlaut-share.test.ts).
  node "$LAB_SRC/make-profile.mjs" --signing-key "$LAB/org-signing-key.pem" \
    --name "Anna Schmidt" --role drafter --address "$ANNA_TUNNEL/32" --serial 1 \
    --private-key "$(cat "$k/anna.key")" --peer-public-key "$(cat "$k/office.pub")" \
    --preshared-key "$(cat "$k/anna.psk")" --endpoint "$PUBLIC_NAME:$WG_PORT" \
    --drives '[{"letter":"Q","label":"Pläne","share":"\\\\fs.buero.local\\Pläne"}]' --out "$LAB/anna-plaene.hocprofile"
  chown root:"$LAB_GROUP" "$LAB/anna-plaene.hocprofile"
  chmod 0640 "$LAB/anna-plaene.hocprofile"
  # The same employee, serial 2, with the office proof: the intranet's key pinned (docs/office.md).
  node "$LAB_SRC/make-profile.mjs" --signing-key "$LAB/org-signing-key.pem" \
    --name "Anna Schmidt" --role drafter --address "$ANNA_TUNNEL/32" --serial 2 \
    --private-key "$(cat "$k/anna.key")" --peer-public-key "$(cat "$k/office.pub")" \
    --preshared-key "$(cat "$k/anna.psk")" --endpoint "$PUBLIC_NAME:$WG_PORT" \
    --office-host intranet.buero.local --office-port 443 --office-spki "$(spki_pin "$LAB/ca/intranet.pem")" \
    --out "$LAB/anna-office.hocprofile"
  chown root:"$LAB_GROUP" "$LAB/anna-office.hocprofile"
  chmod 0640 "$LAB/anna-office.hocprofile"
  chmod 0600 "$LAB/org-signing-key.pem"
  chown root:"$LAB_GROUP" "$LAB/anna.hocprofile"
  chmod 0640 "$LAB/anna.hocprofile"
  chmod 0644 "$LAB/org.pub"
  printf '{"user":"%s","domain":"%s","password":"%s"}\n' "$OFFICE_USER" "$OFFICE_DOMAIN" "$OFFICE_PASS" \
    >"$LAB/office-account.json"
  chown root:"$LAB_GROUP" "$LAB/office-account.json"
  chmod 0640 "$LAB/office-account.json"
}

# ---------------------------------------------------------------- place (the notebook that goes to the office)
# `place office` takes the employee's computer (hoc-home) to the office: unplugged from the home
# router (eth0 down) and plugged into the office Wi-Fi, a second LAN segment of the firewall
# (seat0, $SEAT_NET.0/24; the office DNS as "DHCP" would hand it out). `place home` brings it
# back. `place spoof` is at home with a fake office: the office's names and addresses answer
# from the internet side, with a certificate the lab CA signed for intranet.buero.local, but
# not the key the profile pins. Run it with the tunnel down (the resolver is rewritten).
SEAT_NET=10.77.1
set_home_resolver() {
  # In place: /etc/netns/hoc-home/resolv.conf may be bind-mounted into running processes.
  printf '%b\n' "$1" >/etc/netns/"$NS_HOME"/resolv.conf
}

place_reset() {
  ip -n "$NS_HOME" link del seat0 2>/dev/null || true
  ip -n "$NS_HOME" link set eth0 up
  ip -n "$NS_HOME" route replace default via 100.64.1.1
  set_home_resolver "nameserver $PUBLIC_DNS"
  stop_pid "$(pid_of spoof-intranet)"
  rm -f "$LAB/run/spoof-intranet.pid"
  ip -n "$NS_INET" addr del "$LAN_SRV/32" dev lo 2>/dev/null || true
  ip -n "$NS_HOME" route del 10.77.0.0/24 via 100.64.1.1 metric 500 2>/dev/null || true
  if grep -q intranet.buero.local "$LAB/inet/public-hosts" 2>/dev/null; then
    write_public_hosts "$(cat "$LAB/inet/public-address" 2>/dev/null || echo "$PUBLIC_ADDR_1")"
    kill -HUP "$(cat "$LAB/run/public-dns.dnsmasq.pid")" 2>/dev/null || true
  fi
}

cmd_place() {
  need_root
  local where=${1:-}
  case "$where" in office|home|spoof) ;; *) die "usage: place office|home|spoof" ;; esac
  [[ -d $LAB/run ]] || die "lab is not up"
  with_lock
  place_reset
  case "$where" in
    office)
      ip link add name seat0 netns "$NS_HOME" type veth peer name seat0 netns "$NS_OFFICE"
      ip -n "$NS_OFFICE" addr add "$SEAT_NET.1/24" dev seat0
      ip -n "$NS_OFFICE" link set seat0 up
      ip -n "$NS_HOME" link set eth0 down
      ip -n "$NS_HOME" addr add "$SEAT_NET.2/24" dev seat0
      ip -n "$NS_HOME" link set seat0 up
      ip -n "$NS_HOME" route replace default via "$SEAT_NET.1"
      set_home_resolver "nameserver $OFFICE_LAN\nsearch buero.local"
      ;;
    spoof)
      ip -n "$NS_INET" addr add "$LAN_SRV/32" dev lo
      ip -n "$NS_HOME" route add 10.77.0.0/24 via 100.64.1.1 metric 500
      printf '%s intranet.buero.local\n' "$LAN_SRV" >>"$LAB/inet/public-hosts"
      kill -HUP "$(cat "$LAB/run/public-dns.dnsmasq.pid")"
      start_bg spoof-intranet "$NS_INET" node "$LAB_SRC/intranet.mjs" --cert "$LAB/ca/spoof.pem" \
        --key "$LAB/ca/spoof.key" --host "$LAN_SRV" --port 443
      wait_listen "$NS_INET" t "$LAN_SRV" 443 20 || die "the spoofed intranet did not start"
      ;;
  esac
  echo "$where" >"$LAB/place"
  log "the employee's computer is now: $where"
}

# ---------------------------------------------------------------- commands
cmd_up() {
  need_root
  local t0=$SECONDS svc
  ensure_packages
  ensure_users
  with_lock
  log "cleaning up earlier runs"
  cleanup_all
  log "building namespaces"
  setup_network
  setup_dirs
  setup_ca
  setup_keys
  setup_office_wg
  write_lan_configs
  write_public_hosts "$PUBLIC_ADDR_1"
  write_office_hosts
  log "starting services"
  for svc in public-dns relay dns "${LAN_SERVICES[@]}" home-cups opnsense-api; do start_service "$svc"; done
  for svc in public-dns relay dns "${LAN_SERVICES[@]}" home-cups opnsense-api; do wait_service "$svc" || die "lab is incomplete"; done
  wait_listen "$NS_LAN" t "$LAN_SRV" 5060 5 || die "kamailio TCP listener missing"
  setup_plotter
  setup_home_printer
  write_profile
  log "lab is up in $((SECONDS - t0)) s"
  summary
}

summary() {
  cat <<EOF
HomeOffice Connect lab is up ($LAB)
  namespaces : ${ALL_NS[*]}
  home       : 100.64.1.2/24 via 100.64.1.1, resolver $PUBLIC_DNS (/etc/netns/$NS_HOME/resolv.conf)
  internet   : relay $(cat "$LAB/inet/public-address"):$WG_PORT -> $OFFICE_WAN:$WG_PORT, DNS $PUBLIC_DNS ($PUBLIC_NAME)
  office     : wg0 $WG_OFFICE/24 port $WG_PORT (pubkey $(cat "$LAB/keys/office.pub")), DNS $OFFICE_LAN
  servers    : $LAN_SRV  smb:445 ipp:631 imap:143 submission:587 sip:5060 cad:27000 ava:1433 https:443
  profile    : $LAB/anna.hocprofile (org key $(cat "$LAB/org.pub"))
  account    : $LAB/office-account.json, CA $LAB/ca/ca.pem
  run as user: $0 exec home --user -- CMD
EOF
}

cmd_down() {
  need_root
  with_lock
  cleanup_all
  rm -f "$LOCK"
  log "lab is down"
}

cmd_status() {
  local ns svc pid state
  echo "lab dir: $LAB $([[ -d $LAB ]] && echo present || echo absent)"
  echo "namespaces:"
  for ns in "${ALL_NS[@]}"; do
    if ip netns list | awk '{print $1}' | grep -qx "$ns"; then
      echo "  $ns up ($(ip netns pids "$ns" | wc -l) processes)"
    else
      echo "  $ns missing"
    fi
  done
  [[ -d $LAB ]] || return 0
  echo "services:"
  for svc in office-wg "${ALL_SERVICES[@]}" helper desktop; do
    pid=$(pid_of "$svc")
    if pid_alive "$pid"; then state="running (pid $pid)"; else state=stopped; fi
    printf '  %-11s %s\n' "$svc" "$state"
  done
  if pid_alive "$(pid_of office-wg)"; then
    echo "office wg0:"
    office_wg show wg0 | sed 's/^/  /'
  fi
  if [[ -S $LAB/relay.sock ]]; then
    echo "relay: $(relay_ctl '{"cmd":"status"}' 2>/dev/null || echo unreachable)"
  fi
}

cmd_exec() {
  need_root
  (($# >= 1)) || die "usage: exec NS [--user|--as USER] -- CMD ARGS..."
  local ns; ns=$(ns_name "$1"); shift
  local as_user=''
  if [[ ${1:-} == --user ]]; then as_user=$LAB_USER; shift
  elif [[ ${1:-} == --as ]]; then
    [[ ${2:-} == "$LAB_USER" || ${2:-} == "$LAB_PEER" ]] || die "--as takes $LAB_USER or $LAB_PEER"
    as_user=$2; shift 2
  fi
  [[ ${1:-} == -- ]] && shift
  (($# >= 1)) || die "usage: exec NS [--user|--as USER] -- CMD ARGS..."
  ip netns list | awk '{print $1}' | grep -qx "$ns" || die "namespace $ns does not exist (run up)"

  local prefix=(ip netns exec "$ns")
  if [[ $ns == "$NS_OFFICE" ]] && pid_alive "$(pid_of office-wg)"; then
    # join the office wireguard-go's mount namespace so that `wg show` sees wg0
    prefix=(nsenter --target "$(pid_of office-wg)" --mount --net --wd="$PWD" --)
  fi
  if [[ -n $as_user ]]; then
    local home uid gid envs=() v
    home=$(getent passwd "$as_user" | cut -d: -f6)
    uid=$(id -u "$as_user"); gid=$(id -g "$as_user")
    envs+=("HOME=$home" "USER=$as_user" "LOGNAME=$as_user" "SHELL=/bin/bash" "PATH=$PATH")
    for v in $(compgen -e); do
      case "$v" in
        HOC_*|NODE_EXTRA_CA_CERTS|NODE_OPTIONS|LANG|LC_*|TERM|TZ|CI) envs+=("$v=${!v}") ;;
      esac
    done
    exec "${prefix[@]}" setpriv --reuid="$uid" --regid="$gid" --init-groups \
      env -i "${envs[@]}" sh -c 'cd "$1" 2>/dev/null || cd "$HOME"; shift; exec "$@"' sh "$PWD" "$@"
  fi
  exec "${prefix[@]}" "$@"
}

cmd_relay() {
  need_root
  [[ -S $LAB/relay.sock ]] || die "relay is not running"
  case "${1:-}" in
    delay) [[ ${2:-} =~ ^[0-9]+$ ]] || die "usage: relay delay MS"; relay_ctl "{\"cmd\":\"delay\",\"ms\":$2}" ;;
    loss) [[ ${2:-} =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "usage: relay loss PERCENT"
      relay_ctl "{\"cmd\":\"loss\",\"percent\":$2}" ;;
    status) relay_ctl '{"cmd":"status"}' ;;
    reset) relay_ctl '{"cmd":"reset"}' ;;
    move)
      with_lock
      local cur new
      cur=$(cat "$LAB/inet/public-address")
      if [[ -n ${2:-} ]]; then
        new=$2
        [[ $new =~ ^100\.64\.3\.[0-9]{1,3}$ && $new != "$PUBLIC_DNS" ]] || die "address must be in 100.64.3.0/24 (not $PUBLIC_DNS)"
      elif [[ $cur == "$PUBLIC_ADDR_1" ]]; then new=$PUBLIC_ADDR_2
      else new=$PUBLIC_ADDR_1
      fi
      ip -n "$NS_INET" addr show dev lo | grep -q "inet $new/" || ip -n "$NS_INET" addr add "$new/32" dev lo
      relay_ctl "{\"cmd\":\"move\",\"address\":\"$new\"}"
      write_public_hosts "$new"
      local dpid; dpid=$(cat "$LAB/run/public-dns.dnsmasq.pid" 2>/dev/null || pid_of public-dns)
      kill -HUP "$dpid"
      log "office moved from $cur to $new ($PUBLIC_NAME updated)"
      ;;
    *) die "usage: relay delay MS | relay loss PERCENT | relay move [ADDRESS] | relay status | relay reset" ;;
  esac
}

cmd_add_peer() {
  need_root
  (($# >= 2)) || die "usage: add-peer PUBKEY ADDRESS/32 [PSK-FILE]"
  [[ $2 =~ ^10\.99\.0\.[0-9]{1,3}/32$ ]] || die "address must be 10.99.0.X/32"
  if [[ -n ${3:-} ]]; then
    office_wg set wg0 peer "$1" preshared-key "$3" allowed-ips "$2"
  else
    office_wg set wg0 peer "$1" allowed-ips "$2"
  fi
  log "peer $1 added with $2"
}

cmd_remove_peer() {
  need_root
  (($# == 1)) || die "usage: remove-peer PUBKEY"
  office_wg set wg0 peer "$1" remove
  log "peer $1 removed"
}

cmd_helper_start() {
  need_root
  [[ -d $LAB/helper ]] || die "lab is not up"
  local pid; pid=$(pid_of helper)
  if pid_alive "$pid"; then log "helper already running (pid $pid)"; return 0; fi
  # The Node bundle, or with HOC_LAB_HELPER_EXE the packaged single executable (as installers start it).
  local cmd
  if [[ -n ${HOC_LAB_HELPER_EXE:-} ]]; then
    [[ -x $HOC_LAB_HELPER_EXE ]] || die "$HOC_LAB_HELPER_EXE is not executable (npm run build:helper-exe)"
    cmd=("$HOC_LAB_HELPER_EXE")
  else
    local js="$REPO/out/helper/hoc-helper.mjs"
    [[ -f $js ]] || die "$js does not exist (build the helper first)"
    cmd=(node "$js")
  fi
  chown root:"$LAB_GROUP" "$LAB/helper"; chmod 0750 "$LAB/helper"
  rm -f "$LAB/helper/helper.sock"
  # As the IT provider's silent installer does: pin the company key machine-wide, as root, before
  # anyone connects (hoc connect --profile never pins; an import would, after the fingerprint check).
  "${cmd[@]}" pin --profile "$LAB/anna.hocprofile" --profile-dir "$LAB/helper-profiles" >>"$LAB/logs/helper.log" 2>&1 \
    || die "could not pin the company key (see $LAB/logs/helper.log)"
  start_bg helper "$NS_HOME" env CUPS_SERVER="$(home_cups_socket)" HOC_HELPER_PRINTER_STATE_DIR="$LAB/helper-printers" \
    "${cmd[@]}" --socket "$LAB/helper/helper.sock" --group "$LAB_GROUP" \
    --state-dir "$LAB/helper-state" --profile-dir "$LAB/helper-profiles"
  pid=$(pid_of helper)
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -S $LAB/helper/helper.sock ]] && { log "helper running (pid $pid)"; return 0; }
    pid_alive "$pid" || break
    sleep 0.1
  done
  tail -n 30 "$LAB/logs/helper.log" >&2 || true
  stop_pid "$pid"
  die "helper did not create $LAB/helper/helper.sock within 10 s"
}

cmd_helper_stop() {
  need_root
  stop_pid "$(pid_of helper)"
  rm -f "$LAB/run/helper.pid" "$LAB/helper/helper.sock"
  log "helper stopped"
}

# ---------------------------------------------------------------- the employee's desktop session
# What a logged-in Linux desktop gives the app: a D-Bus session bus, an unlocked gnome-keyring
# (Secret Service) and gvfs with its FUSE bridge. `ip netns exec` gives every command its own
# mount namespace, so the whole session lives in one (the FUSE mount is only visible there) and
# `desktop exec` enters it with nsenter.
desktop_env() {
  local D=$LAB/desktop
  printf '%s\n' "HOME=$D/home" "USER=$LAB_USER" "LOGNAME=$LAB_USER" "SHELL=/bin/bash" "PATH=$PATH" \
    "XDG_RUNTIME_DIR=$D/run" "DBUS_SESSION_BUS_ADDRESS=unix:path=$D/run/bus" "CUPS_SERVER=$(home_cups_socket)" \
    "GVFS_REMOTE_VOLUME_MONITOR_IGNORE=1"
}

cmd_desktop_start() {
  local D=$LAB/desktop pid i uid gid envs=()
  pid=$(pid_of desktop)
  if pid_alive "$pid"; then log "desktop session already running (pid $pid)"; return 0; fi
  uid=$(id -u "$LAB_USER"); gid=$(id -g "$LAB_USER")
  mkdir -p "$D/home" "$D/run"
  chown "$uid:$gid" "$D/home" "$D/run"
  chmod 0755 "$D"; chmod 0700 "$D/home" "$D/run"
  rm -f "$D/run/bus" "$D/run/ready"
  mapfile -t envs < <(desktop_env)
  printf '%s' "$DESKTOP_KEYRING_PASS" >"$D/keyring-pass"; chown "$uid:$gid" "$D/keyring-pass"; chmod 0600 "$D/keyring-pass"
  # shellcheck disable=SC2016
  start_bg desktop "$NS_HOME" setpriv --reuid="$uid" --regid="$gid" --init-groups env -i "${envs[@]}" sh -c '
    set -e
    mkdir -p "$XDG_RUNTIME_DIR/gvfs"
    dbus-daemon --session --nofork --nopidfile --address="$DBUS_SESSION_BUS_ADDRESS" &
    for i in $(seq 100); do [ -S "$XDG_RUNTIME_DIR/bus" ] && break; sleep 0.1; done
    gnome-keyring-daemon --unlock --components=secrets <"$1" >/dev/null
    # gvfsd takes its bus name, then starts gvfsd-fuse on $XDG_RUNTIME_DIR/gvfs itself. (Starting
    # gvfsd-fuse by hand raced gvfsd: it D-Bus-activated a second gvfsd, which mounted FUSE over
    # the first and hung in uninterruptible sleep.)
    /usr/libexec/gvfsd &
    for i in $(seq 100); do grep -q " $XDG_RUNTIME_DIR/gvfs " /proc/self/mounts && break; sleep 0.1; done
    # Warm up: the first gio call of a session starts its helpers; do it before anyone waits on it.
    timeout 30 gio mount -l >/dev/null 2>&1 || true
    touch "$2"
    wait' sh "$D/keyring-pass" "$D/run/ready"
  pid=$(pid_of desktop)
  for ((i = 0; i < 450; i++)); do
    [[ -e $D/run/ready ]] && { rm -f "$D/keyring-pass"; log "desktop session running (pid $pid, HOME=$D/home)"; return 0; }
    pid_alive "$pid" || break
    sleep 0.1
  done
  tail -n 20 "$LAB/logs/desktop.log" >&2 || true
  cmd_desktop_stop
  die "desktop session did not come up"
}

# Every process in the desktop's mount namespace belongs to it (dbus-activated ones included).
cmd_desktop_stop() {
  local pid mnt p
  pid=$(pid_of desktop)
  if pid_alive "$pid"; then
    mnt=$(readlink "/proc/$pid/ns/mnt" 2>/dev/null || true)
    stop_pid "$pid"
    if [[ -n $mnt ]]; then
      for p in $(pgrep -u "$LAB_USER" || true); do
        if [[ $(readlink "/proc/$p/ns/mnt" 2>/dev/null || true) == "$mnt" ]]; then kill -TERM "$p" 2>/dev/null || true; fi
      done
    fi
  fi
  rm -f "$LAB/run/desktop.pid" "$LAB/desktop/run/ready" "$LAB/desktop/keyring-pass"
  log "desktop session stopped"
}

cmd_desktop_exec() {
  [[ ${1:-} == -- ]] && shift
  (($# >= 1)) || die "usage: desktop exec -- CMD ARGS..."
  local pid uid gid envs=() v
  pid=$(pid_of desktop)
  pid_alive "$pid" || die "desktop session is not running (desktop start)"
  uid=$(id -u "$LAB_USER"); gid=$(id -g "$LAB_USER")
  mapfile -t envs < <(desktop_env)
  for v in $(compgen -e); do
    case "$v" in
      HOC_*|NODE_EXTRA_CA_CERTS|NODE_OPTIONS|LANG|LC_*|TERM|TZ|CI) envs+=("$v=${!v}") ;;
    esac
  done
  # shellcheck disable=SC2016
  exec nsenter --target "$pid" --mount --net -- setpriv --reuid="$uid" --regid="$gid" --init-groups \
    env -i "${envs[@]}" sh -c 'cd "$HOME"; exec "$@"' sh "$@"
}

cmd_desktop() {
  need_root
  local sub=${1:-status}
  (($#)) && shift
  case "$sub" in
    start) [[ -d $LAB/run ]] || die "lab is not up"; cmd_desktop_start ;;
    stop) cmd_desktop_stop ;;
    status) if pid_alive "$(pid_of desktop)"; then echo "desktop running (pid $(pid_of desktop))"; else echo "desktop stopped"; fi ;;
    exec) cmd_desktop_exec "$@" ;;
    *) die "usage: desktop start | stop | status | exec -- CMD..." ;;
  esac
}

main() {
  local cmd=${1:-help}
  (($#)) && shift
  case "$cmd" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    exec) cmd_exec "$@" ;;
    relay) cmd_relay "$@" ;;
    add-peer) cmd_add_peer "$@" ;;
    remove-peer) cmd_remove_peer "$@" ;;
    stop) need_root; (($# == 1)) || die "usage: stop SERVICE"; with_lock; stop_service "$1"; log "$1 stopped" ;;
    start)
      need_root; (($# == 1)) || die "usage: start SERVICE"; with_lock
      case " ${ALL_SERVICES[*]} " in *" $1 "*) ;; *) die "unknown service '$1' (${ALL_SERVICES[*]})" ;; esac
      start_service "$1"; wait_service "$1"; log "$1 running" ;;
    restart)
      need_root; (($# == 1)) || die "usage: restart SERVICE"; with_lock
      stop_service "$1"; start_service "$1"; wait_service "$1"; log "$1 restarted" ;;
    helper-start) cmd_helper_start ;;
    helper-stop) cmd_helper_stop ;;
    desktop) cmd_desktop "$@" ;;
    wg-restart) need_root; with_lock; cmd_wg_restart ;;
    homes) need_root; with_lock; cmd_homes "$@" ;;
    homes-down) need_root; with_lock; cmd_homes_down ;;
    place) cmd_place "$@" ;;
    help|-h|--help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
