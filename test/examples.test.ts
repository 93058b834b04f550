import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, describe, expect, it, vi } from 'vitest'

import { unsafeRight } from './util.js'

/** Runs an example module's top level with console.log captured. */
const runScript = async (path: string): Promise<string> => {
  const lines: Array<string> = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...xs: Array<unknown>) => {
    lines.push(xs.map(String).join(' '))
  })
  try {
    await import(path)
  } finally {
    spy.mockRestore()
  }
  return lines.join('\n')
}

describe('examples (short forms)', () => {
  const out = mkdtempSync(join(tmpdir(), 'tensorial-examples-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('01-tensors prints z = Wᵀa + b with its shape', async () => {
    const text = await runScript('../examples/01-tensors.js')
    expect(text).toContain('z = Wᵀa + b    [3]      [0.91,1.22,1.53]')
    expect(text).toContain('reshape [4, 2]: reshape: size 6 of [2, 3] != size 8 of [4, 2]')
  })

  it('02-backprop-by-hand prints the seed’s δ² and ∂C/∂W¹ with shapes', async () => {
    const text = await runScript('../examples/02-backprop-by-hand.js')
    expect(text).toMatch(/δ² = ∂C\/∂b²\s+\[1\]\s+\[0\.1384985616285/)
    expect(text).toMatch(/∂C\/∂W¹ = a⁰⊗δ¹\s+\[2, 2\]/)
  })

  it('04-mnist trains on a subset, writes the SVG curves and a loadable model', async () => {
    const { runMnist } = await import('../examples/04-mnist.js')
    const r = runMnist({ epochs: 1, seed: 1, limit: 2000, progress: false, outputDir: out })
    expect(r.accuracy).toBeGreaterThan(0.6)
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(400)
    expect(existsSync(r.svgPath)).toBe(true)
    expect(readFileSync(r.svgPath, 'utf8')).toMatch(/^<svg [^>]*>.*<path d="M/s)
    expect(readFileSync(r.confusionPath, 'utf8')).toMatch(/^<svg [^>]*>.*<g class="cells">/s)
    expect(r.report.total).toBe(400)
    expect(existsSync(r.modelPath)).toBe(true)
  })

  it('09-cnn trains a small CNN on a subset and beats chance by far', async () => {
    const { cnnNetwork, runCnn } = await import('../examples/09-cnn.js')
    expect([cnnNetwork.inputs, cnnNetwork.outputs]).toEqual([784, 10])
    const r = runCnn({ epochs: 1, seed: 1, limit: 1000, progress: false })
    expect(r.accuracy).toBeGreaterThan(0.5)
  })

  it('05-franke compares hidden activations with test MSE and R²', async () => {
    const { runFranke } = await import('../examples/05-franke.js')
    const rows = runFranke(20, 2024, 400)
    expect(rows.map((r) => r.activation)).toEqual(['sigmoid', 'relu', 'leakyRelu(0.01)'])
    for (const r of rows) {
      expect(Number.isFinite(r.testMse)).toBe(true)
      expect(r.testR2).toBeLessThanOrEqual(1)
    }
    expect(Math.max(...rows.map((r) => r.testR2))).toBeGreaterThan(0.3)
  })

  it('06-optimizers prints a row per optimizer, Adam ahead of plain GD', async () => {
    const { runOptimizers } = await import('../examples/06-optimizers.js')
    const rows = runOptimizers(15)
    expect(rows).toHaveLength(8)
    const mseOf = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.testMse ?? NaN
    expect(mseOf('Adam')).toBeLessThan(mseOf('GD'))
  })

  it('08-custom-layer: a user-defined layer passes the gradient check and round-trips through a model file', async () => {
    const { customNet, runCustom } = await import('../examples/08-custom-layer.js')
    const { Model, toArrays } = await import('tensorial')
    const { theta, report } = runCustom()
    expect(report.map((r) => `${r.layer}.${r.param}`)).toEqual(['1.W', '1.b', '2.g', '3.W', '3.b'])
    for (const r of report) expect(r.maxRelativeError).toBeLessThan(1e-6)
    const loaded = Model.load(customNet, unsafeRight(Model.save(customNet, theta)))
    expect(loaded._tag).toBe('Right')
    if (loaded._tag === 'Right') expect(toArrays(loaded.right.theta)).toEqual(toArrays(theta))
  })
})

describe('examples run as programs from any path', () => {
  const root = fileURLToPath(new URL('..', import.meta.url))
  // a checkout whose path has a space (and a non-ASCII letter): copied, not linked, since a link resolves away
  const parent = mkdtempSync(join(tmpdir(), 'tensorial-'))
  const checkout = join(parent, 'my projects', 'tensorial ü')
  afterAll(() => rmSync(parent, { recursive: true, force: true }))

  it('03-xor prints its result when run with tsx from a directory whose name contains a space', () => {
    mkdirSync(checkout, { recursive: true })
    for (const part of ['src', 'examples', 'tsconfig.json', 'package.json'])
      cpSync(join(root, part), join(checkout, part), { recursive: true, filter: (f) => !f.includes('output') })
    symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'), 'dir')
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    const out = execFileSync(process.execPath, [tsx, join('examples', '03-xor.ts')], {
      cwd: checkout,
      encoding: 'utf8',
    })
    expect(out).toMatch(/^epoch {4}0 {2}cost /)
    expect(out).toContain('accuracy 100 %')
  })
})
