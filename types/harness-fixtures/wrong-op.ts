// Wrong: the message names the op; expecting `add:` on a `sub` call must be rejected.
import { sub, zeros } from 'tensorial'
// @expect-error TS2345 add: shapes differ, [2, 3] vs [2, 4]
export const d = sub(zeros([2, 3]), zeros([2, 4]))
