/**
 * The one place tensors are allocated. Everything here is internal.
 * @internal
 * @since 0.1.0
 */
import type { Shape } from '../shape.js'
import type { Tensor } from '../tensor.js'

const made = new WeakSet<object>()

/**
 * Wraps a freshly allocated buffer as a tensor. The caller hands over `data` and must not write it again.
 * @internal
 */
export const make = <S extends Shape>(shape: S, data: Float64Array): Tensor<S> => {
  const t = Object.freeze({ shape: Object.freeze(shape.slice()) as unknown as S, data })
  made.add(t)
  return t as unknown as Tensor<S>
}

/**
 * Whether `u` is a tensor that `make` built.
 * @internal
 */
export const isTensor = (u: unknown): u is Tensor<Shape> => typeof u === 'object' && u !== null && made.has(u)

/**
 * The writable buffer behind a tensor: for kernels that read it, never to write a tensor already returned.
 * @internal
 */
export const buf = (t: Tensor<Shape>): Float64Array => t.data as unknown as Float64Array

/**
 * Whether `d` can be a dim: a non-negative safe integer.
 * @internal
 */
export const validDim = (d: number): boolean => Number.isSafeInteger(d) && d >= 0
