#!/bin/bash
# steady-state create benchmarks of one build: empty store at max rate, at 5,000/s, and with 1M ports stored
JAR=${1:-/tmp/b10/svc-new.jar}
cd /tmp/b10
WARMS=5 MEAS=3 ./run3.sh $JAR st-empty | grep "^st-"
WARMS=5 MEAS=2 RATEOPT="--rate 5000" ./run3.sh $JAR st-r5k | grep "^st-"
DATA_FROM=/tmp/b10/d-1m2 WARMS=5 MEAS=3 ./run3.sh $JAR st-1m | grep "^st-"
rm -rf /tmp/b10/d-st-*
