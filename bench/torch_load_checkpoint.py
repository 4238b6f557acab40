"""Loads a Basin checkpoint into the equivalent PyTorch nn.Sequential and evaluates it on IDX test
files, to check that names, shapes, layout and numerics carry over. Parses the safetensors format
directly (as safetensors.torch.load_file would) so that it needs only torch and numpy.

    python3 bench/torch_load_checkpoint.py RUN/checkpoints/iter-0003000.safetensors \
        IMAGES.gz LABELS.gz --mean 0.2860 --std 0.3530 --depth 3 --width 512
"""
import argparse
import gzip
import json
import struct

import numpy as np
import torch
import torch.nn as nn


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
        arr = np.frombuffer(raw[8 + n + b:8 + n + e], dtype="<f4").reshape(t["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out, meta


def idx(path):
    data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    ndim = data[3]
    dims = struct.unpack(">" + "i" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data[4 + 4 * ndim:], dtype=np.uint8).reshape(dims)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    ap.add_argument("images")
    ap.add_argument("labels")
    ap.add_argument("--mean", type=float, default=0.2860)
    ap.add_argument("--std", type=float, default=0.3530)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--width", type=int, default=512)
    a = ap.parse_args()
    sd, meta = load_safetensors(a.checkpoint)
    layers = [nn.Linear(784, a.width, bias=False), nn.ReLU()]
    for _ in range(a.depth - 2):
        layers += [nn.Linear(a.width, a.width, bias=False), nn.ReLU()]
    layers.append(nn.Linear(a.width, 10, bias=False))
    model = nn.Sequential(*layers)
    model.load_state_dict({k: v for k, v in sd.items() if not k.startswith("optimizer.")})
    x = torch.from_numpy(((idx(a.images).reshape(-1, 784) / 255.0 - a.mean) / a.std).astype(np.float32))
    y = torch.from_numpy(idx(a.labels).astype(np.int64))
    with torch.no_grad():
        out = model(x)
        loss = nn.functional.cross_entropy(out, y).item()
        acc = (out.argmax(1) == y).float().mean().item()
    print(f"iteration {meta.get('iteration')}: test loss {loss:.6f}, test accuracy {100 * acc:.2f}% on {len(y)} samples")
    print("optimizer tensors:", sorted({k.split('.')[1] for k in sd if k.startswith('optimizer.')}))


if __name__ == "__main__":
    main()
