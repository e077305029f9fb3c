#!/usr/bin/env python3
"""Time from saving a Markdown file to the live-reload event of `privet serve`.

    scripts/serve_latency.py SITE_DIR [--binary target/release/privet] [--runs 7] [--file content/faq/x.md]

Starts `privet serve --port 0` in a copy of SITE_DIR (as the README runs it), listens to its event
stream, then appends a word to one version file of a policy per run and
measures until the `reload` event arrives, then until the search index of
that build is served. Prints the medians and the ranges.
The file edited is the newest version, and serve runs on the day before it
takes effect: versions in effect are frozen by versions.lock, so an editor
edits an upcoming one.
"""
import datetime
import argparse
import glob
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def fetch(port, path):
    """GET `path` from serve; its status (0 when it cannot be asked)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--binary", default="target/release/privet")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--file", help="the file to edit, below the site (default: the newest policy version)")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="privet-latency-")
    site = os.path.join(work, "site")
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public", "target", ".git"))
    versions = glob.glob(os.path.join(site, "content", "*", "2*.md"))
    target = max(versions, key=lambda p: (os.path.basename(p)[:10], -len(p)))
    day_before = datetime.date.fromisoformat(os.path.basename(target)[:10]) - datetime.timedelta(days=1)
    if args.file:
        # An FAQ answer or a page: a text search finds, so its language is indexed again.
        target = os.path.join(site, args.file)
    # Run as the README runs it: in the site's folder, without --root.
    server = subprocess.Popen([os.path.abspath(args.binary), "serve", "--port", "0", "--date", day_before.isoformat()],
                              cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        port = None
        pages = ""
        for line in server.stdout:
            if "serving" in line:
                pages = line.strip()
            if "http://127.0.0.1:" in line:
                port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
                break
        sse = socket.create_connection(("127.0.0.1", port))
        sse.sendall(f"GET /__privet/events HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n".encode())
        sse.settimeout(10)
        buf = b""
        while b"event: hello" not in buf:
            buf += sse.recv(65536)
        times, searchable = [], []
        for run in range(args.runs):
            buf = b""
            with open(target, "a", encoding="utf-8") as f:
                start = time.perf_counter()
                f.write(f"\nEdit number {run}.\n")
            while b"event: reload" not in buf:
                buf += sse.recv(65536)
            times.append((time.perf_counter() - start) * 1000)
            # What a search on the reloaded page waits for: the index of this
            # build (serve answers an index file once it is made).
            if fetch(port, "/pagefind/pagefind-entry.json") == 200:
                searchable.append((time.perf_counter() - start) * 1000)
            time.sleep(0.3)
        print(f"{pages}")
        print(f"save -> reload event, {args.runs} runs, editing {os.path.relpath(target, site)}: "
              f"median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms")
        if searchable:
            print(f"save -> search index of that build served: median {statistics.median(searchable):.0f} ms, "
                  f"min {min(searchable):.0f} ms, max {max(searchable):.0f} ms")
    finally:
        server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
