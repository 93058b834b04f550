// The playground in a real browser. Builds it (type-check, then Vite) into a temporary folder, serves that build
// on 127.0.0.1 (an ephemeral port, under a Content-Security-Policy without inline script or eval) and drives
// Debian's Chromium headless through playwright-core. Checks that the page loads without console errors, that
// the WebAssembly SIMD matmul kernel is active, that training circles, XOR and two spirals reaches >= 95 %
// accuracy (training and test) within a bounded number of epochs, and that stop halts training (the epoch
// counter no longer advances), and data-parallel training on Web Workers (scripts/browser-workers.mjs); writes a screenshot to a temporary folder (with `--screenshot PATH`, to PATH
// too). Prints `N passed, N failed`.
//
// Chromium: $CHROME_PATH, else `chromium` or `chromium-browser` on the PATH; when there is none and this runs as
// root on Debian, `apt-get update && apt-get install -y chromium` first; otherwise it fails, saying how to get
// one. It never skips (under CI=true or not).
import { execFileSync, spawnSync } from 'node:child_process'
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, copyFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { delimiter, dirname, extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

import { checkWorkers } from './browser-workers.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const started = performance.now()
const args = process.argv.slice(2)
const screenshotArg = args.includes('--screenshot') ? resolve(args[args.indexOf('--screenshot') + 1] ?? '') : undefined

/** The data sets trained, and the epochs within which each must be learnt (≥ 95 % training and test accuracy). */
const LEARN = { circles: 300, xor: 300, spirals: 1000 }
/** Wall-clock bound on one training wait, so that a hung page fails instead of hanging the suite. */
const TRAIN_TIMEOUT_MS = 120_000
const VIEWPORT = { width: 1360, height: 900 }
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let passed = 0
let failed = 0
const ok = (what) => {
  passed++
  console.log(`  ✓ ${what}`)
}
const fail = (what) => {
  failed++
  console.log(`  ✗ ${what}`)
}
const check = (cond, what, detail = '') => (cond ? ok(what) : fail(detail === '' ? what : `${what}: ${detail}`))
const elapsed = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`

// -------------------------------------------------------------------------------------
// Chromium
// -------------------------------------------------------------------------------------

const onPath = (name) =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d !== '')
    .map((d) => join(d, name))
    .find((p) => existsSync(p) && statSync(p).isFile())

const findChromium = () => {
  const env = process.env.CHROME_PATH
  if (env !== undefined && env !== '') {
    if (!existsSync(env)) throw new Error(`CHROME_PATH is ${env}, which does not exist`)
    return env
  }
  return onPath('chromium') ?? onPath('chromium-browser')
}

const chromiumPath = () => {
  const found = findChromium()
  if (found !== undefined) return found
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  if (root && existsSync('/etc/debian_version')) {
    console.log('browser: no Chromium found; installing Debian’s chromium package (apt-get, as root)')
    const r = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    if (r.status !== 0) throw new Error(`apt-get install -y chromium failed (exit ${r.status})`)
    const installed = findChromium()
    if (installed !== undefined) return installed
  }
  throw new Error(
    'no Chromium found. Install one (Debian/Ubuntu: `apt-get install chromium`) or point CHROME_PATH at a ' +
      'Chromium or Chrome binary: CHROME_PATH=/path/to/chrome npm run test:browser',
  )
}

// -------------------------------------------------------------------------------------
// build and serve
// -------------------------------------------------------------------------------------

const build = async (outDir) => {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'playground/tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  })
  const vite = await import('vite')
  await vite.build({
    configFile: join(root, 'playground/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
}

/** The Content-Security-Policy the page is served with: a violation is a console error, so a failed check. */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:"

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
}

/** A static server of `dir` on 127.0.0.1 and an ephemeral port. */
const serve = (dir) =>
  new Promise((resolveServer) => {
    const server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
      const file = resolve(dir, `.${path.endsWith('/') ? `${path}index.html` : path}`)
      if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found')
        return
      }
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        // the policy a host would set: no inline script, WebAssembly allowed (the SIMD kernel needs it)
        'content-security-policy': CSP,
      })
      createReadStream(file).pipe(res)
    })
    server.listen(0, '127.0.0.1', () => resolveServer(server))
  })

// -------------------------------------------------------------------------------------
// the page
// -------------------------------------------------------------------------------------

const state = (page) =>
  page.evaluate(() => ({
    state: document.body.dataset.state,
    epoch: Number(document.body.dataset.epoch),
    shown: document.getElementById('epoch')?.textContent,
    train: Number(document.body.dataset.trainAccuracy),
    test: Number(document.body.dataset.testAccuracy),
  }))

/** Picks a data set, trains until ≥ 95 % training and test accuracy (or `maxEpochs`), then stops. */
const learn = async (page, dataset, maxEpochs) => {
  await page.click(`[data-dataset="${dataset}"]`)
  await page.waitForFunction(() => document.body.dataset.state === 'idle' && document.body.dataset.epoch === '0')
  const t0 = performance.now()
  await page.click('#start')
  // the predicate returns the snapshot it judged: training goes on while this side reads, so a second read
  // could see a later epoch whose test accuracy has dipped below the one that satisfied the wait
  const seen = await page.waitForFunction(
    (max) => {
      const d = document.body.dataset
      const snap = { epoch: Number(d.epoch), train: Number(d.trainAccuracy), test: Number(d.testAccuracy) }
      return (snap.train >= 0.95 && snap.test >= 0.95) || snap.epoch > max ? snap : false
    },
    maxEpochs,
    { polling: 'raf', timeout: TRAIN_TIMEOUT_MS },
  )
  const reached = await seen.jsonValue()
  check(
    reached.train >= 0.95 && reached.test >= 0.95 && reached.epoch <= maxEpochs,
    `${dataset}: ≥ 95 % accuracy within ${maxEpochs} epochs (training ${(reached.train * 100).toFixed(1)} %, test ${(reached.test * 100).toFixed(1)} % at epoch ${reached.epoch}, ${elapsed(t0)})`,
  )
  // keep training a little, so that stop interrupts a running chunk
  await page.waitForFunction((e) => Number(document.body.dataset.epoch) > e, reached.epoch, { timeout: 10_000 })
  await page.click('#start')
  await page.waitForFunction(() => document.body.dataset.state === 'stopped', undefined, { timeout: 10_000 })
  const stopped = await state(page)
  await page.waitForTimeout(1000)
  const later = await state(page)
  check(
    later.epoch === stopped.epoch && later.shown === stopped.shown,
    `${dataset}: stop halts training (epoch ${stopped.epoch}, still ${later.epoch} a second later)`,
  )
}

const main = async () => {
  const executablePath = chromiumPath()
  const t0 = performance.now()
  const outDir = mkdtempSync(join(tmpdir(), 'tensorial-playground-build-'))
  const shots = mkdtempSync(join(tmpdir(), 'tensorial-playground-shots-'))
  await build(outDir)
  console.log(`browser: type-checked and built the playground in ${elapsed(t0)}`)
  const t1 = performance.now()
  const { chromium } = await import('playwright-core')
  const server = await serve(outDir)
  const url = `http://127.0.0.1:${server.address().port}/`
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  try {
    console.log(`browser: ${executablePath} (${browser.version()}) on ${url}, started in ${elapsed(t1)}`)
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })
    const page = await context.newPage()
    const errors = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`)
    })
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`))
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`)
    })

    await page.goto(url, { waitUntil: 'load' })
    await page.waitForFunction(() => document.body.dataset.state === 'idle' && document.body.dataset.epoch === '0')
    check(errors.length === 0, 'the page loads without console errors', errors.join('; '))
    const backend = await page.evaluate(() => ({
      matmul: document.body.dataset.matmul,
      text: document.getElementById('backend')?.textContent,
      reason: document.getElementById('backend')?.title,
    }))
    // Chromium has relaxed SIMD, so the fused multiply-add twin runs; the plain SIMD kernel is fine too
    check(
      backend.matmul === 'wasm-relaxed-simd' || backend.matmul === 'wasm-simd',
      `a WebAssembly SIMD kernel is active (${backend.text}: ${backend.reason})`,
    )
    const definition = await page.evaluate(() => document.getElementById('code')?.dataset.definition)
    check(
      definition === 'pipe(input(2), dense(8, tanh), dense(8, tanh), dense(1, sigmoid))',
      `the page shows the network it runs (${definition})`,
    )

    for (const [dataset, maxEpochs] of Object.entries(LEARN)) await learn(page, dataset, maxEpochs)

    // the screenshot: the spirals learnt, test points shown
    await page.check('#show-test')
    const shot = join(shots, 'playground.png')
    await page.screenshot({ path: shot })
    check(existsSync(shot) && statSync(shot).size > 10_000, `screenshot written to ${shot}`)
    if (screenshotArg !== undefined) {
      mkdirSync(dirname(screenshotArg), { recursive: true })
      copyFileSync(shot, screenshotArg)
      console.log(`browser: screenshot copied to ${screenshotArg} (${Math.round(statSync(shot).size / 1024)} KB)`)
    }
    check(errors.length === 0, 'no console errors while training', errors.join('; '))
    await context.close()
    // data-parallel training (workers): isolated and not, a policy without blob: workers (scripts/browser-workers.mjs)
    await checkWorkers(browser, check)
  } finally {
    await browser.close()
    server.close()
    rmSync(outDir, { recursive: true, force: true })
  }
}

try {
  await main()
} catch (e) {
  fail(`browser test: ${e instanceof Error ? e.message : String(e)}`)
}
console.log(`browser test took ${elapsed(started)}`)
console.log(`${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 && passed > 0 ? 0 : 1
