#!/bin/sh
# The Spark connector against Spark's own Parquet or ORC source over the same rows and files, in one run
# (SparkVsSourceBenchmark: write and read of a table of N rows, medians of R rounds, ratios).
# Build first: mvn -q -DskipTests package -pl spark-connector -am
# Usage: spark-connector/bench.sh [rows=10000000] [rounds=3] [splitBytes=0] [format=parquet|orc]
# splitBytes > 0: spark.sql.files.maxPartitionBytes for both readers, the connector's row groups (ORC:
# stripes) a quarter of that, so files larger than splitBytes are read as splits by both.
here=$(cd "$(dirname "$0")" && pwd)
cp="$here/target/test-classes:$here/target/classes:$(cat "$here/target/test-classpath.txt")"
exec java -Xmx6g -XX:+IgnoreUnrecognizedVMOptions \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.deltacat.spark.SparkVsSourceBenchmark "$@"
