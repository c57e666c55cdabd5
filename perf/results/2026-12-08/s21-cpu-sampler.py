#!/usr/bin/env python3
# s21-cpu-sampler.py OUT PID... : every 50 ms, with the epoch ms: the machine's CPU (/proc/stat jiffies: user+nice,
# system+irq+softirq, idle, iowait, steal), each PID's CPU (utime+stime), the disk vda (/proc/diskstats: writes completed,
# sectors written, ms writing, I/Os in flight, flushes completed, ms flushing) and the page cache's Dirty and Writeback (kB).
# Runs until killed.
import sys, time
out = open(sys.argv[1], 'w', buffering=1)
pids = sys.argv[2:]
out.write("epoch_ms,user,system,idle,iowait,steal," + ",".join("pid" + p for p in pids)
          + ",writes,sectors_written,ms_writing,in_flight,flushes,ms_flushing,dirty_kb,writeback_kb\n")
def proc_cpu(p):
    try:
        f = open(f"/proc/{p}/stat").read().rsplit(')', 1)[1].split()
        return int(f[11]) + int(f[12])
    except OSError:
        return -1
def disk():
    for l in open('/proc/diskstats'):
        f = l.split()
        if f[2] == 'vda':
            v = [int(x) for x in f[3:]]
            return [v[4], v[6], v[7], v[8], v[15] if len(v) > 15 else 0, v[16] if len(v) > 16 else 0]
    return [0] * 6
def mem():
    d = w = 0
    for l in open('/proc/meminfo'):
        if l.startswith('Dirty:'): d = int(l.split()[1])
        elif l.startswith('Writeback:'): w = int(l.split()[1])
    return [d, w]
while True:
    v = [int(x) for x in open('/proc/stat').readline().split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = v
    row = [int(time.time() * 1000), user + nice, system + irq + softirq, idle, iowait, steal] \
        + [proc_cpu(p) for p in pids] + disk() + mem()
    out.write(",".join(str(x) for x in row) + "\n")
    time.sleep(0.05)
