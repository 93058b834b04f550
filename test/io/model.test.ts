/**
 * Model files (`Model.save`, `Model.encode`, `Model.load`, `Model.describe`): bit-exact round trips over random
 * architectures and random Θ, a corpus of bad files each rejected with a message naming what and where, and a
 * mutation fuzz of valid files (never a throw, never a non-finite number or a wrong shape in a loaded Θ).
 */
import fc from 'fast-check'
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  dynamic,
  type Activation,
  type AnyLayer,
  type AnyNetwork,
  binaryCrossEntropy,
  Codec,
  type Cost,
  crossEntropy,
  dense,
  denseLayer,
  elu,
  identity,
  init,
  input,
  leakyRelu,
  Model,
  mse,
  type ParamSet,
  parameterCount,
  quadratic,
  Random,
  relu,
  sequential,
  sigmoid,
  softmax,
  tanh,
  type Tensor,
  toArray,
} from 'tensorial'

import { unsafeLeft, unsafeRight } from '../util.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** A parsed JSON tree that the tests edit in place (the edits reach any place, so it is typed loosely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonTree = any

/** A network of run-time widths (what the property tests build), seen through its untyped face. */
type Net = AnyNetwork

const thetaOf = (net: Net, seed: number): ReadonlyArray<ParamSet> =>
  init(net)(Random.seed(seed))[0] as unknown as ReadonlyArray<ParamSet>

/** `load` and `describe` of an untyped network, for the property tests. */
const load = (net: Net, u: unknown) => Model.load(net, u)
const save = (net: Net, theta: ReadonlyArray<ParamSet>, cost?: Cost): string =>
  unsafeRight(cost === undefined ? Model.save(net, theta as never) : Model.save(net, theta as never, cost))

/** Runs `build` on a parsed copy of `text` and returns the mutated object. */
const mutated = (text: string, build: (j: JsonTree) => void): unknown => {
  const j = JSON.parse(text)
  build(j)
  return j
}

/**
 * Asserts that Θ has exactly the definition's layers, parameter names and shapes, with finite entries. Plain
 * checks (not `expect`) keep the fuzz fast; a failure names the place.
 */
const expectWellFormed = (net: Net, theta: unknown): void => {
  const ps = theta as ReadonlyArray<ParamSet>
  if (ps.length !== net.layers.length) expect.fail(`Θ has ${ps.length} layers, the net ${net.layers.length}`)
  net.layers.forEach((l, i) => {
    const p = ps[i] as ParamSet
    const shapes = l.shapes as Record<string, ReadonlyArray<number>>
    const names = Object.keys(shapes).sort().join()
    if (Object.keys(p).sort().join() !== names) expect.fail(`layers[${i}]: params ${Object.keys(p)}, not ${names}`)
    for (const [k, s] of Object.entries(shapes)) {
      const t = p[k] as Tensor<ReadonlyArray<number>>
      if (t.shape.length !== s.length || t.shape.some((d, j) => d !== s[j]))
        expect.fail(`layers[${i}].params.${k}: shape [${t.shape}], expected [${s}]`)
      if (t.data.length !== s.reduce((m, d) => m * d, 1))
        expect.fail(`layers[${i}].params.${k}: ${t.data.length} entries`)
      for (let e = 0; e < t.data.length; e++)
        if (!Number.isFinite(t.data[e])) expect.fail(`layers[${i}].params.${k}.data[${e}] is ${t.data[e]}`)
    }
  })
}

/** Asserts that two parameter sets are equal bit for bit (`Object.is` per entry, so `-0` ≠ `0`). */
const expectBitIdentical = (actual: ReadonlyArray<ParamSet>, expected: ReadonlyArray<ParamSet>): void => {
  expect(actual.length).toBe(expected.length)
  expected.forEach((p, i) => {
    const q = actual[i] as ParamSet
    expect(Object.keys(q).sort()).toEqual(Object.keys(p).sort())
    for (const [k, t] of Object.entries(p)) {
      const u = q[k] as Tensor<ReadonlyArray<number>>
      expect(Array.from(u.shape)).toEqual(Array.from(t.shape))
      expect(u.data.length).toBe(t.data.length)
      for (let e = 0; e < t.data.length; e++)
        if (!Object.is(u.data[e], t.data[e]))
          expect.fail(`layers[${i}].params.${k}.data[${e}]: got ${u.data[e]}, saved ${t.data[e]}`)
    }
  })
}

// -------------------------------------------------------------------------------------
// arbitraries
// -------------------------------------------------------------------------------------

/** Every activation, the parametric ones with random finite α (−0 and subnormals included). */
const arbActivation: fc.Arbitrary<Activation> = fc.oneof(
  fc.constantFrom(identity, sigmoid, tanh, relu, softmax),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((a) => leakyRelu(a)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((a) => elu(a)),
  fc.constantFrom(leakyRelu(), elu()),
)

const arbCost: fc.Arbitrary<Cost | undefined> = fc.constantFrom(
  undefined,
  quadratic,
  mse,
  crossEntropy,
  binaryCrossEntropy,
)

/** An entry of Θ: JsonTree finite double, with −0, ±0, subnormals and the extremes drawn often. */
const arbEntry: fc.Arbitrary<number> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** -1022),
  // subnormals: k · 2^-1074 for 0 < k < 2^52, exact
  fc.tuple(fc.integer({ min: 1, max: 2 ** 52 - 1 }), fc.boolean()).map(([k, neg]) => (neg ? -k : k) * Number.MIN_VALUE),
  // huge finite values
  fc.double({ min: 1e300, max: Number.MAX_VALUE, noNaN: true }),
  fc.double({ min: -Number.MAX_VALUE, max: -1e300, noNaN: true }),
  fc.double({ min: -1, max: 1, noNaN: true }),
)

interface Arch {
  readonly inputs: number
  readonly layers: ReadonlyArray<{ readonly outputs: number; readonly activation: Activation }>
  readonly style: 'pipe' | 'sequential'
}

const arbArch: fc.Arbitrary<Arch> = fc.record({
  inputs: fc.integer({ min: 1, max: 6 }),
  layers: fc.array(fc.record({ outputs: fc.integer({ min: 1, max: 6 }), activation: arbActivation }), {
    minLength: 1,
    maxLength: 4,
  }),
  style: fc.constantFrom('pipe' as const, 'sequential' as const),
})

/** Builds the network both ways: `pipe(input(n), dense(w, σ), …)` or `sequential(denseLayer(i, o, σ), …)`. */
const build = (a: Arch): Net => {
  if (a.style === 'pipe')
    return a.layers.reduce<Net>(
      (net, l) => dense(dynamic(l.outputs), l.activation)(net) as Net,
      input(dynamic(a.inputs)) as Net,
    )
  const ls: Array<AnyLayer> = []
  let width = a.inputs
  for (const l of a.layers) {
    ls.push(denseLayer(dynamic(width), dynamic(l.outputs), l.activation))
    width = l.outputs
  }
  return (sequential as unknown as (...xs: ReadonlyArray<AnyLayer>) => Net)(...ls)
}

/** A network with a random Θ of its shapes (entries from `arbEntry`). */
const arbModel = arbArch.chain((arch) => {
  const net = build(arch)
  const params = net.layers.map((l) => {
    const shapes = Object.entries(l.shapes as Record<string, ReadonlyArray<number>>)
    return fc.tuple(
      ...shapes.map(([k, s]) =>
        fc
          .array(arbEntry, { minLength: s.reduce((m, d) => m * d, 1), maxLength: s.reduce((m, d) => m * d, 1) })
          .map((data) => [k, unsafeRight(Codec.decode(Codec.tensorCodec(s as never), { shape: s, data }))] as const),
      ),
    )
  })
  return fc.record({
    net: fc.constant(net),
    theta: fc.tuple(...params).map((ls) => ls.map((kv) => Object.fromEntries(kv) as ParamSet)),
    cost: arbCost,
  })
})

// -------------------------------------------------------------------------------------
// round trips
// -------------------------------------------------------------------------------------

describe('Model round trips', () => {
  it('load(net, save(net, Θ, cost)) gives Θ back bit for bit, and the cost', () => {
    fc.assert(
      fc.property(arbModel, ({ net, theta, cost }) => {
        const text = save(net, theta, cost)
        const r = unsafeRight(load(net, text))
        expectBitIdentical(r.theta as unknown as ReadonlyArray<ParamSet>, theta)
        if (cost === undefined) expect('cost' in r).toBe(false)
        else {
          expect(r.cost).toBe(cost)
          expect(r.cost?.spec).toEqual(cost.spec)
        }
        // The text is a fixed point: saving what was loaded writes the same bytes.
        expect(save(net, r.theta as unknown as ReadonlyArray<ParamSet>, r.cost)).toBe(text)
      }),
      { numRuns: 300 },
    )
  })

  it('the JSON object form (encode, or the parsed text) round-trips bit for bit as well', () => {
    fc.assert(
      fc.property(arbModel, ({ net, theta, cost }) => {
        const json = unsafeRight(
          cost === undefined ? Model.encode(net, theta as never) : Model.encode(net, theta as never, cost),
        )
        expectBitIdentical(unsafeRight(load(net, json)).theta as unknown as ReadonlyArray<ParamSet>, theta)
        const parsed: unknown = JSON.parse(save(net, theta, cost))
        expectBitIdentical(unsafeRight(load(net, parsed)).theta as unknown as ReadonlyArray<ParamSet>, theta)
      }),
      { numRuns: 150 },
    )
  })

  it('-0, subnormals and the extremes survive the text (JSON.stringify alone would drop the sign of -0)', () => {
    const net = pipe(input(2), dense(3, identity))
    const special = [-0, 0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE]
    const theta = [
      {
        W: unsafeRight(Codec.decode(Codec.tensorCodec([2, 3]), { shape: [2, 3], data: special })),
        b: unsafeRight(Codec.decode(Codec.tensorCodec([3]), [-0, 2 ** -1074 * 3, 1e-320])),
      },
    ] as const
    const text = unsafeRight(Model.save(net, theta))
    expect(text).toContain('"data":[-0,0,5e-324,-5e-324,1.7976931348623157e+308,-1.7976931348623157e+308]')
    expectBitIdentical(
      unsafeRight(Model.load(net, text)).theta as unknown as ReadonlyArray<ParamSet>,
      theta as unknown as ReadonlyArray<ParamSet>,
    )
  })

  it('the file records the architecture, the cost and Θ in the documented version-1 layout', () => {
    const net = pipe(input(2), dense(3, leakyRelu(0.25)), dense(1, sigmoid))
    const theta = thetaOf(net, 7)
    const j = JSON.parse(save(net, theta, quadratic))
    expect(Object.keys(j)).toEqual(['format', 'version', 'inputs', 'cost', 'layers'])
    expect(j).toMatchObject({ format: 'tensorial-model', version: 1, inputs: 2, cost: { name: 'quadratic' } })
    expect(j.layers[0]).toMatchObject({ kind: 'dense', inputs: 2, outputs: 3 })
    expect(j.layers[0].activation).toEqual({ name: 'leakyRelu', alpha: 0.25 })
    expect(j.layers[1].activation).toEqual({ name: 'sigmoid' })
    expect(j.layers[0].params.W).toEqual({ shape: [2, 3], data: Array.from((theta[0] as ParamSet).W?.data ?? []) })
    expect(j.layers[1].params.b.shape).toEqual([1])
    expect('cost' in JSON.parse(save(net, theta))).toBe(false)
  })

  it('W and b given as nested arrays are read too', () => {
    const net = pipe(input(2), dense(3, tanh), dense(2, softmax))
    const theta = thetaOf(net, 3)
    const j = mutated(save(net, theta), (m) => {
      m.layers.forEach((l: JsonTree, i: number) => {
        const p = theta[i] as ParamSet
        l.params = {
          W: toArray(p.W as Tensor<readonly [number, number]>),
          b: toArray(p.b as Tensor<readonly [number]>),
        }
      })
    })
    expectBitIdentical(unsafeRight(load(net, j)).theta as unknown as ReadonlyArray<ParamSet>, theta)
  })

  it('describe reports the version, widths, layers, parameter shapes and parameterCount(net)', () => {
    fc.assert(
      fc.property(arbModel, ({ net, theta, cost }) => {
        const d = unsafeRight(Model.describe(save(net, theta, cost)))
        expect(d.version).toBe(1)
        expect(d.inputs).toBe(net.inputs)
        expect(d.outputs).toBe(net.outputs)
        expect(d.parameterCount).toBe(parameterCount(net))
        if (cost === undefined) expect('cost' in d).toBe(false)
        else expect(d.cost).toEqual(cost.spec)
        expect(d.layers).toEqual(
          net.layers.map((l) => ({
            kind: 'dense',
            inputs: l.inputs,
            outputs: l.outputs,
            activation: l.activation.spec.name,
            params: { W: [l.inputs, l.outputs], b: [l.outputs] },
          })),
        )
      }),
      { numRuns: 200 },
    )
  })

  it('describe of the MNIST architecture: 784 → 128 → 64 → 10, 109,386 parameters', () => {
    const net = pipe(input(784), dense(128, relu), dense(64, relu), dense(10, softmax))
    const d = unsafeRight(Model.describe(save(net, thetaOf(net, 1), crossEntropy)))
    expect(d.parameterCount).toBe(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10)
    expect(d.layers.map((l) => [l.inputs, l.outputs, l.activation, l.params])).toEqual([
      [784, 128, 'relu', { W: [784, 128], b: [128] }],
      [128, 64, 'relu', { W: [128, 64], b: [64] }],
      [64, 10, 'softmax', { W: [64, 10], b: [10] }],
    ])
    expect(d.cost).toEqual({ name: 'crossEntropy' })
  })
})

// -------------------------------------------------------------------------------------
// bad files
// -------------------------------------------------------------------------------------

/** The definition the corpus is checked against: 4 → 5 (tanh) → 10 (leakyRelu 0.1) → 3 (softmax). */
const net3 = pipe(input(4), dense(5, tanh), dense(10, leakyRelu(0.1)), dense(3, softmax))
const theta3 = init(net3)(Random.seed(11))[0]
const good = unsafeRight(Model.save(net3, theta3, crossEntropy))
/** The same file with one number replaced by a sentinel, so the text can be edited at a known place. */
const withSentinel = (path: (j: JsonTree) => void): string => Codec.stringify(mutated(good, path))
const SENTINEL = 123456.5
const sameShapeOther = pipe(input(4), dense(6, tanh), dense(10, leakyRelu(0.1)), dense(3, softmax))

const nestedW = (): Array<Array<number>> => toArray(theta3[0].W).map((row) => Array.from(row))

const cut = (k: number): string => good.slice(0, k)

const activationsList = 'identity, sigmoid, tanh, relu, leakyRelu, elu, softmax'
const costList = 'quadratic, mse, crossEntropy, binaryCrossEntropy'

interface BadCase {
  readonly name: string
  /** The file: text, or an object given to `load` as parsed JSON. */
  readonly file: () => unknown
  /** A substring of `load(net3, file)`'s message. */
  readonly load: string
  /** A substring of `describe(file)`'s message, `'right'` when the file is a valid model of another net. */
  readonly describe?: string
}

const corpus: ReadonlyArray<BadCase> = [
  // header
  {
    name: 'wrong format string',
    file: () => mutated(good, (j) => (j.format = 'keras')),
    load: 'format: expected "tensorial-model", got "keras"',
    describe: 'format: expected "tensorial-model", got "keras"',
  },
  {
    name: 'no format',
    file: () => mutated(good, (j) => delete j.format),
    load: 'format: expected "tensorial-model", got undefined',
  },
  {
    name: 'unknown version 2',
    file: () => mutated(good, (j) => (j.version = 2)),
    load: 'version: unknown version 2; this tensorial reads version 1',
    describe: 'version: unknown version 2',
  },
  {
    name: 'version "1" as a string',
    file: () => mutated(good, (j) => (j.version = '1')),
    load: 'version: expected an integer, got "1"',
    describe: 'version: expected an integer, got "1"',
  },
  {
    name: 'version 1.5',
    file: () => mutated(good, (j) => (j.version = 1.5)),
    load: 'version: expected an integer, got 1.5',
  },
  {
    name: 'no version',
    file: () => mutated(good, (j) => delete j.version),
    load: 'version: expected an integer, got undefined',
  },
  {
    name: 'inputs of another width',
    file: () => mutated(good, (j) => (j.inputs = 7)),
    load: 'inputs: expected 4, got 7',
    describe: 'layers[0].inputs: expected 7 (the model inputs), got 4',
  },
  {
    name: 'inputs as a string',
    file: () => mutated(good, (j) => (j.inputs = '4')),
    load: 'inputs: expected a positive integer, got "4"',
    describe: 'inputs: expected a positive integer, got "4"',
  },
  {
    name: 'inputs 0',
    file: () => mutated(good, (j) => (j.inputs = 0)),
    load: 'inputs: expected a positive integer, got 0',
  },
  {
    name: 'unknown cost',
    file: () => mutated(good, (j) => (j.cost = { name: 'hinge' })),
    load: `cost.name: expected one of ${costList}, got "hinge"`,
    describe: `cost.name: expected one of ${costList}, got "hinge"`,
  },
  {
    name: 'cost null',
    file: () => mutated(good, (j) => (j.cost = null)),
    load: `cost: expected an object { name } naming one of ${costList}, got null`,
  },
  {
    name: 'cost as a bare string',
    file: () => mutated(good, (j) => (j.cost = 'crossEntropy')),
    load: `cost: expected an object { name } naming one of ${costList}, got "crossEntropy"`,
  },
  // layers
  {
    name: 'missing layers',
    file: () => mutated(good, (j) => delete j.layers),
    load: 'layers: expected an array, got undefined',
    describe: 'layers: expected an array, got undefined',
  },
  {
    name: 'layers as an object',
    file: () => mutated(good, (j) => (j.layers = { 0: j.layers[0] })),
    load: 'layers: expected an array, got an object',
  },
  {
    name: 'empty layers',
    file: () => mutated(good, (j) => (j.layers = [])),
    load: 'layers: expected at least one layer, got 0',
    describe: 'layers: expected at least one layer, got 0',
  },
  {
    name: 'an extra layer',
    file: () => mutated(good, (j) => j.layers.push(j.layers[2])),
    load: 'layers: expected 3 layers, got 4',
    describe: 'layers[3].inputs: expected 3 (the previous output), got 10',
  },
  {
    name: 'a missing layer',
    file: () => mutated(good, (j) => j.layers.pop()),
    load: 'layers: expected 3 layers, got 2',
    describe: 'right',
  },
  {
    name: 'a layer that is null',
    file: () => mutated(good, (j) => (j.layers[1] = null)),
    load: 'layers[1]: expected a layer object, got null',
    describe: 'layers[1]: expected a layer object, got null',
  },
  {
    name: 'another layer kind',
    file: () => mutated(good, (j) => (j.layers[0].kind = 'custom')),
    load: 'layers[0].kind: expected "dense", got "custom"',
    describe: 'right',
  },
  {
    name: 'no kind',
    file: () => mutated(good, (j) => delete j.layers[2].kind),
    load: 'layers[2].kind: expected a string, got undefined',
  },
  {
    name: 'wrong width at layer 1',
    file: () => mutated(good, (j) => (j.layers[1].outputs = 30)),
    load: 'layers[1].outputs: expected 10, got 30',
    describe: 'layers[1].params.W: expected shape [5, 30], got [5, 10]',
  },
  {
    name: 'a valid file of another architecture (4-6-10-3 for 4-5-10-3)',
    file: () => unsafeRight(Model.save(sameShapeOther, init(sameShapeOther)(Random.seed(2))[0])),
    load: 'layers[0].outputs: expected 5, got 6',
    describe: 'right',
  },
  {
    name: 'a broken inputs chain',
    file: () => mutated(good, (j) => (j.layers[2].inputs = 7)),
    load: 'layers[2].inputs: expected 10 (the previous output), got 7',
    describe: 'layers[2].inputs: expected 10 (the previous output), got 7',
  },
  {
    name: 'negative inputs of a layer',
    file: () => mutated(good, (j) => (j.layers[0].inputs = -4)),
    load: 'layers[0].inputs: expected a positive integer, got -4',
  },
  {
    name: 'fractional outputs',
    file: () => mutated(good, (j) => (j.layers[0].outputs = 2.5)),
    load: 'layers[0].outputs: expected a positive integer, got 2.5',
    describe: 'layers[0].outputs: expected a positive integer, got 2.5',
  },
  // activations
  {
    name: 'wrong activation',
    file: () => mutated(good, (j) => (j.layers[0].activation = { name: 'sigmoid' })),
    load: 'layers[0].activation: expected {"name":"tanh"}, got {"name":"sigmoid"}',
    describe: 'right',
  },
  {
    name: 'wrong alpha',
    file: () => mutated(good, (j) => (j.layers[1].activation.alpha = 0.2)),
    load: 'layers[1].activation: expected {"name":"leakyRelu","alpha":0.1}, got {"name":"leakyRelu","alpha":0.2}',
    describe: 'right',
  },
  {
    name: 'alpha missing',
    file: () => mutated(good, (j) => delete j.layers[1].activation.alpha),
    load: 'layers[1].activation.alpha: expected a finite number, got undefined',
    describe: 'layers[1].activation.alpha: expected a finite number, got undefined',
  },
  {
    name: 'alpha as a string',
    file: () => mutated(good, (j) => (j.layers[1].activation.alpha = '0.1')),
    load: 'layers[1].activation.alpha: expected a finite number, got "0.1"',
  },
  {
    name: 'alpha Infinity (object input)',
    file: () => mutated(good, (j) => (j.layers[1].activation.alpha = Infinity)),
    load: 'layers[1].activation.alpha: expected a finite number, got Infinity',
  },
  {
    name: 'unknown activation name',
    file: () => mutated(good, (j) => (j.layers[0].activation = { name: 'gelu' })),
    load: `layers[0].activation.name: expected one of ${activationsList}, got "gelu" (did you mean "relu"?)`,
    describe: `layers[0].activation.name: expected one of ${activationsList}, got "gelu" (did you mean "relu"?)`,
  },
  {
    name: 'activation as a bare string',
    file: () => mutated(good, (j) => (j.layers[2].activation = 'softmax')),
    load: `layers[2].activation: expected an object { name } naming one of ${activationsList}, got "softmax"`,
  },
  // parameters
  {
    name: 'no params',
    file: () => mutated(good, (j) => delete j.layers[0].params),
    load: 'layers[0].params: expected an object, got undefined',
    describe: 'layers[0].params: expected an object, got undefined',
  },
  {
    name: 'params missing W',
    file: () => mutated(good, (j) => delete j.layers[0].params.W),
    load: 'layers[0].params.W: missing',
    describe: 'layers[0].params.W: expected shape [4, 5], got nothing',
  },
  {
    name: 'params missing b',
    file: () => mutated(good, (j) => delete j.layers[2].params.b),
    load: 'layers[2].params.b: missing',
    describe: 'layers[2].params.b: expected shape [3], got nothing',
  },
  {
    name: 'an extra param',
    file: () => mutated(good, (j) => (j.layers[0].params.gamma = { shape: [5], data: [1, 1, 1, 1, 1] })),
    load: 'layers[0].params: unknown key "gamma"; allowed: W, b',
  },
  {
    name: 'W transposed',
    file: () =>
      mutated(good, (j) => {
        j.layers[0].params.W.shape = [5, 4]
      }),
    load: 'layers[0].params.W: expected shape [4, 5], got [5, 4]',
    describe: 'layers[0].params.W: expected shape [4, 5], got [5, 4]',
  },
  {
    name: 'b as a row matrix',
    file: () => mutated(good, (j) => (j.layers[1].params.b.shape = [1, 10])),
    load: 'layers[1].params.b: expected shape [10], got [1, 10]',
    describe: 'layers[1].params.b: expected shape [10], got [1, 10]',
  },
  {
    name: 'W data with the string "NaN"',
    file: () => mutated(good, (j) => (j.layers[0].params.W.data[3] = 'NaN')),
    load: 'layers[0].params.W.data[3]: expected a finite number, got "NaN"',
  },
  {
    name: 'b data with null (how JSON.stringify writes NaN)',
    file: () => mutated(good, (j) => (j.layers[2].params.b.data[1] = null)),
    load: 'layers[2].params.b.data[1]: expected a finite number, got null',
    describe: 'layers[2].params.b.data[1]: expected a finite number, got null',
  },
  {
    name: 'NaN in an object given as parsed JSON',
    file: () => mutated(good, (j) => (j.layers[1].params.b.data[4] = NaN)),
    load: 'layers[1].params.b.data[4]: expected a finite number, got NaN',
  },
  {
    name: 'Infinity written as 1e999 in the text',
    file: () => withSentinel((j) => (j.layers[1].params.b.data[0] = SENTINEL)).replace(String(SENTINEL), '1e999'),
    load: 'layers[1].params.b.data[0]: expected a finite number, got Infinity',
    describe: 'layers[1].params.b.data[0]: expected a finite number, got Infinity',
  },
  {
    name: '-Infinity written as -1e999 in the text',
    file: () => withSentinel((j) => (j.layers[2].params.W.data[29] = SENTINEL)).replace(String(SENTINEL), '-1e999'),
    load: 'layers[2].params.W.data[29]: expected a finite number, got -Infinity',
  },
  {
    name: 'W data one short',
    file: () => mutated(good, (j) => j.layers[0].params.W.data.pop()),
    load: 'layers[0].params.W.data: expected 20 numbers (the size of [4, 5]), got 19',
  },
  {
    name: 'W data as a string',
    file: () => mutated(good, (j) => (j.layers[0].params.W.data = '1,2,3')),
    load: 'layers[0].params.W.data: expected an array of 20 numbers, got "1,2,3"',
  },
  {
    name: 'a shape dim as a string',
    file: () => mutated(good, (j) => (j.layers[0].params.W.shape = ['4', 5])),
    load: 'layers[0].params.W.shape[0]: expected a non-negative integer dim, got "4"',
  },
  {
    name: 'W as a number',
    file: () => mutated(good, (j) => (j.layers[0].params.W = 0)),
    load: 'layers[0].params.W: expected shape [4, 5], got a number',
  },
  {
    name: 'W as ragged nested arrays',
    file: () =>
      mutated(good, (j) => {
        const w = nestedW()
        w[2]?.pop()
        j.layers[0].params.W = w
      }),
    load: 'layers[0].params.W[2]: expected an array of length 5, got length 4',
  },
  {
    name: 'W as nested arrays with a string entry',
    file: () =>
      mutated(good, (j) => {
        const w: Array<Array<unknown>> = nestedW()
        ;(w[1] as Array<unknown>)[2] = 'x'
        j.layers[0].params.W = w
      }),
    load: 'layers[0].params.W[1][2]: expected a finite number, got "x"',
  },
  // text
  ...[1, 17, 120, Math.floor(good.length / 2), good.length - 1].map((k): BadCase => ({
    name: `truncated text (${k} of ${good.length} characters)`,
    file: () => cut(k),
    load: 'invalid JSON: ',
    describe: 'invalid JSON: ',
  })),
  { name: 'empty text', file: () => '', load: 'invalid JSON: ', describe: 'invalid JSON: ' },
  { name: 'not JSON', file: () => 'model v1', load: 'invalid JSON: ' },
  { name: 'a trailing comma', file: () => good.replace(/\}$/, ',}'), load: 'invalid JSON: ' },
  {
    name: 'JSON null',
    file: () => 'null',
    load: '(root): expected a model object, got null',
    describe: '(root): expected a model object, got null',
  },
  { name: 'a JSON number', file: () => '42', load: '(root): expected a model object, got 42' },
  { name: 'a JSON array', file: () => '[]', load: '(root): expected a model object, got an array of length 0' },
  { name: 'a JSON string', file: () => '"model"', load: '(root): expected a model object, got "model"' },
  { name: 'undefined (object input)', file: () => undefined, load: '(root): expected a model object, got undefined' },
]

describe('Model bad files', () => {
  it('the corpus has at least 30 cases and the good file loads', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30)
    expectWellFormed(net3, unsafeRight(Model.load(net3, good)).theta)
  })

  it.each(corpus.map((c) => [c.name, c] as const))('%s: load is a Left naming what and where', (_, c) => {
    const file = c.file()
    const e = unsafeLeft(Model.load(net3, file))
    expect(e).toBeInstanceOf(Codec.DecodeError)
    expect(e.messages.join('\n')).toContain(c.load)
    if (c.describe === 'right') {
      expect(E.isRight(Model.describe(file))).toBe(true)
    } else if (c.describe !== undefined) {
      expect(unsafeLeft(Model.describe(file)).messages.join('\n')).toContain(c.describe)
    }
  })

  // Regression: describe decoded each parameter as rank 2, then rank 1, and reported only the rank-1 error.
  it('describe names the bad entry of W ("NaN" at data[3]), as load does', () => {
    const file = mutated(good, (j) => (j.layers[0].params.W.data[3] = 'NaN'))
    expect(unsafeLeft(Model.describe(file)).messages.join('\n')).toContain(
      'layers[0].params.W.data[3]: expected a finite number, got "NaN"',
    )
  })

  // Regression: a short data array of W was reported as a shape mismatch.
  it('describe names the short data of W, as load does', () => {
    const file = mutated(good, (j) => j.layers[0].params.W.data.pop())
    expect(unsafeLeft(Model.describe(file)).messages.join('\n')).toContain(
      'layers[0].params.W.data: expected 20 numbers (the size of [4, 5]), got 19',
    )
  })

  // Regression: describe accepted and counted parameters other than W and b in a dense layer.
  it('describe rejects an extra param of a dense layer, as load does', () => {
    const file = mutated(good, (j) => (j.layers[0].params.gamma = { shape: [5], data: [1, 1, 1, 1, 1] }))
    expect(unsafeLeft(Model.describe(file)).messages.join('\n')).toContain(
      'layers[0].params: unknown key "gamma"; allowed: W, b',
    )
  })
})

// -------------------------------------------------------------------------------------
// mutation fuzz
// -------------------------------------------------------------------------------------

/** The valid files that get mutated, each with the definition it is loaded against. */
const fuzzBases: ReadonlyArray<{ readonly net: Net; readonly text: string }> = (() => {
  const a = net3 as unknown as Net
  const b = sequential(denseLayer(2, 3, elu(0.5)), denseLayer(3, 1, sigmoid)) as unknown as Net
  const c = pipe(input(3), dense(2, identity)) as unknown as Net
  const nestedA = Codec.stringify(
    mutated(good, (j) =>
      j.layers.forEach((l: JsonTree, i: number) => {
        const p = (theta3 as unknown as ReadonlyArray<ParamSet>)[i] as ParamSet
        l.params = { W: toArray(p.W as Tensor<readonly [number, number]>), b: Array.from(p.b?.data ?? []) }
      }),
    ),
  )
  return [
    { net: a, text: good },
    { net: b, text: save(b, thetaOf(b, 5)) },
    { net: c, text: save(c, thetaOf(c, 6), mse) },
    { net: a, text: nestedA },
  ]
})()

/** A random replacement value: plausible ones (small dims, names) and hostile ones (huge, NaN, wrong types). */
const arbValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    1e308,
    -1e308,
    2 ** 53,
    2 ** 60,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    NaN,
    Infinity,
    -Infinity,
    '1',
    'NaN',
    'Infinity',
    '',
    'dense',
    'tensorial-model',
    'relu',
    'leakyRelu',
    'elu',
    'W',
    'b',
    null,
    undefined,
    true,
    [],
    {},
    [1, 2],
    [[1, 2, 3]],
    { shape: [3], data: [1, 2, 3] },
    { shape: [1e9, 1e9], data: [] },
    { name: 'leakyRelu', alpha: 1e308 },
    { name: 'elu' },
  ),
)

type Op =
  | { readonly op: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly index: number }
  | { readonly op: 'truncate'; readonly at: number; readonly length: number }
  | { readonly op: 'number'; readonly at: number; readonly how: number }
  | { readonly op: 'rename'; readonly at: number; readonly key: string }

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: arbValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), index: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat(), length: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('number' as const), at: fc.nat(), how: fc.nat(7) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('rename' as const),
      at: fc.nat(),
      key: fc.constantFrom('W', 'b', 'c', '__proto__', 'constructor', 'toString', 'data', 'shape', 'name', 'alpha'),
    }),
  },
)

interface Slot {
  readonly parent: JsonTree
  readonly key: string | number
}

/** Every place of a JSON tree (root excluded), containers as well as leaves; `structural` skips data entries. */
const slots = (root: unknown, structural: boolean): Array<Slot> => {
  const out: Array<Slot> = []
  const walk = (u: unknown): void => {
    if (Array.isArray(u)) {
      const leafy = u.every((x) => typeof x === 'number')
      u.forEach((x, i) => {
        if (!(structural && leafy && i > 0)) out.push({ parent: u, key: i })
        walk(x)
      })
    } else if (typeof u === 'object' && u !== null) {
      for (const [k, v] of Object.entries(u)) {
        out.push({ parent: u, key: k })
        walk(v)
      }
    }
  }
  walk(root)
  return out
}

const tweak = (x: number, how: number): number =>
  [x + 1, x - 1, -x, x * 2, 0, x * 1e300, x / 3, Math.round(x) + 1][how] as number

/** Applies one mutation in place; `structural` picks among non-data places (headers, shapes, layers). */
const apply = (root: JsonTree, op: Op, structural: boolean): void => {
  const ss = slots(root, structural)
  if (ss.length === 0) return
  const { parent, key } = ss[op.at % ss.length] as Slot
  const here: unknown = parent[key]
  switch (op.op) {
    case 'replace':
      parent[key] = structuredClone(op.value)
      return
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete parent[key]
      return
    case 'duplicate':
      if (Array.isArray(here) && here.length > 0) here.push(structuredClone(here[op.index % here.length]))
      else if (Array.isArray(parent)) parent.push(structuredClone(here))
      return
    case 'truncate':
      if (Array.isArray(here)) here.length = Math.min(here.length, op.length)
      else if (typeof here === 'string') parent[key] = here.slice(0, op.length)
      return
    case 'number':
      if (typeof here === 'number') parent[key] = tweak(here, op.how)
      return
    case 'rename':
      if (!Array.isArray(parent)) {
        Object.defineProperty(parent, op.key, { value: here, enumerable: true, writable: true, configurable: true })
        if (op.key !== key) delete parent[key]
      }
      return
  }
}

/** The text edits: a cut, a character replaced, inserted or deleted. */
type TextOp = { readonly op: 'cut' | 'set' | 'insert' | 'remove'; readonly at: number; readonly ch: string }
const arbTextOp: fc.Arbitrary<TextOp> = fc.record({
  op: fc.constantFrom('cut' as const, 'set' as const, 'insert' as const, 'remove' as const),
  at: fc.nat(),
  ch: fc.constantFrom(...'{}[],:"0123456789-+eE.ntrufalsN \\'.split('')),
})
const applyText = (s: string, t: TextOp): string => {
  const i = s.length === 0 ? 0 : t.at % s.length
  switch (t.op) {
    case 'cut':
      return s.slice(0, i)
    case 'set':
      return s.slice(0, i) + t.ch + s.slice(i + 1)
    case 'insert':
      return s.slice(0, i) + t.ch + s.slice(i)
    case 'remove':
      return s.slice(0, i) + s.slice(i + 1)
  }
}

/** What must hold for any input: no throw; a Right of load is well formed; a Right of describe is sane. */
const checkAny = (net: Net, input: unknown, stats: { right: number; left: number }): void => {
  const r = load(net, input)
  const d = Model.describe(input)
  if (E.isRight(r)) {
    stats.right++
    expectWellFormed(net, r.right.theta)
    // describe agrees with load on a file that load accepts
    if (E.isLeft(d)) expect.fail(`load accepts, describe rejects: ${d.left.message}`)
    if (d.right.parameterCount !== parameterCount(net)) expect.fail(`describe counts ${d.right.parameterCount}`)
  } else {
    stats.left++
    if (!(r.left instanceof Codec.DecodeError) || r.left.messages.length === 0) expect.fail('a Left without messages')
  }
  if (E.isRight(d)) {
    const { inputs, outputs, layers, parameterCount: n } = d.right
    if (!(Number.isSafeInteger(n) && n >= 0)) expect.fail(`parameterCount ${n}`)
    const end = layers.reduce((width, l) => {
      if (l.inputs !== width) expect.fail(`describe: a layer of input ${l.inputs} after width ${width}`)
      return l.outputs
    }, inputs)
    if (end !== outputs) expect.fail(`describe: outputs ${outputs}, last layer ${end}`)
  }
}

describe('Model mutation fuzz', () => {
  const stats = { right: 0, left: 0 }
  const OBJECT_RUNS = 2400
  const TEXT_RUNS = 600

  it(`${OBJECT_RUNS} random mutations of parsed model files: load/describe never throw, a Right is finite and well-shaped`, () => {
    fc.assert(
      fc.property(
        fc.nat(fuzzBases.length - 1),
        fc.boolean(),
        fc.array(arbOp, { minLength: 1, maxLength: 3 }),
        (b, structural, ops) => {
          const base = fuzzBases[b] as (typeof fuzzBases)[number]
          const j = JSON.parse(base.text)
          for (const op of ops) apply(j, op, structural)
          checkAny(base.net, j, stats)
          // the same mutation as text (NaN and ±Infinity become null, -0 stays -0)
          checkAny(base.net, Codec.stringify(j), stats)
        },
      ),
      { numRuns: OBJECT_RUNS, seed: 20240501 },
    )
  })

  it(`${TEXT_RUNS} random truncations and character edits of model text never throw`, () => {
    fc.assert(
      fc.property(fc.nat(fuzzBases.length - 1), fc.array(arbTextOp, { minLength: 1, maxLength: 3 }), (b, edits) => {
        const base = fuzzBases[b] as (typeof fuzzBases)[number]
        checkAny(base.net, edits.reduce(applyText, base.text), stats)
      }),
      { numRuns: TEXT_RUNS, seed: 7 },
    )
  })

  it('the fuzz reached both outcomes (some mutations keep the file valid, most do not)', () => {
    expect(stats.right).toBeGreaterThan(50)
    expect(stats.left).toBeGreaterThan(1000)
  })
})

// -------------------------------------------------------------------------------------
// strict files: unknown, duplicate and forbidden keys
// -------------------------------------------------------------------------------------

describe('Model files are strict', () => {
  const both = (file: unknown): readonly [string, string] => [
    unsafeLeft(Model.load(net3, file)).message,
    unsafeLeft(Model.describe(file)).message,
  ]
  const text = (build: (j: JsonTree) => void): string => Codec.stringify(mutated(good, build))
  const rootKeys = 'allowed: format, version, inputs, cost, layers'
  const layerKeys = 'allowed: kind, inputs, outputs, activation, params, geometry'

  it.each<[string, (j: JsonTree) => void, string]>([
    ['at the root', (j) => (j.dropout = 0.5), `(root): unknown key "dropout"; ${rootKeys}`],
    [
      'a typo of "cost"',
      (j) => ((j.colt = j.cost), delete j.cost),
      `(root): unknown key "colt" (did you mean "cost"?); ${rootKeys}`,
    ],
    [
      'a typo of "layers" (swapped letters)',
      (j) => ((j.lyaers = 1), delete j.layers),
      `(root): unknown key "lyaers" (did you mean "layers"?); ${rootKeys}`,
    ],
    ['in a layer', (j) => (j.layers[1].useBias = false), `layers[1]: unknown key "useBias"; ${layerKeys}`],
    [
      'a typo in a layer',
      (j) => (j.layers[0].output = 5),
      `layers[0]: unknown key "output" (did you mean "outputs"?); ${layerKeys}`,
    ],
    [
      'in an activation',
      (j) => (j.layers[0].activation.alpha = 0.2),
      'layers[0].activation: unknown key "alpha"; allowed: name',
    ],
    [
      'in an activation with alpha',
      (j) => (j.layers[1].activation.beta = 1),
      'layers[1].activation: unknown key "beta"; allowed: name, alpha',
    ],
    ['in the cost', (j) => (j.cost.reduction = 'sum'), 'cost: unknown key "reduction"; allowed: name'],
    [
      'in a tensor',
      (j) => (j.layers[0].params.W.dtype = 'float16'),
      'layers[0].params.W: unknown key "dtype"; allowed: shape, data',
    ],
    [
      'a parameter',
      (j) => (j.layers[2].params.gamma = j.layers[2].params.b),
      'layers[2].params: unknown key "gamma"; allowed: W, b',
    ],
  ])('an unknown key %s is a Left listing the allowed keys', (_, build, want) => {
    expect(both(text(build))).toEqual([want, want])
    expect(both(mutated(good, build))).toEqual([want, want])
  })

  it('a duplicate key is a Left naming the object (JSON.parse would keep the last one)', () => {
    const dup = good.replace('"W":', '"W":{"shape":[4,5],"data":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]},"W":')
    expect(both(dup)).toEqual(['layers[0].params: duplicate key "W"', 'layers[0].params: duplicate key "W"'])
    const dupRoot = good.replace(
      '{"format":"tensorial-model"',
      '{"format":"tensorial-model","format":"tensorial-model"',
    )
    expect(both(dupRoot)[0]).toBe('(root): duplicate key "format"')
  })

  it.each(['__proto__', 'constructor', 'prototype'])('a %s key anywhere is a Left', (k) => {
    const atRoot = good.replace('{"format"', `{"${k}":{},"format"`)
    expect(both(atRoot)).toEqual([`(root): key "${k}" is not allowed`, `(root): key "${k}" is not allowed`])
    const inTensor = good.replace('"W":{', `"W":{"${k}":1,`)
    expect(both(inTensor)[0]).toBe(`layers[0].params.W: key "${k}" is not allowed`)
    // The same keys in an object given directly (what JSON.parse makes of the text)
    expect(unsafeLeft(Model.load(net3, JSON.parse(atRoot))).message).toBe(`(root): key "${k}" is not allowed`)
  })

  it('a layer of another kind may name its parameters freely in describe, but not with a forbidden key', () => {
    const custom = text((j) => (j.layers[0].kind = 'gated'))
    expect(unsafeRight(Model.describe(custom)).layers[0]?.kind).toBe('gated')
    const bad = text((j) => {
      j.layers[0].kind = 'gated'
      j.layers[0].params = JSON.parse('{"constructor": [1]}')
    })
    expect(unsafeLeft(Model.describe(bad)).message).toBe('layers[0].params: key "constructor" is not allowed')
  })
})

// -------------------------------------------------------------------------------------
// no throw, whatever the input
// -------------------------------------------------------------------------------------

describe('Model.load and Model.describe never throw', () => {
  const both = (file: unknown): readonly [string, string] => [
    unsafeLeft(Model.load(net3, file)).message,
    unsafeLeft(Model.describe(file)).message,
  ]

  it('a getter that throws is a Left', () => {
    const j = JSON.parse(good)
    Object.defineProperty(j.layers[1], 'outputs', {
      enumerable: true,
      get: () => {
        throw new Error('boom')
      },
    })
    expect(both(j)).toEqual(['(root): could not read the input: boom', '(root): could not read the input: boom'])
  })

  it('a proxy whose traps throw is a Left', () => {
    const trap = (): never => {
      throw new Error('trap')
    }
    const p = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap })
    expect(both(p)).toEqual(['(root): could not read the input: trap', '(root): could not read the input: trap'])
  })

  it('bytes instead of text are a Left that says what to pass', () => {
    const bytes = new TextEncoder().encode(good)
    const want = `(root): expected the text of a model file, got a Uint8Array of length ${bytes.length}; pass the file's text (new TextDecoder().decode(bytes))`
    expect(both(bytes)).toEqual([want, want])
    expect(both(Buffer.from(good))).toEqual([want, want])
    expect(both(bytes.buffer)[0]).toContain(`got an ArrayBuffer of ${bytes.length} bytes; pass the file's text`)
  })

  it('class instances, Maps and cyclic objects are a Left', () => {
    expect(both(new Map([['format', 'tensorial-model']]))[0]).toBe('(root): expected a model object, got a Map')
    const j = JSON.parse(good)
    j.layers[0].params.W = [[]]
    j.layers[0].params.W[0] = j.layers[0].params.W
    j.layers.push(j)
    expect(E.isLeft(Model.load(net3, j))).toBe(true)
    expect(E.isLeft(Model.describe(j))).toBe(true)
  })

  it('a huge sparse array is a Left, without a walk over its length', () => {
    const j = JSON.parse(good)
    j.layers = new Array(2 ** 32 - 1)
    expect(both(j)).toEqual([
      'layers: expected 3 layers, got 4294967295',
      'layers[0]: expected a layer object, got undefined',
    ])
    const k = JSON.parse(good)
    k.layers[0].params.W.data = new Array(2 ** 32 - 1)
    expect(both(k)[0]).toBe('layers[0].params.W.data: expected 20 numbers (the size of [4, 5]), got 4294967295')
  })

  it('messages stay short, whatever the keys and values', () => {
    const long = 'k'.repeat(200_000)
    const [load, describe] = both(good.replace('{"format"', `{"${long}":1,"format"`))
    expect(load).toBe(
      `(root): unknown key "${'k'.repeat(80)}…" (200000 characters); allowed: format, version, inputs, cost, layers`,
    )
    expect(describe).toBe(load)
    const j = JSON.parse(good)
    j.cost.name = long
    expect(both(j)[0].length).toBeLessThan(300)
    j.cost.name = 'crossEntropy'
    j.layers[0].params = { [long]: j.layers[0].params.W, W: j.layers[0].params.W, b: j.layers[0].params.b }
    expect(both(j).map((m) => m.length < 300)).toEqual([true, true])
  })
})

// -------------------------------------------------------------------------------------
// checked saving
// -------------------------------------------------------------------------------------

describe('Model.save and Model.encode are checked', () => {
  it.each([NaN, Infinity, -Infinity])('a Θ holding %s is a Left naming the layer (1-based) and the parameter', (v) => {
    const theta = init(net3)(Random.seed(11))[0]
    const W = theta[1].W.data as unknown as Float64Array
    W[3 * 10 + 7] = v
    const want = `layers[1].params.W: layer 2 (W) has a non-finite entry, ${v} at [3, 7]; a model file holds finite numbers only`
    const e = unsafeLeft(Model.save(net3, theta, crossEntropy))
    expect(e._tag).toBe('EncodeError')
    expect(e.messages).toEqual([want])
    expect(unsafeLeft(Model.encode(net3, theta)).message).toBe(want)
  })

  it('names a bias too', () => {
    const theta = init(net3)(Random.seed(11))[0]
    ;(theta[2].b.data as unknown as Float64Array)[2] = NaN
    expect(unsafeLeft(Model.save(net3, theta)).message).toBe(
      'layers[2].params.b: layer 3 (b) has a non-finite entry, NaN at [2]; a model file holds finite numbers only',
    )
  })
})
