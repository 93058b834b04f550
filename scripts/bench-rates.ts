/**
 * A child of the `python` bench section (`bench-python.ts`): prints tensorial's MNIST rates in this process —
 * float64 and float32, one thread and 2 workers, with the kernel this process runs — as one JSON line. The parent
 * starts it with the kernel it does not run itself (relaxed SIMD through `--experimental-wasm-relaxed-simd`, or
 * plain SIMD through `TENSORIAL_RELAXED_SIMD=off`).
 */
import { mnistRows, ourRates } from './bench-python.js'

console.log(JSON.stringify(ourRates(await mnistRows())))
