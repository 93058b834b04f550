"""The Python peers of the training benchmark (scripts/bench-python.ts runs this with /usr/bin/python3).

The same work as tensorial's `train` rows: the 784-128-64-10 MNIST network (ReLU, softmax + cross-entropy,
plain SGD eta = 0.1, batch 64, the mean cost per batch), one epoch over the first `batches` batches of the
digits, from the initial weights the caller wrote, in numpy (float64 and float32) and PyTorch (float64 and
float32), each on one thread. Prints one JSON line: per contender the samples/s of the median of `runs` timed
epochs (after one untimed epoch) and the epoch's mean training loss (each batch's cost before its update,
weighted by its rows), which must equal tensorial's to rounding: the check that the work is the same.

Usage: python3 bench_python.py DIR BATCHES RUNS   (DIR holds images.f64, labels.i32 and params.f64)
"""
import json
import os
import sys
import time

# one thread everywhere, before numpy or torch start their pools
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402

LAYERS = [784, 128, 64, 10]
ETA = 0.1
BATCH = 64


def load(directory, batches):
    rows = batches * BATCH
    x = np.fromfile(os.path.join(directory, "images.f64"), dtype=np.float64).reshape(-1, 784)[:rows]
    labels = np.fromfile(os.path.join(directory, "labels.i32"), dtype=np.int32)[:rows]
    y = np.zeros((rows, 10))
    y[np.arange(rows), labels] = 1.0
    flat = np.fromfile(os.path.join(directory, "params.f64"), dtype=np.float64)
    params, at = [], 0
    for inn, out in zip(LAYERS[:-1], LAYERS[1:]):
        w = flat[at : at + inn * out].reshape(inn, out)
        at += inn * out
        b = flat[at : at + out]
        at += out
        params.append((w, b))
    return x, y, params


def numpy_epoch(x, y, params, dtype):
    """One epoch of minibatch SGD in numpy: Z = A W + b, A = relu(Z), softmax + cross-entropy, the backward pass
    of the lecture notes (delta^L = (a^L - y) / B, dW = A^T delta, db = sum delta, delta = (delta W^T) * relu'(z))."""
    ps = [(w.astype(dtype).copy(), b.astype(dtype).copy()) for w, b in params]
    x = x.astype(dtype)
    y = y.astype(dtype)
    total = 0.0
    for start in range(0, x.shape[0], BATCH):
        a0 = x[start : start + BATCH]
        t = y[start : start + BATCH]
        rows = a0.shape[0]
        acts, zs = [a0], []
        for layer, (w, b) in enumerate(ps):
            z = acts[-1] @ w + b
            zs.append(z)
            if layer < len(ps) - 1:
                acts.append(np.maximum(z, 0))
            else:
                e = np.exp(z - z.max(axis=1, keepdims=True))
                acts.append(e / e.sum(axis=1, keepdims=True))
        p = acts[-1]
        total += float(-(t * np.log(p)).sum())
        delta = (p - t) / rows
        for layer in range(len(ps) - 1, -1, -1):
            w, b = ps[layer]
            gw = acts[layer].T @ delta
            gb = delta.sum(axis=0)
            if layer > 0:
                delta = (delta @ w.T) * (zs[layer - 1] > 0)
            w -= ETA * gw
            b -= ETA * gb
    return total / x.shape[0]


def torch_epoch(torch, x, y, params, dtype):
    """The same epoch in PyTorch: nn.Linear layers (weights stored [out, in], so W^T), autograd, optim.SGD."""
    layers = []
    for i, (w, b) in enumerate(params):
        lin = torch.nn.Linear(w.shape[0], w.shape[1]).to(dtype)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w.T.copy()))
            lin.bias.copy_(torch.from_numpy(b.copy()))
        layers.append(lin)
        if i < len(params) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=ETA)
    xt = torch.from_numpy(x).to(dtype)
    labels = torch.from_numpy(y.argmax(axis=1))
    loss_fn = torch.nn.CrossEntropyLoss(reduction="mean")
    total = 0.0
    for start in range(0, xt.shape[0], BATCH):
        xb = xt[start : start + BATCH]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), labels[start : start + BATCH])
        loss.backward()
        opt.step()
        total += float(loss) * xb.shape[0]
    return total / xt.shape[0]


def timed(epoch, rows, runs):
    loss = epoch()  # untimed: warm caches, allocators and dispatch
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        epoch()
        times.append(time.perf_counter() - t0)
    times.sort()
    return {"samplesPerSecond": rows / times[len(times) // 2], "loss": loss}


def blas():
    """The BLAS numpy (and, on Debian, torch) calls: libblas.so.3 is whichever the system selected."""
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1].rsplit("/", 1)[-1] for line in maps if "blas" in line}
        return ", ".join(sorted(libs)) or "unknown"
    except OSError:
        return "unknown"


def main():
    directory, batches, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    x, y, params = load(directory, batches)
    rows = x.shape[0]
    out = {
        "numpy": np.__version__,
        "blas": blas(),
        "numpy f64": timed(lambda: numpy_epoch(x, y, params, np.float64), rows, runs),
        "numpy f32": timed(lambda: numpy_epoch(x, y, params, np.float32), rows, runs),
    }
    try:
        import torch

        torch.set_num_threads(1)
        out["torch"] = torch.__version__
        out["PyTorch f64"] = timed(lambda: torch_epoch(torch, x, y, params, torch.float64), rows, runs)
        out["PyTorch f32"] = timed(lambda: torch_epoch(torch, x, y, params, torch.float32), rows, runs)
    except ImportError as e:
        out["torchMissing"] = str(e)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
