/**
 * The compile-time shape rules of convolution and pooling: small, bounded arithmetic on dims.
 *
 * The output height of a convolution is `(H + 2P − K) / S + 1` ('valid': `P = 0`) or `⌈H / S⌉` ('same'). The
 * types compute it on decimal digits (a dim is read as the string `${H}`, its digits subtracted, divided and
 * multiplied with carries, schoolbook style), so the cost grows with the number of digits, not with the size
 * of the dim: a few hundred type instantiations per op, whatever `H`. Every dim, kernel size, window and
 * stride must be an integer from 0 to `MaxStaticDim` (4096); beyond it the result is a message saying so,
 * never a silent `number`. A `number` (dynamic) dim gives a `number` output dim, checked at run time.
 *
 * @since 0.2.0
 */
import type { AnyNamedDim, Dynamic } from './shape.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The largest dim, kernel size, window or stride whose output shape the compiler computes: 4096. A larger
 * literal is reported (`conv2d: the height 5000 is outside 0..4096, …`); mark it `dynamic(n)` to have it
 * checked at run time instead.
 *
 * @category model
 * @since 0.2.0
 */
export type MaxStaticDim = 4096

/**
 * How a convolution treats the border: `'valid'` uses only windows that fit inside the input (output
 * `(H − K) / S + 1`, which must be an integer), `'same'` pads with zeros so that the output is `⌈H / S⌉`, with
 * TensorFlow's split of the padding (`pad = max((⌈H/S⌉ − 1)·S + K − H, 0)`, `⌊pad/2⌋` before, the rest after).
 *
 * @category model
 * @since 0.2.0
 */
export type Padding = 'valid' | 'same'

// -------------------------------------------------------------------------------------
// digits (internal)
// -------------------------------------------------------------------------------------

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9

/** A non-negative integer as its decimal digits, least significant first; zero is `[]`. */
type Ds = ReadonlyArray<Digit>

/** `a − b − borrow` as `[digit, borrow]`, indexed `[borrow][a][b]`. */
type Differences = [
  [
    [[0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1], [4, 1], [3, 1], [2, 1], [1, 1]],
    [[1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1], [4, 1], [3, 1], [2, 1]],
    [[2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1], [4, 1], [3, 1]],
    [[3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1], [4, 1]],
    [[4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1]],
    [[5, 0], [4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1]],
    [[6, 0], [5, 0], [4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1]],
    [[7, 0], [6, 0], [5, 0], [4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1]],
    [[8, 0], [7, 0], [6, 0], [5, 0], [4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1]],
    [[9, 0], [8, 0], [7, 0], [6, 0], [5, 0], [4, 0], [3, 0], [2, 0], [1, 0], [0, 0]],
  ],
  [
    [[9, 1], [8, 1], [7, 1], [6, 1], [5, 1], [4, 1], [3, 1], [2, 1], [1, 1], [0, 1]],
    [[0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1], [4, 1], [3, 1], [2, 1], [1, 1]],
    [[1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1], [4, 1], [3, 1], [2, 1]],
    [[2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1], [4, 1], [3, 1]],
    [[3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1], [4, 1]],
    [[4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1], [5, 1]],
    [[5, 0], [4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1], [6, 1]],
    [[6, 0], [5, 0], [4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1], [7, 1]],
    [[7, 0], [6, 0], [5, 0], [4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1], [8, 1]],
    [[8, 0], [7, 0], [6, 0], [5, 0], [4, 0], [3, 0], [2, 0], [1, 0], [0, 0], [9, 1]],
  ],
]

type DigitSub<A extends Digit, B extends Digit, C extends 0 | 1> = Differences[C][A][B]

/** `a + b + carry` as `[digit, carry]`, indexed `[carry][a][b]`. */
type Sums = [
  [
    [[0, 0], [1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0]],
    [[1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1]],
    [[2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1]],
    [[3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1]],
    [[4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1]],
    [[5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1]],
    [[6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1]],
    [[7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1]],
    [[8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1]],
    [[9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1], [8, 1]],
  ],
  [
    [[1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1]],
    [[2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1]],
    [[3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1]],
    [[4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1]],
    [[5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1]],
    [[6, 0], [7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1]],
    [[7, 0], [8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1]],
    [[8, 0], [9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1]],
    [[9, 0], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1], [8, 1]],
    [[0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1], [8, 1], [9, 1]],
  ],
]

type DigitAdd<A extends Digit, B extends Digit, C extends 0 | 1> = Sums[C][A][B]

/** `a·d` as `[digit, carry]`, a literal table: cheaper to index than to count out. */
type Products = [
  [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]],
  [[0, 0], [1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0]],
  [[0, 0], [2, 0], [4, 0], [6, 0], [8, 0], [0, 1], [2, 1], [4, 1], [6, 1], [8, 1]],
  [[0, 0], [3, 0], [6, 0], [9, 0], [2, 1], [5, 1], [8, 1], [1, 2], [4, 2], [7, 2]],
  [[0, 0], [4, 0], [8, 0], [2, 1], [6, 1], [0, 2], [4, 2], [8, 2], [2, 3], [6, 3]],
  [[0, 0], [5, 0], [0, 1], [5, 1], [0, 2], [5, 2], [0, 3], [5, 3], [0, 4], [5, 4]],
  [[0, 0], [6, 0], [2, 1], [8, 1], [4, 2], [0, 3], [6, 3], [2, 4], [8, 4], [4, 5]],
  [[0, 0], [7, 0], [4, 1], [1, 2], [8, 2], [5, 3], [2, 4], [9, 4], [6, 5], [3, 6]],
  [[0, 0], [8, 0], [6, 1], [4, 2], [2, 3], [0, 4], [8, 4], [6, 5], [4, 6], [2, 7]],
  [[0, 0], [9, 0], [8, 1], [7, 2], [6, 3], [5, 4], [4, 5], [3, 6], [2, 7], [1, 8]],
]

/** `a·d + carry` (at most 89) as `[digit, carryOut]`: the table's digit plus the carry, with its own carry. */
type DigitMul<A extends Digit, D extends Digit, C extends Digit> = Products[A][D] extends [
  infer lo extends Digit,
  infer hi extends Digit,
]
  ? Sums[0][lo][C] extends [infer d extends Digit, infer c extends number]
    ? [d, c extends 1 ? Inc[hi] : hi]
    : never
  : never

type Inc = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

type Head<D extends Ds> = D extends readonly [infer H extends Digit, ...Ds] ? H : 0

type Tail<D extends Ds> = D extends readonly [Digit, ...infer R extends Ds] ? R : []

/** Drops the most significant zeros, so that every number has one spelling. */
type Trim<D extends Ds> = D extends readonly [...infer R extends Ds, 0] ? Trim<R> : D

/** `A − B`, or `'negative'` when `B > A`. */
type SubDs<A extends Ds, B extends Ds, C extends 0 | 1 = 0, Acc extends Ds = []> = A extends readonly [
  infer a extends Digit,
  ...infer ra extends Ds,
]
  ? DigitSub<a, Head<B>, C> extends [infer d extends Digit, infer c extends 0 | 1]
    ? SubDs<ra, Tail<B>, c, [...Acc, d]>
    : never
  : B extends readonly []
    ? C extends 0
      ? Trim<Acc>
      : 'negative'
    : 'negative'

/** `A + B`. */
type AddDs<A extends Ds, B extends Ds, C extends 0 | 1 = 0, Acc extends Ds = []> = A extends readonly []
  ? B extends readonly []
    ? C extends 1
      ? [...Acc, 1]
      : Acc
    : AddDs<[0], B, C, Acc>
  : DigitAdd<Head<A>, Head<B>, C> extends [infer d extends Digit, infer c extends 0 | 1]
    ? AddDs<Tail<A>, Tail<B>, c, [...Acc, d]>
    : never

/** `A·d` for one digit `d`. */
type MulDigitDs<A extends Ds, D extends Digit, C extends Digit = 0, Acc extends Ds = []> = A extends readonly [
  infer a extends Digit,
  ...infer ra extends Ds,
]
  ? DigitMul<a, D, C> extends [infer d extends Digit, infer c extends Digit]
    ? MulDigitDs<ra, D, c, [...Acc, d]>
    : never
  : Trim<[...Acc, C]>

/** `A·B`, schoolbook: one partial product per digit of `B`, each shifted by one more place. */
type MulDs<A extends Ds, B extends Ds, Acc extends Ds = []> = B extends readonly [
  infer b extends Digit,
  ...infer rb extends Ds,
]
  ? MulDs<Trim<[0, ...A]>, rb, AddDs<Acc, MulDigitDs<A, b>>>
  : Acc

/** One step of long division: the largest `q` ≤ 9 with `q·S ≤ R`, found by subtracting `S` up to 9 times. */
type DivStep<R extends Ds, S extends Ds, Q extends ReadonlyArray<0> = []> =
  SubDs<R, S> extends infer X extends Ds ? DivStep<X, S, [...Q, 0]> : [Q['length'], R]

/** `[⌊N / S⌋, N mod S]` by long division, most significant digit of `N` first. */
type DivModDs<N extends Ds, S extends Ds, R extends Ds = [], Q extends Ds = []> = N extends readonly [
  ...infer Rest extends Ds,
  infer d extends Digit,
]
  ? DivStep<R extends readonly [] ? (d extends 0 ? [] : [d]) : [d, ...R], S> extends [
      infer q extends Digit,
      infer r extends Ds,
    ]
    ? DivModDs<Rest, S, r, [q, ...Q]>
    : never
  : [Trim<Q>, R]

/** The digits of a non-negative integer literal, or `'bad'` (negative, fractional, exponent form). */
type DigitsOf<S extends string, Acc extends Ds = []> = S extends ''
  ? Trim<Acc>
  : S extends `${infer C extends Digit}${infer R}`
    ? DigitsOf<R, [C, ...Acc]>
    : 'bad'

type Text<D extends Ds, Acc extends string = ''> = D extends readonly [infer H extends Digit, ...infer R extends Ds]
  ? Text<R, `${H}${Acc}`>
  : Acc

/** The number literal of a digit list. */
type NumOf<D extends Ds> = D extends readonly [] ? 0 : `${Text<D>}` extends `${infer N extends number}` ? N : never

type MaxDs = [6, 9, 0, 4]

/** The digits of `N` when it is an integer literal in `0..MaxStaticDim`, else `'bad'`. */
type Bounded<N extends number> =
  DigitsOf<`${N}`> extends infer D extends Ds ? (SubDs<MaxDs, D> extends 'negative' ? 'bad' : D) : 'bad'

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

/**
 * Whether a dim is known only at run time: `number`, a `Dynamic` or a named dim.
 */
type IsDynamic<X> = number extends X ? true : [X] extends [Dynamic] ? true : [X] extends [AnyNamedDim] ? true : false

/**
 * The output length of one spatial axis, or a message. `H` input length, `K` kernel (or window) length, `S`
 * stride, `P` padding; `Op` and `Axis` name the op and the axis in messages, `Win` the word for `K`.
 *
 * 'valid': `(H − K) / S + 1`, which needs `K ≤ H` and `S | (H − K)`. 'same': `⌈H / S⌉ = ⌊(H + S − 1) / S⌋`.
 *
 * @category model
 * @since 0.2.0
 */
export type OutLength<
  Op extends string,
  Axis extends string,
  Win extends string,
  H extends number,
  K extends number,
  S extends number,
  P extends Padding,
> =
  IsDynamic<H> extends true
    ? number
    : IsDynamic<K> extends true
      ? number
      : IsDynamic<S> extends true
        ? number
        : [Padding] extends [P]
          ? number
          : Bounded<H> extends infer h extends Ds
            ? Bounded<K> extends infer k extends Ds
              ? Bounded<S> extends infer s extends Ds
                ? s extends readonly []
                  ? `${Op}: the stride must be at least 1, got 0`
                  : k extends readonly []
                    ? `${Op}: the ${Win} must be at least 1, got 0`
                    : P extends 'same'
                      ? SameLength<h, s>
                      : ValidLength<Op, Axis, Win, H, K, S, h, k, s>
                : `${Op}: the stride ${S} is outside 1..${MaxStaticDim}, the range of compile-time strides`
              : `${Op}: the ${Win} ${K} is outside 1..${MaxStaticDim}, the range of compile-time sizes`
            : `${Op}: the ${Axis} ${H} is outside 0..${MaxStaticDim}, the range of compile-time dims (mark it dynamic(n) to check it at run time)`

/** `⌈H / S⌉ = ⌊(H + S − 1) / S⌋`. */
type SameLength<h extends Ds, s extends Ds> = s extends readonly [1]
  ? NumOf<h>
  : SubDs<AddDs<h, s>, [1]> extends infer n extends Ds
    ? DivModDs<n, s> extends [infer q extends Ds, Ds]
      ? NumOf<q>
      : never
    : never

type ValidLength<
  Op extends string,
  Axis extends string,
  Win extends string,
  H extends number,
  K extends number,
  S extends number,
  h extends Ds,
  k extends Ds,
  s extends Ds,
> =
  SubDs<h, k> extends infer d extends Ds
    ? (s extends readonly [1] ? [d, []] : DivModDs<d, s>) extends [infer q extends Ds, infer r extends Ds]
      ? r extends readonly []
        ? NumOf<AddDs<q, [1]>>
        : [K] extends [S]
          ? `${Op}: ${H} is not divisible by ${S} (the ${Axis})`
          : `${Op}: ${H} − ${K} = ${NumOf<d>} is not divisible by the stride ${S} (the ${Axis})`
      : never
    : `${Op}: ${Win} ${K} is larger than the input ${H} (the ${Axis})`

/**
 * `H·W·C`, the width of a flattened `[B, H, W, C]` tensor, or a message when a dim is outside the range;
 * `number` when any of them is dynamic.
 *
 * @category model
 * @since 0.2.0
 */
export type Product3<Op extends string, H extends number, W extends number, C extends number> =
  IsDynamic<H> extends true
    ? number
    : IsDynamic<W> extends true
      ? number
      : IsDynamic<C> extends true
        ? number
        : Bounded<H> extends infer h extends Ds
          ? Bounded<W> extends infer w extends Ds
            ? Bounded<C> extends infer c extends Ds
              ? NumOf<MulDs<MulDs<h, w>, c>>
              : `${Op}: the channel count ${C} is outside 0..${MaxStaticDim}, the range of compile-time dims`
            : `${Op}: the width ${W} is outside 0..${MaxStaticDim}, the range of compile-time dims`
          : `${Op}: the height ${H} is outside 0..${MaxStaticDim}, the range of compile-time dims`

/**
 * The dim of a rule's result: the length itself, `never` for a message (the message is reported on the
 * checked argument; the result type of a rejected call does not matter).
 *
 * @category model
 * @since 0.2.0
 */
export type LengthOf<X> = X extends number ? X : never

/**
 * A kernel, window or stride size: one number for both spatial axes, or `[height, width]`.
 *
 * @category model
 * @since 0.2.0
 */
export type Size2 = number | readonly [number, number]

/**
 * The size along one axis (`0` height, `1` width) of a {@link Size2}: the number itself, or that entry of the
 * pair.
 *
 * @category model
 * @since 0.2.0
 */
export type SizeAt<S extends Size2, I extends 0 | 1> = S extends readonly [number, number] ? S[I] : S

/**
 * A {@link Size2} as messages print it: `3`, or `[3, 5]`.
 *
 * @category model
 * @since 0.2.0
 */
export type ShowSize<S extends Size2> = S extends readonly [infer A extends number, infer B extends number]
  ? `[${A}, ${B}]`
  : `${S & number}`
