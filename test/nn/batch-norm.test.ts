import { readFileSync } from 'node:fs'

import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  batchNorm,
  batchNormLayer,
  type BatchNormParams,
  crossEntropy,
  dense,
  dynamic,
  forward,
  forwardTraining,
  fromArray,
  gradientCheck,
  identity,
  init,
  input,
  type Matrix,
  mse,
  nonTrainable,
  parameterCount,
  predict,
  Random,
  relu,
  Safetensors,
  sequential,
  softmax,
  tanh,
  trainableCount,
  trainingGradients,
  denseLayer,
  type Vector,
  validateBatchNormOptions,
} from 'tensorial'

import { expectClose, shapeErrorOf, unsafeLeft, unsafeRight } from '../util.js'

interface TorchCase {
  readonly name: string
  readonly batch: number
  readonly features: number
  readonly epsilon: number
  readonly momentum: number
  readonly x: ReadonlyArray<ReadonlyArray<number>>
  readonly gamma: ReadonlyArray<number>
  readonly beta: ReadonlyArray<number>
  readonly runningMean: ReadonlyArray<number>
  readonly runningVar: ReadonlyArray<number>
  readonly upstream: ReadonlyArray<ReadonlyArray<number>>
  readonly z: ReadonlyArray<ReadonlyArray<number>>
  readonly dx: ReadonlyArray<ReadonlyArray<number>>
  readonly dgamma: ReadonlyArray<number>
  readonly dbeta: ReadonlyArray<number>
  readonly newRunningMean: ReadonlyArray<number>
  readonly newRunningVar: ReadonlyArray<number>
  readonly eval: ReadonlyArray<ReadonlyArray<number>>
}

interface TorchNet {
  readonly x: ReadonlyArray<ReadonlyArray<number>>
  readonly labels: ReadonlyArray<number>
  readonly state: Readonly<Record<string, { readonly shape: ReadonlyArray<number>; readonly data: unknown }>>
  readonly loss: number
  readonly grads: Readonly<Record<string, unknown>>
  readonly newRunningMean: ReadonlyArray<number>
  readonly newRunningVar: ReadonlyArray<number>
  readonly eval: ReadonlyArray<ReadonlyArray<number>>
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/batchnorm-torch.json', import.meta.url), 'utf8')) as {
  readonly cases: ReadonlyArray<TorchCase>
  readonly net: TorchNet
}

const mat = (rows: ReadonlyArray<ReadonlyArray<number>>): Matrix<number, number> =>
  unsafeRight(fromArray(rows.flat(), [rows.length, (rows[0] as ReadonlyArray<number>).length]))
const vec = (xs: ReadonlyArray<number>): Vector<number> => unsafeRight(fromArray(xs, [xs.length]))

describe('batchNormLayer against PyTorch float64 (test/fixtures/batchnorm-torch.json)', () => {
  it('has three cases', () => expect(fixture.cases.length).toBe(3))
  for (const c of fixture.cases)
    it(`${c.name}: training forward, dX, dγ, dβ, running statistics, and eval with the new statistics`, () => {
      const l = batchNormLayer(dynamic(c.features), {
        momentum: c.momentum,
        epsilon: c.epsilon,
      })
      const p: BatchNormParams<number> = {
        gamma: vec(c.gamma),
        beta: vec(c.beta),
        runningMean: vec(c.runningMean),
        runningVar: vec(c.runningVar),
      }
      const x = mat(c.x)
      const rng = Random.seed(1)
      const t = (l.forwardTrain as NonNullable<typeof l.forwardTrain>)(p, x, rng)
      expect(t.rng).toBe(rng)
      expectClose(t.z, c.z, { rel: 1e-12, abs: 1e-12 })
      const g = t.backward(mat(c.upstream))
      expectClose(g.dx(), c.dx, { rel: 1e-10, abs: 1e-12 })
      expectClose(g.grads.gamma, c.dgamma, { rel: 1e-12, abs: 1e-12 })
      expectClose(g.grads.beta, c.dbeta, { rel: 1e-12, abs: 1e-12 })
      expectClose(g.grads.runningMean, new Array(c.features).fill(0), { abs: 0 })
      expectClose(g.grads.runningVar, new Array(c.features).fill(0), { abs: 0 })
      const s = t.state as Pick<BatchNormParams<number>, 'runningMean' | 'runningVar'>
      expectClose(s.runningMean, c.newRunningMean, { rel: 1e-12, abs: 1e-15 })
      expectClose(s.runningVar, c.newRunningVar, { rel: 1e-12, abs: 1e-15 })
      expectClose(l.forward({ ...p, ...s }, x), c.eval, { rel: 1e-12, abs: 1e-12 })
      // the inputs are not modified
      expectClose(x, c.x, { abs: 0, rel: 0 })
      expectClose(p.runningMean, c.runningMean, { abs: 0, rel: 0 })
    })
})

/** A safetensors file of float64 tensors and int64 scalars, written from the spec (as torch would save it). */
const safetensorsOf = (
  tensors: Readonly<Record<string, { readonly shape: ReadonlyArray<number>; readonly data: unknown }>>,
): Uint8Array => {
  const header: Record<string, unknown> = {}
  const chunks: Array<Uint8Array> = []
  let offset = 0
  for (const [name, t] of Object.entries(tensors)) {
    const int = t.shape.length === 0 && Number.isInteger(t.data)
    const values = int ? [t.data as number] : ([t.data].flat(2) as Array<number>)
    const bytes = new Uint8Array(values.length * 8)
    const dv = new DataView(bytes.buffer)
    values.forEach((v, i) => (int ? dv.setBigInt64(i * 8, BigInt(v), true) : dv.setFloat64(i * 8, v, true)))
    header[name] = { dtype: int ? 'I64' : 'F64', shape: t.shape, data_offsets: [offset, offset + bytes.length] }
    chunks.push(bytes)
    offset += bytes.length
  }
  const json = new TextEncoder().encode(JSON.stringify(header))
  const out = new Uint8Array(8 + json.length + offset)
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true)
  out.set(json, 8)
  let o = 8 + json.length
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
  }
  return out
}

describe('dense → batch norm → dense against PyTorch float64 (nn.Sequential, CrossEntropyLoss)', () => {
  const t = fixture.net
  const net = pipe(input(3), dense(5, tanh), batchNorm(), dense(2, softmax))
  // torch's state_dict, num_batches_tracked included, read with the torch naming
  const theta = unsafeRight(Safetensors.decode(net, safetensorsOf(t.state)))
  const x = mat(t.x)
  const y = mat(t.labels.map((c) => (c === 0 ? [1, 0] : [0, 1])))

  it('reads the state_dict: weights transposed, γ, β and the running statistics', () => {
    expectClose(
      theta[0].W,
      (t.state['0.weight']!.data as ReadonlyArray<ReadonlyArray<number>>)[0]!.map((_, j) =>
        (t.state['0.weight']!.data as ReadonlyArray<ReadonlyArray<number>>).map((r) => r[j] as number),
      ),
      { abs: 0, rel: 0 },
    )
    expectClose(theta[1].runningVar, t.state['2.running_var']!.data as ReadonlyArray<number>, { abs: 0, rel: 0 })
  })

  it('has the training-mode loss, every gradient and the new running statistics of PyTorch', () => {
    const [g] = trainingGradients(net, theta, x, y, crossEntropy)(Random.seed(0))
    expect(g.cost).toBeCloseTo(t.loss, 13)
    const tr = (m: ReadonlyArray<ReadonlyArray<number>>) => m[0]!.map((_, j) => m.map((r) => r[j] as number))
    const grads = t.grads as Record<string, never>
    expectClose(g.grads[0].W, tr(grads['0.weight']), { rel: 1e-10, abs: 1e-14 })
    expectClose(g.grads[0].b, grads['0.bias'], { rel: 1e-10, abs: 1e-14 })
    expectClose(g.grads[1].gamma, grads['2.weight'], { rel: 1e-10, abs: 1e-14 })
    expectClose(g.grads[1].beta, grads['2.bias'], { rel: 1e-10, abs: 1e-14 })
    expectClose(g.grads[2].W, tr(grads['3.weight']), { rel: 1e-10, abs: 1e-14 })
    expectClose(g.grads[2].b, grads['3.bias'], { rel: 1e-10, abs: 1e-14 })
    expectClose(g.theta[1].runningMean, t.newRunningMean, { rel: 1e-12, abs: 1e-15 })
    expectClose(g.theta[1].runningVar, t.newRunningVar, { rel: 1e-12, abs: 1e-15 })
    // eval mode with the new statistics: the logits of PyTorch
    expectClose(forward(net, g.theta, x).layers[2].z, t.eval, { rel: 1e-12, abs: 1e-12 })
  })

  it('writes the same state_dict names with the torch naming (num_batches_tracked aside)', () => {
    const h = unsafeRight(
      Safetensors.readHeader(unsafeRight(Safetensors.encode(net, theta, { naming: 'torch', dtype: 'F64' }))),
    )
    expect(h.tensors.map((e) => e.name).sort()).toEqual(
      Object.keys(t.state)
        .filter((k) => !k.endsWith('num_batches_tracked'))
        .sort(),
    )
  })
})

describe('batchNormLayer', () => {
  it('starts with γ = 1, β = 0, running mean 0 and variance 1, without drawing', () => {
    const l = batchNormLayer(3)
    const r = Random.seed(5)
    const [p, r1] = l.init(r)
    expect(r1).toBe(r)
    expectClose(p.gamma, [1, 1, 1], { abs: 0 })
    expectClose(p.beta, [0, 0, 0], { abs: 0 })
    expectClose(p.runningMean, [0, 0, 0], { abs: 0 })
    expectClose(p.runningVar, [1, 1, 1], { abs: 0 })
    expect(l.nonTrainable).toEqual(['runningMean', 'runningVar'])
    expect(l.kind).toBe('batchNorm')
    expect(l.spec).toMatchObject({ kind: 'batchNorm', momentum: 0.1, epsilon: 1e-5 })
  })

  it('infers with the running statistics, an affine map whose backward is Δ γ/√(σ² + ε)', () => {
    const l = batchNormLayer(2, { epsilon: 1e-5 })
    const p: BatchNormParams<2> = {
      gamma: unsafeRight(fromArray([2, 0.5], [2])),
      beta: unsafeRight(fromArray([1, -1], [2])),
      runningMean: unsafeRight(fromArray([0.5, -2], [2])),
      runningVar: unsafeRight(fromArray([4, 0.25], [2])),
    }
    const x = unsafeRight(fromArray([1, 0, 3, -2], [2, 2]))
    const s0 = 1 / Math.sqrt(4 + 1e-5)
    const s1 = 1 / Math.sqrt(0.25 + 1e-5)
    expectClose(l.forward(p, x), [
      [2 * 0.5 * s0 + 1, 0.5 * 2 * s1 - 1],
      [2 * 2.5 * s0 + 1, -1],
    ])
    const d = unsafeRight(fromArray([1, 2, 3, 4], [2, 2]))
    const g = l.backward(p, x, d)
    expectClose(g.dx(), [
      [2 * s0, 2 * 0.5 * s1],
      [3 * 2 * s0, 4 * 0.5 * s1],
    ])
    expectClose(g.grads.beta, [4, 6])
    expectClose(g.grads.gamma, [1 * 0.5 * s0 + 3 * 2.5 * s0, 2 * 2 * s1 + 0])
  })

  it('leaves the running variance as it is for a batch of one, and everything for an empty batch', () => {
    const l = batchNormLayer(2)
    const [p] = l.init(Random.seed(0))
    const f = l.forwardTrain as NonNullable<typeof l.forwardTrain>
    const one = f(p, unsafeRight(fromArray([3, 4], [1, 2])), Random.seed(0))
    expectClose(one.state.runningVar as Vector<2>, [1, 1], { abs: 0 })
    expectClose(one.state.runningMean as Vector<2>, [0.3, 0.4], { rel: 1e-15 })
    expectClose(one.z, [[0, 0]], { abs: 0 })
    const none = f(p, unsafeRight(fromArray([], [0, 2])), Random.seed(0))
    expectClose(none.state.runningMean as Vector<2>, [0, 0], { abs: 0 })
    expectClose(none.state.runningVar as Vector<2>, [1, 1], { abs: 0 })
    expect(none.z.shape).toEqual([0, 2])
  })

  it('rejects options out of range: a ShapeError from the builder, a Left from validateBatchNormOptions', () => {
    expect(shapeErrorOf(() => batchNormLayer(2, { momentum: 2 })).message).toContain('batchNorm.momentum: 2')
    expect(shapeErrorOf(() => batchNormLayer(2, { epsilon: 0 })).message).toContain('batchNorm.epsilon: 0')
    expect(shapeErrorOf(() => batchNormLayer(dynamic(0))).message).toContain('width must be a positive integer')
    expect(unsafeLeft(validateBatchNormOptions({ momentum: -0.1 }, 'layers[2]')).message).toContain(
      'layers[2].momentum',
    )
    expect(unsafeLeft(validateBatchNormOptions({ eps: 1e-3 })).message).toContain('batchNorm.eps')
    expect(unsafeLeft(validateBatchNormOptions(3)).field).toBe('batchNorm')
    expect(unsafeRight(validateBatchNormOptions({ momentum: 1, epsilon: 1e-3 }))).toEqual({
      momentum: 1,
      epsilon: 1e-3,
    })
    expect(unsafeRight(validateBatchNormOptions(undefined))).toEqual({})
  })
})

describe('batch norm in a network', () => {
  const net = pipe(input(3), dense(5, tanh), batchNorm(), dense(2, softmax))
  const [theta0] = init(net)(Random.seed(11))
  // move γ, β and the running statistics away from their initial values, so that every term is exercised
  const theta = [
    theta0[0],
    {
      gamma: unsafeRight(fromArray([1.2, 0.7, -0.9, 1.5, 0.3], [5])),
      beta: unsafeRight(fromArray([0.1, -0.2, 0.3, 0, 0.5], [5])),
      runningMean: unsafeRight(fromArray([0.1, 0.2, -0.1, 0, 0.3], [5])),
      runningVar: unsafeRight(fromArray([0.5, 1.5, 0.8, 1, 2], [5])),
    },
    theta0[2],
  ] as const
  const x = unsafeRight(fromArray([0.5, -1, 2, 1, 0.3, -0.7, -1.5, 0.8, 0.1, 0.2, 0.4, -0.3], [4, 3]))
  const y = unsafeRight(fromArray([1, 0, 0, 1, 0, 1, 1, 0], [4, 2]))

  it('lists its state as non-trainable and counts it apart', () => {
    expect(nonTrainable(net)).toEqual([[], ['runningMean', 'runningVar'], []])
    expect(parameterCount(net)).toBe(3 * 5 + 5 + 4 * 5 + 5 * 2 + 2)
    expect(trainableCount(net)).toBe(3 * 5 + 5 + 2 * 5 + 5 * 2 + 2)
  })

  it('passes the finite-difference gradient check in training mode (batch statistics)', () => {
    const report = gradientCheck(net, theta, x, y, crossEntropy, { training: Random.seed(3) })
    expect(report.map((r) => `${r.layer}.${r.param}`)).toEqual(['1.W', '1.b', '2.gamma', '2.beta', '3.W', '3.b'])
    for (const r of report) expect(r.maxRelativeError, `${r.layer}.${r.param}`).toBeLessThan(1e-7)
  })

  it('passes the finite-difference gradient check in inference mode (running statistics)', () => {
    const report = gradientCheck(net, theta, x, y, mse)
    for (const r of report) expect(r.maxRelativeError, `${r.layer}.${r.param}`).toBeLessThan(1e-7)
  })

  it('infers with the running statistics and trains with the batch statistics', () => {
    const [tr, r1] = forwardTraining(net, theta, x)(Random.seed(9))
    expect(r1.state).toEqual(Random.seed(9).state)
    // training-mode output of batch norm has zero mean per feature over the batch (before γ, β)
    const z = tr.layers[1].z.data
    for (let j = 0; j < 5; j++) {
      let m = 0
      for (let b = 0; b < 4; b++) m += z[b * 5 + j] as number
      expect(m / 4).toBeCloseTo([0.1, -0.2, 0.3, 0, 0.5][j] as number, 12)
    }
    expect(tr.theta[0]).toBe(theta[0])
    expect(tr.theta[1].gamma).toBe(theta[1].gamma)
    expect(tr.theta[1].runningMean).not.toBe(theta[1].runningMean)
    const inf = forward(net, theta, x)
    expectClose(predict(net, theta, x), inf.output, { abs: 0, rel: 0 })
    expect(Array.from(inf.layers[1].z.data)).not.toEqual(Array.from(z))
  })

  it('composes with sequential from layer values', () => {
    const seq = sequential(denseLayer(3, 5, relu), batchNormLayer(5, { momentum: 0.01 }), denseLayer(5, 1, identity))
    expect(seq.layers.map((l) => l.kind)).toEqual(['dense', 'batchNorm', 'dense'])
    expect(seq.layers[1].momentum).toBe(0.01)
  })
})
