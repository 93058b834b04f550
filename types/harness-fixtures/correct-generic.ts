// Wrong: correct generic layer code (the transpose is there) compiles, so marking it as an error must be rejected.
import type { Tensor } from 'tensorial'
import { matmul, transpose } from 'tensorial'
export const back = <B extends number, I extends number, O extends number>(
  delta: Tensor<readonly [B, O]>,
  w: Tensor<readonly [I, O]>,
) => {
  // @expect-error TS2345 matmul: inner dims differ (
  const d = matmul(delta, transpose(w))
  return d
}
