// Wrong: a marked line that compiles (the naive signature would accept it). The harness must reject this.
import { matmul, zeros } from 'tensorial'
// @expect-error TS2345 matmul: inner dims differ
export const m = matmul(zeros([2, 3]), zeros([3, 5]))
