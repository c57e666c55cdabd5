#!/bin/bash
# probe with heap buffers (-Dio.netty.noPreferDirect=true) against direct, same service build H, 1000/s
export SVCJVM="-Xms4g -XX:+AlwaysPreTouch" CREATES=10000
PROBEJVM="-Xms5g -XX:+AlwaysPreTouch -Dio.netty.noPreferDirect=true" ./fan.sh svcH.jar ph-heap1 1000 > ph-heap1.sum 2>&1
PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" ./fan.sh svcH.jar ph-direct1 1000 > ph-direct1.sum 2>&1
