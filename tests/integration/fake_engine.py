#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""fake_engine.py - a Docker Engine API that fails in ways a real one cannot.

usage: fake_engine.py SOCKET MODE [LIFETIME]

Serves HTTP/1.1 on the Unix socket SOCKET until LIFETIME seconds (default
90) have passed, then exits on its own: a test that forgets it leaves
nothing running for long.  /_ping answers OK, /version and /info small
valid objects, /images/json, /networks and /volumes empty lists (any
other path 404, as a real engine answers an unknown one).  The container list
names two containers; MODE chooses the fault:

  list500     GET /containers/json answers 500 {"message": "boom"}
  inspect500  every GET /containers/ID/json answers 500
  truncated   every inspect promises more bytes (Content-Length) than it
              sends, then closes the connection
  invalid     every inspect answers `{"Id": ` and garbage
  nul         every inspect is well-formed JSON with a \\u0000 in a string
  hang        every inspect never answers (until LIFETIME)

Only the standard library; one thread per connection, since hostaudit
inspects over several connections at once.  Each answered request is
logged to standard error (in http.server's format).
"""

import http.server
import json
import os
import re
import signal
import socketserver
import sys
import threading
import time

MODES = ("list500", "inspect500", "truncated", "invalid", "nul", "hang")
IDS = ("a" * 64, "b" * 64)
IMAGE = "sha256:" + "c" * 64
STOP = threading.Event()


def container_summary(cid, n):
    return {
        "Id": cid,
        "Names": ["/fake%d" % n],
        "Image": "fake/image:1",
        "ImageID": IMAGE,
        "Command": "sleep 3600",
        "State": "running",
        "Status": "Up 1 minute",
        "Labels": {},
    }


def container_inspect(cid, n):
    return {
        "Id": cid,
        "Name": "/fake%d" % n,
        "Image": IMAGE,
        "State": {"Status": "running", "Running": True, "Pid": 0},
        "Config": {"User": "1000", "Image": "fake/image:1", "Labels": {},
                   "Healthcheck": {"Test": ["CMD", "true"]}},
        "HostConfig": {"Privileged": False, "NetworkMode": "fakenet",
                       "ReadonlyRootfs": True, "Memory": 67108864,
                       "PidsLimit": 100, "CpuShares": 512,
                       "CapDrop": ["ALL"], "CapAdd": None,
                       "SecurityOpt": ["no-new-privileges"],
                       "RestartPolicy": {"Name": "on-failure",
                                         "MaximumRetryCount": 3}},
        "Mounts": [],
        "AppArmorProfile": "docker-default",
    }


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-engine/1"
    mode = None

    def log_message(self, fmt, *args):
        # The default names client_address[0], which a Unix socket lacks.
        sys.stderr.write("%s\n" % (fmt % args))

    def send(self, status, body, ctype="application/json", length=None):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Api-Version", "1.43")
        self.send_header("Content-Length",
                         str(len(data) if length is None else length))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    def send_json(self, status, obj):
        self.send(status, json.dumps(obj))

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        # Versioned paths (/v1.43/...) are the same; queries are ignored.
        path = re.sub(r"^/v[0-9.]+(?=/)", "", self.path.split("?", 1)[0])
        m = re.fullmatch(r"/containers/([^/]+)/json", path)
        if path == "/_ping":
            self.send(200, "OK", "text/plain; charset=utf-8")
        elif path == "/version":
            self.send_json(200, {"Version": "24.0.0-fake",
                                 "ApiVersion": "1.43",
                                 "MinAPIVersion": "1.12", "Os": "linux",
                                 "Arch": "amd64"})
        elif path == "/info":
            self.send_json(200, {"ID": "FAKE", "Name": "fake-engine",
                                 "ServerVersion": "24.0.0-fake",
                                 "Containers": len(IDS),
                                 "SecurityOptions": ["name=seccomp"],
                                 "Swarm": {"LocalNodeState": "inactive"}})
        elif path == "/containers/json":
            if self.mode == "list500":
                self.send_json(500, {"message": "boom"})
            else:
                self.send_json(200, [container_summary(c, i)
                                     for i, c in enumerate(IDS)])
        elif m and m.group(1) in IDS:
            self.inspect(m.group(1), IDS.index(m.group(1)))
        elif path in ("/images/json", "/networks"):
            self.send_json(200, [])
        elif path == "/volumes":
            self.send_json(200, {"Volumes": [], "Warnings": None})
        else:
            self.send_json(404, {"message": "page not found"})

    def inspect(self, cid, n):
        body = json.dumps(container_inspect(cid, n))
        if self.mode == "inspect500":
            self.send_json(500, {"message": "inspect failed: boom"})
        elif self.mode == "truncated":
            self.send(200, body[:40], length=len(body) + 4096)
            self.close_connection = True
        elif self.mode == "invalid":
            self.send(200, '{"Id": garbage')
        elif self.mode == "nul":
            self.send(200, body.replace('"/fake%d"' % n,
                                        '"/fake%d\\u0000hidden"' % n))
        elif self.mode == "hang":
            STOP.wait()
            self.close_connection = True
        else:
            self.send(200, body)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[2] not in MODES:
        sys.stderr.write("usage: fake_engine.py SOCKET MODE [LIFETIME]\n"
                         "modes: %s\n" % " ".join(MODES))
        return 2
    sock, mode = sys.argv[1], sys.argv[2]
    lifetime = float(sys.argv[3]) if len(sys.argv) == 4 else 90.0
    Handler.mode = mode
    if os.path.exists(sock):
        os.unlink(sock)
    server = Server(sock, Handler)
    # SIGTERM (the test's cleanup) ends the wait below like the lifetime.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stderr.write("fake engine: %s on %s for %gs\n"
                     % (mode, sock, lifetime))
    sys.stderr.flush()
    try:
        time.sleep(lifetime)
    except SystemExit:
        pass
    finally:
        STOP.set()
        try:
            os.unlink(sock)
        except OSError:
            pass
    # Threads blocked on a client are daemons: leave without them.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
