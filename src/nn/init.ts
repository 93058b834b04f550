/**
 * Initialisers for weights and biases: seeded, pure draws (`State<Rng, Float64Array>`).
 *
 * @since 0.1.0
 */
import type { State } from 'fp-ts/lib/State.js'

import type { Rng } from '../core/random.js'
import { normals, uniforms } from '../core/random.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The serialisable description of an initialiser.
 *
 * @category model
 * @since 0.1.0
 */
export type InitSpec =
  | { readonly name: 'normal'; readonly std: number }
  | { readonly name: 'uniform'; readonly low: number; readonly high: number }
  | { readonly name: 'xavierNormal' }
  | { readonly name: 'xavierUniform' }
  | { readonly name: 'he' }
  | { readonly name: 'constant'; readonly value: number }

/**
 * Draws `n` initial values for a parameter of a layer with `fanIn` inputs and `fanOut` outputs.
 *
 * @category model
 * @since 0.1.0
 */
export interface Initializer {
  readonly spec: InitSpec
  /** The `n` values for a parameter of a layer with `fanIn` inputs and `fanOut` outputs. */
  readonly draw: (fanIn: number, fanOut: number, n: number) => State<Rng, Float64Array>
}

// -------------------------------------------------------------------------------------
// initialisers
// -------------------------------------------------------------------------------------

/**
 * `w ~ N(0, std²)`.
 *
 * @category initializers
 * @since 0.1.0
 */
export const normal = (std: number): Initializer => ({
  spec: { name: 'normal', std },
  draw: (_i, _o, n) => normals(n, 0, std),
})

/**
 * `w ~ U[low, high)`.
 *
 * @category initializers
 * @since 0.1.0
 */
export const uniform = (low: number, high: number): Initializer => ({
  spec: { name: 'uniform', low, high },
  draw: (_i, _o, n) => uniforms(n, low, high),
})

/**
 * Xavier/Glorot normal: `w ~ N(0, 2/(fanIn + fanOut))`, for sigmoid and tanh layers.
 *
 * @category initializers
 * @since 0.1.0
 */
export const xavierNormal: Initializer = {
  spec: { name: 'xavierNormal' },
  draw: (i, o, n) => normals(n, 0, Math.sqrt(2 / Math.max(1, i + o))),
}

/**
 * Xavier/Glorot uniform: `w ~ U[−r, r)` with `r = √(6/(fanIn + fanOut))`.
 *
 * @category initializers
 * @since 0.1.0
 */
export const xavierUniform: Initializer = {
  spec: { name: 'xavierUniform' },
  draw: (i, o, n) => {
    const r = Math.sqrt(6 / Math.max(1, i + o))
    return uniforms(n, -r, r)
  },
}

/**
 * He (Kaiming) normal: `w ~ N(0, 2/fanIn)`, for ReLU-family layers.
 *
 * @category initializers
 * @since 0.1.0
 */
export const he: Initializer = {
  spec: { name: 'he' },
  draw: (i, _o, n) => normals(n, 0, Math.sqrt(2 / Math.max(1, i))),
}

/**
 * Every value `c`; the course starts biases at 0.01.
 *
 * @category initializers
 * @since 0.1.0
 */
export const constant = (value: number): Initializer => ({
  spec: { name: 'constant', value },
  draw: (_i, _o, n) => (rng) => [new Float64Array(n).fill(value), rng],
})

/**
 * The initialiser described by a spec.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromSpec = (spec: InitSpec): Initializer => {
  switch (spec.name) {
    case 'normal':
      return normal(spec.std)
    case 'uniform':
      return uniform(spec.low, spec.high)
    case 'xavierNormal':
      return xavierNormal
    case 'xavierUniform':
      return xavierUniform
    case 'he':
      return he
    case 'constant':
      return constant(spec.value)
  }
}
