#!/usr/bin/env python3
"""One cold start for bench/startup.sh: launches COMMAND (a shell command line) with its output in LOG, and prints
"api ready change started" (ms from the launch, and the "Started ... in" seconds).
  api     GET /api/ping answers 200
  ready   /actuator/health/readiness is UP and the API answers (polled on its own thread from the moment the port
          is known, so the first POST below does not delay seeing it)
  change  the "Status change handled" log line of the todo POSTed as soon as the API answers

One process polls the log and the HTTP endpoints every 10 ms, so the measurement takes little of the CPU the start
needs (a shell loop forking curl and grep every 20 ms took a noticeable share of a 2-core machine).
Usage: startup-run.py LOG TIMEOUT_MS MAVEN(0|1) COMMAND
"""
import datetime
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

log_path, timeout_ms, maven, command = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4]
POLL = 0.01


def now_ms():
    return time.time_ns() // 1_000_000


def log_ms(line):
    """The ISO time stamp at the start of a log line, as epoch ms."""
    stamp = line.split(" ", 1)[0].replace("Z", "+00:00")
    return int(datetime.datetime.fromisoformat(stamp).timestamp() * 1000)


def status(url, data=None):
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    if data:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


with open(log_path, "w") as log:
    start = now_ms()
    process = subprocess.Popen(["bash", "-c", "exec " + command], stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
deadline = start + timeout_ms
text = ""


def until(what, found):
    global text
    with open(log_path, errors="replace") as log:
        while True:
            text += log.read()
            result = found()
            if result:
                return result
            if now_ms() > deadline or process.poll() is not None:
                sys.exit(what + " (log: " + log_path + ")")
            time.sleep(POLL)


try:
    port = until("no port", lambda: (re.search(r"Tomcat started on port (\d+)", text) or [None, None])[1])
    base = "http://127.0.0.1:" + port
    # readiness is polled on its own thread, from the moment the port is known: polled after the first POST, it
    # would be seen only once that request (the slowest of the start: every class on its path is new) has returned
    readiness = {}

    def poll_readiness():
        while now_ms() < deadline and process.poll() is None:
            if status(base + "/actuator/health/readiness") == 200:
                readiness["at"] = now_ms()
                return
            time.sleep(POLL)

    poller = threading.Thread(target=poll_readiness, daemon=True)
    poller.start()
    until("no API", lambda: status(base + "/api/ping") == 200)
    api = now_ms()
    status(base + "/api/todos", b'{"task":"start-up benchmark","status":"In Progress"}')
    poller.join(max(0, (deadline - now_ms()) / 1000))
    if "at" not in readiness:
        sys.exit("never ready (log: " + log_path + ")")
    # ready: health UP and the API answering
    ready = max(readiness["at"], api)
    handled = until("no change handled", lambda: re.search(r"^(\S+) .*Status change handled", text, re.M))
    change = log_ms(handled.group(1))
    started = until("no start line", lambda: re.search(
        r"^(\S+) .*Started TodoStreamsApplication in ([0-9.]+) seconds \(process running for ([0-9.]+)\)", text, re.M))
    if maven:
        # from the application JVM's start: its log time stamp minus "process running for" seconds (Maven's own work
        # excluded)
        start = log_ms(started.group(1)) - int(float(started.group(3)) * 1000)
    print(api - start, ready - start, change - start, started.group(2))
finally:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
