"""The reference code's AlexNet (sgd_tail_index models.py, width ch) in PyTorch, beside Basin's.

Two jobs:

  time   one SGD training step and one Hessian-vector product (double backward) at batch 100 on fixed
         random 3x32x32 data; prints medians in the format of bench/pytorch_step.py and pytorch_hvp.py.

             OPENBLAS_NUM_THREADS=1 python3 bench/pytorch_alexnet.py time --torch-threads 1

  check  reads what `java -cp basin-bench/target/basin-bench.jar dev.basin.bench.AlexNetExport DIR` wrote
         (a Basin AlexNet's parameters, a batch, Basin's loss on it and Basin's parameters after one SGD
         step), loads the parameters into the PyTorch module by their names, and compares.

             python3 bench/pytorch_alexnet.py check DIR

The module below is the reference's, with its two Dropout layers in eval mode (Basin has no dropout) and
the input channels as a parameter (the reference hard-codes 3). Parses safetensors directly so that it
needs only torch and numpy.
"""
import argparse
import json
import math
import os
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn


class AlexNet(nn.Module):
    def __init__(self, input_height=32, input_width=32, input_channels=3, ch=64, num_classes=10):
        super().__init__()
        self.input_height, self.input_width, self.input_channels = input_height, input_width, input_channels
        self.features = nn.Sequential(
            nn.Conv2d(input_channels, out_channels=ch, kernel_size=4, stride=2, padding=2),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(ch, ch, kernel_size=5, padding=2),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(ch, ch, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(ch, ch, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(ch, ch, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
        )
        with torch.no_grad():
            self.size = self.features(torch.randn(1, input_channels, input_height, input_width)).view(-1).size(0)
        a = torch.tensor(self.size).float()
        b = torch.tensor(2).float()
        self.width = int(a) * int(1 + torch.log(a) / torch.log(b))
        self.classifier = nn.Sequential(
            nn.Dropout(),
            nn.Linear(self.size, self.width),
            nn.ReLU(inplace=True),
            nn.Dropout(),
            nn.Linear(self.width, self.width),
            nn.ReLU(inplace=True),
            nn.Linear(self.width, num_classes),
        )

    def forward(self, x):
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return self.classifier(x)


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for name, t in header.items():
        assert t["dtype"] == "F32", t["dtype"]
        b, e = t["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(raw[8 + n + b:8 + n + e], dtype="<f4").reshape(t["shape"]).copy())
    return out, meta


def median_ms(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ms)


def time_job(a):
    torch.set_num_threads(a.torch_threads)
    torch.manual_seed(1)
    model = AlexNet(ch=a.ch).eval()  # eval: Dropout off, as in Basin
    x = torch.rand(a.batch, 3, 32, 32) * 2 - 1
    y = torch.randint(0, 10, (a.batch,))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    params = [p for p in model.parameters()]
    v = [torch.randn_like(p) for p in params]

    def hvp():
        g = torch.autograd.grad(loss_fn(model(x), y), params, create_graph=True)
        dot = sum((gi * vi).sum() for gi, vi in zip(g, v))
        torch.autograd.grad(dot, params)

    def grad():
        torch.autograd.grad(loss_fn(model(x), y), params)

    blas = os.environ.get("OPENBLAS_NUM_THREADS", "?")
    conv = "mkldnn" if torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled else "native"
    s = median_ms(step, a.warmup, a.steps)
    print(f"torch  net=alexnet{a.ch} batch={a.batch} torch_threads={a.torch_threads} openblas_threads={blas} conv={conv} "
          f"optimizer=sgd median_ms={s:.2f}")
    h = median_ms(hvp, 3, a.reps)
    g = median_ms(grad, 3, a.reps)
    print(f"torch  net=alexnet{a.ch} batch={a.batch} torch_threads={a.torch_threads} openblas_threads={blas} hvp_ms={h:.2f} "
          f"grad_ms={g:.2f} hvp_per_grad={h / g:.2f}")


def check_job(a):
    torch.set_num_threads(1)
    with open(os.path.join(a.dir, "basin.json")) as f:
        info = json.load(f)
    theta, _ = load_safetensors(os.path.join(a.dir, "initial.safetensors"))
    after, _ = load_safetensors(os.path.join(a.dir, "after-sgd.safetensors"))
    data, _ = load_safetensors(os.path.join(a.dir, "batch.safetensors"))
    x = data["x"]
    y = data["y"].long()
    c, h, w = x.shape[1:]
    model = AlexNet(input_height=h, input_width=w, input_channels=c, ch=info["ch"], num_classes=info["classes"]).eval()
    missing = model.load_state_dict(theta, strict=True)
    print("loaded", len(theta), "tensors by name into", type(model).__name__, "(strict):", missing)
    loss_fn = nn.CrossEntropyLoss()
    with torch.no_grad():
        loss = loss_fn(model(x), y).item()
    ok = True
    digits = -math.log10(abs(loss - info["loss"]) / abs(loss)) if loss != info["loss"] else float("inf")
    print(f"loss on the {len(y)}-sample batch: torch {loss:.8f}, basin {info['loss']:.8f}, agree to {digits:.1f} significant digits")
    ok &= digits >= 5
    # The gradients, Basin's and PyTorch's float32 ones, against PyTorch in float64.
    basin_grad, _ = load_safetensors(os.path.join(a.dir, "gradient.safetensors"))
    model64 = AlexNet(input_height=h, input_width=w, input_channels=c, ch=info["ch"], num_classes=info["classes"]).eval().double()
    model64.load_state_dict({k: v.double() for k, v in theta.items()})
    loss_fn(model64(x.double()), y).backward()
    g64 = {k: p.grad for k, p in model64.named_parameters()}
    opt = torch.optim.SGD(model.parameters(), lr=info["lr"])
    opt.zero_grad()
    loss_fn(model(x), y).backward()
    g32 = {k: p.grad.double() for k, p in model.named_parameters()}

    def rel(gs):
        num = sum(((gs[k].double() - g64[k]) ** 2).sum().item() for k in g64)
        den = sum((g64[k] ** 2).sum().item() for k in g64)
        return math.sqrt(num / den)
    print(f"gradient vs float64 PyTorch: basin {rel(basin_grad):.2e}, torch float32 {rel(g32):.2e} (relative 2-norm error)")
    ok &= rel(basin_grad) < 1e-5
    opt.step()
    sd = model.state_dict()
    # Both float32 steps against the float64 step θ − lr·g64, in float32 ulps of each tensor's largest parameter
    # (the rounding step of the update there); and against each other.
    worst = {"basin": 0.0, "torch": 0.0, "between": 0.0}
    for name, t in after.items():
        ulp = torch.finfo(torch.float32).eps * theta[name].abs().max().item()
        exact = theta[name].double() - info["lr"] * g64[name]
        worst["basin"] = max(worst["basin"], ((t.double() - exact).abs().max() / ulp).item())
        worst["torch"] = max(worst["torch"], ((sd[name].double() - exact).abs().max() / ulp).item())
        worst["between"] = max(worst["between"], ((sd[name] - t).abs().max() / ulp).item())
    print(f"after one SGD step (lr {info['lr']}), largest difference in float32 ulps of the tensor's largest parameter: "
          f"basin vs float64 {worst['basin']:.2f}, torch vs float64 {worst['torch']:.2f}, basin vs torch {worst['between']:.2f}")
    ok &= worst["basin"] <= max(a.max_ulps, worst["torch"])
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="job", required=True)
    t = sub.add_parser("time")
    t.add_argument("--torch-threads", type=int, default=1)
    t.add_argument("--ch", type=int, default=64)
    t.add_argument("--batch", type=int, default=100)
    t.add_argument("--steps", type=int, default=30)
    t.add_argument("--reps", type=int, default=20)
    t.add_argument("--warmup", type=int, default=5)
    c = sub.add_parser("check")
    c.add_argument("dir")
    c.add_argument("--max-ulps", type=float, default=2.0)
    a = ap.parse_args()
    time_job(a) if a.job == "time" else check_job(a)


if __name__ == "__main__":
    main()
