// Wrong: the right code and op, but the message names other dims ((3 vs 5), not the actual (3 vs 4)). The harness
// must reject this: a message that names the wrong dims is a wrong test.
import { matmul, zeros } from 'tensorial'
// @expect-error TS2345 matmul: inner dims differ (3 vs 5)
export const m = matmul(zeros([2, 3]), zeros([4, 5]))
