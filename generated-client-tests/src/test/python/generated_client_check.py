"""Drives a DeltaCAT server through the Python client that openapi-generator's `python` generator made
from openapi/deltacat-api.yaml, as a Python user of the API would: namespaces, a table with int64,
timestamp and decimal columns, a write (a Parquet file written with pyarrow into the staging folder),
a plan, a job, a transaction, a node and typed errors.

Usage: python generated_client_check.py BASE_URL   (the generated package on PYTHONPATH)
Exits non-zero on the first failed check; prints "N passed, 0 failed" at the end.
"""
import datetime
import decimal
import os
import sys
import uuid
from urllib.parse import unquote, urlparse

import pyarrow as pa
import pyarrow.parquet as pq

import deltacat_generated as dg
from deltacat_generated.api.default_api import DefaultApi
from deltacat_generated.exceptions import ApiException
from deltacat_generated.models import (
    ArrowField, ArrowSchema, ArrowType, BeginTransactionRequest, BeginWriteRequest, ClaimRequest,
    CommitRequest, CommittedFile, CompleteJobRequest, CreateNamespaceRequest, CreateNodeRequest,
    CreateTableRequest, JobEventRequest, PlanRequest, Problem, SubmitJobRequest, TableRef, Trigger)

VERSION = "0.1.0"
BIG = 5_000_000_000  # above 32 bits: ids, counts and times must arrive whole
passed = 0


def check(condition, what):
    global passed
    if not condition:
        raise AssertionError("failed: " + what)
    passed += 1


def key():
    return str(uuid.uuid4())


def field(name, type_):
    return ArrowField(name=name, nullable=True, type=type_)


def prices_schema():
    return ArrowSchema(fields=[
        field("id", ArrowType(name="int", bitWidth=64, isSigned=True)),
        field("ts", ArrowType(name="timestamp", unit="MICROSECOND", timezone="UTC")),
        field("price", ArrowType(name="decimal", precision=10, scale=2, bitWidth=128)),
        field("label", ArrowType(name="utf8")),
    ])


def problem(call, status):
    try:
        call()
    except ApiException as e:
        check(e.status == status, f"status {e.status} == {status}: {e.body}")
        check(e.headers.get("Content-Type", "").startswith("application/problem+json"), "problem+json")
        check(isinstance(e.data, Problem), f"the error body parses as Problem: {e.data!r}")
        check(e.data.status == status, "problem status")
        return e.data
    raise AssertionError("the call did not fail")


def main(base):
    api = DefaultApi(dg.ApiClient(dg.Configuration(host=base.rstrip("/"))))
    config = api.get_config(delta_cat_client_version=VERSION)
    check(config.minimum_client_version == VERSION, "minimum client version")

    # namespaces
    ns = api.create_namespace(CreateNamespaceRequest(name="shop", properties={"owner": "ops"}),
                              idempotency_key=key(), delta_cat_client_version=VERSION)
    check(ns.created_at > 2**31, "createdAt in nanoseconds")
    check(api.get_namespace("shop", delta_cat_client_version=VERSION).properties == {"owner": "ops"}, "namespace")
    check("shop" in [n.name for n in api.list_namespaces(delta_cat_client_version=VERSION).namespaces], "listed")

    # a table whose types need their parameters, sent and read back whole
    api.create_table("shop", CreateTableRequest(name="prices", var_schema=prices_schema(), mergeKeys=["id"]),
                     idempotency_key=key(), delta_cat_client_version=VERSION)
    table = api.get_table("shop", "prices", delta_cat_client_version=VERSION)
    types = {f.name: f.type for f in table.var_schema.fields}
    check(types["id"].bit_width == 64 and types["id"].is_signed is True, "int64 kept")
    check(types["ts"].unit == "MICROSECOND" and types["ts"].timezone == "UTC", "timestamp kept")
    check(types["price"].precision == 10 and types["price"].scale == 2, "decimal kept")
    check(table.merge_keys == ["id"], "merge keys")

    # a write: begin, a Parquet file written with pyarrow into the staging folder, commit
    session = api.begin_write("shop", "prices", BeginWriteRequest(mode="append", var_schema=prices_schema()),
                              idempotency_key=key(), delta_cat_client_version=VERSION)
    check(session.mode == "append" and session.expires_at > 2**31, "write session")
    data = pa.table({
        "id": pa.array([BIG, BIG + 1, BIG + 2], pa.int64()),
        "ts": pa.array([datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)] * 3, pa.timestamp("us", tz="UTC")),
        "price": pa.array([decimal.Decimal("12.30"), decimal.Decimal("12.31"), decimal.Decimal("99.99")],
                          pa.decimal128(10, 2)),
        "label": pa.array(["a", "b", "c"], pa.string()),
    })
    staging = unquote(urlparse(session.staging_uri).path)
    pq.write_table(data, os.path.join(staging, "part-0.parquet"))
    size = os.path.getsize(os.path.join(staging, "part-0.parquet"))
    commit = api.commit_write(session.write_id, CommitRequest(commitId="py-1", files=[
        CommittedFile(path="part-0.parquet", format="parquet", rowCount=3, sizeBytes=size)]),
        idempotency_key=key(), delta_cat_client_version=VERSION)
    check(commit.state == "committed" and commit.row_count == 3, "committed")
    check(commit.commit_time > 2**31, "commit time in nanoseconds")

    # a plan
    plan = api.plan_read("shop", "prices", PlanRequest(columns=["id", "price"], filter={"ge": ["id", BIG]}),
                         delta_cat_client_version=VERSION)
    check(len(plan.files) == 1 and plan.files[0].row_count == 3, "planned file")
    check(plan.files[0].columns["id"].max == BIG + 2, "64-bit statistics")
    check(plan.snapshot_time == commit.commit_time, "snapshot time")
    pruned = api.plan_read("shop", "prices", PlanRequest(filter={"gt": ["id", BIG + 2]}),
                           delta_cat_client_version=VERSION)
    check(pruned.files == [], "pruned by statistics")

    # a job
    job = api.submit_job(SubmitJobRequest(type="custom", workerTags=["py"]), idempotency_key=key(),
                         delta_cat_client_version=VERSION)
    check(job.state == "pending", "submitted")
    claimed = api.claim_job(ClaimRequest(workerTags=["py"], workerId="py-worker"), idempotency_key=key(),
                            delta_cat_client_version=VERSION)
    check(claimed.job.id == job.id, "claimed")
    token = claimed.lease.fencing_token
    api.emit_job_event(job.id, JobEventRequest(fencingToken=token, name="progress", completed=BIG, expected=2 * BIG),
                       idempotency_key=key(), delta_cat_client_version=VERSION)
    done = api.complete_job(job.id, CompleteJobRequest(fencingToken=token, recordsProcessed=BIG,
                                                       watermark={"position": BIG}),
                            idempotency_key=key(), delta_cat_client_version=VERSION)
    check(done.state == "succeeded" and done.records_processed == BIG, "completed")
    check(done.watermark == {"position": BIG}, "watermark as sent")
    check(api.claim_job(ClaimRequest(workerTags=["py"]), idempotency_key=key(),
                        delta_cat_client_version=VERSION) is None, "nothing left to claim (204)")

    # a transaction
    tx = api.begin_transaction(BeginTransactionRequest(message="python", ttlMs=30000), idempotency_key=key(),
                               delta_cat_client_version=VERSION)
    check(tx.state == "open", "open transaction")
    api.create_table("shop", CreateTableRequest(name="audit", var_schema=prices_schema()), idempotency_key=key(),
                     transaction_id=tx.transaction_id, delta_cat_client_version=VERSION)
    names = [t.name for t in api.list_tables("shop", delta_cat_client_version=VERSION).tables]
    check("audit" not in names, "invisible before commit")
    committed = api.commit_transaction(tx.transaction_id, idempotency_key=key(), delta_cat_client_version=VERSION)
    check(committed.state == "committed" and committed.commit_time > 2**31, "committed transaction")
    names = [t.name for t in api.list_tables("shop", delta_cat_client_version=VERSION).tables]
    check("audit" in names, "visible after commit")

    # a node
    node = api.create_node(CreateNodeRequest(id="watcher", kind="subscription",
                                             sourceTables=[TableRef(namespace="shop", table="prices")],
                                             trigger=Trigger(kind="event")),
                           idempotency_key=key(), delta_cat_client_version=VERSION)
    check(node.kind == "subscription" and node.watermark[0].position == 0, "node")
    check(api.pause_node("watcher", idempotency_key=key(), delta_cat_client_version=VERSION, body={}).paused,
          "paused")
    check(not api.resume_node("watcher", idempotency_key=key(), delta_cat_client_version=VERSION).paused, "resumed")
    run = api.trigger_node("watcher", idempotency_key=key(), delta_cat_client_version=VERSION)
    check(run.context["nodeId"] == "watcher", "a run")

    # typed errors
    missing = problem(lambda: api.get_namespace("nowhere", delta_cat_client_version=VERSION), 404)
    check(missing.type == "urn:deltacat:problem:not-found", "not-found type")
    dup = problem(lambda: api.create_namespace(CreateNamespaceRequest(name="shop"), idempotency_key=key(),
                                               delta_cat_client_version=VERSION), 409)
    check(dup.type == "urn:deltacat:problem:already-exists", "already-exists type")
    bad = problem(lambda: api.create_table("shop", CreateTableRequest(name="bad", var_schema=ArrowSchema(
        fields=[field("n", ArrowType(name="int"))])), idempotency_key=key(), delta_cat_client_version=VERSION), 400)
    check("bitWidth" in bad.detail, "names the missing parameter")
    old = problem(lambda: api.list_namespaces(delta_cat_client_version="0.0.1"), 400)
    check("0.0.1" in old.detail and VERSION in old.detail, "names both versions")

    print(f"generated python client: {passed} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1])
