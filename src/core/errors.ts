/**
 * Errors of tensorial, as one tagged union.
 *
 * Ops whose shapes the types prove are total. A `ShapeError` is thrown only when a *dynamic* dim (`number`)
 * turns out wrong at run time: a programming error like an index out of range. At boundaries (decoding,
 * `fromArray`, `reshape`) the same error comes back as a value, in an `Either`.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'

import { showValue } from '../internal/show.js'
import type { Shape } from './shape.js'
import { showShape } from './shape.js'

/** A shape in a message, bounded: at most 8 dims shown, whatever the run-time value (never throws). */
const showDims = (shape: Shape): string => {
  try {
    if (!Array.isArray(shape)) return showValue(shape)
    if (shape.length <= 8 && shape.every((d) => typeof d === 'number')) return showShape(shape)
    const dims = shape.slice(0, 8).map((d: unknown) => (typeof d === 'number' ? String(d) : showValue(d)))
    return `[${dims.join(', ')}${shape.length > 8 ? `, …] (rank ${shape.length})` : ']'}`
  } catch {
    return 'an unreadable shape'
  }
}

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
    super(`${op}: ${reason}${shapes.length > 0 ? ` (shapes ${shapes.slice(0, 4).map(showDims).join(' and ')})` : ''}`)
  }
}

/**
 * A configuration value outside its allowed range: a hyper-parameter, a training option or a spec read from
 * a file. `field` is the path from the config's root (`optimizer.eta`, `earlyStopping.patience`), `value` the
 * offending value as shown in messages, `allowed` the range in words (`a finite number > 0`).
 *
 * @category errors
 * @since 0.2.0
 */
export interface InvalidConfig {
  readonly _tag: 'InvalidConfig'
  readonly field: string
  readonly value: string
  readonly allowed: string
  readonly message: string
}

/**
 * Builds an {@link InvalidConfig}: `invalidConfig('optimizer.eta', -1, 'a finite number > 0')` has the message
 * `optimizer.eta: -1 is not allowed (expected a finite number > 0)`.
 *
 * @category errors
 * @since 0.2.0
 */
export const invalidConfig = (field: string, value: unknown, allowed: string): InvalidConfig => {
  const shown = showValue(value)
  return {
    _tag: 'InvalidConfig',
    field,
    value: shown,
    allowed,
    message: `${field}: ${shown} is not allowed (expected ${allowed})`,
  }
}

/**
 * Data that could not be decoded: one plain-words message per fault (`messages`) and, when the fault came
 * from an io-ts codec, the raw io-ts `errors` with their contexts. Defined here, beside `ShapeError`, so that
 * every layer can report it; `Codec.DecodeError` is the same class.
 *
 * @category errors
 * @since 0.1.0
 */
export class DecodeError extends Error {
  readonly _tag = 'DecodeError' as const
  override readonly name = 'DecodeError'
  constructor(
    /** One line per fault, e.g. `w: expected shape [2, 3], got [3, 2]`. */
    readonly messages: ReadonlyArray<string>,
    /** The io-ts errors behind `messages`, empty for faults found outside io-ts (CSV, JSON syntax). */
    readonly errors: t.Errors = [],
  ) {
    super(messages.join('\n'))
  }
}

/**
 * Data that could not be written: a model whose Θ holds a non-finite entry, which no model file can hold.
 * One plain-words message per fault, naming the layer and the parameter.
 *
 * @category errors
 * @since 0.2.0
 */
export class EncodeError extends Error {
  readonly _tag = 'EncodeError' as const
  override readonly name = 'EncodeError'
  constructor(
    /** One line per fault, e.g. `layers[1].params.W: layer 2 (W) has a non-finite entry, NaN at [0, 1]; …`. */
    readonly messages: ReadonlyArray<string>,
  ) {
    super(messages.join('\n'))
  }
}

/**
 * Every error tensorial reports: shapes that do not fit an op, data that could not be decoded or written.
 *
 * @category errors
 * @since 0.1.0
 */
export type TensorError = ShapeError | DecodeError | EncodeError
