#!/usr/bin/env bash
# The fair baseline of scripts/bench.sh: what an admin's shell script does to get the same result
# as `hoc connect`, with standard tools, in the same order and side by side where we are:
#   tunnel    wg-quick up on a hand-written config, the office DNS server first in resolv.conf
#   names     the company name, retried every 250 ms while the first handshake completes
#   then at once:
#   services  the same protocol probes (handshake age + a full-MTU ping, TCP connects, IMAP
#             CAPABILITY, SMTP EHLO, SMB via smbclient, IPP via ipptool, SIP OPTIONS over TCP,
#             HTTPS via curl), all at once
#   drives    gio mount of the same share in the employee's desktop session, a link to it
#   printers  lpadmin of the same printer (IPP Everywhere, raw when that fails) in the home CUPS
# Usage (as root in the home namespace; parameters in the environment, see scripts/bench.mjs):
#   bench-baseline.sh up     prints one JSON line: {"ok":…,"stages":{stage:[startMs,endMs,rc]},"printerDriver":…}
#   bench-baseline.sh down   undoes it all
#   bench-baseline.sh probe KIND HOST PORT URL   one probe, to try it by hand
set -uo pipefail

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
WORK=${BASE_DIR:-.}/run

# The employee's desktop session (as `lab.sh desktop exec` enters it, without the script around it).
as_user() {
  nsenter --target "$DESKTOP_PID" --mount --net -- setpriv --reuid="$USER_UID" --regid="$USER_GID" --init-groups \
    env -i HOME="$DESKTOP_HOME" XDG_RUNTIME_DIR="$DESKTOP_RUN" DBUS_SESSION_BUS_ADDRESS="unix:path=$DESKTOP_RUN/bus" \
    PATH="$PATH" GVFS_REMOTE_VOLUME_MONITOR_IGNORE=1 "$@"
}

tunnel() {
  wg-quick up "$BASE_DIR/wgbase.conf" >/dev/null 2>&1 || return 1
  # In place: in a network namespace /etc/resolv.conf is a bind mount.
  cp /etc/resolv.conf "$BASE_DIR/resolv.conf.backup" &&
    { printf 'nameserver %s\n' "$OFFICE_DNS"; grep '^nameserver' "$BASE_DIR/resolv.conf.backup"; printf 'search %s\n' "$DOMAIN"; } >"$WORK/resolv" &&
    cat "$WORK/resolv" >/etc/resolv.conf
}

names() {
  local i
  for ((i = 0; i < 32; i++)); do
    getent ahostsv4 "$NAME" >/dev/null && return 0
    sleep 0.25
  done
  return 1
}

# Address of a host (resolved once, as the checks do).
addr() { getent ahostsv4 "$1" | awk '{ print $1; exit }'; }

probe_tcp() { timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2"; }
probe_imap() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2
    read -r l <&3; [[ \$l == '* OK'* ]] || exit 1
    printf 'a1 CAPABILITY\r\n' >&3
    while read -r l <&3; do [[ \$l == 'a1 '* ]] && break; done
    [[ \$l == 'a1 OK'* ]] && printf 'a2 LOGOUT\r\n' >&3"
}
probe_smtp() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2
    read -r l <&3; [[ \$l == 220* ]] || exit 1
    printf 'EHLO [127.0.0.1]\r\n' >&3
    while read -r l <&3; do [[ \$l == '250 '* || \$l != 250* ]] && break; done
    [[ \$l == '250 '* ]] && printf 'QUIT\r\n' >&3"
}
# Over TCP (the checks try UDP and TCP at once and take either; bash has no way to read a whole
# datagram nor to know its own UDP port for the Via header).
probe_sip() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2
    printf 'OPTIONS sip:%s:%s SIP/2.0\r\nVia: SIP/2.0/TCP 10.99.0.2:5060;branch=z9hG4bK%s;rport\r\nMax-Forwards: 70\r\nFrom: <sip:bench@%s>;tag=%s\r\nTo: <sip:%s:%s>\r\nCall-ID: %s@bench\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n' \\
      $3 $2 \$RANDOM $DOMAIN \$RANDOM $3 $2 \$RANDOM >&3
    read -r l <&3; [[ \$l == 'SIP/2.0 '* ]]"
}

# One probe: the host's address (each probe resolves its own, all at once), then the protocol.
probe() {
  local kind=$1 host=$2 port=$3 url=$4 ip
  ip=$(addr "$host")
  [[ -n $ip ]] || return 1
  case $kind in
    tcp) probe_tcp "$ip" "$port" ;;
    imap) probe_imap "$ip" "$port" ;;
    smtp) probe_smtp "$ip" "$port" ;;
    sip) probe_sip "$ip" "$port" "$host" ;;
    smb) timeout 3 smbclient "//$ip/IPC\$" -U "$OFFICE_USER%$(cat "$BASE_DIR/office-pass")" -m SMB3 -c exit >/dev/null 2>&1 ;;
    ipp) timeout 3 ipptool -q "${url/\/\/$host/\/\/$ip}" get-printer-attributes.test ;;
    https) timeout 3 curl -fsS -o /dev/null --cacert "$CA_FILE" --resolve "$host:443:$ip" "$url" ;;
    *) return 1 ;;
  esac
}

services() {
  local pids=() rc=0 p kind host port url
  # The tunnel check: a handshake happened, and a packet of the full MTU reaches the office DNS server.
  { wg show wgbase latest-handshakes | awk '$2 > 0 { ok = 1 } END { exit !ok }' &&
    ping -M "do" -s $((MTU - 28)) -c 1 -W 2 "$OFFICE_DNS" >/dev/null; } &
  pids+=($!)
  while IFS='|' read -r kind host port url; do
    { probe "$kind" "$host" "$port" "$url" || { echo "baseline: the $kind probe of $host failed" >&2; false; }; } &
    pids+=($!)
  done <"$BASE_DIR/services.txt"
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  return $rc
}

# shellcheck disable=SC2016 # expanded by the inner sh, from its arguments
drives() {
  # Like the drives step: wait (up to 3 s) until the share shows in the FUSE view, then link it.
  as_user sh -c 'printf "%s\n" "$(cat "$1")" | gio mount "$2" >/dev/null || exit 1
    i=0; until ls "$3" >/dev/null 2>&1; do i=$((i + 1)); [ $i -le 30 ] || exit 1; sleep 0.1; done
    mkdir -p "$4" && ln -sfn "$3" "$4/P - Projekte"' \
    sh "$BASE_DIR/office-pass-user" "$DRIVE_URI" "$DRIVE_FUSE" "$DESKTOP_HOME/bench-drives"
}

printers() {
  if lpadmin -h "$CUPS_SOCK" -p "$PRINTER" -E -v "$PRINTER_URI" -m everywhere -o printer-is-shared=false 2>"$WORK/lpadmin.err"; then
    echo everywhere >"$WORK/driver"
  elif lpadmin -h "$CUPS_SOCK" -p "$PRINTER" -E -v "$PRINTER_URI" -m raw -o printer-is-shared=false 2>>"$WORK/lpadmin.err"; then
    echo raw >"$WORK/driver"
  else
    return 1
  fi
}

# Runs stage $1 and records "start end rc" (ms) in $WORK/$1.
stage() {
  local start end rc
  start=$(now_ms)
  "$1"
  rc=$?
  end=$(now_ms)
  echo "$start $end $rc" >"$WORK/$1"
  return $rc
}

up() {
  local ok=true s pids=()
  mkdir -p "$WORK"
  rm -f "$WORK"/{tunnel,names,services,drives,printers,driver}
  if stage tunnel && stage names; then
    for s in services drives printers; do
      stage "$s" &
      pids+=($!)
    done
    for s in "${pids[@]}"; do wait "$s" || ok=false; done
  else
    ok=false
  fi
  printf '{"ok":%s,"stages":{' "$ok"
  local first=1 f start end rc
  for s in tunnel names services drives printers; do
    f=$WORK/$s
    [[ -f $f ]] || continue
    read -r start end rc <"$f"
    ((first)) || printf ','
    first=0
    printf '"%s":[%s,%s,%s]' "$s" "$start" "$end" "$rc"
  done
  printf '},"printerDriver":"%s"}\n' "$(cat "$WORK/driver" 2>/dev/null)"
}

# shellcheck disable=SC2016 # expanded by the inner sh, from its arguments
down() {
  lpadmin -h "$CUPS_SOCK" -x "$PRINTER" 2>/dev/null
  as_user sh -c 'rm -f "$2/P - Projekte"; gio mount -u "$1"' sh "$DRIVE_URI" "$DESKTOP_HOME/bench-drives" >/dev/null 2>&1
  [[ -f $BASE_DIR/resolv.conf.backup ]] && cat "$BASE_DIR/resolv.conf.backup" >/etc/resolv.conf && rm -f "$BASE_DIR/resolv.conf.backup"
  wg-quick down "$BASE_DIR/wgbase.conf" >/dev/null 2>&1
  return 0
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  probe) shift; probe "$@" ;;
  *) echo "usage: $0 up|down|probe KIND HOST PORT URL" >&2; exit 2 ;;
esac
