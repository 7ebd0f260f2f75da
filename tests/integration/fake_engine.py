#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""fake_engine.py - a Docker Engine API that fails in ways a real one cannot.

usage: fake_engine.py SOCKET MODE[:N] [LIFETIME]

Serves HTTP/1.1 on the Unix socket SOCKET until LIFETIME seconds (default
90) have passed, then exits on its own: a test that forgets it leaves
nothing running for long.  /_ping answers OK, /version and /info small
valid objects, the one image its inspect and history, /images/json,
/networks and /volumes empty lists (any other path 404, as a real engine
answers an unknown one).  The container list
names two containers (N for many, slow and hang followed by ":N"); MODE
chooses the fault:

  list500     GET /containers/json answers 500 {"message": "boom"}
  inspect500  every GET /containers/ID/json answers 500
  truncated   every inspect promises more bytes (Content-Length) than it
              sends, then closes the connection
  invalid     every inspect answers `{"Id": ` and garbage
  nul         every inspect is well-formed JSON with a \\u0000 in a string
  hang        every inspect never answers (until LIFETIME)
  infohang    GET /info never answers: it times out on the connection
              that /_ping and /version used
  slow        every inspect answers after 0.5 s
  race404     the second container is listed, then its inspect answers 404
              (removed in between, as on a busy host)
  wrongtypes  every inspect has fields of the wrong JSON type
              ("Privileged": "false", "CapDrop": "ALL")
  deep        the first container's inspect nests a label value 100 levels
              deep (valid JSON, deeper than any real answer)
  deepinfo    /info holds 2,000 arrays nested 60 levels deep (200 KB), within
              the depth bound: --save-facts must stay linear in it
  huge        GET /networks answers N MiB (default 60) of valid `[[],[],...]`
  many        N containers (default 2,000), all answering
  nulfield    one \u0000 in one field: the first container's Config.User and
              an /info label; the rest of both answers is valid
  invalidid   the list also holds entries whose Id is a number, empty, and
              not hex ("../x"): each must be named, not lost
  badimage    the first container's inspect has "Image": "" (no valid image)
  backlog     the socket is never accepted on, and its listen backlog is full

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

MODES = ("list500", "inspect500", "truncated", "invalid", "nul", "hang",
         "infohang", "slow", "race404", "wrongtypes", "deep", "deepinfo",
         "huge", "many", "nulfield", "invalidid", "badimage", "backlog")
IDS = ("a" * 64, "b" * 64)
COUNT = None    # MODE's :N
CACHE = {}
IMAGE = "sha256:" + "c" * 64
STOP = threading.Event()


def ids():
    """The listed container ids: two, or N (many, slow, hang with :N)."""
    if "ids" not in CACHE:
        n = 2000 if Handler.mode == "many" else 2
        if COUNT is not None and Handler.mode in ("many", "slow", "hang"):
            n = COUNT
        CACHE["ids"] = (IDS if n == 2 else
                        tuple("%064x" % (i + 1) for i in range(n)))
        CACHE["index"] = {c: i for i, c in enumerate(CACHE["ids"])}
    return CACHE["ids"]


def nested(depth):
    return "[" * depth + "]" * depth


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
            self.info()
        elif path == "/containers/json":
            if self.mode == "list500":
                self.send_json(500, {"message": "boom"})
            else:
                self.send_json(200, self.container_list())
        elif m and m.group(1) in CACHE["index"]:
            self.inspect(m.group(1), CACHE["index"][m.group(1)])
        elif path == "/images/%s/json" % IMAGE:
            self.send_json(200, {"Id": IMAGE, "RepoTags": ["fake/image:1"],
                                 "Config": {"User": "1000", "Healthcheck":
                                            {"Test": ["CMD", "true"]}}})
        elif path == "/images/%s/history" % IMAGE:
            self.send_json(200, [{"Id": IMAGE, "CreatedBy": "/bin/sh",
                                  "Size": 0}])
        elif path == "/networks" and self.mode == "huge":
            if "huge" not in CACHE:
                size = (COUNT or 60) << 20
                CACHE["huge"] = ("[" + "[]," * ((size - 4) // 3)
                                 + "[]]").encode()
            self.send(200, CACHE["huge"])
        elif path in ("/images/json", "/networks"):
            self.send_json(200, [])
        elif path == "/volumes":
            self.send_json(200, {"Volumes": [], "Warnings": None})
        else:
            self.send_json(404, {"message": "page not found"})

    def info(self):
        info = {"ID": "FAKE", "Name": "fake-engine",
                "ServerVersion": "24.0.0-fake", "Containers": len(ids()),
                "SecurityOptions": ["name=seccomp"],
                "Swarm": {"LocalNodeState": "inactive"}}
        if self.mode == "infohang":
            STOP.wait()
            self.close_connection = True
            return
        if self.mode == "nulfield":
            info["Labels"] = ["site=a\u0000b", "tier=prod"]
        body = json.dumps(info)
        if self.mode == "deepinfo":
            body = body[:-1] + ', "Deep": [%s]}' % ",".join(
                [nested(50)] * 2000)
        self.send(200, body)

    def container_list(self):
        out = [container_summary(c, i) for i, c in enumerate(ids())]
        if self.mode == "invalidid":
            for n, bad in enumerate((5, "", "../x")):
                e = container_summary("x", 10 + n)
                e["Id"] = bad
                out.append(e)
        return out

    def inspect(self, cid, n):
        obj = container_inspect(cid, n)
        if self.mode == "wrongtypes":
            obj["HostConfig"]["Privileged"] = "false"
            obj["HostConfig"]["CapDrop"] = "ALL"
        elif self.mode == "badimage" and n == 0:
            obj["Image"] = ""
        elif self.mode == "race404" and n == 1:
            self.send_json(404, {"message": "No such container: %s" % cid})
            return
        elif self.mode == "slow":
            time.sleep(0.5)
        body = json.dumps(obj)
        if self.mode == "deep" and n == 0:
            body = body.replace('"Labels": {}', '"Labels": {"x": "%s"}'
                                % "y", 1).replace('"y"', nested(100), 1)
        elif self.mode == "nulfield" and n == 0:
            body = body.replace('"User": "1000"', '"User": "0\\u0000"')
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


def backlog(sock):
    """A listening socket never accepted on, its backlog filled."""
    import socket
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock)
    srv.listen(0)
    fill = []
    while True:
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.setblocking(False)
        try:
            c.connect(sock)
        except (BlockingIOError, InterruptedError):
            c.close()
            break
        fill.append(c)
        if len(fill) > 64:
            break
    return srv, fill


def main():
    global COUNT
    mode, _, count = (sys.argv[2] if len(sys.argv) in (3, 4)
                      else "").partition(":")
    if mode not in MODES or (count and not count.isdigit()):
        sys.stderr.write("usage: fake_engine.py SOCKET MODE[:N] [LIFETIME]"
                         "\nmodes: %s\n" % " ".join(MODES))
        return 2
    sock = sys.argv[1]
    COUNT = int(count) if count else None
    lifetime = float(sys.argv[3]) if len(sys.argv) == 4 else 90.0
    Handler.mode = mode
    ids()
    if os.path.exists(sock):
        os.unlink(sock)
    if mode == "backlog":
        keep = backlog(sock)    # noqa: F841 (held open until the exit)
        server = None
    else:
        server = Server(sock, Handler)
    # SIGTERM (the test's cleanup) ends the wait below like the lifetime.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    if server is not None:
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
