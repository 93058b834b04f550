// Wrong reason: a property that does not exist (TS2339) where a shape error is expected. tsd's expectError accepts
// TS2339, so `expectError(a.rows)` passes there; the harness must reject this.
import { zeros } from 'tensorial'
const a = zeros([2, 3])
// @expect-error TS2345 matmul: inner dims differ
export const s = a.rows
