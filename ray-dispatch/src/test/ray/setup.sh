#!/bin/sh
# Real-Ray test set-up (profile ray-tests): builds a Python venv with the ray wheel from this
# machine's configured package index and starts or stops a single-node Ray head with its dashboard
# (which serves the Jobs REST API on 8265).
#
#   setup.sh install DIR   build DIR/venv (idempotent; needs the package index, no other network),
#                          and DIR/jdk: surefire's JVM for the suite, the JDK's java run in a network
#                          namespace of its own with loopback up (needs root, which CI is): the Ray
#                          head (started by the test), the server and the Ray job's Python all meet on
#                          127.0.0.1 there, and Ray's public-DNS probe fails at once
#   setup.sh start DIR     start the head (loopback only, 127.0.0.1; run it inside a network
#                          namespace of its own: Ray probes a public DNS address to guess its IP)
#   setup.sh stop DIR      stop it
#
# Shims (why): aiohttp_cors, which the dashboard imports, is not on the index, so Debian's
# python3-aiohttp-cors is unpacked beside the venv; the dashboard's optional opencensus /
# opentelemetry exporter and SDK imports are answered by an import hook with empty modules
# (sitecustomize.py below): they only feed metrics exporters these tests do not use.
set -eu
cmd=${1:?usage: setup.sh install|start|stop DIR}
dir=${2:?usage: setup.sh install|start|stop DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
venv="$dir/venv"
RAY_VERSION=${RAY_VERSION:-2.58.0}

install() {
    if [ -x "$venv/bin/ray" ] && [ -f "$venv/.complete" ]; then
        return 0
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    # the machine's index only (pip.conf may also name PyPI, which a build must not need)
    idx="$("$venv/bin/pip" config get global.index-url 2>/dev/null || true) $("$venv/bin/pip" config get global.extra-index-url 2>/dev/null || true)"
    set -- --disable-pip-version-check -q
    first=1
    for u in $idx; do
        if [ $first = 1 ]; then set -- "$@" --index-url "$u"; first=0; else set -- "$@" --extra-index-url "$u"; fi
    done
    "$venv/bin/pip" install "$@" "ray==$RAY_VERSION" aiohttp pydantic prometheus_client grpcio \
        opentelemetry-api opentelemetry-proto smart_open virtualenv py-spy requests
    site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    if ! "$venv/bin/python" -c 'import aiohttp_cors' 2>/dev/null; then
        tmp=$(mktemp -d)
        (cd "$tmp" && apt-get download python3-aiohttp-cors >/dev/null 2>&1 || \
            (apt-get update >/dev/null && apt-get download python3-aiohttp-cors >/dev/null))
        dpkg -x "$tmp"/python3-aiohttp-cors_*.deb "$tmp/x"
        cp -r "$tmp"/x/usr/lib/python3/dist-packages/aiohttp_cors "$site/"
        rm -rf "$tmp"
    fi
    cat > "$site/sitecustomize.py" <<'PY'
# Test shim: empty modules for Ray dashboard's optional metrics-exporter imports (opencensus,
# opentelemetry SDK/exporters), which are not on this machine's package index.
import importlib.abc, importlib.machinery, sys, types

_PREFIXES = ("opencensus", "opentelemetry.sdk", "opentelemetry.exporter")

class _Meta(type):
    # any attribute of a stub class is another stub class (e.g. tag_value.TagValue in a type hint)
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _stub(name)
    def __getitem__(cls, key):
        return cls

def _stub(name):
    return _Meta(name, (), {"__init__": lambda self, *a, **k: None,
                            "__call__": lambda self, *a, **k: None,
                            "__getattr__": lambda self, n: _stub(n)})

class _Any(types.ModuleType):
    __path__ = []
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _stub(name)

class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name.startswith(_PREFIXES):
            for f in sys.meta_path:
                if f is self:
                    continue
                try:
                    if f.find_spec(name, path, target) is not None:
                        return None  # the real package is installed
                except Exception:
                    pass
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None
    def create_module(self, spec):
        return _Any(spec.name)
    def exec_module(self, module):
        pass

sys.meta_path.append(_Finder())
PY
    touch "$venv/.complete"
}

jdk() {
    # surefire wants a path ending in bin/java and reads the JDK's release file beside it
    home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
    mkdir -p "$dir/jdk/bin"
    ln -sf "$home/release" "$dir/jdk/release"
    ln -sfn "$home/lib" "$dir/jdk/lib"
    cat > "$dir/jdk/bin/java" <<SH
#!/bin/sh
exec unshare -n -- sh -c 'ip link set lo up && exec "\$0" "\$@"' "$home/bin/java" "\$@"
SH
    chmod +x "$dir/jdk/bin/java"
}

start() {
    PATH="$venv/bin:$PATH"
    export PATH
    ip link set lo up 2>/dev/null || true
    export RAY_USAGE_STATS_ENABLED=0 RAY_DISABLE_DOCKER_CPU_WARNING=1
    # Ray's temp dir holds its AF_UNIX sockets, whose paths may not exceed 107 bytes: a short folder
    # under /tmp, not the build's (deep) target folder; its name is kept for stop
    tmp=$(mktemp -d /tmp/dcray.XXXXXX)
    echo "$tmp" > "$dir/ray-tmp-path"
    export DELTACAT_RAY_HEAD="$tmp"
    ray start --head --node-ip-address=127.0.0.1 --port=6379 --num-cpus=2 \
        --dashboard-host=127.0.0.1 --dashboard-port=8265 --include-dashboard=true \
        --temp-dir="$tmp" --disable-usage-stats >"$dir/ray-start.log" 2>&1
    # the Jobs API answers once the dashboard's job module is up
    i=0
    while [ $i -lt 120 ]; do
        if "$venv/bin/python" -c 'import urllib.request,sys; urllib.request.urlopen("http://127.0.0.1:8265/api/version", timeout=2)' 2>/dev/null; then
            echo "ray head up: http://127.0.0.1:8265"
            return 0
        fi
        sleep 1; i=$((i + 1))
    done
    echo "ray dashboard did not answer on 8265; see $tmp/session_latest/logs/dashboard.log" >&2
    return 1
}

# The processes of our head, by id: every process `ray start` made inherits
# DELTACAT_RAY_HEAD=<its temp dir> (those whose environment setproctitle has overwritten, e.g.
# ray::DashboardAgent, are found as descendants of the marked ones). Not `ray stop`: it kills Ray
# processes machine-wide by name.
head_pids() {
    marked=$(for e in /proc/[0-9]*/environ; do
        if { tr '\0' '\n' < "$e"; } 2>/dev/null | grep -qxF "DELTACAT_RAY_HEAD=$1"; then
            p=${e#/proc/}; echo "${p%/environ}"
        fi
    done)
    [ -n "$marked" ] || return 0
    ps -eo pid=,ppid= | awk -v marked="$marked" '
        BEGIN { n = split(marked, m, "\n"); for (i = 1; i <= n; i++) keep[m[i]] = 1 }
        { parent[$1] = $2 }
        END {
            do { grew = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grew = 1 } } while (grew)
            for (p in keep) print p
        }'
}

stop() {
    [ -f "$dir/ray-tmp-path" ] || return 0
    tmp=$(cat "$dir/ray-tmp-path")
    pids=$(head_pids "$tmp")
    if [ -n "$pids" ]; then
        kill -TERM $pids 2>/dev/null || true
        i=0
        while [ $i -lt 20 ]; do
            alive=""
            for p in $pids; do ! kill -0 "$p" 2>/dev/null || alive="$alive $p"; done
            [ -n "$alive" ] || break
            sleep 0.5; i=$((i + 1))
        done
        [ -z "$alive" ] || kill -KILL $alive 2>/dev/null || true
    fi
    # keep the logs of the last head beside the build for a failed run's post-mortem
    rm -rf "$dir/ray-logs"
    cp -r "$tmp/session_latest/logs" "$dir/ray-logs" 2>/dev/null || true
    rm -rf "$tmp" "$dir/ray-tmp-path"
}

case "$cmd" in
    install) install; jdk ;;
    start) install; start ;;
    stop) stop ;;
    *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
