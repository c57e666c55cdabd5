#!/bin/bash
# s21-rot.sh ROUNDS "TAG:service java opts" ... : s21-tail.sh for each variant in turn, ROUNDS times (tags get the
# round number), with the host's dirty-page writeback started at DIRTY_BG bytes (default 32 MB; 0 = leave the host
# alone). The previous setting is restored at the end.
ROUNDS=$1; shift
HERE=$(dirname $0)
OLD_BYTES=$(sysctl -n vm.dirty_background_bytes); OLD_RATIO=$(sysctl -n vm.dirty_background_ratio)
restore() { if [ "$OLD_BYTES" != 0 ]; then sysctl -q vm.dirty_background_bytes=$OLD_BYTES; else sysctl -q vm.dirty_background_ratio=$OLD_RATIO; fi; }
trap restore EXIT
[ "${DIRTY_BG:-33554432}" != 0 ] && sysctl -q vm.dirty_background_bytes=${DIRTY_BG:-33554432}
for r in $(seq $ROUNDS); do
  for v in "$@"; do
    TAG=${v%%:*}; OPTS=${v#*:}; [ "$OPTS" = "$v" ] && OPTS=""
    $HERE/s21-tail.sh $TAG$r $OPTS 2>&1 | grep " m[0-9] warm="
    for m in $(seq ${MEAS:-2}); do python3 $HERE/s21-episodes.py ${B:-/tmp/b21}/$TAG$r $m | head -1; done
  done
done
