#!/usr/bin/env bash
# Builds Warden's server jar and the benchmarks, then runs every Warden-against-ZooKeeper
# measurement in one go, from a fresh clone:
#
#   ./benchmarks/run.sh            # full run: load (2 rounds), big tree (1M znodes), JMH apply
#   ./benchmarks/run.sh --quick    # smoke test, about 6 minutes
#   ./benchmarks/run.sh --ensemble [--quick]   # only: 3-server Warden vs 3-server ZooKeeper
#                                  # ensembles (throughput, latency, failover), io.warden.bench.load.EnsembleMain;
#                                  # results in benchmarks/target/ensemble/ (--quick: about 2 minutes)
#
# Results (full: about 40 minutes on 2 shared cores): benchmarks/target/load/{load-results.json,load-results.md,throughput.png,
# latency-cdf.png,plots/}, benchmarks/target/big/{big-tree.json,big-tree.md},
# benchmarks/target/jmh-apply.{json,txt}. Needs JDK 17 and Maven (dependencies from Maven Central).
set -euo pipefail
cd "$(dirname "$0")/.."
# One run per checkout at a time: two would share benchmarks/target and each other's servers.
exec 9>"${TMPDIR:-/tmp}/warden-bench-$(pwd | cksum | cut -d' ' -f1).lock"
if ! flock -n 9; then
  echo "run.sh: another run is in progress in $(pwd)" >&2
  exit 1
fi
quick=""
ensemble=""
for arg in "$@"; do
  case "$arg" in
    --quick) quick="--quick" ;;
    --ensemble) ensemble="yes" ;;
    *) echo "run.sh: unknown argument $arg (use --quick and/or --ensemble)" >&2; exit 2 ;;
  esac
done
mvn -B -q -pl benchmarks,wire-server/server -am package -DskipTests
jar=benchmarks/target/benchmarks.jar
if [[ -n "$ensemble" ]]; then
  java -cp "$jar" io.warden.bench.load.EnsembleMain $quick
  echo "done: benchmarks/target/ensemble"
  exit 0
fi
java -cp "$jar" io.warden.bench.load.LoadMain $quick
java -cp "$jar" io.warden.bench.load.BigTreeMain $quick
if [[ -n "$quick" ]]; then
  java -jar "$jar" ApplyBenchmark -p znodes=100000 -wi 1 -i 2 -w 1s -r 1s \
      -rf json -rff benchmarks/target/jmh-apply.json | tee benchmarks/target/jmh-apply.txt
else
  java -jar "$jar" ApplyBenchmark -prof gc -rf json -rff benchmarks/target/jmh-apply.json \
      | tee benchmarks/target/jmh-apply.txt
fi
echo "done: benchmarks/target/load, benchmarks/target/big, benchmarks/target/jmh-apply.txt"
