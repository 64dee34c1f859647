#!/usr/bin/env bash
# Builds the benchmarks jar and runs the default set in two JMH invocations (about 12 minutes on
# 2 cores): the throughput benchmarks, then the javac benchmark (ours beside AutoValue and
# MapStruct) with more shots. Writes the JSON results and prints the Markdown tables of
# docs/benchmarks.md.
#
# With arguments, ONE invocation of exactly what they select, e.g. `run.sh VerifyBenchmark`,
# `run.sh PartsBenchmark` (the pieces of a verification and of a guard, not in the default set)
# or `run.sh -prof gc VerifyBenchmark`.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl protekt-benchmarks -am package -DskipTests
jar=protekt-benchmarks/target/benchmarks.jar
out=protekt-benchmarks/target/jmh-result.json
javac_out=protekt-benchmarks/target/jmh-javac.json
if [[ $# -gt 0 ]]; then
  java -jar "$jar" -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$out" "$@"
  java -cp "$jar" dev.protekt.benchmarks.Report "$out"
  exit
fi
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
java -jar "$jar" -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$out" -e PartsBenchmark -e JavacBenchmark
# A javac compile is one shot of a second or more that the shared machine can disturb: 8 measured
# shots after 2 warm-up ones, so that the report's medians and quartiles mean something.
java -jar "$jar" -f 1 -wi 2 -i 8 -rf json -rff "$javac_out" JavacBenchmark
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
java -cp "$jar" dev.protekt.benchmarks.Report "$out" "$javac_out"
