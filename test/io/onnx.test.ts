/**
 * ONNX (`Onnx.encode`, `Onnx.decode`), checked by the engines that read and write the format: every exported
 * model runs in onnxruntime (onnxruntime-web, on WebAssembly in Node) and its outputs are compared with
 * `predict`; the files tensorial writes passed Python's `onnx.checker` (scripts/fixtures); the importer reads
 * models exported by PyTorch's `torch.onnx.export` and reproduces PyTorch's outputs.
 */
import { readFileSync } from 'node:fs'

import fc from 'fast-check'
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import * as ort from 'onnxruntime-web'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  type Activation,
  activationFromSpec,
  type AnyNetwork,
  dense,
  elu,
  fromArray,
  identity,
  init,
  input,
  leakyRelu,
  type Matrix,
  Onnx,
  type ParamSet,
  predict,
  Random,
  relu,
  Safetensors,
  sigmoid,
  softmax,
  tanh,
} from 'tensorial'

import { customNet } from '../../examples/08-custom-layer.js'
import { fixtureNet, fixtureTheta } from '../../scripts/fixtures/fixture-net.js'
import { unsafeLeft, unsafeRight } from '../util.js'
import { fixture, maxAbs, mlp, type RefModel, reference, thetaOf } from './interop-fixtures.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const batch = (rows: number, cols: number, seed: number): Matrix<number, number> => {
  const [xs] = Random.normals(rows * cols)(Random.seed(seed))
  return unsafeRight(
    fromArray(
      xs.map((v) => 2 * v),
      [rows, cols],
    ),
  )
}

const sessions: Array<ort.InferenceSession> = []
const session = async (bytes: Uint8Array): Promise<ort.InferenceSession> => {
  const s = await ort.InferenceSession.create(bytes)
  sessions.push(s)
  return s
}

/** onnxruntime's output for a batch, as float64. */
const run = async (
  s: ort.InferenceSession,
  x: Matrix<number, number>,
  dtype: 'float32' | 'float64',
  inputName = 'input',
  outputName = 'output',
): Promise<Float64Array> => {
  const data = dtype === 'float32' ? Float32Array.from(x.data) : Float64Array.from(x.data)
  const out = await s.run({ [inputName]: new ort.Tensor(dtype, data, [x.shape[0], x.shape[1]]) })
  const y = out[outputName] as ort.Tensor
  return Float64Array.from(y.data as Float32Array | Float64Array)
}

const ACTIVATIONS: ReadonlyArray<Activation> = [
  identity,
  sigmoid,
  tanh,
  relu,
  leakyRelu(0.01),
  leakyRelu(0.3),
  elu(1),
  elu(0.7),
  softmax,
]
const TOL = { float32: 1e-5, float64: 1e-12 } as const
const encode = (net: AnyNetwork, theta: ReadonlyArray<ParamSet>, options?: Onnx.EncodeOptions) =>
  Onnx.encode(net, theta as never, options)

// -------------------------------------------------------------------------------------
// onnxruntime
// -------------------------------------------------------------------------------------

describe('Onnx.encode, run by onnxruntime', () => {
  const realFetch = globalThis.fetch
  const fetched: Array<string> = []
  beforeAll(() => {
    ort.env.wasm.numThreads = 1
    // onnxruntime-web must load its WebAssembly from node_modules: any network request fails the test.
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

  for (const dtype of ['float32', 'float64'] as const)
    it(`matches predict for every activation, hidden and output, in ${dtype} (batches of 1, 7, 33)`, async () => {
      const worst: Record<string, number> = {}
      for (const [k, a] of ACTIVATIONS.entries()) {
        const net = mlp(4, [
          [6, a],
          [3, a],
        ])
        const theta = thetaOf(net, 10 + k)
        const s = await session(unsafeRight(encode(net, theta, { dtype })))
        for (const rows of [1, 7, 33]) {
          const x = batch(rows, 4, 100 * k + rows)
          const err = maxAbs(await run(s, x, dtype), predict(net, theta as never, x as never).data)
          const name = JSON.stringify(a.spec)
          worst[name] = Math.max(worst[name] ?? 0, err)
        }
      }
      for (const [name, err] of Object.entries(worst)) expect(err, name).toBeLessThanOrEqual(TOL[dtype])
    })

  for (const dtype of ['float32', 'float64'] as const)
    it(`matches predict for networks of depth 0 to 5 with random widths and activations, in ${dtype}`, async () => {
      const [draws] = Random.uniforms(64)(Random.seed(5))
      let d = 0
      const next = (n: number): number => Math.floor((draws[d++ % draws.length] as number) * n)
      for (let depth = 0; depth <= 5; depth++) {
        const inputs = 1 + next(8)
        const layers = Array.from(
          { length: depth },
          () => [1 + next(9), ACTIVATIONS[next(ACTIVATIONS.length)] as Activation] as const,
        )
        const net = mlp(inputs, layers)
        const theta = thetaOf(net, depth)
        const s = await session(unsafeRight(encode(net, theta, { dtype })))
        for (const rows of [1, 16]) {
          const x = batch(rows, inputs, depth * 7 + rows)
          const err = maxAbs(await run(s, x, dtype), predict(net, theta as never, x as never).data)
          expect(err, `depth ${depth}`).toBeLessThanOrEqual(TOL[dtype])
        }
      }
    })

  it('declares a symbolic batch dim and the named input and output, with the element type', async () => {
    const net = mlp(3, [[2, softmax]])
    const theta = thetaOf(net, 1)
    const s = await session(
      unsafeRight(encode(net, theta, { dtype: 'float64', inputName: 'pixels', outputName: 'probs', batchName: 'N' })),
    )
    expect(s.inputNames).toEqual(['pixels'])
    expect(s.outputNames).toEqual(['probs'])
    expect(s.inputMetadata[0]).toMatchObject({ isTensor: true, type: 'float64', shape: ['N', 3] })
    expect(s.outputMetadata[0]).toMatchObject({ isTensor: true, type: 'float64', shape: ['N', 2] })
    const x = batch(5, 3, 2)
    expect(
      maxAbs(await run(s, x, 'float64', 'pixels', 'probs'), predict(net, theta as never, x as never).data),
    ).toBeLessThanOrEqual(1e-12)
  })
})

// -------------------------------------------------------------------------------------
// the reference checker (Python's onnx package)
// -------------------------------------------------------------------------------------

describe('Onnx.encode, checked by Python onnx', () => {
  it('still writes the committed files that onnx.checker (full check) and strict shape inference accepted', () => {
    expect(unsafeRight(Onnx.encode(fixtureNet, fixtureTheta))).toEqual(fixture('tensorial-f32.onnx'))
    expect(unsafeRight(Onnx.encode(fixtureNet, fixtureTheta, { dtype: 'float64' }))).toEqual(
      fixture('tensorial-f64.onnx'),
    )
    for (const f of ['tensorial-f32.onnx', 'tensorial-f64.onnx']) expect(reference.readers[f]?.checker).toBe('ok')
  })

  it('records opset 13, the producer, the architecture in metadata_props and a symbolic batch', () => {
    const r = reference.readers['tensorial-f32.onnx'] as Record<string, unknown>
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(r.ir_version).toBe(7)
    expect(r.opset).toEqual([{ domain: '', version: 13 }])
    expect(r.producer_name).toBe('tensorial')
    expect(r.producer_version).toBe(pkg.version)
    expect(r.input_names).toEqual(['input'])
    expect(r.output_names).toEqual(['output'])
    expect(r.input).toEqual([['batch', 3]])
    expect(r.output).toEqual([['batch', 2]])
    const arch = JSON.parse((r.metadata_props as Record<string, string>)['tensorial.architecture'] as string)
    expect(arch).toEqual({ inputs: 3, layers: fixtureNet.layers.map((l) => l.spec) })
    expect(Object.keys(r.initializers as object)).toContain('layers.0.W')
    expect((r.initializers as Record<string, unknown>)['layers.0.W']).toEqual([3, 5])
  })
})

// -------------------------------------------------------------------------------------
// encode: errors
// -------------------------------------------------------------------------------------

describe('Onnx.encode, errors', () => {
  it('is a Left naming a custom layer, counted from 1', () => {
    const [theta] = init(customNet)(Random.seed(1))
    const e = unsafeLeft(Onnx.encode(customNet, theta))
    expect(e).toMatchObject({ _tag: 'UnsupportedLayer', layer: 2, kind: 'gain', format: 'ONNX' })
    expect(e.message).toBe(
      'layer 2 ("gain"): ONNX has no mapping for this layer kind (only dense, batchNorm, dropout, conv2d, maxPool2d and avgPool2d layers can be exported)',
    )
  })

  it('is an InvalidConfig for options out of range', () => {
    const net = mlp(2, [[1, identity]])
    const theta = thetaOf(net, 1)
    const bad = [
      [{ dtype: 'float16' }, 'dtype: "float16" is not allowed (expected "float32" or "float64")'],
      [{ inputName: '' }, 'inputName: "" is not allowed (expected a non-empty string)'],
      [
        { inputName: 'x', outputName: 'x' },
        'outputName: "x" is not allowed (expected a name other than the input name)',
      ],
    ] as const
    for (const [o, m] of bad) expect(unsafeLeft(encode(net, theta, o as Onnx.EncodeOptions)).message).toBe(m)
  })
})

// -------------------------------------------------------------------------------------
// decode
// -------------------------------------------------------------------------------------

const netOf = (m: RefModel): AnyNetwork =>
  mlp(
    m.inputs,
    m.layers.map((l) => [l.units, unsafeRight(activationFromSpec(l.activation))] as const),
  )

const flat = (rows: ReadonlyArray<ReadonlyArray<number>>): Array<number> => rows.flat()

describe('Onnx.decode', () => {
  it('round-trips what encode writes: bit for bit in float64, rounded to float32 in float32', () => {
    for (const [k, a] of ACTIVATIONS.entries()) {
      const net = mlp(3, [
        [4, a],
        [2, a],
      ])
      const theta = thetaOf(net, k)
      const back64 = unsafeRight(Onnx.decode(net, unsafeRight(encode(net, theta, { dtype: 'float64' }))))
      expect(back64).toEqual(theta)
      const back32 = unsafeRight(Onnx.decode(net, unsafeRight(encode(net, theta)))) as ReadonlyArray<ParamSet>
      back32.forEach((p, l) => {
        expect(Array.from(p.W!.data)).toEqual(Array.from((theta[l] as ParamSet).W!.data, Math.fround))
        expect(Array.from(p.b!.data)).toEqual(Array.from((theta[l] as ParamSet).b!.data, Math.fround))
      })
    }
    const none = input(3)
    expect(unsafeRight(Onnx.decode(none, unsafeRight(Onnx.encode(none, []))))).toEqual([])
  })

  for (const [name, m] of Object.entries(reference.models))
    it(`reads ${m.file} and reproduces its outputs`, () => {
      const net = netOf(m)
      const theta = unsafeRight(Onnx.decode(net, fixture(m.file)))
      const x = unsafeRight(fromArray(flat(m.x), [m.x.length, m.inputs]))
      const tol = name.endsWith('f64') ? 1e-12 : 1e-5
      expect(maxAbs(predict(net, theta as never, x as never).data, flat(m.y))).toBeLessThanOrEqual(tol)
      if (m.safetensors !== undefined) {
        // The same weights as a torch state_dict in safetensors give the same Θ.
        expect(unsafeRight(Safetensors.decode(net, fixture(m.safetensors)))).toEqual(theta)
      }
    })

  const torchF32 = reference.models['torch-leaky-elu-sigmoid-f32'] as RefModel
  const torchFile = fixture(torchF32.file)
  const badNet = (change: (layers: Array<readonly [number, Activation]>) => void): AnyNetwork => {
    const layers = torchF32.layers.map(
      (l) => [l.units, unsafeRight(activationFromSpec(l.activation))] as const,
    ) as Array<readonly [number, Activation]>
    change(layers)
    return mlp(torchF32.inputs, layers)
  }
  const message = (net: AnyNetwork, bytes: Uint8Array): string => unsafeLeft(Onnx.decode(net, bytes)).message

  it('names the node or initializer of a graph that differs from the typed network', () => {
    expect(
      message(
        badNet((ls) => (ls[1] = [7, elu(0.5)])),
        torchFile,
      ),
    ).toBe(
      'graph.initializer[2] "2.weight": expected shape [7, 6] ([out, in], transB = 1) for layer 2 (dense 6 → 7), got [5, 6]',
    )
    expect(
      message(
        badNet((ls) => (ls[0] = [6, relu])),
        torchFile,
      ),
    ).toBe(
      'graph.node[1] (LeakyRelu "/1/LeakyRelu"): layer 1 (dense 4 → 6) has activation relu in the network, the graph has leakyRelu(α = 0.20000000298023224)',
    )
    expect(
      message(
        badNet((ls) => (ls[0] = [6, leakyRelu(0.3)])),
        torchFile,
      ),
    ).toBe(
      'graph.node[1] (LeakyRelu "/1/LeakyRelu"): layer 1 (dense 4 → 6) has activation leakyRelu(α = 0.3) in the network, the graph has leakyRelu(α = 0.20000000298023224)',
    )
    expect(
      message(
        badNet((ls) => (ls[3] = [2, sigmoid])),
        torchFile,
      ),
    ).toBe(
      'tensor "output" (no activation node): layer 4 (dense 3 → 2) has activation sigmoid in the network, the graph has identity',
    )
    expect(
      message(
        badNet((ls) => ls.pop()),
        torchFile,
      ),
    ).toBe('graph.node[6] (Gemm "/6/Gemm"): the graph goes on after the network\'s 3 layers')
    expect(
      message(
        badNet((ls) => ls.push([2, identity])),
        torchFile,
      ),
    ).toBe('layer 5 (dense 2 → 2): nothing reads "output"; the graph ends after 4 dense layers, the network has 5')
    expect(message(mlp(5, [[6, leakyRelu(0.2)]]), torchFile)).toBe(
      'graph.input "input": expected shape [batch, 5], got [batch, 4]',
    )
    expect(
      unsafeLeft(
        Onnx.decode(customNet, unsafeRight(Onnx.encode(mlp(3, [[4, tanh]]), thetaOf(mlp(3, [[4, tanh]]), 1) as never))),
      ).message,
    ).toBe(
      'layer 2 ("gain"): only dense, batchNorm, dropout, conv2d, maxPool2d and avgPool2d layers can be read from ONNX',
    )
  })

  /** `bytes` with the last (or first) occurrence of an ASCII string replaced by one of the same length. */
  const patch = (bytes: Uint8Array, from: string, to: string, which: 'first' | 'last' | 'all' = 'all'): Uint8Array => {
    const hex = (s: Uint8Array | string) => Buffer.from(s).toString('latin1')
    const s = hex(bytes)
    const i = which === 'last' ? s.lastIndexOf(from) : s.indexOf(from)
    const out = which === 'all' ? s.split(from).join(to) : s.slice(0, i) + to + s.slice(i + from.length)
    return new Uint8Array(Buffer.from(out, 'latin1'))
  }

  it('names unsupported ops, missing initializers and broken files', () => {
    const net = mlp(3, [
      [4, relu],
      [2, identity],
    ])
    const bytes = unsafeRight(encode(net, thetaOf(net, 3)))
    expect(message(net, patch(bytes, 'Relu', 'Selu'))).toBe(
      'graph.node[1] (Selu "layers.0.Selu"): unsupported op after layer 1 (dense 3 → 4) (expected the activation relu)',
    )
    expect(message(net, patch(bytes, 'Gemm', 'Conv'))).toBe(
      'graph.node[0] (Conv "layers.0.Conv"): unsupported op for layer 1 (dense 3 → 4); expected Gemm, or MatMul and Add',
    )
    expect(message(net, patch(bytes, 'layers.1.W', 'layers.1.V', 'last'))).toBe(
      'graph.node[2] (Gemm "layers.1.Gemm"): input 1 (B, the weights) "layers.1.W" is not an initializer or Constant (missing initializer)',
    )
    expect(message(net, patch(bytes, 'output', 'outpuX', 'first'))).toBe(
      'graph.output: expected "outpuX" (the last layer\'s output), got "output"',
    )
    expect(message(net, patch(bytes, 'layers.0.a', 'layers.0.z', 'last'))).toBe(
      '"layers.0.z" is read by graph.node[1] (Relu "layers.0.Relu") and graph.node[2] (Gemm "layers.1.Gemm"); expected only the activation of layer 1 (dense 3 → 4)',
    )
    expect(message(net, bytes.subarray(0, bytes.length - 3))).toMatch(/^not a valid ONNX \(protobuf\) file: /)
    expect(message(net, new Uint8Array([0x0a, 0x05, 0x01]))).toMatch(/^not a valid ONNX \(protobuf\) file: field 1/)
    expect(message(net, new Uint8Array(0))).toBe('the model has no graph (is this an ONNX model file?)')
    const st = unsafeRight(Safetensors.encode(net, thetaOf(net, 3) as never))
    expect(unsafeLeft(Onnx.decode(net, st)).messages).toHaveLength(1)
    expect(message(net, 'text' as unknown as Uint8Array)).toBe('(root): expected the bytes of an ONNX model')
  })

  it('never throws on mutated files, and what it accepts is well-formed', () => {
    const net = mlp(3, [
      [4, elu(0.5)],
      [2, softmax],
    ])
    const good = unsafeRight(encode(net, thetaOf(net, 4), { dtype: 'float64' }))
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(good.length),
        (edits, cut) => {
          const b = good.slice(0, Math.max(cut, good.length - 40))
          for (const [i, v] of edits) if (i < b.length) b[i] = v
          const r = Onnx.decode(net, b)
          if (E.isRight(r))
            (r.right as ReadonlyArray<ParamSet>).forEach((p, l) => {
              expect(p.W!.shape).toEqual([net.layers[l]!.inputs, net.layers[l]!.outputs])
              expect(Array.from(p.W!.data).every(Number.isFinite)).toBe(true)
            })
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('Onnx, typed', () => {
  it('decodes into the static type of the definition', () => {
    const net = pipe(input(2), dense(3, relu), dense(1, sigmoid))
    const [theta] = init(net)(Random.seed(1))
    const back = unsafeRight(Onnx.decode(net, unsafeRight(Onnx.encode(net, theta, { dtype: 'float64' }))))
    expect(back[1].W.shape).toEqual([3, 1])
  })
})
