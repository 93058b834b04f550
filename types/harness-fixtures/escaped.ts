// Wrong: an open template literal with a non-ASCII character, which TypeScript 6 prints as `\u00B7`. The harness
// must reject any diagnostic that shows an escape.
declare const f: <X extends number>(x: `${X}·`) => X
export const g = <X extends number>(x: X) =>
  // @expect-error TS2345 Argument of type 'X'
  f<X>(x)
