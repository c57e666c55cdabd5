#!/bin/bash
# io-snap.sh : write_bytes and cancelled per process (postgres and java)
for p in $(pgrep -f "postgres|java"); do
  [ -r /proc/$p/io ] || continue
  echo "$p $(tr '\0' ' ' < /proc/$p/cmdline | cut -c1-60) $(grep -E '^(write_bytes|cancelled_write_bytes|wchar)' /proc/$p/io | awk '{printf "%s ", $2}')"
done
