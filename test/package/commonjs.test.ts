import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { consumer, root } from './pack.js'

const node = (dir: string, file: string): string =>
  execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

const XOR_CJS = `
const T = require('tensorial')
const { readCsvFile } = require('tensorial/node')
const net = T.dense(2, T.softmax)(T.dense(8, T.tanh)(T.input(2)))
const ds = T.Dataset.dataset(T.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), T.tensor([[1, 0], [0, 1], [0, 1], [1, 0]]))
if (ds._tag !== 'Right') throw new Error(ds.left.message)
const [theta, rng] = T.init(net)(T.Random.seed(1))
const config = { cost: T.crossEntropy, optimizer: T.Optim.adam(), epochs: 1500, batchSize: 4, task: 'classification' }
const [r] = T.train(net, theta, ds.right, config)(rng)
if (r._tag !== 'Right') throw new Error(JSON.stringify(r.left))
const m = T.evaluate(net, r.right.theta, ds.right, T.crossEntropy, 'classification')
console.log(JSON.stringify({ accuracy: m.accuracy, readCsvFile: typeof readCsvFile }))
`

const TS_CONSUMER = `
import * as T from 'tensorial'
import { loadModelFile, readCsvFile } from 'tensorial/node'

const net = T.dense(2, T.softmax)(T.dense(8, T.tanh)(T.input(2)))
export const z: T.Tensor<readonly [4, 8]> = T.matmul(T.zeros([4, 2]), T.zeros([2, 8]))
export const data = readCsvFile('xor.csv', { features: 2, label: 'y', target: T.Csv.classes(2) })
export const model = loadModelFile(net, 'xor.json')
export const backend: 'wasm-relaxed-simd' | 'wasm-simd' | 'js' = T.kernels().matmul
// @ts-expect-error: a [4, 3] matrix does not multiply a [2, 8] one, in a CommonJS project too
export const bad = T.matmul(T.zeros([4, 3]), T.zeros([2, 8]))
`

describe('a CommonJS consumer of the packed package', () => {
  const c = consumer('tensorial-cjs-')
  afterAll(() => c.remove())
  writeFileSync(join(c.dir, 'package.json'), '{ "private": true, "type": "commonjs" }\n')

  it('require()s tensorial and tensorial/node (require(esm), Node ≥ 20.19) and trains XOR to 100 %', () => {
    writeFileSync(join(c.dir, 'xor.js'), XOR_CJS)
    expect(JSON.parse(node(c.dir, 'xor.js'))).toEqual({ accuracy: 1, readCsvFile: 'function' })
  })

  it('loading the library compiles no WebAssembly (no side effect); kernels() then does', () => {
    writeFileSync(
      join(c.dir, 'lazy.js'),
      `let compiled = 0
      const Module = WebAssembly.Module
      WebAssembly.Module = function (bytes) { compiled++; return new Module(bytes) }
      const T = require('tensorial')
      const before = compiled
      const k = T.kernels()
      console.log(JSON.stringify({ before, after: compiled, matmul: k.matmul }))`,
    )
    expect(JSON.parse(node(c.dir, 'lazy.js'))).toEqual({ before: 0, after: 1, matmul: 'wasm-simd' })
  })

  it.each([
    ['typescript', 'nodenext', 'xor.cts'],
    ['typescript7', 'commonjs', 'xor.ts'],
  ])('type-checks in a TypeScript CommonJS project (%s, module %s, %s) with skipLibCheck false', (tsc, mod, file) => {
    writeFileSync(join(c.dir, file), TS_CONSUMER)
    const config = {
      compilerOptions: { module: mod, strict: true, skipLibCheck: false, noEmit: true, types: [] },
      files: [file],
    }
    writeFileSync(join(c.dir, 'tsconfig.json'), JSON.stringify(config))
    const bin = join(root, 'node_modules', tsc, 'bin', 'tsc')
    let out = ''
    try {
      out = execFileSync(process.execPath, [bin, '-p', 'tsconfig.json'], { cwd: c.dir, encoding: 'utf8' })
    } catch (e) {
      out = String((e as { stdout?: unknown }).stdout ?? e)
    }
    expect(out).toBe('')
  })
})

describe('the packed file list', () => {
  const c = consumer('tensorial-files-', [])
  afterAll(() => c.remove())
  const paths = c.files.map((f) => f.path)

  it('is the build, the licence, the readme and package.json, both entries included', () => {
    expect(paths.filter((p) => !p.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json'])
    for (const p of ['dist/index.js', 'dist/index.d.ts', 'dist/node/index.js', 'dist/node/index.d.ts'])
      expect(paths).toContain(p)
    expect(paths.filter((p) => p.endsWith('.d.ts.map'))).toEqual([])
    expect(readFileSync(join(c.dir, 'node_modules/tensorial/LICENSE'), 'utf8')).toContain(
      'Copyright (c) 2026 the tensorial authors',
    )
  })

  it('ships source maps that carry their sources', () => {
    const maps = paths.filter((p) => p.endsWith('.js.map'))
    expect(maps.length).toBe(paths.filter((p) => p.endsWith('.js')).length)
    for (const p of maps) {
      const map = JSON.parse(readFileSync(join(c.dir, 'node_modules/tensorial', p), 'utf8')) as {
        sources: ReadonlyArray<string>
        sourcesContent?: ReadonlyArray<string>
      }
      expect(map.sourcesContent?.length, p).toBe(map.sources.length)
    }
  })
})
