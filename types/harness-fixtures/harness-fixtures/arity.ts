// Wrong reason: an arity error (TS2554) where a shape error is expected. The harness must reject this.
import { matmul, zeros } from 'tensorial'
// @expect-error TS2345 matmul: inner dims differ
export const m = matmul(zeros([2, 3]))
