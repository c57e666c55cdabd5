#!/bin/bash
# GC settings for the service at 1000/s (svcD, both heaps pre-touched); one run each
export PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" CREATES=10000
SVCJVM="-Xms4g -XX:+AlwaysPreTouch -XX:MaxTenuringThreshold=1 -Xlog:gc+age=trace:file=/tmp/b13/gcage-mtt1.log" ./fan.sh svcD.jar gc-mtt1 1000 > gc-mtt1.sum 2>&1
SVCJVM="-Xms4g -XX:+AlwaysPreTouch -Xlog:gc+age=trace:file=/tmp/b13/gcage-base.log" ./fan.sh svcD.jar gc-base 1000 > gc-base.sum 2>&1
