"""The Ray job of RayDispatchEndToEndTest's transform node: plain HTTP to the DeltaCAT server.

Reads the run's source deltas' plan (GET /v1/jobs/{run}/inputs), reads their JSON-lines files,
upper-cases `name` with the staged payload's dcupper.shout, stages one JSON-lines file into a write on the sink table and prepares it for the
run; the server commits it when this Ray job succeeds. argv[1]: ok | fail | slow (sleeps first).
"""
import json
import os
import sys
import time
import urllib.parse
import urllib.request

# the staged payload (jobs().stageRayPayload): Ray unpacked it onto this job's PYTHONPATH
from dcupper import shout

BASE = os.environ["DELTACAT_SERVER_URL"].rstrip("/")
RUN = os.environ["DELTACAT_RUN_ID"]
TOKEN = os.environ.get("DELTACAT_RUN_TOKEN")


def call(method, path, body=None):
    headers = {"Content-Type": "application/json"}
    if TOKEN:
        headers["Authorization"] = "Bearer " + TOKEN
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


def local_path(uri):
    return urllib.parse.unquote(urllib.parse.urlparse(uri).path)


def main(mode):
    if mode == "fail":
        raise RuntimeError("transform exploded on purpose")
    if mode == "slow":
        time.sleep(float(os.environ.get("SLOW_SECONDS", "40")))
    inputs = call("GET", "/v1/jobs/%s/inputs" % RUN)
    rows, schema = [], None
    for source in inputs["inputs"]:
        plan = source["plan"]
        schema = plan["schema"]
        for f in plan["files"]:
            with open(local_path(f["uri"]), encoding="utf-8") as fh:
                rows.extend(json.loads(line) for line in fh if line.strip())
    out = [dict(r, name=shout(r["name"])) for r in rows]
    session = call("POST", "/v1/namespaces/default/tables/dst/writes",
                   {"mode": "append", "schema": schema, "format": "json"})
    name = "part-0.json"
    os.makedirs(local_path(session["stagingUri"]), exist_ok=True)
    path = os.path.join(local_path(session["stagingUri"]), name)
    with open(path, "w", encoding="utf-8") as fh:
        for r in out:
            fh.write(json.dumps(r) + "\n")
    call("POST", "/v1/writes/%s/prepare" % session["writeId"],
         {"jobId": RUN, "commitId": "ray-" + RUN, "files": [
             {"path": name, "format": "json", "rowCount": len(out), "sizeBytes": os.path.getsize(path)}]})
    print("prepared %d rows for run %s" % (len(out), RUN))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "ok")
