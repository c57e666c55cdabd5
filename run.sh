#!/usr/bin/env bash
# Starts the service on its embedded defaults; builds it first when needed.
set -euo pipefail
cd "$(dirname "$0")"
jar=verticles/target/alcor-service.jar
if [ ! -f "$jar" ] || [ -n "$(find proto engine verticles -name '*.java' -newer "$jar" -print -quit 2>/dev/null)" ]; then
  mvn -B -q -DskipTests install
fi
# Transparent huge pages for the heap: the engine's indexes are read at random (on-demand lookups,
# fan-out), and with 4 KB pages most of those reads also miss the TLB.
# Short young pauses: a port lives as long as the service, so G1's default of copying it between
# survivor spaces up to 15 times only lengthens the pauses (60-130 ms every few seconds at 5,000
# creates/s on 2 cores, and every request behind one waits). Promoting after one copy, with a 20 ms
# pause goal, gave 12-35 ms pauses there (docs/benchmarks.md, session 21).
# JAVA_OPTS comes later and wins (e.g. JAVA_OPTS=-XX:-UseTransparentHugePages).
exec java -XX:+UseTransparentHugePages -XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=1 ${JAVA_OPTS:-} -jar "$jar" "$@"
