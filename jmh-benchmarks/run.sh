#!/bin/sh
# Runs the JMH benchmarks on the class path. Build first: mvn -q -DskipTests install
# Examples:
#   jmh-benchmarks/run.sh ParquetVsDuckDb                 # full size (10M rows)
#   jmh-benchmarks/run.sh ParquetVsDuckDb -p rows=1000000 # quicker
#   jmh-benchmarks/run.sh -l                              # list benchmarks
#   jmh-benchmarks/run.sh jobs [jdbc:postgresql://...] [n] [rounds] # job queue end to end, db-scheduler beside it
#   jmh-benchmarks/run.sh jobs pg [n] [rounds]           # the same on a throwaway PostgreSQL cluster (fsync off)
#   jmh-benchmarks/run.sh packds [rows] [steps] [shardMiB]  # PackDS loader, episode lookups, upsert bytes (a plain main)
#   jmh-benchmarks/run.sh batches [rows] [formats] [batchSizes] [rounds] # write time against batch size (a plain main)
#   jmh-benchmarks/run.sh placement [rows] [writes] [smallRows] [intervalMs] # backfill MB/s and replication lag between two s3proxy roots (a plain main)
#   jmh-benchmarks/run.sh compaction [commits] [rows] [readEvery] [reads] # small commits, moderate vs none (a plain main)
#   jmh-benchmarks/run.sh pyarrow [rows,rows] [rounds] [formats]# every format against pyarrow in the same run (a plain main)
#     pyarrow comes from $PYARROW_PYTHON, else a venv made once in jmh-benchmarks/target/pyarrow-venv
#     (pip install pyarrow; set PIP_INDEX_URL to use a local package index only)
here=$(cd "$(dirname "$0")" && pwd)
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
main=org.openjdk.jmh.Main
if [ "$1" = "jobs" ]; then
  shift
  if [ "$1" = "pg" ]; then
    # a throwaway cluster as in the integration tests: Debian's binaries, the postgres user, loopback
    shift
    bin=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -r | head -1)
    dir=$(mktemp -d /tmp/deltacat-bench-pg-XXXXXX)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg=""
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; as_pg="runuser -u postgres --"; fi
    $as_pg "$bin/initdb" -D "$dir/data" -A trust --no-sync -U postgres -E UTF8 >/dev/null
    $as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=300" start >/dev/null
    trap '$as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
    java $JAVA_OPTS -Dbench.pgdata="$dir/data" --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.deltacat.benchmarks.jobs.ClaimCompleteBenchmark "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres" "$@"
    exit $?
  fi
  exec java $JAVA_OPTS --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.deltacat.benchmarks.jobs.ClaimCompleteBenchmark "$@"
fi
if [ "$1" = "compaction" ]; then
  shift
  exec java -Xmx2g --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.deltacat.benchmarks.compaction.SmallCommitsBenchmark "$@"
fi
if [ "$1" = "placement" ]; then
  shift
  exec java -Xmx3g --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.deltacat.benchmarks.PlacementBenchmark "$@"
fi
if [ "$1" = "packds" ]; then
  shift
  exec java -Xmx3g --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.deltacat.benchmarks.packds.PackdsBenchmark "$@"
fi
if [ "$1" = "batches" ]; then
  shift
  exec java -Xmx3g --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.deltacat.benchmarks.BatchSizeProbe "$@"
fi
if [ "$1" = "pyarrow" ]; then
  shift
  python="${PYARROW_PYTHON:-}"
  if [ -z "$python" ]; then
    venv="$here/target/pyarrow-venv"
    if [ ! -x "$venv/bin/python" ]; then
      python3 -m venv "$venv" && "$venv/bin/pip" install -q pyarrow || exit 1
    fi
    python="$venv/bin/python"
  fi
  exec java -Xmx6g --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dbench.pyarrowScript="$here/pyarrow/formats_vs_pyarrow.py" -cp "$cp" io.deltacat.benchmarks.VsPyarrow "$python" "$@"
fi
if [ "$1" = "heap" ]; then
  shift
  main=io.deltacat.benchmarks.StreamingReadHeap
  exec java -Xmx512m --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" $main "$@"
fi
exec java --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" $main "$@"
