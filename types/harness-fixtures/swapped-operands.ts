// Wrong: `pipe(a, P.sub(b))` is a − b, so the message shows `self` first: "[2, 3] vs [3, 3]". A fixture that
// expects the operands the other way round must be rejected.
import { pipe } from 'fp-ts/lib/function.js'
import { P, zeros } from 'tensorial'
// @expect-error TS2345 sub: shapes differ, [3, 3] vs [2, 3]
export const d = pipe(zeros([2, 3]), P.sub(zeros([3, 3])))
