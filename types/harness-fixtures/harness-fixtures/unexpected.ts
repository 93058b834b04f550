// Wrong: an error on an unmarked line. The harness must reject this.
import { matmul, zeros } from 'tensorial'
export const m = matmul(zeros([2, 3]), zeros([4, 5]))
