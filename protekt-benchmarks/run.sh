#!/usr/bin/env bash
# Builds the benchmarks jar, runs the benchmarks side by side in ONE JMH invocation (about 7
# minutes on 2 cores), writes the JSON results and prints the Markdown tables of docs/benchmarks.md.
# Extra arguments go to JMH, e.g. `-prof gc` or a benchmark name regex such as `VerifyBenchmark`.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl protekt-benchmarks -am package -DskipTests
jar=protekt-benchmarks/target/benchmarks.jar
out=protekt-benchmarks/target/jmh-result.json
# `run.sh ProcessorCost [warm-up rounds] [rounds] [baseline processor path]`: javac's cost per
# generated type, Protekt beside AutoValue and MapStruct, in rounds that interleave them (about 4
# minutes); not JMH. A baseline path (another build's benchmarks.jar) adds an A/B of the processor.
if [ "${1:-}" = ProcessorCost ]; then
  shift
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  java -Xms3g -Xmx3g -cp "$jar" dev.protekt.benchmarks.ProcessorCost "$@"
  echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  exit
fi
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
# The *PartsBenchmark classes time the pieces of a verification and of a guard; they are run on
# request (`run.sh PartsBenchmark`), so the default set stays under 10 minutes.
exclude="-e PartsBenchmark"
for arg in "$@"; do
  case "$arg" in *Parts*) exclude="" ;; esac
done
# $exclude unquoted on purpose: two words, or none.
java -jar "$jar" -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$out" $exclude "$@"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
java -cp "$jar" dev.protekt.benchmarks.Report "$out"
