import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { fromArray, invalidConfig, ShapeError, type TensorError } from 'tensorial'

describe('ShapeError', () => {
  const err = new ShapeError('matmul', 'inner dims differ (3 vs 4)', [
    [2, 3],
    [4, 5],
  ])

  it('is an Error with a tag, a name and the op, reason and shapes as fields', () => {
    expect(err).toBeInstanceOf(Error)
    expect(err).toBeInstanceOf(ShapeError)
    expect(err._tag).toBe('ShapeError')
    expect(err.name).toBe('ShapeError')
    expect(err.op).toBe('matmul')
    expect(err.reason).toBe('inner dims differ (3 vs 4)')
    expect(err.shapes).toEqual([
      [2, 3],
      [4, 5],
    ])
  })

  it('has the message "op: reason (shapes …)", naming every shape in argument order', () => {
    expect(err.message).toBe('matmul: inner dims differ (3 vs 4) (shapes [2, 3] and [4, 5])')
    expect(String(err)).toBe('ShapeError: matmul: inner dims differ (3 vs 4) (shapes [2, 3] and [4, 5])')
    expect(new ShapeError('reshape', 'r', [[6], [], [1, 2, 3]]).message).toBe(
      'reshape: r (shapes [6] and [] and [1, 2, 3])',
    )
    expect(new ShapeError('fromArray', 'bad', [[2, 3]]).message).toBe('fromArray: bad (shapes [2, 3])')
  })

  it('leaves the shapes out of the message when there are none', () => {
    expect(new ShapeError('x', 'something', []).message).toBe('x: something')
  })

  it('has a stack trace and can be thrown and caught by class', () => {
    expect(err.stack).toContain('ShapeError')
    expect(() => {
      throw err
    }).toThrow(ShapeError)
  })

  it('is the TensorError that boundaries return in a Left', () => {
    const r: E.Either<TensorError, unknown> = fromArray([1], [2])
    expect(E.isLeft(r) && r.left instanceof ShapeError && r.left._tag === 'ShapeError').toBe(true)
  })

  it('narrows a TensorError by its _tag', () => {
    const describeError = (e: TensorError): string => {
      switch (e._tag) {
        case 'ShapeError':
          return `${e.op}/${e.shapes.length}`
        case 'DecodeError':
        case 'EncodeError':
          return e.messages.join('; ')
      }
    }
    expect(describeError(err)).toBe('matmul/2')
  })
})

describe('invalidConfig', () => {
  it('names the field, the value and the allowed range', () => {
    const e = invalidConfig('optimizer.eta', -1, 'a finite number > 0')
    expect(e).toEqual({
      _tag: 'InvalidConfig',
      field: 'optimizer.eta',
      value: '-1',
      allowed: 'a finite number > 0',
      message: 'optimizer.eta: -1 is not allowed (expected a finite number > 0)',
    })
    expect(invalidConfig('task', 'clasification', "'classification' or 'regression'").message).toBe(
      `task: "clasification" is not allowed (expected 'classification' or 'regression')`,
    )
  })
})
