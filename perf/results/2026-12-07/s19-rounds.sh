#!/bin/bash
# s19-rounds.sh FIRST LAST SIZE... : rounds FIRST..LAST; in each, for each size, one s18-od.sh cpu run of each build
# in $BUILDS (service jars $B/svc<build>.jar), in that order. One line per run in $B/rounds.log:
# size, build, round, the driver's summary line, the service's CPU ticks over 15 s.
# µs of service CPU per resolution = ticks / 100 / 15 / (resolutions/s) * 1e6.
B=${B:-/tmp/b19}; export B
HERE=$(dirname "$0")
FIRST=$1; LAST=$2; shift 2
for r in $(seq $FIRST $LAST); do for P in "$@"; do for b in $BUILDS; do
  "$HERE/s18-od.sh" $B/svc$b.jar r$P-$b-$r $P cpu
  echo "$P $b $r $(grep "^==" $B/od-r$P-$b-$r-max.out) $(grep ticks $B/od-r$P-$b-$r-max.out)" >> $B/rounds.log
done; done; done
