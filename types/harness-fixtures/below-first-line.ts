// Wrong: the text is in the diagnostic, but only on an elaboration line below the first (here the last line of a
// TypeScript assignability chain). An editor shows the first line; the harness must reject this.
import { zeros } from 'tensorial'
import type { Tensor } from 'tensorial'
// @expect-error TS2322 Type '3' is not assignable to type '2'
export const t: Tensor<readonly [2]> = zeros([3])
