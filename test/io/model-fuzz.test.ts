/**
 * A seeded mutation fuzz of a valid model file (issue 10): 10,500 mutants (a key duplicated, renamed, deleted
 * or injected; a value changed; the text cut or a character inserted). Every mutant must be a `Left` or
 * decode to exactly what the file says: `load` then `save` gives the mutant's JSON back, and `describe`
 * gives what the mutant's JSON states. None may throw, and text and parsed object must agree.
 */
import { isDeepStrictEqual } from 'node:util'

import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { dense, init, input, leakyRelu, Model, quadratic, Random, softmax, tanh } from 'tensorial'

import { unsafeRight } from '../util.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const net = pipe(input(2), dense(3, tanh), dense(4, leakyRelu(0.1)), dense(2, softmax))
const theta = init(net)(Random.seed(3))[0]
const good = unsafeRight(Model.save(net, theta, quadratic))

/** mulberry32: a tiny seeded generator, so the corpus of mutants is the same on every run. */
const generator = (seed: number) => {
  let s = seed >>> 0
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(next() * n)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[int(xs.length)] as A
  return { next, int, pick }
}
type Gen = ReturnType<typeof generator>

/** Every container of a tree with its path, so that a mutation can reach any place. */
const containers = (j: Json): Array<Json> => {
  const out: Array<Json> = []
  const walk = (x: Json): void => {
    if (typeof x !== 'object' || x === null) return
    out.push(x)
    for (const v of Object.values(x)) walk(v)
  }
  walk(j)
  return out
}

const keyPool = [
  'format',
  'version',
  'inputs',
  'outputs',
  'cost',
  'layers',
  'kind',
  'activation',
  'params',
  'name',
  'alpha',
  'shape',
  'data',
  'W',
  'b',
  'useBias',
  'dropout',
  'dtype',
  'bias',
  'weights',
  'Inputs',
  '',
  ' name',
  'name ',
]
const forbidden = ['__proto__', 'constructor', 'prototype']
const valuePool: ReadonlyArray<() => Json> = [
  () => 0,
  () => 1,
  () => -1,
  () => 0.5,
  () => 2,
  () => 3,
  () => 4,
  () => 1e308,
  () => 2 ** 53,
  () => 1.5,
  () => 'dense',
  () => 'tanh',
  () => 'softmax',
  () => 'relu',
  () => 'leakyRelu',
  () => 'elu',
  () => 'quadratic',
  () => 'mse',
  () => 'tensorial-model',
  () => '',
  () => '1',
  () => true,
  () => false,
  () => null,
  () => ({}),
  () => [],
  () => [1, 2],
  () => [[1, 2, 3]],
  () => ({ name: 'relu' }),
  () => ({ name: 'elu', alpha: 1 }),
  () => ({ shape: [2], data: [1, 2] }),
  () => ({ shape: [3], data: [0, 0, 0] }),
]

/** A near miss of a key: one character dropped, doubled, swapped or changed. */
const typo = (g: Gen, k: string): string => {
  if (k.length < 2) return `${k}x`
  const i = g.int(k.length - 1)
  switch (g.int(4)) {
    case 0:
      return k.slice(0, i) + k.slice(i + 1)
    case 1:
      return k.slice(0, i) + (k[i] as string) + k.slice(i)
    case 2:
      return k.slice(0, i) + (k[i + 1] as string) + (k[i] as string) + k.slice(i + 2)
    default:
      return `${k.slice(0, i)}${String.fromCharCode(97 + g.int(26))}${k.slice(i + 1)}`
  }
}

interface Mutant {
  readonly kind: string
  readonly text: string
  /** Whether the mutant must be a Left whatever else holds (a duplicate or a forbidden key). */
  readonly mustFail: boolean
}

const MARK = '\u0000mark\u0000'
/** JSON text of a tree in which the key `MARK` is written as `key` (a duplicate or a forbidden key). */
const withKey = (j: Json, key: string): string => JSON.stringify(j).replace(JSON.stringify(MARK), JSON.stringify(key))

const mutate = (g: Gen): Mutant => {
  const j: Json = JSON.parse(good)
  const objects = containers(j).filter((x) => !Array.isArray(x) && Object.keys(x).length > 0)
  const arrays = containers(j).filter((x) => Array.isArray(x) && x.length > 0)
  const obj = g.pick(objects)
  const key = g.pick(Object.keys(obj))
  switch (g.int(9)) {
    case 0: {
      // duplicate a key, with the same or another value, placed first (JSON.parse would keep the copy)
      const copy = g.next() < 0.5 ? obj[key] : g.pick(valuePool)()
      const rest = { ...obj }
      for (const k of Object.keys(obj)) delete obj[k]
      obj[MARK] = copy
      Object.assign(obj, rest)
      return { kind: 'duplicate', text: withKey(j, key), mustFail: true }
    }
    case 1: {
      // rename a key: a typo, another key of the format, or a stranger
      const to = g.pick([typo(g, key), typo(g, key), g.pick(keyPool)])
      const v = obj[key]
      delete obj[key]
      obj[to] = v
      return { kind: `rename ${key} → ${to}`, text: JSON.stringify(j), mustFail: false }
    }
    case 2:
      delete obj[key]
      return { kind: `delete ${key}`, text: JSON.stringify(j), mustFail: false }
    case 3: {
      const arr = g.pick(arrays)
      arr.splice(g.int(arr.length), 1)
      return { kind: 'delete an element', text: JSON.stringify(j), mustFail: false }
    }
    case 4: {
      const to = g.pick(keyPool)
      obj[to] = g.pick(valuePool)()
      return { kind: `inject ${to}`, text: JSON.stringify(j), mustFail: false }
    }
    case 5: {
      obj[MARK] = g.pick(valuePool)()
      return { kind: 'inject a forbidden key', text: withKey(j, g.pick(forbidden)), mustFail: true }
    }
    case 6: {
      // change a value: any place, any kind of value; or an entry of Θ to another finite number (still valid)
      if (g.next() < 0.4) {
        const data = g.pick(containers(j).filter((x) => Array.isArray(x) && x.length > 0 && typeof x[0] === 'number'))
        data[g.int(data.length)] = g.pick([0, -1, 0.25, 1e-300, 123.5, 2 ** 53, -0])
      } else obj[key] = g.pick(valuePool)()
      return { kind: `change ${key}`, text: JSON.stringify(j), mustFail: false }
    }
    case 7:
      return { kind: 'cut', text: good.slice(0, g.int(good.length)), mustFail: true }
    default: {
      const at = g.int(good.length + 1)
      const c = g.pick([' ', '\n', ',', '"', '{', '}', '[', ']', '0', '-', 'x', ':', '\\'])
      return { kind: `insert ${JSON.stringify(c)}`, text: good.slice(0, at) + c + good.slice(at), mustFail: false }
    }
  }
}

/** What `describe` must report of a file whose JSON is `j`, read straight from the JSON. */
const stated = (j: Json) => {
  const dims = (p: Json): Array<number> => {
    if (!Array.isArray(p)) return p.shape
    const out: Array<number> = []
    for (let x = p; Array.isArray(x); x = x[0]) out.push(x.length)
    return out
  }
  let count = 0
  const layers = j.layers.map((l: Json) => ({
    kind: l.kind,
    inputs: l.inputs,
    outputs: l.outputs,
    activation: l.activation.name,
    params: Object.fromEntries(
      Object.entries(l.params).map(([k, p]) => {
        const s = dims(p)
        count += s.reduce((a, b) => a * b, 1)
        return [k, s]
      }),
    ),
  }))
  return {
    version: j.version,
    inputs: j.inputs,
    outputs: j.layers[j.layers.length - 1].outputs,
    ...('cost' in j ? { cost: j.cost } : {}),
    layers,
    parameterCount: count,
  }
}

const messages = (r: E.Either<{ readonly message: string }, unknown>): string =>
  E.isLeft(r) ? r.left.message : 'Right'

describe('model file mutation fuzz', () => {
  it('10,500 mutants: each is a Left or decodes to exactly what it says; none throws', () => {
    const g = generator(20261202)
    const tally = { left: 0, load: 0, describe: 0 }
    const kinds = new Map<string, number>()
    for (let n = 0; n < 10_500; n++) {
      const m = mutate(g)
      const what = `mutant ${n} (${m.kind}): ${m.text.slice(0, 200)}`
      let loaded: ReturnType<typeof Model.load<typeof net.layers, 2, 2>>
      let described: ReturnType<typeof Model.describe>
      try {
        loaded = Model.load(net, m.text)
        described = Model.describe(m.text)
      } catch (e) {
        throw new Error(`${what} threw ${String(e)}`)
      }
      const kind = m.kind.split(' ')[0] as string
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
      // Plain checks first, `expect` only on a failure: 10,500 mutants stay fast.
      const fault = (why: string): never => {
        throw new Error(`${what}: ${why}`)
      }
      if (m.mustFail && (E.isRight(loaded) || E.isRight(described)))
        fault('a duplicate, forbidden key or cut text was accepted')
      if (E.isLeft(loaded)) {
        tally.left++
        if (loaded.left.message.length > 400) fault(`a message of ${loaded.left.message.length} characters`)
      } else {
        // Every key and value of the mutant is in what was loaded: saving it gives the mutant's JSON back.
        tally.load++
        const again = unsafeRight(Model.save(net, loaded.right.theta, loaded.right.cost))
        // (the mutant's text was written by JSON.stringify, which writes -0 as 0)
        const back: unknown = JSON.parse(again, (_, v) => (Object.is(v, -0) ? 0 : v))
        if (!isDeepStrictEqual(back, JSON.parse(m.text))) expect(back, what).toEqual(JSON.parse(m.text))
        if (E.isLeft(described)) fault(`load accepts it, so describe must, but: ${described.left.message}`)
      }
      if (E.isRight(described)) {
        tally.describe++
        const got: unknown = JSON.parse(JSON.stringify(described.right))
        if (!isDeepStrictEqual(got, stated(JSON.parse(m.text)))) expect(got, what).toEqual(stated(JSON.parse(m.text)))
      }
      // A parsed object says the same as its text (only duplicates differ: JSON.parse hides them); every 3rd.
      if (n % 3 === 0 && m.kind !== 'duplicate' && E.isRight(E.tryCatch(() => JSON.parse(m.text), String))) {
        const u: unknown = JSON.parse(m.text)
        if (messages(Model.load(net, u)) !== messages(loaded))
          expect(messages(Model.load(net, u)), what).toBe(messages(loaded))
        if (messages(Model.describe(u)) !== messages(described))
          expect(messages(Model.describe(u)), what).toBe(messages(described))
      }
    }
    // Not vacuous: most mutants are rejected, some are valid files (a changed weight, a space), of every kind.
    expect(tally.left).toBeGreaterThan(8_000)
    expect(tally.load).toBeGreaterThan(300)
    expect(tally.describe).toBeGreaterThan(tally.load)
    expect([...kinds.keys()].sort()).toEqual(['change', 'cut', 'delete', 'duplicate', 'inject', 'insert', 'rename'])
  })
})
