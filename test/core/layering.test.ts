// The import-circle check of `npm run lint` (scripts/check-cycles.mjs): it fails on a circle, type-only
// arrows included, and src/ has none.
import { spawnSync } from 'node:child_process'

import { describe, expect, it } from 'vitest'

const run = (...dirs: ReadonlyArray<string>) =>
  spawnSync(process.execPath, ['scripts/check-cycles.mjs', ...dirs], { encoding: 'utf8' })

describe('check-cycles', () => {
  it('fails on a circle whose closing arrow is an import type, naming every file on it', () => {
    const r = run('test/fixtures/cycle')
    expect(r.status).toBe(1)
    expect(r.stderr.trim()).toBe(
      'import circle: test/fixtures/cycle/a.ts → test/fixtures/cycle/b.ts → test/fixtures/cycle/c.ts → test/fixtures/cycle/a.ts',
    )
  })

  it('passes on src/: no module of the library imports itself through others', () => {
    const r = run('src')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})
