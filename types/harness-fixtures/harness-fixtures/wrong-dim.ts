// Wrong reason: a rank error where the inner-dim message is expected. The harness must reject this.
import { matmul, zeros } from 'tensorial'
// @expect-error TS2345 matmul: inner dims differ
export const m = matmul(zeros([2, 3]), zeros([3]))
