#!/usr/bin/env bash
# Starts the service on its embedded defaults; builds it first when needed.
set -euo pipefail
cd "$(dirname "$0")"
jar=verticles/target/alcor-service.jar
if [ ! -f "$jar" ] || [ -n "$(find proto engine verticles -name '*.java' -newer "$jar" -print -quit 2>/dev/null)" ]; then
  mvn -B -q -DskipTests install
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
