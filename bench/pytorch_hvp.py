"""The same work as Basin's HvpBenchmark, in PyTorch: one Hessian-vector product by double backward
(torch.autograd.grad with create_graph=True, then the gradient of g·v) and one gradient of a bias-free ReLU
MLP at batch 128 on fixed random data; prints the medians.

    OPENBLAS_NUM_THREADS=2 python3 bench/pytorch_hvp.py --torch-threads 1 --nets mnist9,mlp1024
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn as nn

NETS = {
    "mnist9": ("mnist9x512", 784, 9, 512, 10),
    "mlp1024": ("mlp784-1024-1024-10", 784, 3, 1024, 10),
}


def mlp(inp, depth, width, classes):
    layers = [nn.Linear(inp, width, bias=False), nn.ReLU()]
    for _ in range(depth - 2):
        layers += [nn.Linear(width, width, bias=False), nn.ReLU()]
    layers.append(nn.Linear(width, classes, bias=False))
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torch-threads", type=int, default=1)
    ap.add_argument("--nets", default="mnist9,mlp1024")
    ap.add_argument("--reps", type=int, default=30)
    a = ap.parse_args()
    torch.set_num_threads(a.torch_threads)
    torch.manual_seed(1)
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "?")
    batch = 128
    for key in a.nets.split(","):
        name, inp, depth, width, classes = NETS[key]
        model = mlp(inp, depth, width, classes)
        params = list(model.parameters())
        v = [torch.randn_like(p) for p in params]
        x = torch.rand(batch, inp) * 2 - 1
        y = torch.randint(0, classes, (batch,))
        loss_fn = nn.CrossEntropyLoss()

        def hvp():
            loss = loss_fn(model(x), y)
            g = torch.autograd.grad(loss, params, create_graph=True)
            dot = sum((gi * vi).sum() for gi, vi in zip(g, v))
            return torch.autograd.grad(dot, params)

        def grad():
            loss = loss_fn(model(x), y)
            return torch.autograd.grad(loss, params)

        t_end = time.perf_counter() + 3
        while time.perf_counter() < t_end:
            hvp()
            grad()
        hs, gs = [], []
        for _ in range(a.reps):
            t0 = time.perf_counter()
            hvp()
            t1 = time.perf_counter()
            grad()
            t2 = time.perf_counter()
            hs.append((t1 - t0) * 1e3)
            gs.append((t2 - t1) * 1e3)
        h, g = statistics.median(hs), statistics.median(gs)
        print(f"torch  net={name} batch={batch} torch_threads={a.torch_threads} openblas_threads={blas} "
              f"hvp_ms={h:.2f} grad_ms={g:.2f} hvp_per_grad={h / g:.2f}")


if __name__ == "__main__":
    main()
