#!/usr/bin/env bash
# Starts the service on its embedded defaults; builds it first when needed.
set -euo pipefail
cd "$(dirname "$0")"
jar=verticles/target/alcor-service.jar
if [ ! -f "$jar" ] || [ -n "$(find proto engine verticles -name '*.java' -newer "$jar" -print -quit 2>/dev/null)" ]; then
  mvn -B -q -DskipTests install
fi
# Transparent huge pages for the heap: the engine's indexes are read at random (on-demand lookups,
# fan-out), and with 4 KB pages most of those reads also miss the TLB. JAVA_OPTS comes later and
# wins (e.g. JAVA_OPTS=-XX:-UseTransparentHugePages).
exec java -XX:+UseTransparentHugePages ${JAVA_OPTS:-} -jar "$jar" "$@"
