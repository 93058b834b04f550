/**
 * Helpers of the module-arena tests (module-arena.test.ts, zero-skip.test.ts): deterministic numbers in [−1, 1)
 * and a module arena that must exist here.
 */
import type { ModuleArena } from '../../src/internal/kernels.js'
import { moduleArena } from '../../src/internal/kernels.js'

/** `len` numbers in [−1, 1) from `seed` (a linear congruential generator: the same numbers on every run). */
export const random = (len: number, seed: number): Array<number> => {
  let s = (seed * 2654435761) >>> 0
  return Array.from({ length: len }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 31 - 1
  })
}

/** A module arena of `bytes` with `scratch` bytes of scratch; throws where WebAssembly is unavailable. */
export const arena = (bytes: number, scratch = 0): ModuleArena => {
  const a = moduleArena(bytes, scratch)
  if (a === undefined) throw new Error('no module arena (WebAssembly unavailable?)')
  return a
}
