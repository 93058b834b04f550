/**
 * ONNX export and import of batch norm and dropout: the exported graph (inference mode) runs in onnxruntime
 * and matches `predict`, and `decode` reads it back.
 */
import { readFileSync } from 'node:fs'

import { pipe } from 'fp-ts/lib/function.js'
import * as ort from 'onnxruntime-web'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  batchNorm,
  dense,
  dropout,
  fromArray,
  identity,
  init,
  input,
  type Matrix,
  Onnx,
  predict,
  Random,
  relu,
  softmax,
  tanh,
  Safetensors,
} from 'tensorial'

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

const net = pipe(
  input(4),
  dense(6, tanh),
  batchNorm({ epsilon: 1e-3 }),
  dropout(0.3),
  dense(3, relu),
  batchNorm(),
  dense(2, softmax),
)
const [theta0] = init(net)(Random.seed(4))
// running statistics and γ, β away from their initial values
const vec = <N extends number>(n: N, xs: ReadonlyArray<number>) => unsafeRight(fromArray(xs, [n]))
const theta = [
  theta0[0],
  {
    gamma: vec(6, [1.1, 0.9, 1.3, 0.7, 1, 1.2]),
    beta: vec(6, [0.1, -0.1, 0.2, 0, 0.3, -0.2]),
    runningMean: vec(6, [0.05, -0.2, 0.1, 0.3, 0, -0.1]),
    runningVar: vec(6, [0.4, 0.9, 1.2, 0.6, 2, 0.8]),
  },
  theta0[2],
  theta0[3],
  {
    gamma: vec(3, [0.5, 2, 1]),
    beta: vec(3, [0, 0.4, -0.3]),
    runningMean: vec(3, [0.2, 0.1, 0.5]),
    runningVar: vec(3, [0.3, 1.1, 0.7]),
  },
  theta0[5],
] as const

describe('Onnx.encode of batch norm and dropout, run by onnxruntime', () => {
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

  for (const [dtype, tol] of [
    ['float32', 1e-5],
    // ε is a float32 attribute: with ε = 1e-3 the float64 graph differs from predict by about |fround(ε) − ε|/(σ² + ε) ≈ 5e-11
    ['float64', 1e-10],
  ] as const)
    it(`matches predict (inference: running statistics, no dropout) in ${dtype}`, async () => {
      const bytes = unsafeRight(Onnx.encode(net, theta, { dtype }))
      const s = await ort.InferenceSession.create(bytes)
      sessions.push(s)
      for (const rows of [1, 9]) {
        const x = batch(rows, 4, rows)
        const data = dtype === 'float32' ? Float32Array.from(x.data) : Float64Array.from(x.data)
        const out = await s.run({ input: new ort.Tensor(dtype, data, [rows, 4]) })
        const y = Float64Array.from((out.output as ort.Tensor).data as Float32Array | Float64Array)
        expect(maxAbs(y, predict(net, theta, x).data)).toBeLessThanOrEqual(tol)
      }
    })
})

describe('Onnx.decode of batch norm and dropout', () => {
  it('round-trips bit for bit in float64, the running statistics included', () => {
    const back = unsafeRight(Onnx.decode(net, unsafeRight(Onnx.encode(net, theta, { dtype: 'float64' }))))
    expect(back).toEqual(theta)
  })

  it('names a batch norm whose ε differs, and a network whose layers differ', () => {
    const bytes = unsafeRight(Onnx.encode(net, theta, { dtype: 'float64' }))
    const other = pipe(
      input(4),
      dense(6, tanh),
      batchNorm(),
      dropout(0.3),
      dense(3, relu),
      batchNorm(),
      dense(2, softmax),
    )
    expect(unsafeLeft(Onnx.decode(other, bytes)).message).toContain(
      'layer 2 (batchNorm 6) has ε = 0.00001 in the network, the graph has',
    )
    const noBn = pipe(input(4), dense(6, tanh), dropout(0.3), dense(3, relu), batchNorm(), dense(2, softmax))
    expect(unsafeLeft(Onnx.decode(noBn, bytes)).message).toContain('BatchNormalization')
  })

  it('reads a dropout after a dense layer without activation (the Dropout node is not its activation)', () => {
    const lin = pipe(input(4), dense(6, identity), dropout(0.5), dense(2, softmax))
    const [t] = init(lin)(Random.seed(3))
    expect(unsafeRight(Onnx.decode(lin, unsafeRight(Onnx.encode(lin, t, { dtype: 'float64' }))))).toEqual(t)
  })

  it('reads a dropout that the graph left out (as PyTorch exports nn.Dropout in eval mode)', () => {
    const withDrop = pipe(input(4), dense(6, tanh), dropout(0.5), dense(2, softmax))
    const without = pipe(input(4), dense(6, tanh), dense(2, softmax))
    const [t] = init(without)(Random.seed(2))
    const back = unsafeRight(Onnx.decode(withDrop, unsafeRight(Onnx.encode(without, t, { dtype: 'float64' }))))
    expect(back).toEqual([t[0], {}, t[1]])
  })
})

describe('Onnx.decode of a PyTorch export (test/fixtures/batchnorm-torch.onnx)', () => {
  const ref = JSON.parse(readFileSync(new URL('../fixtures/batchnorm-torch.json', import.meta.url), 'utf8')) as {
    readonly net: {
      readonly x: ReadonlyArray<ReadonlyArray<number>>
      readonly newRunningMean: ReadonlyArray<number>
      readonly newRunningVar: ReadonlyArray<number>
      readonly eval: ReadonlyArray<ReadonlyArray<number>>
    }
  }
  it('reads Linear, Tanh, BatchNorm1d, Dropout (left out in eval mode), Linear and reproduces the eval output', () => {
    const torchNet = pipe(input(3), dense(5, tanh), batchNorm(), dropout(0.3), dense(2, identity))
    const bytes = new Uint8Array(readFileSync(new URL('../fixtures/batchnorm-torch.onnx', import.meta.url)))
    const t = unsafeRight(Onnx.decode(torchNet, bytes))
    expect(Array.from(t[1].runningMean.data)).toEqual(ref.net.newRunningMean)
    expect(Array.from(t[1].runningVar.data)).toEqual(ref.net.newRunningVar)
    expect(t[2]).toEqual({})
    const x = unsafeRight(fromArray(ref.net.x.flat(), [ref.net.x.length, 3]))
    expect(maxAbs(predict(torchNet, t, x).data, ref.net.eval.flat())).toBeLessThanOrEqual(1e-12)
  })
})

describe('Safetensors of batch norm and dropout', () => {
  it('carries the running statistics in both namings, bit for bit in F64', () => {
    for (const naming of ['tensorial', 'torch'] as const) {
      const bytes = unsafeRight(Safetensors.encode(net, theta, { dtype: 'F64', naming }))
      expect(unsafeRight(Safetensors.decode(net, bytes))).toEqual(theta)
    }
  })

  it("names the tensors as torch's nn.Sequential state_dict does", () => {
    const h = unsafeRight(Safetensors.readHeader(unsafeRight(Safetensors.encode(net, theta, { naming: 'torch' }))))
    // Linear 0, Tanh 1, BatchNorm1d 2, Dropout 3, Linear 4, ReLU 5, BatchNorm1d 6, Linear 7, Softmax 8
    expect(h.tensors.map((t) => t.name).sort()).toEqual(
      [
        '0.weight',
        '0.bias',
        '2.weight',
        '2.bias',
        '2.running_mean',
        '2.running_var',
        '4.weight',
        '4.bias',
        '6.weight',
        '6.bias',
        '6.running_mean',
        '6.running_var',
        '7.weight',
        '7.bias',
      ].sort(),
    )
  })
})
