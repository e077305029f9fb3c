#!/usr/bin/env python3
"""Two or more privet binaries built in turn on one site: median wall time
and CPU time (perf stat's task-clock) of each, the runs alternating so a
machine whose speed drifts treats them alike.

    scripts/ab.py RUNS SITE DATE BINARY [BINARY ...]

A binary may carry one environment setting: `PRIVET_TIMINGS=1:/tmp/privet`.
Each builds into /dev/shm/ab-NAME (kept, for `diff -r` of the outputs).
"""
import os
import statistics
import subprocess
import sys
import time

if len(sys.argv) < 5:
    sys.exit(__doc__)
runs, site, date, *binaries = sys.argv[1:]
results = {b: {"wall": [], "cpu": []} for b in binaries}
for run in range(int(runs)):
    for b in binaries if run % 2 == 0 else binaries[::-1]:
        env, exe = dict(os.environ), b
        if "=" in b.split(":", 1)[0] and ":" in b:
            setting, exe = b.split(":", 1)
            key, value = setting.split("=", 1)
            env[key] = value
        name = os.path.basename(b).replace("=", "_").replace(":", "_")
        command = [exe, "build", "--root", site, "--output", f"/dev/shm/ab-{name}", "--date", date]
        start = time.perf_counter()
        done = subprocess.run(["perf", "stat", "-x,", "-e", "task-clock", *command],
                              capture_output=True, text=True, env=env)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"{b} failed:\n{done.stderr}")
        cpu = next(float(f[0]) for f in (l.split(",") for l in done.stderr.splitlines())
                   if len(f) > 3 and f[2] == "task-clock")
        results[b]["wall"].append(wall)
        results[b]["cpu"].append(cpu)
for b, r in results.items():
    print(f"{b:40} wall {statistics.median(r['wall']) * 1000:8.1f} ms   cpu {statistics.median(r['cpu']):8.1f} ms")
