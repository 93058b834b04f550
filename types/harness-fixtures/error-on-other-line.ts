// Wrong: the marker must be on the line just above the error. Here the failing argument is two lines further
// down (a statement split over lines), so the marked line has no error and the real one is unexpected.
import { matmul, zeros } from 'tensorial'
// prettier-ignore
// @expect-error TS2345 matmul: inner dims differ (3 vs 4)
export const m = matmul(
  zeros([2, 3]),
  zeros([4, 5]),
)
