/**
 * The one place tensors are allocated. Everything here is internal.
 * @internal
 * @since 0.1.0
 */
import type { Shape } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'

/**
 * The runtime representation of every tensor. A class, so that construction is one allocation with a stable
 * hidden class (ops stay monomorphic), and `isTensor` tests a private field (so `Object.create(t)` is not a tensor) (a `WeakSet` of made tensors cost
 * 40 % of a single-example training step). Shapes are frozen; instances are not: their fields are `readonly` in
 * every public type, the `data` buffer cannot be frozen anyway (typed arrays refuse), and `Object.freeze` on each
 * new tensor cost a quarter of a single-example training step.
 * @internal
 */
class TensorImpl {
  readonly #made = true
  constructor(
    readonly shape: Shape,
    readonly data: Float64Array,
  ) {}
  /** Whether `u` was constructed by this class (not merely inheriting from an instance). */
  static is(u: unknown): boolean {
    return typeof u === 'object' && u !== null && #made in u
  }
}

/**
 * Wraps a freshly allocated buffer as a tensor. The caller hands over `data` and must not write it again. The
 * shape is frozen; a shape that is already frozen (another tensor's) is shared, not copied.
 * @internal
 */
export const make = <S extends Shape>(shape: S, data: Float64Array): Tensor<S> =>
  new TensorImpl(Object.isFrozen(shape) ? shape : Object.freeze(shape.slice()), data) as unknown as Tensor<S>

/**
 * `make` for a shape array the caller has just created and will not keep (ops' `[m, n]`): frozen in place,
 * not copied.
 * @internal
 */
export const makeFresh = <S extends Shape>(shape: S, data: Float64Array): Tensor<S> =>
  new TensorImpl(Object.freeze(shape), data) as unknown as Tensor<S>

/**
 * Whether `u` is a tensor that `make` built.
 * @internal
 */
export const isTensor = (u: unknown): u is Tensor<Shape> => TensorImpl.is(u)

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
