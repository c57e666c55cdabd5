#!/bin/bash
# usage: svc.sh JAR DATADIR [extra java opts...]
JAR=$1; D=$2; shift 2
rm -rf $D; mkdir -p $D
exec java -Xmx4g -XX:+UseTransparentHugePages "$@" -jar $JAR --data-dir $D --http-port 19900 > $D.log 2>&1
