// The type budget: a 100-layer network, built both ways (sequential of declared layers, and nested pipes of
// dense(width) steps) and then initialised, differentiated, updated and run, must type-check within a fixed
// number of type instantiations. Instantiations are a deterministic measure of compile-time cost (seconds are
// not, on a shared machine); the budgets are about 1.5× the counts measured when they were set, which took
// 0.3–0.5 s of check time (with skipLibCheck true, so that only this code is counted). Each case is then compiled
// again as a user's project does, skipLibCheck false (the .d.ts files of tensorial, fp-ts and io-ts are checked
// too), and the check times of TypeScript 6 and 7 are printed for information. Prints `N passed, N failed`.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const LAYERS = 100
const dir = resolve('types/.generated')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })

const widths = Array.from({ length: LAYERS + 1 }, (_, i) => 10 + i)
const tail = (net) => [
  `const [theta] = init(${net})(Random.seed(1))`,
  `const g = gradients(${net}, theta, zeros([4, ${widths[0]}]), zeros([4, ${widths[LAYERS]}]), quadratic)`,
  `export const next = update(theta, g.grads, 0.1)`,
  `export const out = predict(${net}, theta, zeros([4, ${widths[0]}]))`,
]
const cases = {
  sequential: {
    budget: 32_000,
    lines: [
      `import { denseLayer, gradients, init, predict, quadratic, Random, relu, sequential, update, zeros } from 'tensorial'`,
      `export const net = sequential(${widths
        .slice(0, -1)
        .map((w, i) => `denseLayer(${w}, ${widths[i + 1]}, relu)`)
        .join(', ')})`,
      ...tail('net'),
    ],
  },
  pipe: {
    budget: 38_000,
    lines: [
      `import { pipe } from 'fp-ts/lib/function.js'`,
      `import { dense, gradients, init, input, predict, quadratic, Random, relu, update, zeros } from 'tensorial'`,
      `export const net = ${widths
        .slice(1)
        .map((w) => `dense(${w}, relu)`)
        .reduce(
          (acc, step, i, all) => (i % 19 === 0 ? `pipe(${acc}, ${all.slice(i, i + 19).join(', ')})` : acc),
          `input(${widths[0]})`,
        )}`,
      ...tail('net'),
    ],
  },
}

let passed = 0
let failed = 0
for (const [name, c] of Object.entries(cases)) {
  const file = join(dir, `${name}.ts`)
  writeFileSync(file, c.lines.join('\n') + '\n')
  const configOf = (skipLibCheck) => {
    const config = join(dir, `tsconfig.${name}.${skipLibCheck}.json`)
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck,
          types: [],
        },
        files: [file],
      }),
    )
    return config
  }
  const run = (tsc, config) => {
    try {
      return execFileSync(
        process.execPath,
        [resolve(tsc), '-p', config, '--extendedDiagnostics', '--pretty', 'false'],
        {
          encoding: 'utf8',
        },
      )
    } catch (e) {
      return String(e.stdout ?? '') + String(e.stderr ?? '')
    }
  }
  const checkTime = (out) => /Check time:\s+([\d.]+s)/.exec(out)?.[1] ?? '?'
  const out = run('node_modules/typescript/bin/tsc', configOf(true))
  const user = configOf(false)
  const user6 = checkTime(run('node_modules/typescript/bin/tsc', user))
  const user7 = existsSync('node_modules/typescript7/bin/tsc')
    ? checkTime(run('node_modules/typescript7/bin/tsc', user))
    : 'not installed'
  const userTimes = `; skipLibCheck false: check ${user6} (TS6), ${user7} (TS7)`
  const inst = Number(/Instantiations:\s+(\d+)/.exec(out)?.[1] ?? NaN)
  const check = checkTime(out)
  const errors = out.split('\n').filter((l) => /error TS\d+/.test(l))
  if (errors.length > 0 || !(inst <= c.budget)) {
    failed++
    console.log(
      `FAIL ${name}: ${LAYERS} layers, ${inst} instantiations (budget ${c.budget}), check ${check}${userTimes}${errors.length ? `\n  ${errors.join('\n  ')}` : ''}`,
    )
  } else {
    passed++
    console.log(
      `ok   ${name}: ${LAYERS} layers, ${inst} instantiations (budget ${c.budget}), check ${check}${userTimes}`,
    )
  }
}
rmSync(dir, { recursive: true, force: true })
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
