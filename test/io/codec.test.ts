import { readFileSync } from 'node:fs'

import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'

import { Codec, Dataset, isTensor, type Shape, type Tensor, tensor, toArray, toFlat } from 'tensorial'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const messagesOf = <A>(r: E.Either<Codec.DecodeError, A>): ReadonlyArray<string> =>
  E.isLeft(r) ? r.left.messages : expect.fail('expected a Left, got a Right')

const rightOf = <A>(r: E.Either<Codec.DecodeError, A>): A =>
  E.isRight(r) ? r.right : expect.fail(`expected a Right, got: ${r.left.messages.join(' | ')}`)

/**
 * A codec for a declared shape whose rank is known only at run time (random shapes in properties). The types
 * reject such a spec (`tensorCodec(number[])`), since the static rank would be lost; the runtime is the same.
 */
const anyRank = (spec: Codec.ShapeSpec): Codec.TensorCodec<Shape> =>
  Codec.tensorCodec(spec as readonly []) as unknown as Codec.TensorCodec<Shape>

/** The 64 bits of a double, so that -0 and 0 differ. */
const bits = (x: number): bigint => new BigUint64Array(Float64Array.of(x).buffer)[0] as bigint

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.from(a).every((x, i) => bits(x) === bits(b[i] as number))

/** Nested arrays of a shape from flat row-major data. */
const nest = (shape: ReadonlyArray<number>, data: ReadonlyArray<unknown>): unknown => {
  if (shape.length === 0) return data[0]
  const [d, ...rest] = shape as [number, ...Array<number>]
  const stride = rest.reduce((n, k) => n * k, 1)
  return Array.from({ length: d }, (_, i) => nest(rest, data.slice(i * stride, (i + 1) * stride)))
}

/** Finite doubles with the awkward ones made likely: ±0, subnormals, the extremes. */
const arbFinite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    -0,
    0,
    5e-324,
    -5e-324,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    2.2250738585072014e-308,
  ),
  fc.integer().map((n) => n / 7),
)

const arbShapeAndData = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }).chain((shape) =>
  fc
    .array(arbFinite, {
      minLength: shape.reduce((n, d) => n * d, 1),
      maxLength: shape.reduce((n, d) => n * d, 1),
    })
    .map((data) => ({ shape, data })),
)

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

describe('tensorCodec: decoding', () => {
  const W = Codec.tensorCodec([2, 3])

  it('decodes nested arrays, { shape, data } and tensors into the declared shape', () => {
    const a = rightOf(
      Codec.decode(W, [
        [1, 2, 3],
        [4, 5, 6],
      ]),
    )
    expect(a.shape).toEqual([2, 3])
    expect(toFlat(a)).toEqual([1, 2, 3, 4, 5, 6])
    expect(isTensor(a)).toBe(true)
    const b = rightOf(Codec.decode(W, { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }))
    expect(toArray(b)).toEqual(toArray(a))
    expect(rightOf(Codec.decode(W, a))).toBe(a)
    expect(rightOf(Codec.decode(W, { shape: [2, 3], data: Float64Array.of(1, 2, 3, 4, 5, 6) })).shape).toEqual([2, 3])
  })

  it('decodes rank 0 and empty tensors', () => {
    expect(toFlat(rightOf(Codec.decode(Codec.tensorCodec([]), 7)))).toEqual([7])
    expect(rightOf(Codec.decode(Codec.tensorCodec([0, 3]), [])).shape).toEqual([0, 3])
    expect(rightOf(Codec.decode(Codec.tensorCodec([null, 3]), [])).shape).toEqual([0, 3])
    expect(rightOf(Codec.decode(Codec.tensorCodec([null, null]), [])).shape).toEqual([0, 0])
    expect(rightOf(Codec.decode(Codec.tensorCodec([2, 0]), [[], []])).shape).toEqual([2, 0])
    expect(rightOf(Codec.decode(Codec.tensorCodec([null, 5]), { shape: [0, 5], data: [] })).shape).toEqual([0, 5])
  })

  it('a { name } dim accepts any size, like null, and names itself in messages', () => {
    const X = Codec.tensorCodec([{ name: 'batch' }, 2])
    expect(
      rightOf(
        Codec.decode(X, [
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      ).shape,
    ).toEqual([3, 2])
    expect(rightOf(Codec.decode(X, [])).shape).toEqual([0, 2])
    expect(messagesOf(Codec.decode(X, [[1, 2, 3]]))).toEqual(['(root): expected shape [batch, 2], got [1, 3]'])
    expect(X.name).toBe('Tensor<[batch, 2]>')
  })

  it('takes dynamic dims from the data and checks the static ones', () => {
    const X = Codec.tensorCodec([null, 2])
    expect(
      rightOf(
        Codec.decode(X, [
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      ).shape,
    ).toEqual([3, 2])
    expect(messagesOf(Codec.decode(X, [[1, 2, 3]]))).toEqual(['(root): expected shape [number, 2], got [1, 3]'])
  })

  it('keeps every double bit for bit, -0 included', () => {
    const xs = [-0, 0, 5e-324, -Number.MAX_VALUE, 0.1, 1 / 3]
    const a = rightOf(Codec.decode(Codec.tensorCodec([6]), xs))
    expect(sameBits(a.data, xs)).toBe(true)
  })

  it('never coerces: strings, booleans, null and boxed numbers are rejected', () => {
    const V = Codec.tensorCodec([1])
    for (const bad of ['1', 'NaN', true, null, Object(1) as unknown, 1n])
      expect(E.isLeft(Codec.decode(V, [bad]))).toBe(true)
  })

  it('reports paths through nested io-ts codecs', () => {
    const Net = t.type({ layers: t.array(t.type({ W: Codec.tensorCodec([30, 10]), b: Codec.tensorCodec([10]) })) })
    const good = { W: { shape: [30, 10], data: new Array(300).fill(0) }, b: new Array(10).fill(0) }
    const bad = { W: { shape: [10, 30], data: new Array(300).fill(0) }, b: new Array(10).fill(0) }
    expect(messagesOf(Codec.decode(Net, { layers: [good, bad] }))).toEqual([
      'layers[1].W: expected shape [30, 10], got [10, 30]',
    ])
    expect(E.isRight(Codec.decode(Net, { layers: [good, good] }))).toBe(true)
    const X = t.type({ x: Codec.tensorCodec([null, 8]) })
    const rows = Array.from({ length: 5 }, (_, i) =>
      Array.from({ length: 8 }, (_, j) => (i === 3 && j === 7 ? 'NaN' : 1)),
    )
    expect(messagesOf(Codec.decode(X, { x: rows }))).toEqual(['x[3][7]: expected a finite number, got "NaN"'])
  })

  it('skips union and intersection member indices in paths, and brackets odd keys', () => {
    const U = t.union([t.type({ a: t.string }), t.type({ b: Codec.tensorCodec([1]) })])
    expect(messagesOf(Codec.decode(U, { b: [1, 2] }))).toEqual([
      'a: expected string, got undefined',
      'b: expected shape [1], got [2]',
    ])
    expect(messagesOf(Codec.decode(t.type({ 'a b': t.number }), { 'a b': 'x' }))).toEqual([
      '["a b"]: expected number, got "x"',
    ])
    expect(messagesOf(Codec.decode(t.tuple([t.number, Codec.tensorCodec([2])]), [1, [1]]))).toEqual([
      '[1]: expected shape [2], got [1]',
    ])
  })

  it('decodes the weights fixture', () => {
    const Weights = t.type({
      layers: t.tuple([
        t.type({ W: Codec.tensorCodec([2, 3]), b: Codec.tensorCodec([3]) }),
        t.type({ W: Codec.tensorCodec([3, 1]), b: Codec.tensorCodec([1]) }),
      ]),
    })
    const w = rightOf(
      Codec.decodeJson(Weights, readFileSync(new URL('../fixtures/weights.json', import.meta.url), 'utf8')),
    )
    expect(toArray(w.layers[0].W)).toEqual([
      [0.5, -0.25, 1],
      [2, 0, -0],
    ])
    expect(Object.is(w.layers[0].W.data[5], -0)).toBe(true)
    expect(toFlat(w.layers[1].W)).toEqual([1, -1, 0.5])
  })

  it('checks the size limit before allocating', () => {
    const X = Codec.tensorCodec([null, null], { maxElements: 100 })
    expect(E.isRight(Codec.decode(X, { shape: [10, 10], data: new Array(100).fill(0) }))).toBe(true)
    // data is never read when the shape alone is over the limit
    const trap = {
      shape: [11, 10],
      get data(): never {
        throw new Error('data was read')
      },
    }
    expect(messagesOf(Codec.decode(X, trap))).toEqual([
      '(root): shape [11, 10] has 110 elements, over the limit of 100 (maxElements)',
    ])
    expect(messagesOf(Codec.decode(Codec.tensorCodec([null]), { shape: [2 ** 40], data: [] }))[0]).toContain(
      'over the limit of 67108864',
    )
    expect(messagesOf(Codec.decode(Codec.tensorCodec([null, null]), { shape: [0, 1e12], data: [] }))[0]).toContain(
      'dim 1 is 1000000000000',
    )
  })

  it('never throws: invalid declared shapes and options, hostile inputs, cycles', () => {
    const n = -1
    expect(messagesOf(Codec.decode(Codec.tensorCodec([n, 3] as [number, number]), []))[0]).toContain(
      'declared shape [-1, 3]: dim 0 must be a non-negative integer, null or { name }, got -1',
    )
    const huge = 1e15
    expect(messagesOf(Codec.decode(Codec.tensorCodec([0, huge]), []))[0]).toContain(
      'declared shape [0, 1000000000000000]: dim 1 is over the limit of 67108864 elements',
    )
    expect(messagesOf(Codec.decode(Codec.tensorCodec([2], { maxElements: -5 }), [1, 2]))[0]).toContain(
      'option maxElements',
    )
    const hostile = new Proxy([], {
      get: () => {
        throw new Error('boom')
      },
    })
    expect(messagesOf(Codec.decode(Codec.tensorCodec([1]), hostile))[0]).toContain('boom')
    const cyclic: Array<unknown> = []
    cyclic.push(cyclic)
    expect(messagesOf(Codec.decode(Codec.tensorCodec([1, 1]), cyclic))[0]).toContain('expected shape [1, 1]')
    expect(Codec.tensorCodec([n] as [number]).is(tensor([1]))).toBe(false)
  })

  it('is: only tensors of the declared shape', () => {
    const V = Codec.tensorCodec([null, 2])
    expect(V.is(tensor([[1, 2]]))).toBe(true)
    expect(V.is(tensor([[1, 2, 3]]))).toBe(false)
    expect(V.is({ shape: [1, 2], data: Float64Array.of(1, 2) })).toBe(false)
    expect(V.name).toBe('Tensor<[number, 2]>')
  })
})

// -------------------------------------------------------------------------------------
// encoding and round trips
// -------------------------------------------------------------------------------------

describe('tensorCodec: encoding', () => {
  it('encodes to the canonical { shape, data } form', () => {
    const W = Codec.tensorCodec([2, 2])
    expect(
      W.encode(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toEqual({ shape: [2, 2], data: [1, 2, 3, 4] })
  })

  it('JSON.stringify drops the sign of -0; stringify keeps it, and JSON.parse reads it back', () => {
    expect(JSON.stringify([-0])).toBe('[0]')
    expect(Codec.stringify([-0])).toBe('[-0]')
    expect(Object.is(JSON.parse('-0'), -0)).toBe(true)
  })

  it('stringify is JSON.stringify otherwise, and total', () => {
    const cases: ReadonlyArray<unknown> = [
      { a: 1, b: [1.5, 'x', null, true], c: undefined, d: { e: [] } },
      [undefined, () => 1, NaN, Infinity],
      'a "quoted" \n string',
      { toJSON: () => ({ z: 1 }) },
      { a: { toJSON: (key: string) => `key ${key}` }, b: [{ toJSON: (key: string) => key }] },
      new Date(0),
      null,
    ]
    for (const c of cases) expect(Codec.stringify(c)).toBe(JSON.stringify(c))
    const cyc: Record<string, unknown> = { a: 1 }
    cyc['self'] = cyc
    expect(Codec.stringify(cyc)).toBe('{"a":1,"self":null}')
    expect(Codec.stringify(10n)).toBe('10')
    let deep: unknown = -0
    for (let i = 0; i < 50_000; i++) deep = [deep]
    const text = Codec.stringify(deep)
    expect(text.length).toBe(100_002)
    expect(text.slice(49_998, 50_004)).toBe('[[-0]]')
    expect(Codec.stringify(undefined)).toBe('null')
  })

  it('round trip encode → decode is bit-exact (random shapes, -0, subnormals, extremes)', () => {
    fc.assert(
      fc.property(arbShapeAndData, ({ shape, data }) => {
        const C = anyRank(shape.map(() => null))
        const a = rightOf(Codec.decode(C, { shape, data }))
        const b = rightOf(Codec.decode(C, C.encode(a)))
        expect(b.shape).toEqual(shape)
        expect(sameBits(b.data, data)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('round trip through JSON text is bit-exact with encodeJson / decodeJson', () => {
    fc.assert(
      fc.property(arbShapeAndData, ({ shape, data }) => {
        const C = anyRank(shape.map(() => null))
        const a = rightOf(Codec.decode(C, { shape, data }))
        const back = rightOf(Codec.decodeJson(C, Codec.encodeJson(C, a)))
        expect(sameBits(back.data, data)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('nested arrays (toArray) decode back to the same tensor', () => {
    fc.assert(
      fc.property(
        arbShapeAndData.filter(({ shape }) => shape.every((d) => d > 0)),
        ({ shape, data }) => {
          const C = anyRank(shape)
          const a = rightOf(Codec.decode(C, nest(shape, data)))
          const b = rightOf(Codec.decode(C, toArray(a as Tensor<Shape>)))
          expect(sameBits(b.data, data)).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })
})

// -------------------------------------------------------------------------------------
// soundness: a Right always has the declared shape
// -------------------------------------------------------------------------------------

describe('tensorCodec: soundness', () => {
  /** Random specs (static or null dims) and inputs that are often close to matching, often not. */
  const arbCase = fc
    .record({
      dims: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
      nulls: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      perturb: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 3, maxLength: 3 }),
      extraRank: fc.integer({ min: -1, max: 1 }),
      flat: fc.boolean(),
      junk: fc.option(fc.oneof(fc.string(), fc.constant(NaN), fc.constant(null), fc.constant([])), { freq: 3 }),
      junkAt: fc.nat(),
    })
    .map(({ dims, nulls, perturb, extraRank, flat, junk, junkAt }) => {
      const spec = dims.map((d, i) => (nulls[i] ? null : d))
      let shape = dims.map((d, i) => Math.max(0, d + (perturb[i] as number)))
      if (extraRank > 0) shape = [...shape, 2]
      if (extraRank < 0) shape = shape.slice(1)
      const n = shape.reduce((m, d) => m * d, 1)
      const data: Array<unknown> = Array.from({ length: n }, (_, i) => i - 0.5)
      if (junk !== null && n > 0) data[junkAt % n] = junk
      return { spec, input: flat ? { shape, data } : nest(shape, data) }
    })

  it('every Right has the declared rank and dims, and finite data of the right length', () => {
    fc.assert(
      fc.property(arbCase, ({ spec, input }) => {
        const r = anyRank(spec).decode(input)
        if (E.isLeft(r)) return
        const s = r.right.shape
        expect(s.length).toBe(spec.length)
        spec.forEach((d, i) => d === null || expect(s[i]).toBe(d))
        expect(r.right.data.length).toBe(s.reduce((m: number, d: number) => m * d, 1))
        expect(Array.from(r.right.data).every(Number.isFinite)).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })
})

// -------------------------------------------------------------------------------------
// the bad-input corpus
// -------------------------------------------------------------------------------------

const W23 = Codec.tensorCodec([2, 3])
const V3 = Codec.tensorCodec([3])
const X2 = Codec.tensorCodec([null, 2])
const Net = t.type({ w1: Codec.tensorCodec([2, 3]), b1: Codec.tensorCodec([3]) })
const DS = Dataset.datasetCodec(2, 1)

/** [what, codec, input, substring the message must contain]. JSON text inputs go through decodeJson. */
const corpus: ReadonlyArray<readonly [string, t.Decoder<unknown, unknown>, unknown, string]> = [
  [
    'ragged rows',
    W23,
    [
      [1, 2, 3],
      [4, 5],
    ],
    '[1]: expected an array of length 3, got length 2',
  ],
  [
    'ragged deeper',
    Codec.tensorCodec([2, 2, 2]),
    [
      [
        [1, 2],
        [3, 4],
      ],
      [[5, 6], [7]],
    ],
    '[1][1]: expected an array of length 2, got length 1',
  ],
  ['a number where a row goes', W23, [[1, 2, 3], 4], '[1]: expected an array of length 3, got 4'],
  ['a row where a number goes', V3, [1, [2], 3], '[1]: expected a finite number, got an array of length 1'],
  ['NaN', V3, [1, NaN, 3], '[1]: expected a finite number, got NaN'],
  ['Infinity', V3, [1, 2, Infinity], '[2]: expected a finite number, got Infinity'],
  [
    '-Infinity in flat data',
    V3,
    { shape: [3], data: [1, -Infinity, 3] },
    'data[1]: expected a finite number, got -Infinity',
  ],
  [
    'the string "NaN"',
    W23,
    [
      [1, 2, 3],
      [4, 5, 'NaN'],
    ],
    '[1][2]: expected a finite number, got "NaN"',
  ],
  ['a numeric string', V3, ['1', 2, 3], '[0]: expected a finite number, got "1"'],
  ['null entry', V3, [1, null, 3], '[1]: expected a finite number, got null'],
  ['undefined (hole)', V3, [1, , 3], '[1]: expected a finite number, got undefined'],
  ['boolean entry', V3, [true, 2, 3], '[0]: expected a finite number, got true'],
  ['object entry', V3, [{}, 2, 3], '[0]: expected a finite number, got an object'],
  ['wrong rank: vector for matrix', W23, [1, 2, 3], 'expected shape [2, 3], got [3]'],
  ['wrong rank: matrix for vector', V3, [[1], [2], [3]], 'expected shape [3], got [3, 1]'],
  ['wrong rank: scalar for matrix', W23, 5, 'expected shape [2, 3], got a number'],
  [
    'transposed',
    W23,
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    'expected shape [2, 3], got [3, 2]',
  ],
  ['wrong dim in flat form', W23, { shape: [2, 4], data: new Array(8).fill(0) }, 'expected shape [2, 3], got [2, 4]'],
  ['wrong static dim beside a dynamic one', X2, [[1, 2, 3]], 'expected shape [number, 2], got [1, 3]'],
  ['negative dim', X2, { shape: [-1, 2], data: [] }, 'shape[0]: expected a non-negative integer dim, got -1'],
  [
    'fractional dim',
    X2,
    { shape: [1.5, 2], data: [1, 2, 3] },
    'shape[0]: expected a non-negative integer dim, got 1.5',
  ],
  ['huge dim', X2, { shape: [1e300, 2], data: [] }, 'shape[0]: expected a non-negative integer dim, got 1e+300'],
  ['too many elements', X2, { shape: [2 ** 26, 2], data: [] }, 'over the limit of 67108864 (maxElements)'],
  ['string dim', X2, { shape: ['2', 2], data: [1, 2, 3, 4] }, 'shape[0]: expected a non-negative integer dim, got "2"'],
  ['shape not an array', X2, { shape: 2, data: [1, 2] }, 'shape: expected an array of dims, got 2'],
  ['missing data', W23, { shape: [2, 3] }, 'data: expected an array of 6 numbers, got undefined'],
  ['missing shape', W23, { data: [1, 2, 3, 4, 5, 6] }, 'shape: expected an array of dims, got undefined'],
  [
    'data too short',
    W23,
    { shape: [2, 3], data: [1, 2, 3, 4, 5] },
    'data: expected 6 numbers (the size of [2, 3]), got 5',
  ],
  [
    'data too long',
    W23,
    { shape: [2, 3], data: new Array(7).fill(1) },
    'data: expected 6 numbers (the size of [2, 3]), got 7',
  ],
  [
    'nested data in flat form',
    V3,
    { shape: [3], data: [[1], [2], [3]] },
    'data[0]: expected a finite number, got an array',
  ],
  ['null tensor', W23, null, 'expected Tensor<[2, 3]> as nested arrays or { shape, data }, got null'],
  ['string tensor', W23, '[[1,2,3],[4,5,6]]', 'got "[[1,2,3],[4,5,6]]"'],
  ['an object of another kind', W23, { rows: 2 }, 'got an object'],
  [
    'a tensor of another shape',
    W23,
    tensor([
      [1, 2],
      [3, 4],
    ]),
    'expected shape [2, 3], got [2, 2]',
  ],
  ['rows of null', W23, [null, null], '[0]: expected an array, got null'],
  [
    'missing field in t.type',
    Net,
    {
      w1: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    },
    'b1: expected Tensor<[3]> as nested arrays or { shape, data }, got undefined',
  ],
  ['wrong field in t.type', Net, { w1: [[1, 2, 3]], b1: [1, 2, 3] }, 'w1: expected shape [2, 3], got [1, 3]'],
  [
    'bad entry in t.type',
    Net,
    {
      w1: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      b1: [1, 'x', 3],
    },
    'b1[1]: expected a finite number, got "x"',
  ],
  ['truncated JSON text', W23, 'json:[[1,2,3],[4,5', 'invalid JSON'],
  ['empty JSON text', W23, 'json:', 'invalid JSON: expected a value, got the end of the text (line 1, column 1)'],
  ['JSON number overflowing to Infinity', V3, 'json:[1, 2, 1e999]', '[2]: expected a finite number, got Infinity'],
  ['JSON with NaN literal', V3, 'json:[1, NaN, 3]', 'invalid JSON'],
  [
    'data set: mismatched row counts',
    DS,
    {
      x: [
        [1, 2],
        [3, 4],
      ],
      y: [[1]],
    },
    'y: expected 2 rows (as many as x), got 1',
  ],
  ['data set: wrong feature count', DS, { x: [[1, 2, 3]], y: [[1]] }, 'x: expected shape [number, 2], got [1, 3]'],
  ['data set: missing y', DS, { x: [[1, 2]] }, 'y: expected Tensor<[number, 1]>'],
  ['data set: empty', DS, { x: [], y: [] }, '(root): data set is empty (0 rows)'],
  [
    'data set: bad entry',
    DS,
    {
      x: [
        [1, 2],
        [3, '4'],
      ],
      y: [[1], [0]],
    },
    'x[1][1]: expected a finite number, got "4"',
  ],
  [
    'data set: records instead of matrices',
    DS,
    [{ x: [1, 2], y: [1] }],
    '(root): expected Dataset<2, 1> as { x, y }, two matrices whose rows pair up, got an array of length 1',
  ],
  ['data set: truncated JSON', DS, 'json:{"x": [[1, 2]], "y": [[1]', 'invalid JSON'],
]

describe('bad-input corpus (tensors and JSON data sets)', () => {
  it('has at least 45 cases', () => expect(corpus.length).toBeGreaterThanOrEqual(45))
  it.each(corpus)('%s is rejected, and the message names what and where', (_, codec, input, want) => {
    const r =
      typeof input === 'string' && input.startsWith('json:')
        ? Codec.decodeJson(codec, input.slice(5))
        : Codec.decode(codec, input)
    const messages = messagesOf(r)
    expect(messages.join('\n')).toContain(want)
    expect(() => Codec.tensorCodec([2, 3]).decode(input)).not.toThrow()
  })
})
