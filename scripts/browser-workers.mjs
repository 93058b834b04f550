// The browser checks of data-parallel training (`workers`), run by scripts/browser-test.mjs in the same
// Chromium: a page bundled from src/ (esbuild) trains a small network with `workers: 2` and reports
// `TrainResult.parallel`, served three ways: without cross-origin isolation (no SharedArrayBuffer: one thread,
// the reason reported), cross-origin isolated (COOP/COEP headers) with a policy that admits `blob:` workers
// (trainAsync on 2 threads, within 1e-12 of one thread; sync `train` on the main thread falls back, saying
// why), and isolated under a policy without `blob:` workers (the CSP refuses them: one thread, reported).
import { createServer } from 'node:http'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as esbuild from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const PAGE = `
import { Dataset, binaryCrossEntropy, denseLayer, dynamic, fromArray, init, Optim, Random, sigmoid, tanh, train, trainAsync } from './src/index.ts'
const get = (e) => { if (e._tag === 'Left') throw new Error(JSON.stringify(e.left)); return e.right }
const maxDiff = (a, b) => {
  let m = 0
  a.forEach((p, l) => { for (const k of Object.keys(p)) p[k].data.forEach((v, i) => { m = Math.max(m, Math.abs(v - b[l][k].data[i])) }) })
  return m
}
const run = async () => {
  const net = { inputs: 2, outputs: 1, layers: [denseLayer(dynamic(2), dynamic(16), tanh), denseLayer(dynamic(16), dynamic(1), sigmoid)] }
  const [theta] = init(net)(Random.seed(1))
  const xs = [], ys = []
  for (let i = 0; i < 256; i++) { const a = Math.sin(i * 1.3), b = Math.cos(i * 0.7); xs.push(a, b); ys.push(a * b > 0 ? 1 : 0) }
  const ds = get(Dataset.dataset(get(fromArray(xs, [256, 2])), get(fromArray(ys, [256, 1]))))
  const config = { cost: binaryCrossEntropy, optimizer: Optim.adam({ eta: 0.01 }), epochs: 3, batchSize: 32, task: 'classification' }
  const one = get(train(net, theta, ds, config)(Random.seed(2))[0])
  const two = get((await trainAsync(net, theta, ds, { ...config, workers: 2 })(Random.seed(2))())[0])
  const again = get((await trainAsync(net, theta, ds, { ...config, workers: 2 })(Random.seed(2))())[0])
  const sync = get(train(net, theta, ds, { ...config, workers: 2 })(Random.seed(2))[0])
  return {
    isolated: globalThis.crossOriginIsolated === true,
    async: two.parallel,
    sync: sync.parallel,
    diff: maxDiff(two.theta, one.theta),
    deterministic: maxDiff(two.theta, again.theta) === 0,
    syncSame: maxDiff(sync.theta, one.theta) === 0,
  }
}
run().then(
  (r) => { document.body.dataset.result = JSON.stringify(r) },
  (e) => { document.body.dataset.result = JSON.stringify({ error: String(e) }) },
)
`

const HTML =
  '<!doctype html><meta charset="utf-8"><title>workers</title><body><script type="module" src="page.js"></script>'

const BASE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }
const VARIANTS = {
  plain: { 'content-security-policy': `${BASE_CSP}; worker-src 'self' blob:` },
  isolated: { ...ISOLATION, 'content-security-policy': `${BASE_CSP}; worker-src 'self' blob:` },
  blocked: { ...ISOLATION, 'content-security-policy': BASE_CSP },
}

const bundlePage = async () => {
  const r = await esbuild.build({
    stdin: { contents: PAGE, resolveDir: root, loader: 'js', sourcefile: 'workers-page.js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
  })
  return r.outputFiles[0].text
}

/** Runs the three pages in `browser`, reporting each finding through `check(cond, what, detail)`. */
export const checkWorkers = async (browser, check) => {
  const js = await bundlePage()
  const server = createServer((req, res) => {
    const [, variant, file] = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.split('/')
    const headers = VARIANTS[variant]
    if (headers === undefined || (file !== '' && file !== 'page.js')) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, {
      ...headers,
      'content-type': file === 'page.js' ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
    })
    res.end(file === 'page.js' ? js : HTML)
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${server.address().port}`
  const context = await browser.newContext()
  try {
    const result = async (variant) => {
      const page = await context.newPage()
      await page.goto(`${base}/${variant}/`, { waitUntil: 'load' })
      await page.waitForFunction(() => document.body.dataset.result !== undefined, undefined, { timeout: 60_000 })
      const r = JSON.parse(await page.evaluate(() => document.body.dataset.result))
      await page.close()
      return r
    }
    const plain = await result('plain')
    check(
      plain.isolated === false && plain.async.used === 1 && /not crossOriginIsolated/.test(plain.async.reason ?? ''),
      `workers: a page that is not crossOriginIsolated trains on one thread and says why (${plain.async?.reason ?? JSON.stringify(plain)})`,
    )
    const iso = await result('isolated')
    check(
      iso.isolated === true &&
        iso.async.used === 2 &&
        iso.async.reason === undefined &&
        iso.diff < 1e-12 &&
        iso.deterministic,
      `workers: a crossOriginIsolated page trains on 2 Web Workers with trainAsync, deterministic, within 1e-12 of one thread (${JSON.stringify(iso)})`,
    )
    check(
      iso.sync?.used === 1 && /trainAsync/.test(iso.sync?.reason ?? '') && iso.syncSame === true,
      `workers: sync train on a page's main thread falls back to one thread, saying why (${iso.sync?.reason})`,
    )
    const blocked = await result('blocked')
    check(
      blocked.async?.used === 1 && /^a worker could not start/.test(blocked.async?.reason ?? ''),
      `workers: a Content Security Policy without blob: workers: one thread, reported (${blocked.async?.reason ?? JSON.stringify(blocked)})`,
    )
  } finally {
    await context.close()
    server.close()
  }
}
