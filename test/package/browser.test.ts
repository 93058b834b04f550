import { builtinModules } from 'node:module'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'

import * as esbuild from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'

import { consumer, root } from './pack.js'

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

/** The size of a minified bundle, as the README quotes it. */
const sizeOf = (text: string): string =>
  `${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB minified, ${(gzipSync(text).length / 1024).toFixed(1)} KiB gzipped`

/** Bundles `code` (a module importing the packed package) for browsers, recording every import path seen. */
const bundle = async (dir: string, code: string, minify = true) => {
  const imports = new Set<string>()
  const r = await esbuild.build({
    stdin: { contents: code, resolveDir: dir, loader: 'js', sourcefile: 'page.js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-imports',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            imports.add(args.path)
            return undefined
          })
        },
      },
    ],
  })
  const text = r.outputFiles[0]?.text ?? ''
  // the files with code in the output (metafile.inputs also lists the files read and then shaken off)
  const used = Object.values(r.metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs).flatMap(([path, i]) => (i.bytesInOutput > 0 ? [path] : [])),
  )
  return { imports: [...imports], inputs: used, text }
}

/** The fp-ts builds in a bundle: `lib` (CommonJS) and/or `es6` (ES modules). */
const fpTsBuilds = (inputs: ReadonlyArray<string>): ReadonlyArray<string> =>
  [...new Set(inputs.flatMap((i) => /node_modules\/fp-ts\/(\w+)\//.exec(i)?.slice(1) ?? []))].sort()

describe('the root entry bundled for browsers (esbuild, platform browser)', () => {
  const c = consumer('tensorial-browser-')
  afterAll(() => c.remove())

  it('imports no Node built-in, and one copy of fp-ts (its ES build, which io-ts uses too)', async () => {
    const b = await bundle(c.dir, "export * from 'tensorial'")
    expect(b.imports.filter((p) => builtins.has(p) || p.startsWith('node:'))).toEqual([])
    expect(b.inputs.filter((i) => i.includes('/src/node/') || i.includes('/dist/node/'))).toEqual([])
    // a new `fp-ts/lib/X.js` import in src needs its line in package.json's "browser" map, or this fails
    expect(fpTsBuilds(b.inputs)).toEqual(['es6'])
    expect(b.inputs.filter((i) => /fp-ts\/es6\/Either\.js$/.test(i))).toHaveLength(1)
    console.log(`root bundle: ${sizeOf(b.text)}`)
  })

  it('runs: the bundle trains XOR and reports its kernel', async () => {
    const b = await bundle(
      c.dir,
      `import { Dataset, crossEntropy, dense, evaluate, init, input, kernels, Optim, Random, softmax, tanh, tensor, train } from 'tensorial'
      export const run = () => {
        const net = dense(2, softmax)(dense(8, tanh)(input(2)))
        const ds = Dataset.dataset(tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), tensor([[1, 0], [0, 1], [0, 1], [1, 0]]))
        if (ds._tag === 'Left') return ds.left.message
        const [theta, rng] = init(net)(Random.seed(1))
        const [r] = train(net, theta, ds.right, { cost: crossEntropy, optimizer: Optim.adam(), epochs: 1500, batchSize: 4, task: 'classification' })(rng)
        if (r._tag === 'Left') return JSON.stringify(r.left)
        return { accuracy: evaluate(net, r.right.theta, ds.right, crossEntropy, 'classification').accuracy, kernels: kernels() }
      }`,
    )
    console.log(`XOR page bundle: ${sizeOf(b.text)}`)
    const file = join(c.dir, 'page.mjs')
    writeFileSync(file, b.text)
    const page = (await import(pathToFileURL(file).href)) as { run: () => unknown }
    expect(page.run()).toEqual({ accuracy: 1, kernels: { matmul: 'wasm-simd', reason: 'WebAssembly SIMD available' } })
  })

  it('tree-shakes (sideEffects: false): tensor ops alone bring in neither io-ts nor the CSV reader', async () => {
    const b = await bundle(
      c.dir,
      "import { matmul, tensor } from 'tensorial'\nconsole.log(matmul(tensor([[1]]), tensor([[2]])))",
    )
    console.log(`tensor and matmul bundle: ${sizeOf(b.text)}`)
    expect(b.inputs.filter((i) => i.includes('io-ts') || i.endsWith('io/csv.js') || i.endsWith('io/model.js'))).toEqual(
      [],
    )
  })

  it('type-checks in a browser TypeScript project (lib DOM, no Node types): uploads and fetch bodies are streams', () => {
    writeFileSync(
      join(c.dir, 'page.ts'),
      `import { Csv, kernels } from 'tensorial'
      declare const file: File
      declare const response: Response
      const spec = { features: 2, label: 'y', target: Csv.classes(2) } as const
      export const fromUpload = Csv.readCsvStream(file.stream(), spec)
      export const fromFetch = response.body === null ? undefined : Csv.readCsvStream(response.body, spec)
      export const backend: string = kernels().reason`,
    )
    writeFileSync(join(c.dir, 'package.json'), '{ "private": true, "type": "module" }\n')
    const compilerOptions = { module: 'nodenext', lib: ['ES2022', 'DOM'], types: [], strict: true, noEmit: true }
    writeFileSync(
      join(c.dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck: false }, files: ['page.ts'] }),
    )
    const tsc = join(root, 'node_modules', 'typescript7', 'bin', 'tsc')
    let out = ''
    try {
      out = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: c.dir, encoding: 'utf8' })
    } catch (e) {
      out = String((e as { stdout?: unknown }).stdout ?? e)
    }
    expect(out).toBe('')
  })
})
