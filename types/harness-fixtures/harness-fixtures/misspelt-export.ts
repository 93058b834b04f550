// Wrong reason: a misspelt export (TS2724/TS2305) where a shape error is expected. The harness must reject this.
import { matmull, zeros } from 'tensorial'
// @expect-error TS2345 matmul: inner dims differ
export const m = matmull(zeros([2, 3]), zeros([4, 5]))
