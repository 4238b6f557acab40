"""The same work as Basin's StepBenchmark, in PyTorch: one SGD training step (forward, cross-entropy,
backward, optimizer update) of a bias-free ReLU MLP on fixed random data; prints the median step time.

    OPENBLAS_NUM_THREADS=2 python3 bench/pytorch_step.py --torch-threads 1 --nets mnist9,mlp1024
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn as nn

NETS = {
    "mnist9": ("mnist9x512", 784, 9, 512, 10, 100),
    "mlp1024": ("mlp784-1024-1024-10", 784, 3, 1024, 10, 128),
}


def mlp(inp, depth, width, classes):
    layers = [nn.Linear(inp, width, bias=False), nn.ReLU(inplace=True)]
    for _ in range(depth - 2):
        layers += [nn.Linear(width, width, bias=False), nn.ReLU(inplace=True)]
    layers.append(nn.Linear(width, classes, bias=False))
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torch-threads", type=int, default=1)
    ap.add_argument("--nets", default="mnist9,mlp1024")
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--optimizer", default="sgd", choices=["sgd", "adam"])
    a = ap.parse_args()
    torch.set_num_threads(a.torch_threads)
    torch.manual_seed(1)
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "?")
    for key in a.nets.split(","):
        name, inp, depth, width, classes, batch = NETS[key]
        model = mlp(inp, depth, width, classes)
        opt = (torch.optim.SGD(model.parameters(), lr=1e-3) if a.optimizer == "sgd"
               else torch.optim.Adam(model.parameters(), lr=1e-3))
        x = torch.rand(batch, inp) * 2 - 1
        y = torch.randint(0, classes, (batch,))
        loss_fn = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()

        for _ in range(a.warmup):
            step()
        ms = []
        for _ in range(a.steps):
            t0 = time.perf_counter()
            step()
            ms.append((time.perf_counter() - t0) * 1000)
        med = statistics.median(ms)
        print(f"torch  net={name} batch={batch} torch_threads={a.torch_threads} openblas_threads={blas} "
              f"optimizer={a.optimizer} median_ms={med:.2f} samples_per_s={batch / med * 1000:.0f}")


if __name__ == "__main__":
    main()
