/**
 * Seeded, pure randomness. A generator state `Rng` is an immutable value; every draw is an fp-ts
 * `State<Rng, A>`, a function `rng => [value, nextRng]`, so randomness is threaded explicitly and the same
 * seed always gives bit-identical results. There is no `Math.random` anywhere in tensorial.
 *
 * The generator is xoshiro128** (Blackman and Vigna), seeded through splitmix32; a double in [0, 1) takes
 * 53 bits from two 32-bit outputs.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * const [u, rng1] = uniform(seed(42))
 * const [perm] = permutation(5)(rng1)
 *
 * @since 0.1.0
 */
import type { State } from 'fp-ts/lib/State.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

declare const RngBrand: unique symbol

/**
 * The immutable state of the generator.
 *
 * @category model
 * @since 0.1.0
 */
export interface Rng {
  readonly state: readonly [number, number, number, number]
  readonly [RngBrand]: true
}

const mk = (a: number, b: number, c: number, d: number): Rng =>
  Object.freeze({ state: Object.freeze([a >>> 0, b >>> 0, c >>> 0, d >>> 0] as const) }) as unknown as Rng

// -------------------------------------------------------------------------------------
// internal: a mutable cursor used inside one draw, never exposed
// -------------------------------------------------------------------------------------

class Cursor {
  a: number
  b: number
  c: number
  d: number
  constructor(rng: Rng) {
    ;[this.a, this.b, this.c, this.d] = rng.state
  }
  /** xoshiro128**: the next 32-bit unsigned output. */
  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0
    const t = this.b << 9
    this.c ^= this.a
    this.d ^= this.b
    this.b ^= this.c
    this.a ^= this.d
    this.c ^= t
    this.d = rotl(this.d, 11)
    return r
  }
  /** A double in [0, 1) with 53 random bits. */
  float(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992
  }
  /** A standard normal by Box–Muller (one of the pair; the sine half is discarded for simplicity). */
  normal(): number {
    let u = 0
    while (u === 0) u = this.float()
    const v = this.float()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  rng(): Rng {
    return mk(this.a, this.b, this.c, this.d)
  }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))

const draw =
  <A>(f: (c: Cursor) => A): State<Rng, A> =>
  (rng) => {
    const c = new Cursor(rng)
    const a = f(c)
    return [a, c.rng()]
  }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A generator from an integer seed (any number; it is hashed with splitmix32, so nearby seeds give unrelated
 * streams).
 *
 * @category constructors
 * @since 0.1.0
 */
export const seed = (n: number): Rng => {
  const lo = Math.trunc(n) >>> 0
  const hi = Math.trunc(n / 4294967296) >>> 0
  // Two splitmix32 streams, one per 32-bit half, XORed: seeds that differ only above bit 32 differ too.
  const a = splitmix(lo, 4)
  const b = splitmix(hi ^ 0x5bd1e995, 4)
  const s = a.map((x, i) => (x ^ (b[i] as number)) >>> 0)
  return mk(
    s[0] as number,
    s[1] as number,
    s[2] as number,
    (s[3] as number) === 0 && s.every((x) => x === 0) ? 1 : (s[3] as number),
  )
}

/** `count` outputs of splitmix32 from state `x`. */
const splitmix = (x0: number, count: number): Array<number> => {
  let x = x0 >>> 0
  return Array.from({ length: count }, () => {
    x = (x + 0x9e3779b9) >>> 0
    let z = x
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  })
}

/**
 * Two independent generators from one, e.g. one for initialisation and one for shuffling.
 *
 * @category constructors
 * @since 0.1.0
 */
export const split: State<Rng, Rng> = draw((c) => {
  // 128 bits of the parent stream, each word scrambled by splitmix32 so the child is not a shifted copy.
  const w = [c.u32(), c.u32(), c.u32(), c.u32()].map((x) => splitmix(x, 1)[0] as number)
  return mk(w[0] as number, w[1] as number, w[2] as number, w.every((x) => x === 0) ? 1 : (w[3] as number))
})

// -------------------------------------------------------------------------------------
// draws
// -------------------------------------------------------------------------------------

/**
 * A uniform double in [0, 1).
 *
 * @category draws
 * @since 0.1.0
 */
export const uniform: State<Rng, number> = draw((c) => c.float())

/**
 * A standard normal N(0, 1) by the Box–Muller transform.
 *
 * @category draws
 * @since 0.1.0
 */
export const normal: State<Rng, number> = draw((c) => c.normal())

/**
 * `n` uniform doubles in `[lo, hi)`.
 *
 * @category draws
 * @since 0.1.0
 */
export const uniforms = (n: number, lo = 0, hi = 1): State<Rng, Float64Array> =>
  draw((c) => {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * c.float()
    return out
  })

/**
 * `n` normal doubles with mean `mean` and standard deviation `std`.
 *
 * @category draws
 * @since 0.1.0
 */
export const normals = (n: number, mean = 0, std = 1): State<Rng, Float64Array> =>
  draw((c) => {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = mean + std * c.normal()
    return out
  })

/**
 * A uniform integer in `[0, n)` (unbiased, by rejection); a fractional `n` counts as `⌊n⌋`, and `n ≤ 1` gives 0.
 *
 * @category draws
 * @since 0.1.0
 */
export const int = (n: number): State<Rng, number> => draw((c) => intBelow(c, Math.floor(n)))

const intBelow = (c: Cursor, n: number): number => {
  if (n <= 1) return 0
  if (n <= 4294967296) {
    const limit = 4294967296 - (4294967296 % n)
    let x = c.u32()
    while (x >= limit) x = c.u32()
    return x % n
  }
  return Math.floor(c.float() * n)
}

/**
 * A uniformly random permutation of `0 … n−1` (Fisher–Yates).
 *
 * @category draws
 * @since 0.1.0
 */
export const permutation = (n: number): State<Rng, ReadonlyArray<number>> =>
  draw((c) => {
    const p = Array.from({ length: n }, (_, i) => i)
    for (let i = n - 1; i > 0; i--) {
      const j = intBelow(c, i + 1)
      const t = p[i] as number
      p[i] = p[j] as number
      p[j] = t
    }
    return p
  })
