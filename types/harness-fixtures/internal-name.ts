// Wrong: the expected text is on the first line, but the message also names a library internal (`D<`, one of the
// harness's deny-list). The harness must reject any diagnostic that shows an internal name.
type D<X extends number> = number extends X ? 'number' : `${X}`
declare const f: <X extends number>(x: D<X>) => X
export const g = <X extends number>(x: X) =>
  // @expect-error TS2345 Argument of type 'X'
  f<X>(x)
