/**
 * ONNX export and import of conv2d, maxPool2d and avgPool2d: the float32 graph (Conv, MaxPool, AveragePool on
 * NCHW between Reshape/Transpose at the row boundaries) and the float64 graph (Gather of im2col indices, MatMul
 * or ReduceMax/ReduceMean on rows) run in onnxruntime and match `predict`; `decode` reads both back.
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as ort from 'onnxruntime-web'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  type AnyLayer,
  avgPool2d,
  avgPool2dLayer,
  batchNorm,
  conv2d,
  conv2dLayer,
  dense,
  denseLayer,
  dropout,
  elu,
  flattenImage,
  fromArray,
  init,
  inputImage,
  leakyRelu,
  type Matrix,
  maxPool2d,
  maxPool2dLayer,
  type Network,
  Onnx,
  predict,
  Random,
  sequential,
  sigmoid,
  softmax,
  tanh,
  type Shape,
  type Tensor,
  type Theta,
} from 'tensorial'

import { customNet } from '../../examples/08-custom-layer.js'
import { unsafeLeft, unsafeRight } from '../util.js'

const batch = (rows: number, cols: number, seed: number): Matrix<number, number> => {
  const [xs] = Random.normals(rows * cols)(Random.seed(seed))
  return unsafeRight(fromArray(xs, [rows, cols]))
}
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)))
  return m
}

// conv 3×3 'same' ReLU → max pool 2 → conv 3×3 stride 2 'valid' → avg pool 2 → flatten → dense softmax
const cnn = pipe(
  inputImage([14, 10, 2]),
  conv2d({ filters: 4, kernel: 3, padding: 'same' }),
  maxPool2d(2),
  conv2d({ filters: 3, kernel: 3, stride: 2, activation: tanh }),
  avgPool2d(2, 1),
  flattenImage,
  dense(3, softmax),
)
// even kernels with 'same' (the padding split unevenly), overlapping windows, α activations, softmax on a conv
const odd = pipe(
  inputImage([7, 6, 3]),
  conv2d({ filters: 3, kernel: 2, padding: 'same', stride: 2, activation: leakyRelu(0.2) }),
  conv2d({ filters: 2, kernel: 4, padding: 'same', activation: elu(0.7) }),
  maxPool2d(2, 1),
  avgPool2d(2, 1),
  conv2d({ filters: 2, kernel: 1, activation: softmax }),
)
// rectangular kernels, windows and unequal strides: every axis its own geometry
const rect = pipe(
  inputImage([9, 8, 2]),
  conv2d({ filters: 3, kernel: [3, 2], stride: [2, 1], padding: 'same' }),
  maxPool2d([1, 2]),
  conv2d({ filters: 2, kernel: [2, 2], stride: [1, 2], activation: tanh }),
  avgPool2d([2, 1], [2, 1]),
  flattenImage,
  dense(3, softmax),
)
// image layers between rows layers, and an image that differs from the previous output (same width)
const mixed = sequential(
  denseLayer(8, 32, sigmoid),
  conv2dLayer([4, 4, 2], { filters: 2, kernel: 3, padding: 'same' }),
  batchNorm({ epsilon: 1e-3 })(layerless(32)).layers[0] as AnyLayer,
  maxPool2dLayer([4, 4, 2], 2),
  dropout(0.5)(layerless(8)).layers[0] as AnyLayer,
  avgPool2dLayer([2, 2, 2], 2),
  maxPool2dLayer([1, 1, 2], 1),
  avgPool2dLayer([2, 1, 1], 1),
)

function layerless(n: number) {
  return { inputs: n, outputs: n, layers: [] } as unknown as Network<readonly [], number, number>
}

const cases: ReadonlyArray<readonly [string, Network<ReadonlyArray<AnyLayer>, number, number>]> = [
  ['conv same → max pool → conv stride 2 → avg pool → dense softmax', cnn as never],
  ["even kernels 'same', overlapping pools, leaky ReLU, ELU and softmax convs", odd as never],
  ['dense → conv → batch norm → pools → dropout, images re-read between layers', mixed as never],
  ['rectangular kernels and windows, unequal strides', rect as never],
]
type Values = ReadonlyArray<Record<string, Array<number>>>
const values = (t: ReadonlyArray<object>, f: (x: number) => number = (x) => x): Values =>
  t.map((p) =>
    Object.fromEntries(Object.entries(p as Record<string, Tensor<Shape>>).map(([k, x]) => [k, Array.from(x.data, f)])),
  )
const thetaOf = (net: Network<ReadonlyArray<AnyLayer>, number, number>, seed: number) => {
  const [t] = init(net)(Random.seed(seed))
  return t as Theta<ReadonlyArray<AnyLayer>>
}

describe('Onnx.encode of conv and pooling layers, run by onnxruntime', () => {
  const realFetch = globalThis.fetch
  const fetched: Array<string> = []
  const sessions: Array<ort.InferenceSession> = []
  beforeAll(() => {
    ort.env.wasm.numThreads = 1
    globalThis.fetch = (async (u: unknown) => {
      fetched.push(String(u))
      throw new Error(`network request to ${String(u)}`)
    }) as typeof fetch
  })
  afterAll(async () => {
    globalThis.fetch = realFetch
    await Promise.all(sessions.map((s) => s.release()))
    expect(fetched).toEqual([])
  })

  for (const [name, net] of cases)
    for (const [dtype, tol] of [
      ['float32', 1e-5],
      // ε of the batch norm is a float32 attribute: about 5e-11 off (see onnx-layers.test.ts); 1e-12 without it
      ['float64', name.includes('batch norm') ? 1e-10 : 1e-12],
    ] as const)
      it(`${name}: matches predict in ${dtype}`, async () => {
        const theta = thetaOf(net, 5)
        const bytes = unsafeRight(Onnx.encode(net, theta, { dtype }))
        const s = await ort.InferenceSession.create(bytes)
        sessions.push(s)
        for (const rows of [1, 6]) {
          const x = batch(rows, net.inputs, rows)
          const data = dtype === 'float32' ? Float32Array.from(x.data) : Float64Array.from(x.data)
          const out = await s.run({ input: new ort.Tensor(dtype, data, [rows, net.inputs]) })
          const y = Float64Array.from((out.output as ort.Tensor).data as Float32Array | Float64Array)
          expect(maxAbs(y, predict(net, theta, x).data)).toBeLessThanOrEqual(tol)
        }
      })
})

describe('the exported graph', () => {
  const ops = (bytes: Uint8Array): Array<string> => {
    // how often each op type appears as a NodeProto op_type (field 4: tag 0x22 ("), length, name)
    const text = new TextDecoder('latin1').decode(bytes)
    return ['Reshape', 'Transpose', 'Conv', 'MaxPool', 'AveragePool', 'Gather', 'Pad', 'MatMul', 'ReduceMax'].map(
      (op) => `${op}:${text.split(`"${String.fromCharCode(op.length)}${op}`).length - 1}`,
    )
  }
  it('keeps NCHW between consecutive image layers: one Transpose in and one out (float32)', () => {
    const bytes = unsafeRight(Onnx.encode(cnn, thetaOf(cnn as never, 1) as never))
    expect(ops(bytes).slice(0, 5)).toEqual(['Reshape:2', 'Transpose:2', 'Conv:2', 'MaxPool:1', 'AveragePool:1'])
  })
  it('has no Conv and no transposes in float64', () => {
    const bytes = unsafeRight(Onnx.encode(cnn, thetaOf(cnn as never, 1) as never, { dtype: 'float64' }))
    expect(ops(bytes)).toEqual([
      'Reshape:4',
      'Transpose:0',
      'Conv:0',
      'MaxPool:0',
      'AveragePool:0',
      'Gather:4',
      'Pad:1',
      'MatMul:2',
      'ReduceMax:1',
    ])
  })
})

describe('Onnx.decode of conv and pooling layers', () => {
  for (const [name, net] of cases)
    it(`${name}: round-trips bit for bit in float64, and as float32 values in float32`, () => {
      const theta = thetaOf(net, 9)
      expect(unsafeRight(Onnx.decode(net, unsafeRight(Onnx.encode(net, theta, { dtype: 'float64' }))))).toEqual(theta)
      const f32 = unsafeRight(Onnx.decode(net, unsafeRight(Onnx.encode(net, theta))))
      expect(values(f32)).toEqual(values(theta, Math.fround))
    })

  const small = pipe(inputImage([6, 6, 1]), conv2d({ filters: 2, kernel: 3, padding: 'same' }), maxPool2d(2))
  const theta = thetaOf(small as never, 2)
  const bytes = (dtype: 'float32' | 'float64') => unsafeRight(Onnx.encode(small, theta as never, { dtype }))
  const message = (net: unknown, dtype: 'float32' | 'float64'): string =>
    unsafeLeft(Onnx.decode(net as typeof small, bytes(dtype))).message

  it('names the padding, the filters, the window and the kind that differ (float32)', () => {
    const valid = pipe(inputImage([6, 6, 1]), conv2d({ filters: 2, kernel: 3 }), maxPool2d(2))
    expect(message(valid, 'float32')).toMatch(
      /graph.node\[\d+\] \(Conv "layers.0.Conv"\): pads \[1, 1, 1, 1\], expected \[0, 0, 0, 0\] \(valid\) for layer 1 \(conv2d \[6, 6, 1\] → \[4, 4, 2\]\)/,
    )
    const three = pipe(inputImage([6, 6, 1]), conv2d({ filters: 3, kernel: 3, padding: 'same' }), maxPool2d(2))
    expect(message(three, 'float32')).toMatch(
      /graph.initializer\[\d+\] "layers.0.W": expected shape \[3, 1, 3, 3\] \(\[F, C, KH, KW\]\) for layer 1/,
    )
    const pool3 = pipe(inputImage([6, 6, 1]), conv2d({ filters: 2, kernel: 3, padding: 'same' }), maxPool2d(3))
    expect(message(pool3, 'float32')).toContain('kernel_shape [2, 2], expected [3, 3] for layer 2 (maxPool2d')
    const avg = pipe(inputImage([6, 6, 1]), conv2d({ filters: 2, kernel: 3, padding: 'same' }), avgPool2d(2))
    expect(message(avg, 'float32')).toContain(
      'expected the AveragePool of layer 2 (avgPool2d [6, 6, 2] → [3, 3, 2]) (AveragePool), got MaxPool',
    )
    const act = pipe(
      inputImage([6, 6, 1]),
      conv2d({ filters: 2, kernel: 3, padding: 'same', activation: tanh }),
      maxPool2d(2),
    )
    expect(message(act, 'float32')).toContain('has activation tanh in the network, the graph has relu')
  })

  it('names the im2col indices and the kernel that differ (float64)', () => {
    const stride = pipe(
      inputImage([6, 6, 1]),
      conv2d({ filters: 2, kernel: 3, padding: 'same', stride: 2 }),
      maxPool2d(3),
    )
    expect(message(stride, 'float64')).toMatch(
      /graph.initializer\[\d+\] "layers.0.indices": expected shape \[9, 9\] \(the patches of layer 1 \(conv2d \[6, 6, 1\] → \[3, 3, 2\]\)\), got \[36, 9\]/,
    )
    const valid = pipe(inputImage([6, 6, 1]), conv2d({ filters: 2, kernel: 3 }), maxPool2d(2))
    expect(message(valid, 'float64')).toContain(
      'expected the patches (Gather) of layer 1 (conv2d [6, 6, 1] → [4, 4, 2]) (Gather), got Pad',
    )
    const filters = pipe(inputImage([6, 6, 1]), conv2d({ filters: 3, kernel: 3, padding: 'same' }), maxPool2d(2))
    expect(message(filters, 'float64')).toMatch(/"layers.0.K": expected shape \[9, 3\] \(\[KH·KW·C, F\]\) for layer 1/)
  })

  it('names a dense network given a CNN graph, and a CNN given an MLP graph', () => {
    const mlp = pipe(layerless(36), dense(72, tanh))
    expect(message(mlp, 'float32')).toContain(
      'unsupported op for layer 1 (dense 36 → 72); expected Gemm, or MatMul and Add',
    )
    const mlpBytes = unsafeRight(Onnx.encode(mlp as never, thetaOf(mlp as never, 1) as never))
    const d = pipe(inputImage([6, 6, 1]), conv2d({ filters: 2, kernel: 3, padding: 'same' }))
    expect(unsafeLeft(Onnx.decode(d as never, mlpBytes)).message).toContain(
      'expected the rows as images [6, 6, 1] before layer 1 (conv2d [6, 6, 1] → [6, 6, 2]) (Reshape), got Gemm',
    )
  })

  it('refuses a custom layer that reuses the name conv2d', () => {
    const gain = customNet.layers[1]
    const net = sequential(customNet.layers[0], { ...gain, kind: 'conv2d' }, customNet.layers[2])
    const [theta] = init(net)(Random.seed(1))
    expect(unsafeLeft(Onnx.encode(net, theta)).message).toMatch(/^layer 2 \("conv2d"\): ONNX has no mapping/)
  })
})
