#!/bin/sh
# Runs the JMH benchmarks on the class path. Build first: mvn -q -DskipTests install
# Examples:
#   jmh-benchmarks/run.sh ParquetVsDuckDb                 # full size (10M rows)
#   jmh-benchmarks/run.sh ParquetVsDuckDb -p rows=1000000 # quicker
#   jmh-benchmarks/run.sh -l                              # list benchmarks
#   jmh-benchmarks/run.sh jobs [jdbc:postgresql://...] [n] # job queue claim->complete (a plain main)
#   jmh-benchmarks/run.sh packds [rows] [steps] [shardMiB]  # PackDS loader, episode lookups, upsert bytes (a plain main)
#   jmh-benchmarks/run.sh compaction [commits] [rows] [readEvery] [reads] # small commits, moderate vs none (a plain main)
here=$(cd "$(dirname "$0")" && pwd)
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
main=org.openjdk.jmh.Main
if [ "$1" = "jobs" ]; then
  shift
  exec java --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.deltacat.benchmarks.jobs.ClaimCompleteBenchmark "$@"
fi
if [ "$1" = "compaction" ]; then
  shift
  exec java -Xmx2g --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.deltacat.benchmarks.compaction.SmallCommitsBenchmark "$@"
fi
if [ "$1" = "packds" ]; then
  shift
  exec java -Xmx3g --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.deltacat.benchmarks.packds.PackdsBenchmark "$@"
fi
if [ "$1" = "heap" ]; then
  shift
  main=io.deltacat.benchmarks.StreamingReadHeap
  exec java -Xmx512m --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" $main "$@"
fi
exec java --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" $main "$@"
