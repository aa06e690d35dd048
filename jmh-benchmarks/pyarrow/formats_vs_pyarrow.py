"""pyarrow's side of VsPyarrow (jmh-benchmarks run.sh pyarrow): bare file I/O on the same data.

Usage: python formats_vs_pyarrow.py DATA.arrow WORKDIR ROUNDS JSON_INPUT [FORMATS]
DATA.arrow is the benchmark table that the Java side generated (an uncompressed Arrow IPC file);
JSON_INPUT is a JSON lines file of the same rows written by the project's json provider (pyarrow
writes no JSON). Prints one line per format and operation: "<format> <write|read> <best ms>", the
best of ROUNDS, each read materializing the whole table (pyarrow's default threads).
"""
import os
import sys
import time

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.feather as feather
import pyarrow.json as pjson
import pyarrow.orc as orc
import pyarrow.parquet as pq


def best(rounds, fn):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


def main():
    data_path, work, rounds, json_input = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    wanted = set((sys.argv[5] if len(sys.argv) > 5 else "parquet,orc,feather,csv,json").split(","))
    with pa.memory_map(data_path) as source:
        table = pa.ipc.open_file(source).read_all()
    table = table.combine_chunks()  # in memory before timing, as the Java side's batches are
    n = table.num_rows
    formats = {
        # the project's default codecs: zstd for Parquet, ORC and Feather
        "parquet": (lambda p: pq.write_table(table, p, compression="zstd"), pq.read_table),
        "orc": (lambda p: orc.write_table(table, p, compression="zstd"), orc.read_table),
        "feather": (lambda p: feather.write_feather(table, p, compression="zstd"), feather.read_table),
        "csv": (lambda p: pcsv.write_csv(table, p), pcsv.read_csv),
    }
    for name, (write, read) in formats.items():
        if name not in wanted:
            continue
        path = os.path.join(work, "pyarrow." + name)
        print(name, "write", round(best(rounds, lambda: write(path)), 1), flush=True)

        def read_all():
            t = read(path)
            assert t.num_rows == n, (name, t.num_rows, n)
        print(name, "read", round(best(rounds, read_all), 1), flush=True)
        os.remove(path)

    def read_json():
        t = pjson.read_json(json_input)
        assert t.num_rows == n, ("json", t.num_rows, n)
    if "json" in wanted:
        print("json", "read", round(best(rounds, read_json), 1), flush=True)


if __name__ == "__main__":
    main()
