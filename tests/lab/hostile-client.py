#!/usr/bin/env python3
"""A hostile member of the helper's group, for tests/e2e/helper-hostile.test.ts.

Python, because Node cannot bind a Unix client socket to a name of its choice.
Every loop is bounded in count and time; it only talks to the socket it is given.

  hostile-client.py ask SOCKET LINE              send one line, print the first answer line
  hostile-client.py crafted SOCKET LINE          the same from a client socket bound to an
                                                 abstract name holding newlines and a fake
                                                 `ss -x -p` row that claims pid 1
  hostile-client.py flood SOCKET LINES           send LINES times "x\\n" and never read; print
                                                 {"sent": bytes, "outcome": ...} when it ends
  hostile-client.py idle SOCKET COUNT DEADLINE   open COUNT connections that send nothing; print
                                                 {"phase":"holding",...} once the refusals are in,
                                                 then {"phase":"done",...} when all are closed
                                                 (or DEADLINE seconds passed)
"""
import json
import os
import select
import socket
import sys
import time

# What the old `ss` parser was fooled by: a name that ends the real row and adds one for pid 1.
# (An abstract name holds at most 107 bytes.)
CRAFTED = b'\0x 1 * 2\nu_str ESTAB 0 0 * 2 * 1 users:(("systemd",pid=1,fd=3))\n'


def first_line(s, timeout=30.0):
    s.settimeout(timeout)
    buf = b''
    while b'\n' not in buf:
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
    return buf.split(b'\n', 1)[0].decode('utf-8', 'replace')


def ask(path, line, bind=None):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if bind is not None:
        s.bind(bind)
    s.connect(path)
    try:
        s.sendall(line.encode('utf-8') + b'\n')
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused at once (busy): its answer is still there to read
    print(first_line(s))
    s.close()


def flood(path, lines, deadline=180.0):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.setblocking(False)
    data = b'x\n' * lines
    sent = 0
    start = time.monotonic()
    outcome = 'all sent'
    while sent < len(data):
        if time.monotonic() - start > deadline:
            outcome = 'deadline'
            break
        # Wait until writable; never read the answers.
        select.select([], [s], [], 1.0)
        try:
            sent += s.send(data[sent:sent + 65536])
        except BlockingIOError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            outcome = 'closed by the helper'
            break
    if outcome == 'all sent':
        # Everything went into the socket: wait (bounded) for the helper to close it.
        while time.monotonic() - start < deadline:
            try:
                s.send(b'')
                r, _, _ = select.select([s], [], [], 1.0)
                if r and s.recv(1, socket.MSG_PEEK) == b'':
                    outcome = 'all sent, then closed by the helper'
                    break
            except (BrokenPipeError, ConnectionResetError):
                outcome = 'all sent, then closed by the helper'
                break
            except BlockingIOError:
                pass
    s.close()
    print(json.dumps({'sent': sent, 'of': len(data), 'outcome': outcome, 'seconds': round(time.monotonic() - start, 1)}))


def idle(path, count, deadline):
    start = time.monotonic()
    socks = []
    for _ in range(count):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.setblocking(False)
        socks.append(s)
    state = {s: 'open' for s in socks}
    data = {s: b'' for s in socks}

    def poll(timeout):
        live = [s for s in socks if state[s] == 'open']
        if not live:
            return
        r, _, _ = select.select(live, [], [], timeout)
        for s in r:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, BlockingIOError):
                chunk = b''
            if chunk:
                data[s] += chunk
                continue
            text = data[s].decode('utf-8', 'replace')
            state[s] = 'busy' if 'error.helper.busy' in text else ('answered' if text else 'closed idle')
            s.close()

    def counts():
        out = {}
        for v in state.values():
            out[v] = out.get(v, 0) + 1
        return out

    # Refusals come at once; hold the rest until their idle timeout.
    settle = time.monotonic()
    while time.monotonic() - settle < 3.0:
        poll(0.2)
    print(json.dumps({'phase': 'holding', 'counts': counts()}), flush=True)
    while any(v == 'open' for v in state.values()) and time.monotonic() - start < deadline:
        poll(0.5)
    for s in socks:
        if state[s] == 'open':
            s.close()
    print(json.dumps({'phase': 'done', 'counts': counts(), 'seconds': round(time.monotonic() - start, 1)}), flush=True)


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == 'ask':
        ask(path, sys.argv[3])
    elif mode == 'crafted':
        ask(path, sys.argv[3], bind=CRAFTED)
    elif mode == 'flood':
        flood(path, int(sys.argv[3]))
    elif mode == 'idle':
        idle(path, int(sys.argv[3]), float(sys.argv[4]))
    else:
        sys.exit(f'unknown mode {mode}')


if __name__ == '__main__':
    main()
