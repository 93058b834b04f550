/**
 * safetensors (`Safetensors.encode`, `decode`, `readHeader`): bit-exact F64 round trips over random
 * architectures, F32 rounding, the torch naming read back by PyTorch (`load_state_dict`, in
 * scripts/fixtures/make-interop-fixtures.py) and PyTorch's state_dicts read here, and a table of bad files,
 * each a `Left` naming the fault.
 */
import { readFileSync } from 'node:fs'

import fc from 'fast-check'
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  type Activation,
  type AnyNetwork,
  dense,
  elu,
  fromArray,
  identity,
  init,
  input,
  leakyRelu,
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
import { fixtureInputs, fixtureNet, fixtureTheta } from '../../scripts/fixtures/fixture-net.js'
import { unsafeLeft, unsafeRight } from '../util.js'
import { FIXTURES, mlp, reference, thetaOf } from './interop-fixtures.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const ACTS: ReadonlyArray<Activation> = [identity, sigmoid, tanh, relu, leakyRelu(0.1), elu(0.5), softmax]
const encode = (net: AnyNetwork, theta: ReadonlyArray<ParamSet>, o?: Safetensors.EncodeOptions) =>
  unsafeRight(Safetensors.encode(net, theta as never, o))

/** A file assembled from a header object and a data section, as the format lays them out. */
const file = (header: unknown, data: Uint8Array = new Uint8Array(0), headerText?: string): Uint8Array => {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header))
  const out = new Uint8Array(8 + json.length + data.length)
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true)
  out.set(json, 8)
  out.set(data, 8 + json.length)
  return out
}

const f32 = (xs: ReadonlyArray<number>): Uint8Array => new Uint8Array(Float32Array.from(xs).buffer)

// -------------------------------------------------------------------------------------
// round trips
// -------------------------------------------------------------------------------------

describe('Safetensors.encode / decode', () => {
  it('round-trips Θ bit for bit in F64 (−0 included), over random architectures', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), fc.nat(ACTS.length - 1)), { minLength: 0, maxLength: 5 }),
        fc.nat(),
        fc.constantFrom<'tensorial' | 'torch'>('tensorial', 'torch'),
        (inputs, spec, seed, naming) => {
          const net = mlp(
            inputs,
            spec.map(([w, a]) => [w, ACTS[a] as Activation] as const),
          )
          const theta = thetaOf(net, seed)
          const back = unsafeRight(Safetensors.decode(net, encode(net, theta, { dtype: 'F64', naming })))
          expect(back).toEqual(theta)
          ;(back as ReadonlyArray<ParamSet>).forEach((p, l) =>
            expect(Array.from(p.W!.data).map((v) => Object.is(v, -0))).toEqual(
              Array.from((theta[l] as ParamSet).W!.data).map((v) => Object.is(v, -0)),
            ),
          )
        },
      ),
      { numRuns: 60 },
    )
  })

  it('rounds to float32 in F32 (the default)', () => {
    const net = mlp(3, [[2, tanh]])
    const theta = thetaOf(net, 2)
    const back = unsafeRight(Safetensors.decode(net, encode(net, theta))) as ReadonlyArray<ParamSet>
    expect(Array.from(back[0]!.W!.data)).toEqual(Array.from((theta[0] as ParamSet).W!.data, Math.fround))
  })

  it('writes the layout of the format: u64 LE header length, padded JSON, contiguous LE data', () => {
    const net = mlp(2, [
      [3, relu],
      [1, identity],
    ])
    const theta = thetaOf(net, 3)
    const bytes = encode(net, theta, { dtype: 'F64', metadata: { note: 'hi' } })
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true))
    expect(n % 8).toBe(0)
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)))
    expect(header['layers.0.W']).toEqual({ dtype: 'F64', shape: [2, 3], data_offsets: [0, 48] })
    expect(header['layers.0.b']).toEqual({ dtype: 'F64', shape: [3], data_offsets: [48, 72] })
    expect(header['layers.1.W']).toEqual({ dtype: 'F64', shape: [3, 1], data_offsets: [72, 96] })
    expect(header['layers.1.b']).toEqual({ dtype: 'F64', shape: [1], data_offsets: [96, 104] })
    expect(bytes.length).toBe(8 + n + 104)
    const meta = header.__metadata__
    expect(meta.note).toBe('hi')
    expect(meta['tensorial.naming']).toBe('tensorial')
    expect(JSON.parse(meta['tensorial.architecture'])).toEqual({ inputs: 2, layers: net.layers.map((l) => l.spec) })
    expect(new DataView(bytes.buffer, 8 + n).getFloat64(8, true)).toBe((theta[0] as ParamSet).W!.data[1])
  })

  it("names tensors as torch's nn.Sequential, W transposed to [out, in]", () => {
    const net = mlp(4, [
      [3, relu],
      [5, identity],
      [2, softmax],
    ])
    const theta = thetaOf(net, 4)
    const h = unsafeRight(Safetensors.readHeader(encode(net, theta, { naming: 'torch' })))
    expect(h.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['0.weight', [3, 4]],
      ['0.bias', [3]],
      ['2.weight', [5, 3]],
      ['2.bias', [5]],
      ['3.weight', [2, 5]],
      ['3.bias', [2]],
    ])
    expect(h.metadata.format).toBe('pt')
  })

  it('stores a custom layer under the default naming; torch naming is a Left naming it', () => {
    const [theta] = init(customNet)(Random.seed(1))
    const back = unsafeRight(
      Safetensors.decode(customNet, unsafeRight(Safetensors.encode(customNet, theta, { dtype: 'F64' }))),
    )
    expect(back).toEqual(theta)
    expect(unsafeLeft(Safetensors.encode(customNet, theta, { naming: 'torch' })).message).toBe(
      'layer 2 ("gain"): the torch naming has no mapping for this layer kind (only dense, batchNorm, dropout, conv2d, maxPool2d and avgPool2d layers can be exported)',
    )
    expect(unsafeLeft(Safetensors.encode(customNet, theta, { dtype: 'F16' as 'F32' })).message).toBe(
      'dtype: "F16" is not allowed (expected "F32" or "F64")',
    )
  })

  it('decodes into the static type of the definition', () => {
    const net = pipe(input(2), dense(3, relu), dense(1, sigmoid))
    const [theta] = init(net)(Random.seed(1))
    const back = unsafeRight(Safetensors.decode(net, unsafeRight(Safetensors.encode(net, theta))))
    expect(back[0].W.shape).toEqual([2, 3])
  })
})

// -------------------------------------------------------------------------------------
// PyTorch
// -------------------------------------------------------------------------------------

describe('Safetensors and PyTorch', () => {
  it("still writes the file torch's load_state_dict (strict) accepted, and torch predicts what predict does", () => {
    const committed = new Uint8Array(readFileSync(`${FIXTURES}/tensorial-torch.safetensors`))
    expect(encode(fixtureNet, fixtureTheta, { naming: 'torch' })).toEqual(committed)
    const r = reference.readers['tensorial-torch.safetensors'] as { load_state_dict: string; y: Array<Array<number>> }
    expect(r.load_state_dict).toBe('ok')
    const ours = predict(fixtureNet, fixtureTheta, fixtureInputs).data
    const theirs = r.y.flat()
    expect(Math.max(...theirs.map((v, i) => Math.abs(v - (ours[i] as number))))).toBeLessThanOrEqual(1e-6)
  })

  it("reads torch's state_dicts (format from the spec: Debian has no python3-safetensors) and reproduces torch", () => {
    for (const m of Object.values(reference.models)) {
      if (m.safetensors === undefined) continue
      const net = mlp(
        m.inputs,
        m.layers.map((l) => [l.units, fromSpec(l.activation)] as const),
      )
      const theta = unsafeRight(Safetensors.decode(net, new Uint8Array(readFileSync(`${FIXTURES}/${m.safetensors}`))))
      const x = unsafeRight(fromArray(m.x.flat(), [m.x.length, m.inputs]))
      const y = predict(net, theta as never, x as never).data
      const err = Math.max(...m.y.flat().map((v, i) => Math.abs(v - (y[i] as number))))
      expect(err, m.safetensors).toBeLessThanOrEqual(1e-5)
    }
  })
})

const fromSpec = (s: { readonly name: string; readonly alpha?: number }): Activation =>
  s.name === 'leakyRelu'
    ? leakyRelu(s.alpha)
    : s.name === 'elu'
      ? elu(s.alpha)
      : (ACTS.find((a) => a.spec.name === s.name) as Activation)

// -------------------------------------------------------------------------------------
// bad files
// -------------------------------------------------------------------------------------

describe('Safetensors.decode, bad files', () => {
  const net = mlp(2, [[1, identity]])
  const W = { dtype: 'F32', shape: [2, 1], data_offsets: [0, 8] }
  const b = { dtype: 'F32', shape: [1], data_offsets: [8, 12] }
  const data = f32([1, 2, 3])
  const good = file({ 'layers.0.W': W, 'layers.0.b': b }, data)
  const hugeLength = good.slice()
  new DataView(hugeLength.buffer).setBigUint64(0, 200_000_000n, true)
  const pastEnd = good.slice()
  new DataView(pastEnd.buffer).setBigUint64(0, BigInt(good.length), true)
  const notUtf8 = file(null, data, '{"a":"\u0000"}')
  notUtf8[12] = 0xff

  it('reads the well-formed file of the table', () => {
    expect(unsafeRight(Safetensors.decode(net, good))).toHaveLength(1)
  })

  const table: ReadonlyArray<readonly [string, Uint8Array, string]> = [
    ['too short', new Uint8Array(5), 'file: 5 bytes, fewer than the 8 of the header length'],
    ['huge header length', hugeLength, 'header length: 200000000 bytes exceeds the limit of 100000000 bytes'],
    [
      'header past the end',
      pastEnd,
      `header length: ${good.length} bytes runs past the end of the file (${good.length - 8} bytes follow it)`,
    ],
    ['not UTF-8', notUtf8, 'header: not valid UTF-8'],
    ['not JSON', file(null, data, '{"layers.0.W": '), 'header: invalid JSON: '],
    ['not an object', file(null, data, '[1, 2]'), 'header: expected a JSON object starting with "{", got "["'],
    [
      'duplicate key',
      file(
        null,
        data,
        `{"layers.0.W":${JSON.stringify(W)},"layers.0.W":${JSON.stringify(W)},"layers.0.b":${JSON.stringify(b)}}`,
      ),
      'header: the key "layers.0.W" appears more than once',
    ],
    [
      'unknown dtype',
      file({ 'layers.0.W': { ...W, dtype: 'F33' }, 'layers.0.b': b }, data),
      'header["layers.0.W"].dtype: unknown dtype "F33"',
    ],
    [
      'bad shape',
      file({ 'layers.0.W': { ...W, shape: [2, -1] }, 'layers.0.b': b }, data),
      'header["layers.0.W"].shape: expected an array of non-negative integers, got [2,-1]',
    ],
    [
      'reversed offsets',
      file({ 'layers.0.W': { ...W, data_offsets: [8, 0] }, 'layers.0.b': b }, data),
      'header["layers.0.W"].data_offsets: expected [begin, end] with 0 ≤ begin ≤ end, got [8,0]',
    ],
    [
      'size ≠ dtype × shape',
      file({ 'layers.0.W': { ...W, dtype: 'F64' }, 'layers.0.b': b }, data),
      'header["layers.0.W"].data_offsets: [0, 8] holds 8 bytes, but F64 [2, 1] needs 16',
    ],
    [
      'overlap',
      file({ 'layers.0.W': W, 'layers.0.b': { ...b, data_offsets: [4, 8] } }, data),
      'header["layers.0.b"].data_offsets: [4, 8] overlaps the tensor before it (which ends at 8)',
    ],
    [
      'gap',
      file({ 'layers.0.W': W, 'layers.0.b': { ...b, data_offsets: [12, 16] } }, f32([1, 2, 3, 4])),
      'header["layers.0.b"].data_offsets: [12, 16] leaves bytes 8–12 unused',
    ],
    [
      'past the end of the data',
      file({ 'layers.0.W': W, 'layers.0.b': b }, f32([1, 2])),
      'header["layers.0.b"].data_offsets: [8, 12] runs past the end of the data (8 bytes)',
    ],
    [
      'trailing bytes',
      file({ 'layers.0.W': W, 'layers.0.b': b }, f32([1, 2, 3, 4])),
      'data: 16 bytes, but the tensors cover only 12',
    ],
    [
      'metadata not strings',
      file({ __metadata__: { a: 1 }, 'layers.0.W': W, 'layers.0.b': b }, data),
      'header["__metadata__"].a: expected a string, got 1',
    ],
    [
      'unknown entry field',
      file({ 'layers.0.W': { ...W, offsets: [0, 8] }, 'layers.0.b': b }, data),
      'header["layers.0.W"]: unknown field "offsets"',
    ],
    ['missing tensor', file({ 'layers.0.W': W }, f32([1, 2])), 'header["layers.0.b"]: missing (layer 1, b)'],
    [
      'unexpected tensor',
      file({ 'layers.0.W': W, 'layers.0.b': b, 'layers.1.W': { ...b, data_offsets: [12, 16] } }, f32([1, 2, 3, 4])),
      'header: unexpected tensor "layers.1.W" (this network, in tensorial naming, has layers.0.W, layers.0.b)',
    ],
    [
      'wrong shape',
      file({ 'layers.0.W': { ...W, shape: [1, 2] }, 'layers.0.b': b }, data),
      'header["layers.0.W"].shape: expected [2, 1], got [1, 2]',
    ],
    [
      'unsupported dtype',
      file({ 'layers.0.W': { dtype: 'I32', shape: [2, 1], data_offsets: [0, 8] }, 'layers.0.b': b }, data),
      'header["layers.0.W"].dtype: expected F32 or F64, got I32',
    ],
    [
      'non-finite value',
      file({ 'layers.0.W': W, 'layers.0.b': b }, f32([1, NaN, 3])),
      'header["layers.0.W"]: entry 1 is NaN, expected a finite number',
    ],
    [
      'torch shape not transposed',
      file({ '0.weight': { ...W, shape: [2, 1] }, '0.bias': b }, data),
      'header["0.weight"].shape: expected [1, 2] ([out, in], torch naming), got [2, 1]',
    ],
  ]

  for (const [what, bytes, msg] of table)
    it(`rejects a file with ${what}`, () => {
      const m = unsafeLeft(Safetensors.decode(net, bytes)).message
      if (msg.endsWith(': ')) expect(m.startsWith(msg)).toBe(true)
      else expect(m).toBe(msg)
    })

  it('never throws on mutated files', () => {
    const real = encode(mlp(3, [[2, tanh]]), thetaOf(mlp(3, [[2, tanh]]), 1))
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(real.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        (edits) => {
          const b = real.slice()
          for (const [i, v] of edits) b[i] = v
          const r = Safetensors.decode(mlp(3, [[2, tanh]]), b)
          if (E.isRight(r)) expect((r.right as ReadonlyArray<ParamSet>)[0]!.W!.shape).toEqual([3, 2])
        },
      ),
      { numRuns: 300 },
    )
  })
})
