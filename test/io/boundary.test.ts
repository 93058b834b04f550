/**
 * Property tests at the boundary (issue 10): arbitrary JSON values, arbitrary values of any kind and arbitrary
 * strings go into every decoder (the tensor and data-set codecs, their JSON readers, `Model.load`,
 * `Model.describe`, `Csv.decodeCsv`); none throws and every message stays short. Valid values round-trip, and
 * `encode ∘ decode` is the identity on everything accepted: decoding what was encoded gives the same value.
 */
import fc from 'fast-check'
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { Codec, Csv, Dataset, dense, init, input, Model, quadratic, Random, relu, sigmoid, toFlat } from 'tensorial'

import { arbTensor, unsafeRight } from '../util.js'

const net = pipe(input(2), dense(3, relu), dense(1, sigmoid))
const good = unsafeRight(Model.save(net, init(net)(Random.seed(1))[0], quadratic))

const W23 = Codec.tensorCodec([2, 3])
const Open2 = Codec.tensorCodec([null, null])
const DS = Dataset.datasetCodec(2, 1)
const csvSpec = { features: 2, label: 'y', target: Csv.regression } as const

type Outcome = E.Either<{ readonly message: string }, unknown>

/** Every decoder, given one input: the tag and message of each result (a throw fails the property). */
const decoders: ReadonlyArray<readonly [string, (u: unknown) => Outcome]> = [
  ['tensorCodec([2, 3])', (u) => Codec.decode(W23, u)],
  ['tensorCodec([null, null])', (u) => Codec.decode(Open2, u)],
  ['datasetCodec(2, 1)', (u) => Codec.decode(DS, u)],
  ['Model.load', (u) => Model.load(net, u)],
  ['Model.describe', (u) => Model.describe(u)],
]
const textDecoders: ReadonlyArray<readonly [string, (s: string) => Outcome]> = [
  ['Codec.decodeJson', (s) => Codec.decodeJson(W23, s)],
  ['Dataset.decodeJsonDataset', (s) => Dataset.decodeJsonDataset(s, 2, 1)],
  ['Model.load (text)', (s) => Model.load(net, s)],
  ['Model.describe (text)', (s) => Model.describe(s)],
  ['Csv.decodeCsv', (s) => Csv.decodeCsv(s, csvSpec)],
]

const bounded = (r: Outcome): boolean => E.isRight(r) || r.left.message.length < 500

/** Text near the formats: a valid file cut, edited, or spliced with arbitrary text. */
const nearText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json(),
  fc.tuple(fc.nat(good.length), fc.string({ maxLength: 5 })).map(([k, s]) => good.slice(0, k) + s + good.slice(k)),
  fc.tuple(fc.nat(good.length), fc.nat(40)).map(([k, n]) => good.slice(0, k) + good.slice(k + n)),
  fc
    .array(fc.tuple(fc.double(), fc.double(), fc.double()), { maxLength: 5 })
    .map((rows) => `a,b,y\n${rows.map((r) => r.join(',')).join('\n')}\n`),
)

describe('no decoder throws, whatever it is given', () => {
  it('arbitrary JSON values and arbitrary values of any kind', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.anything({ withTypedArray: true, withMap: true, withSparseArray: true })),
        (u) => {
          for (const [, decode] of decoders) expect(bounded(decode(u))).toBe(true)
        },
      ),
      { numRuns: 1500 },
    )
  })

  it('arbitrary strings, and text near the formats', () => {
    fc.assert(
      fc.property(nearText, (s) => {
        for (const [, decode] of textDecoders) expect(bounded(decode(s))).toBe(true)
      }),
      { numRuns: 1500 },
    )
  })

  it('values that are not text where text is expected', () => {
    fc.assert(
      fc.property(fc.anything({ withTypedArray: true, withMap: true }), (u) => {
        for (const [, decode] of textDecoders) expect(bounded(decode(u as string))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})

describe('valid values round-trip, and encode ∘ decode is the identity on what is accepted', () => {
  it('tensors: decode(encode(a)) is a, bit for bit, as objects and as JSON text', () => {
    fc.assert(
      fc.property(arbTensor([2, 3]), (a) => {
        const back = unsafeRight(Codec.decode(W23, W23.encode(a)))
        expect(toFlat(back).map((x) => (Object.is(x, 0) ? 'z' : x))).toEqual(
          toFlat(a).map((x) => (Object.is(x, 0) ? 'z' : x)),
        )
        expect(Codec.encodeJson(W23, unsafeRight(Codec.decodeJson(W23, Codec.encodeJson(W23, a))))).toBe(
          Codec.encodeJson(W23, a),
        )
      }),
    )
  })

  it('anything a tensor codec accepts encodes to a form that decodes to the same tensor', () => {
    const nested = fc
      .integer({ min: 0, max: 4 })
      .chain((c) =>
        fc.array(fc.array(fc.oneof(fc.double(), fc.constant(-0)), { minLength: c, maxLength: c }), { maxLength: 4 }),
      )
    fc.assert(
      fc.property(fc.oneof(nested, fc.jsonValue()), (u) => {
        const r = Codec.decode(Open2, u)
        if (E.isLeft(r)) return
        const json = Open2.encode(r.right)
        const again = unsafeRight(Codec.decode(Open2, json))
        expect(Codec.stringify(Open2.encode(again))).toBe(Codec.stringify(json))
      }),
      { numRuns: 1000 },
    )
  })

  it('data sets: what datasetCodec accepts encodes and decodes to the same data set', () => {
    const rows = fc.array(
      fc.tuple(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
      { minLength: 1, maxLength: 6 },
    )
    fc.assert(
      fc.property(rows, (rs) => {
        const u = { x: rs.map(([a, b]) => [a, b]), y: rs.map(([, , c]) => [c]) }
        const ds = unsafeRight(Codec.decode(DS, u))
        const text = Codec.encodeJson(DS, ds)
        expect(Codec.encodeJson(DS, unsafeRight(Dataset.decodeJsonDataset(text, 2, 1)))).toBe(text)
      }),
    )
  })

  it('model files: what load accepts saves to the same file, and describe agrees', () => {
    fc.assert(
      fc.property(fc.nat(good.length), fc.constantFrom(' ', '\n', '\t', '\r\n'), (k, ws) => {
        // whitespace between tokens changes nothing; inside a token it is a Left
        const text = good.slice(0, k) + ws + good.slice(k)
        const r = Model.load(net, text)
        if (E.isLeft(r)) return
        expect(unsafeRight(Model.save(net, r.right.theta, r.right.cost))).toBe(good)
        expect(unsafeRight(Model.describe(text))).toEqual(unsafeRight(Model.describe(good)))
      }),
      { numRuns: 500 },
    )
  })
})
