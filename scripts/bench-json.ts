/**
 * The strict JSON reader of model files (src/internal/json.ts) against `JSON.parse`, on a model-like file of
 * about 50 MB (a 784-1400-1000-10 network, random weights) and on one a tenth of that size, to show the time
 * is linear in the text. Prints the median of 5 runs and the ratio. Run: `npx tsx scripts/bench-json.ts`.
 */
import { readJson } from '../src/internal/json.js'

/** A seeded generator of doubles in [-1, 1) (Park–Miller), so the file is the same on every run. */
const uniform = (() => {
  let s = 1
  return () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1
})()

const layer = (i: number, o: number) => ({
  kind: 'dense',
  inputs: i,
  outputs: o,
  activation: { name: 'sigmoid' },
  params: {
    W: { shape: [i, o], data: Array.from({ length: i * o }, uniform) },
    b: { shape: [o], data: Array.from({ length: o }, uniform) },
  },
})
const model = (layers: ReadonlyArray<ReturnType<typeof layer>>) =>
  JSON.stringify({ format: 'tensorial-model', version: 1, inputs: 784, cost: { name: 'quadratic' }, layers })

const median = (f: () => unknown): number => {
  const times: Array<number> = []
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now()
    f()
    times.push(performance.now() - t0)
  }
  return times.sort((a, b) => a - b)[2] as number
}

for (const text of [
  model([layer(784, 140), layer(140, 100), layer(100, 10)]),
  model([layer(784, 1400), layer(1400, 1000), layer(1000, 10)]),
]) {
  const native = median(() => JSON.parse(text))
  const strict = median(() => {
    const r = readJson(text)
    if (!r.ok) throw new Error(r.message)
  })
  const mb = text.length / 1e6
  console.log(
    `${mb.toFixed(1)} MB: JSON.parse ${native.toFixed(0)} ms, readJson ${strict.toFixed(0)} ms ` +
      `(${(strict / mb).toFixed(1)} ms/MB), ratio ${(strict / native).toFixed(2)}`,
  )
}
