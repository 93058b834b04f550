import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { numel, sameShape, showShape, tensor, toFlat, zeros } from 'tensorial'

import { arbShape } from '../util.js'

describe('numel', () => {
  it('is the product of the dims', () => {
    expect(numel([2, 3])).toBe(6)
    expect(numel([2, 3, 4])).toBe(24)
    expect(numel([7])).toBe(7)
  })

  it('is 1 for a scalar shape and 0 when any dim is 0', () => {
    expect(numel([])).toBe(1)
    expect(numel([0])).toBe(0)
    expect(numel([3, 0, 5])).toBe(0)
  })

  it('equals the number of entries of a tensor of that shape', () => {
    fc.assert(
      fc.property(arbShape(4, 4), (s) => {
        expect(toFlat(zeros(s as never))).toHaveLength(numel(s))
      }),
      { numRuns: 100 },
    )
  })
})

describe('sameShape', () => {
  it('compares dim for dim', () => {
    expect(sameShape([2, 3], [2, 3])).toBe(true)
    expect(sameShape([], [])).toBe(true)
    expect(sameShape([2, 3], [3, 2])).toBe(false)
    expect(sameShape([2, 3], [2, 4])).toBe(false)
  })

  it('is false for different ranks, even when one is a prefix of the other or the sizes agree', () => {
    expect(sameShape([2], [2, 1])).toBe(false)
    expect(sameShape([2, 1], [2])).toBe(false)
    expect(sameShape([6], [2, 3])).toBe(false)
    expect(sameShape([], [1])).toBe(false)
  })

  it('compares runtime tensor shapes', () => {
    expect(sameShape(tensor([[1, 2]]).shape, zeros([1, 2]).shape)).toBe(true)
  })

  it('is reflexive and symmetric, and agrees with comparing the arrays (property)', () => {
    fc.assert(
      fc.property(arbShape(), arbShape(), (a, b) => {
        expect(sameShape(a, [...a])).toBe(true)
        expect(sameShape(a, b)).toBe(sameShape(b, a))
        expect(sameShape(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b))
      }),
      { numRuns: 200 },
    )
  })
})

describe('showShape', () => {
  it('renders a shape as [d1, d2, …]', () => {
    expect(showShape([2, 3])).toBe('[2, 3]')
    expect(showShape([784])).toBe('[784]')
    expect(showShape([1, 0, 5])).toBe('[1, 0, 5]')
  })

  it('renders the scalar shape as []', () => {
    expect(showShape([])).toBe('[]')
  })

  it('shows invalid dims as they are, so error messages name them', () => {
    expect(showShape([-1, 1.5])).toBe('[-1, 1.5]')
    expect(showShape([NaN])).toBe('[NaN]')
  })
})
