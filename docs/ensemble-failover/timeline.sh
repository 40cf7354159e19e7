#!/bin/bash
# usage: timeline.sh rundir runlog
d=$1; log=$2
grep -h "ENGF kill leader\|ENGF written" $log | sed -E 's/.*(kill leader [0-9]+|written) at 2026-11-21T([0-9:.]{12}).*/\2 CLIENT \1/'
for i in 1 2 3; do
  grep -h "change to CANDIDATE\|PRE_VOTE round 0: result\|ELECTION round [0-9]: result\|PRE_VOTE round [0-9]: result\|changes role from CANDIDATE to LEADER\|start .*LeaderStateImpl\|is ready since\|leads the ensemble now\|leader elected after\|LeaderNotReady" $d/server-$i/server.log | grep -v "^\s\|Caused\|^java" | sed -E "s/^2026-11-21 //; s/^([0-9:.]{12}) /\1 S$i /" | cut -c1-190
done | sort
