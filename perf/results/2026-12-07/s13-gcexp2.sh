#!/bin/bash
# 2x2: service MaxTenuringThreshold=1 (or not) x probe Netty thread cache for buffers up to 2 MB (or not); svcD, 1000/s
export CREATES=10000
PB="-Xms5g -XX:+AlwaysPreTouch"; PC="$PB -Dio.netty.allocator.maxCachedBufferCapacity=2097152"
SB="-Xms4g -XX:+AlwaysPreTouch"; SM="$SB -XX:MaxTenuringThreshold=1"
SVCJVM="$SB" PROBEJVM="$PC" ./fan.sh svcD.jar x-sb-pc 1000 > x-sb-pc.sum 2>&1
SVCJVM="$SM" PROBEJVM="$PB" ./fan.sh svcD.jar x-sm-pb 1000 > x-sm-pb.sum 2>&1
SVCJVM="$SB" PROBEJVM="$PB" ./fan.sh svcD.jar x-sb-pb 1000 > x-sb-pb.sum 2>&1
SVCJVM="$SM" PROBEJVM="$PC" ./fan.sh svcD.jar x-sm-pc 1000 > x-sm-pc.sum 2>&1
