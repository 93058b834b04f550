/**
 * Errors of tensorial, as one tagged union.
 *
 * Ops whose shapes the types prove are total. A `ShapeError` is thrown only when a *dynamic* dim (`number`)
 * turns out wrong at run time: a programming error like an index out of range. At boundaries (decoding,
 * `fromArray`, `reshape`) the same error comes back as a value, in an `Either`.
 *
 * @since 0.1.0
 */
import type { DecodeError } from '../io/codec.js'
import type { Shape } from './shape.js'
import { showShape } from './shape.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A shape that does not fit an op, with the op and every shape involved.
 *
 * @category errors
 * @since 0.1.0
 */
export class ShapeError extends Error {
  readonly _tag = 'ShapeError' as const
  override readonly name = 'ShapeError'
  constructor(
    /** The op that refused, e.g. `matmul`. */
    readonly op: string,
    /** What was wrong, e.g. `inner dims differ (3 vs 4)`. */
    readonly reason: string,
    /** The shapes involved, in argument order. */
    readonly shapes: ReadonlyArray<Shape>,
  ) {
    super(`${op}: ${reason}${shapes.length > 0 ? ` (shapes ${shapes.map(showShape).join(' and ')})` : ''}`)
  }
}

/**
 * Every error tensorial reports: shapes that do not fit an op, and data that could not be decoded.
 *
 * @category errors
 * @since 0.1.0
 */
export type TensorError = ShapeError | DecodeError
