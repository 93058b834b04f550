/**
 * The committed worker bundle (src/internal/worker-code.ts) is the bundle of the committed sources, as
 * `node scripts/build-worker.mjs` makes it, and stays small (it ships in the library's one bundle).
 */
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { bundle, moduleText } from '../../scripts/build-worker.mjs'

describe('the worker bundle', () => {
  it('is up to date with src/internal/worker-entry.ts and what it imports', async () => {
    const code = await bundle()
    expect(readFileSync('src/internal/worker-code.ts', 'utf8')).toBe(await moduleText(code))
  })

  it('carries no copy of the WebAssembly kernels and imports nothing', async () => {
    const code = await bundle()
    expect(code.length).toBeLessThan(20_000)
    expect(code).not.toMatch(/AGFzbQ/) // the base64 of the wasm magic number
    expect(code).not.toMatch(/\bimport\s*[({'"]|\brequire\(/)
  })
})
