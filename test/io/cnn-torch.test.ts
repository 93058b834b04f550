/**
 * A whole CNN against PyTorch (test/fixtures/cnn-torch.json, written by scripts/fixtures/cnn_torch.py in
 * float64): PyTorch's weights converted to tensorial's layouts (`[F, C, KH, KW]` → `K: [KH, KW, C, F]`, NCHW
 * images → channels-last rows, the dense weight's channel-first inputs → `W: [H·W·C, Out]`), then the forward
 * pass, the cross-entropy loss and every parameter's gradient agree to 1e-12; the equivalent `nn.Sequential`'s
 * `state_dict` (test/fixtures/cnn-torch.safetensors) reads in torch naming into the same Θ, and so does its
 * `torch.onnx.export` (test/fixtures/cnn-torch.onnx).
 */
import { readFileSync } from 'node:fs'

import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  avgPool2d,
  conv2d,
  crossEntropy,
  dense,
  flattenImage,
  fromArray,
  gradients,
  inputImage,
  maxPool2d,
  Onnx,
  predict,
  Safetensors,
  softmax,
  tanh,
} from 'tensorial'

import { unsafeLeft, unsafeRight } from '../util.js'

interface T {
  readonly shape: ReadonlyArray<number>
  readonly data: ReadonlyArray<number>
}
const ref = JSON.parse(readFileSync(new URL('../fixtures/cnn-torch.json', import.meta.url), 'utf8')) as {
  readonly image: readonly [number, number, number]
  readonly x: T
  readonly labels: ReadonlyArray<number>
  readonly params: Readonly<Record<string, T>>
  readonly probs: T
  readonly loss: number
  readonly grads: Readonly<Record<string, T>>
}

/** A row-major tensor's data with its axes permuted: `out[i_perm[0], i_perm[1], …] = in[i_0, i_1, …]`. */
const permute = (t: T, perm: ReadonlyArray<number>): Array<number> => {
  const dims = t.shape
  const out = perm.map((p) => dims[p] as number)
  const strides = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1))
  const res: Array<number> = []
  const idx = out.map(() => 0)
  for (let n = 0; n < t.data.length; n++) {
    let src = 0
    for (let k = 0; k < perm.length; k++) src += (idx[k] as number) * (strides[perm[k] as number] as number)
    res.push(t.data[src] as number)
    for (let k = out.length - 1; k >= 0; k--) {
      idx[k] = (idx[k] as number) + 1
      if ((idx[k] as number) < (out[k] as number)) break
      idx[k] = 0
    }
  }
  return res
}

/** `[F, C, KH, KW]` → `[KH, KW, C, F]`. */
const kernel = (t: T): Array<number> => permute(t, [2, 3, 1, 0])
/** Linear's `[Out, C·H·W]` (channel-first inputs) → `[H·W·C, Out]` (channels-last inputs). */
const denseW = (t: T, im: readonly [number, number, number]): Array<number> =>
  permute({ shape: [t.shape[0] as number, im[2], im[0], im[1]], data: t.data }, [2, 3, 1, 0])

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)))
  return m
}

describe('a CNN against PyTorch (float64)', () => {
  const net = pipe(
    inputImage([14, 14, 2]),
    conv2d({ filters: 4, kernel: 3, padding: 'same' }),
    maxPool2d(2),
    conv2d({ filters: 5, kernel: 3, stride: 2, activation: tanh }),
    avgPool2d(2, 1),
    flattenImage,
    dense(3, softmax),
  )
  const last: readonly [number, number, number] = [2, 2, 5]
  const p = ref.params
  const theta = [
    {
      K: unsafeRight(fromArray(kernel(p['conv1.weight']!), [3, 3, 2, 4])),
      b: unsafeRight(fromArray(p['conv1.bias']!.data, [4])),
    },
    {},
    {
      K: unsafeRight(fromArray(kernel(p['conv2.weight']!), [3, 3, 4, 5])),
      b: unsafeRight(fromArray(p['conv2.bias']!.data, [5])),
    },
    {},
    {
      W: unsafeRight(fromArray(denseW(p['fc.weight']!, last), [20, 3])),
      b: unsafeRight(fromArray(p['fc.bias']!.data, [3])),
    },
  ] as const
  const b = ref.x.shape[0] as number
  const x = unsafeRight(fromArray(permute(ref.x, [0, 2, 3, 1]), [b, 392]))
  const y = unsafeRight(
    fromArray(
      ref.labels.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))),
      [b, 3],
    ),
  )

  it("reads the nn.Sequential's state_dict (cnn-torch.safetensors) in torch naming into the same Θ, bit for bit", () => {
    const bytes = new Uint8Array(readFileSync(new URL('../fixtures/cnn-torch.safetensors', import.meta.url)))
    expect(unsafeRight(Safetensors.decode(net, bytes))).toEqual(theta)
    // and writes it back byte for byte in the layouts PyTorch holds
    const h = unsafeRight(
      Safetensors.readHeader(unsafeRight(Safetensors.encode(net, theta, { naming: 'torch', dtype: 'F64' }))),
    )
    const ours = unsafeRight(Safetensors.readHeader(bytes))
    for (const t of ours.tensors) {
      const mine = h.tensors.find((u) => u.name === t.name)!
      expect([t.name, mine.shape]).toEqual([t.name, t.shape])
      expect(h.data.slice(mine.begin, mine.end)).toEqual(ours.data.slice(t.begin, t.end))
    }
  })

  it('reads torch.onnx.export of the nn.Sequential (cnn-torch.onnx: NCHW input, Flatten) into the same Θ', () => {
    const bytes = new Uint8Array(readFileSync(new URL('../fixtures/cnn-torch.onnx', import.meta.url)))
    expect(unsafeRight(Onnx.decode(net, bytes))).toEqual(theta)
    // a network of another stride is a Left naming the Conv node
    const other = pipe(
      inputImage([14, 14, 2]),
      conv2d({ filters: 4, kernel: 3, padding: 'same' }),
      maxPool2d(2),
      conv2d({ filters: 5, kernel: 3, activation: tanh }),
      avgPool2d(5),
      flattenImage,
      dense(3, softmax),
    )
    expect(unsafeLeft(Onnx.decode(other, bytes)).message).toMatch(
      /^graph.node\[\d+\] \(Conv "\/3\/Conv"\): strides \[2, 2\], expected \[1, 1\] for layer 3 \(conv2d \[7, 7, 4\] → \[5, 5, 5\]\)$/,
    )
  })

  it('has the fixture’s geometry', () => {
    expect(ref.image).toEqual([14, 14, 2])
    expect(net.layers.map((l) => l.outputs)).toEqual([14 * 14 * 4, 7 * 7 * 4, 3 * 3 * 5, 2 * 2 * 5, 3])
  })

  it('predicts PyTorch’s softmax output', () => {
    expect(maxAbs(predict(net, theta, x).data, ref.probs.data)).toBeLessThanOrEqual(1e-12)
  })

  it('has PyTorch’s loss and the gradient of every parameter', () => {
    const g = gradients(net, theta, x, y, crossEntropy)
    expect(Math.abs(g.cost - ref.loss)).toBeLessThanOrEqual(1e-12)
    const gr = ref.grads
    const errs = {
      'conv1.weight': maxAbs(g.grads[0].K.data, kernel(gr['conv1.weight']!)),
      'conv1.bias': maxAbs(g.grads[0].b.data, gr['conv1.bias']!.data),
      'conv2.weight': maxAbs(g.grads[2].K.data, kernel(gr['conv2.weight']!)),
      'conv2.bias': maxAbs(g.grads[2].b.data, gr['conv2.bias']!.data),
      'fc.weight': maxAbs(g.grads[4].W.data, denseW(gr['fc.weight']!, last)),
      'fc.bias': maxAbs(g.grads[4].b.data, gr['fc.bias']!.data),
    }
    // each parameter by name, so a failure says which one
    for (const [name, e] of Object.entries(errs)) expect({ [name]: e }).toEqual({ [name]: expect.closeTo(0, 12) })
    // the gradients are not all zero (a dead network would pass trivially)
    expect(Math.max(...gr['conv1.weight']!.data.map(Math.abs))).toBeGreaterThan(1e-3)
  })
})
