"""Reads `basin export` output back with the formats' own readers and compares it with the run folder's tables.

    python export_reference_check.py RUN TB_DIR MLRUNS

TensorBoard: TensorBoard's record reader (both masked CRC-32C of every record checked; a flipped byte must raise
DataLossError), its Event protocol buffer (tensorboard.compat.proto.event_pb2) and its EventAccumulator (what the
scalars dashboard shows): the file_version event first, then every tag, step and value of metrics.csv and alpha.csv
(values as float32, wall times non-decreasing). MLflow (not installable here, see docs/reporting.md): the file store
as MLflow's FileStore reads it: mlruns/0/meta.yaml and the run's meta.yaml with the keys RunInfo and Experiment are
built from, metrics/<tag> lines "timestamp value step" (two or three fields separated by one space: int, float, int)
holding the tables' doubles exactly, params/ and tags/ one value per file.
Prints one line per check and exits 1 on the first mismatch.
"""
import csv
import glob
import math
import os
import shutil
import struct
import sys
import tempfile

import yaml
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.compat.proto import event_pb2
from tensorboard.compat.tensorflow_stub import errors, pywrap_tensorflow


def fail(msg):
    print("FAIL " + msg)
    sys.exit(1)


def ok(msg):
    print("ok   " + msg)


def number(cell):
    return float(cell) if cell not in ("", None) else math.nan


def expected_scalars(run):
    """tag -> [(step, value)] from the run's CSVs, by the rules docs/reporting.md gives for the export."""
    out = {}

    def add(tag, step, v):
        if math.isfinite(v):
            out.setdefault(tag, []).append((step, v))

    with open(os.path.join(run, "metrics.csv"), newline="") as f:
        for r in csv.DictReader(f):
            it = int(r["iteration"])
            for tag, col in (("loss/train", "train_loss"), ("loss/test", "test_loss"), ("loss/batch", "batch_loss"),
                             ("accuracy/train", "train_acc"), ("accuracy/test", "test_acc"), ("lr", "lr")):
                add(tag, it, number(r[col]))
    alpha = os.path.join(run, "alpha.csv")
    if os.path.exists(alpha):
        with open(alpha, newline="") as f:
            for r in csv.DictReader(f):
                nz = number(r.get("alpha_nz"))
                add("alpha/%s_%s" % (r["set"], r["quantity"]), int(r["iteration"]), nz if math.isfinite(nz) else number(r["alpha"]))
    sharp = os.path.join(run, "sharpness.csv")
    if os.path.exists(sharp):
        with open(sharp, newline="") as f:
            for r in csv.DictReader(f):
                add("sharpness/lambda_1", int(r["iteration"]), number(r["lambda_1"]))
    return out


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def records(path):
    reader = pywrap_tensorflow.PyRecordReader_New(path)
    while True:
        try:
            reader.GetNext()
        except errors.OutOfRangeError:
            return
        yield reader.record()


def check_tensorboard(run, tb, expected):
    files = glob.glob(os.path.join(tb, "events.out.tfevents.*"))
    if len(files) != 1:
        fail("%s: expected one event file, found %d" % (tb, len(files)))
    path = files[0]
    events = [event_pb2.Event.FromString(r) for r in records(path)]
    if not events or events[0].file_version != "brain.Event:2":
        fail("the first event is not file_version brain.Event:2")
    ok("%s: %d records, both CRCs of each checked by TensorBoard's reader; file_version %s"
       % (os.path.basename(path), len(events), events[0].file_version))
    walls = [e.wall_time for e in events]
    if any(b < a for a, b in zip(walls, walls[1:])):
        fail("wall times decrease")
    got = {}
    for e in events[1:]:
        if len(e.summary.value) != 1 or e.summary.value[0].WhichOneof("value") != "simple_value":
            fail("event at step %d is not one simple_value" % e.step)
        v = e.summary.value[0]
        got.setdefault(v.tag, []).append((e.step, v.simple_value))
    compare("event protos", got, {t: [(s, f32(v)) for s, v in pts] for t, pts in expected.items()})
    acc = event_accumulator.EventAccumulator(tb, size_guidance={event_accumulator.SCALARS: 0})
    acc.Reload()
    shown = {t: [(s.step, s.value) for s in acc.Scalars(t)] for t in acc.Tags()["scalars"]}
    compare("EventAccumulator", shown, {t: [(s, f32(v)) for s, v in pts] for t, pts in expected.items()})
    # A flipped byte in the last record's data must be refused.
    tmp = tempfile.mkdtemp()
    try:
        bad = os.path.join(tmp, os.path.basename(path))
        data = bytearray(open(path, "rb").read())
        data[-6] ^= 0x01
        open(bad, "wb").write(bytes(data))
        try:
            for _ in records(bad):
                pass
            fail("a flipped byte was not caught by TensorBoard's reader")
        except errors.DataLossError as e:
            ok("a flipped byte is refused: %s" % str(e).strip().splitlines()[0])
    finally:
        shutil.rmtree(tmp)


def compare(what, got, expected):
    if sorted(got) != sorted(expected):
        fail("%s: tags %s, expected %s" % (what, sorted(got), sorted(expected)))
    for tag in expected:
        if got[tag] != expected[tag]:
            for i, (g, x) in enumerate(zip(got[tag], expected[tag])):
                if g != x:
                    fail("%s: %s point %d is %s, expected %s" % (what, tag, i, g, x))
            fail("%s: %s has %d points, expected %d" % (what, tag, len(got[tag]), len(expected[tag])))
    ok("%s: %d tags, %d points, every step and value as the tables give them"
       % (what, len(expected), sum(len(p) for p in expected.values())))


def check_mlflow(run, mlruns, expected):
    exp = yaml.safe_load(open(os.path.join(mlruns, "0", "meta.yaml")))
    for k in ("experiment_id", "name", "artifact_location", "lifecycle_stage"):
        if k not in exp:
            fail("mlruns/0/meta.yaml lacks %s" % k)
    if str(exp["experiment_id"]) != "0" or exp["lifecycle_stage"] != "active":
        fail("mlruns/0/meta.yaml: experiment %s, %s" % (exp["experiment_id"], exp["lifecycle_stage"]))
    runs = [d for d in os.listdir(os.path.join(mlruns, "0")) if os.path.isdir(os.path.join(mlruns, "0", d))]
    if len(runs) != 1:
        fail("expected one run under mlruns/0, found %s" % runs)
    rd = os.path.join(mlruns, "0", runs[0])
    meta = yaml.safe_load(open(os.path.join(rd, "meta.yaml")))
    for k in ("run_id", "run_uuid", "experiment_id", "user_id", "status", "start_time", "end_time", "lifecycle_stage", "artifact_uri",
              "run_name"):
        if k not in meta:
            fail("run meta.yaml lacks %s" % k)
    if meta["run_id"] != runs[0] or meta["run_uuid"] != runs[0] or str(meta["experiment_id"]) != "0":
        fail("run meta.yaml: ids %s %s %s, folder %s" % (meta["run_id"], meta["run_uuid"], meta["experiment_id"], runs[0]))
    if meta["status"] not in (1, 2, 3, 4, 5) or not isinstance(meta["start_time"], int):
        fail("run meta.yaml: status %r, start_time %r" % (meta["status"], meta["start_time"]))
    ok("meta.yaml files: experiment 0 '%s', run %s '%s' status %d" % (exp["name"], runs[0], meta["run_name"], meta["status"]))
    got = {}
    mdir = os.path.join(rd, "metrics")
    for root, _, files in os.walk(mdir):
        for name in files:
            tag = os.path.relpath(os.path.join(root, name), mdir).replace(os.sep, "/")
            for line in open(os.path.join(root, name)):
                parts = line.strip().split(" ")
                if len(parts) not in (2, 3):
                    fail("metrics/%s: a line of %d fields" % (tag, len(parts)))
                ts, val, step = int(parts[0]), float(parts[1]), int(parts[2]) if len(parts) == 3 else 0
                if ts <= 0:
                    fail("metrics/%s: timestamp %d" % (tag, ts))
                got.setdefault(tag, []).append((step, val))
    compare("MLflow metrics", got, expected)
    params = os.listdir(os.path.join(rd, "params"))
    with open(os.path.join(run, "config.json")) as f:
        cfg = yaml.safe_load(f)
    lr = open(os.path.join(rd, "params", "optimizer.lr")).read()
    if float(lr) != float(cfg["optimizer"]["lr"]):
        fail("params/optimizer.lr %s, config.json %s" % (lr, cfg["optimizer"]["lr"]))
    tags = os.listdir(os.path.join(rd, "tags"))
    if "mlflow.runName" not in tags or open(os.path.join(rd, "tags", "mlflow.runName")).read() != meta["run_name"]:
        fail("tags/mlflow.runName does not match meta.yaml's run_name")
    ok("MLflow params (%d, optimizer.lr = %s as in config.json) and tags (%s)" % (len(params), lr, ", ".join(sorted(tags))))


def main():
    run, tb, mlruns = sys.argv[1:4]
    expected = expected_scalars(run)
    check_tensorboard(run, tb, expected)
    check_mlflow(run, mlruns, expected)
    print("export matches its tables: TensorBoard's reader and MLflow's file-store layout")


if __name__ == "__main__":
    main()
