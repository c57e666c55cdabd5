#!/bin/bash
# usage: svc.sh JAR DATADIR [extra java opts...]  (env DATA_FROM: start from a copy of that data dir instead of an empty one)
JAR=$1; D=$2; shift 2
rm -rf $D
if [ -n "$DATA_FROM" ]; then cp -a "$DATA_FROM" $D; else mkdir -p $D; fi
exec java -Xmx4g -XX:+UseTransparentHugePages "$@" -jar $JAR --data-dir $D --http-port 19900 > $D.log 2>&1
