/**
 * Which matmul kernel tensorial runs here.
 *
 * FALLBACK until `kernels()` (branch `reach`) lands: the page cannot ask the library yet, so it says so.
 */
export interface Backend {
  readonly matmul: 'wasm-simd' | 'js' | 'unknown'
  readonly reason: string
}

export const backend = (): Backend => ({
  matmul: 'unknown',
  reason: 'kernels() is not in this build of tensorial yet (fallback text)',
})
