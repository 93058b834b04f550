// Wrong reason: a ragged literal gives the ragged message, not the dynamic-shape one that points to fromNested.
import { tensor } from 'tensorial'
// @expect-error TS2345 use fromNested
export const t = tensor([[1, 2], [3]])
