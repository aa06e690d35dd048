#!/bin/sh
# Surefire's JVM for -Pray-tests: the test JVM in a network namespace of its own (needs root, which CI
# is), with loopback up. The Ray head (started by the test), the server and the Ray job's Python all
# talk over 127.0.0.1 inside it; nothing can reach, or wait on, an outside network.
java="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java"
exec unshare -n -- sh -c 'ip link set lo up && exec "$0" "$@"' "$java" "$@"
