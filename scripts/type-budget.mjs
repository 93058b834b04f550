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
  // 20 conv ops on a [8, 64, 64, 3] input (conv2d 'same' and 'valid', strides 1 and 2, channel biases, max and
  // average pooling, then flatten), and the backward ops of the first block: every shape computed by the
  // bounded digit arithmetic of src/core/conv-shape.ts.
  conv: {
    budget: 20_000, // measured 14,179 (0.3–0.4 s)
    ops: 20,
    lines: [
      `import { Conv, zeros } from 'tensorial'`,
      `const x = zeros([8, 64, 64, 3])`,
      `const k1 = zeros([3, 3, 3, 16])`,
      `export const a1 = Conv.conv2d(x, k1, { padding: 'same' })`,
      `export const a2 = Conv.addChannelBias(a1, zeros([16]))`,
      `export const a3 = Conv.conv2d(a2, zeros([3, 3, 16, 16]), { padding: 'same' })`,
      `export const a4 = Conv.maxPool2d(a3, 2)`,
      `export const a5 = Conv.conv2d(a4, zeros([5, 5, 16, 32]), { stride: 2, padding: 'same' })`,
      `export const a6 = Conv.addChannelBias(a5, zeros([32]))`,
      `export const a7 = Conv.conv2d(a6, zeros([3, 3, 32, 32]))`,
      `export const a8 = Conv.avgPool2d(a7, 2)`,
      `export const a9 = Conv.conv2d(a8, zeros([1, 1, 32, 64]))`,
      `export const a10 = Conv.addChannelBias(a9, zeros([64]))`,
      `export const a11 = Conv.conv2d(a10, zeros([3, 3, 64, 64]), { stride: 2 })`,
      `export const a12 = Conv.maxPool2d(a11, 1)`,
      `export const a13 = Conv.conv2d(a12, zeros([1, 1, 64, 10]), { padding: 'same' })`,
      `export const a14 = Conv.flatten(a13)`,
      `export const d1 = Conv.conv2dBackwardInput(x, k1, a1, { padding: 'same' })`,
      `export const d2 = Conv.conv2dBackwardKernel(x, k1, a1, { padding: 'same' })`,
      `export const d3 = Conv.channelSums(a2)`,
      `export const d4 = Conv.maxPool2dBackward(a3, a4, 2)`,
      `export const d5 = Conv.flattenBackward(a13, a14)`,
      `export const d6 = Conv.denseHWC(a13, zeros([3, 3, 10, 10]))`,
      `export const check: readonly [8, 10] = d6.shape`,
      `export const checkFlat: readonly [8, 90] = a14.shape`,
    ],
  },
  // The two ways from conv features to a dense layer (issue 14), measured against the same file without them:
  // flatten (a bounded type-level multiplication H·W·C) then matmul, or denseHWC with weights [H, W, C, Out]
  // (the dims compared, no arithmetic).
  convBase: {
    budget: 9_000, // measured 6,014
    ops: 1,
    lines: [
      `import { Conv, matmul, zeros } from 'tensorial'`,
      `export const p = Conv.maxPool2d(Conv.conv2d(zeros([32, 28, 28, 1]), zeros([3, 3, 1, 8])), 2)`,
      `export const m = matmul(zeros([32, 5]), zeros([5, 10]))`,
    ],
  },
  flattenMatmul: {
    budget: 12_500, // measured 8,585: flatten and matmul cost 2,571 over convBase
    ops: 2,
    lines: [
      `import { Conv, matmul, zeros } from 'tensorial'`,
      `export const p = Conv.maxPool2d(Conv.conv2d(zeros([32, 28, 28, 1]), zeros([3, 3, 1, 8])), 2)`,
      `export const m = matmul(zeros([32, 5]), zeros([5, 10]))`,
      `export const y = matmul(Conv.flatten(p), zeros([1352, 10]))`,
    ],
  },
  denseHWC: {
    budget: 10_000, // measured 7,136: denseHWC costs 1,122 over convBase
    ops: 1,
    lines: [
      `import { Conv, matmul, zeros } from 'tensorial'`,
      `export const p = Conv.maxPool2d(Conv.conv2d(zeros([32, 28, 28, 1]), zeros([3, 3, 1, 8])), 2)`,
      `export const m = matmul(zeros([32, 5]), zeros([5, 10]))`,
      `export const y = Conv.denseHWC(p, zeros([13, 13, 8, 10]))`,
    ],
  },
  // A 20-layer CNN (issue 14): 13 conv layers and 5 pools on a 64×64×3 image, then two dense layers, built step
  // by step; every image shape and width computed by the types.
  cnnLayers: {
    budget: 30_000, // measured 20,394 (0.7 s)
    ops: 20,
    lines: [
      `import { conv2d, dense, flattenImage, inputImage, maxPool2d, relu, softmax } from 'tensorial'`,
      `const n1 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(inputImage([64, 64, 3]))`,
      `const n2 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n1)`,
      `const n3 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n2)`,
      `const n4 = maxPool2d(2)(n3)`,
      `const n5 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n4)`,
      `const n6 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n5)`,
      `const n7 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n6)`,
      `const n8 = maxPool2d(2)(n7)`,
      `const n9 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n8)`,
      `const n10 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n9)`,
      `const n11 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n10)`,
      `const n12 = maxPool2d(2)(n11)`,
      `const n13 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n12)`,
      `const n14 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n13)`,
      `const n15 = maxPool2d(2)(n14)`,
      `const n16 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n15)`,
      `const n17 = conv2d({ filters: 16, kernel: 3, padding: 'same' })(n16)`,
      `const n18 = maxPool2d(2)(n17)`,
      `const h = dense(32, relu)(flattenImage(n18))`,
      `export const net = dense(10, softmax)(h)`,
      `export const check: readonly [20, 10] = [net.layers.length, net.outputs]`,
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
      `FAIL ${name}: ${c.ops ?? LAYERS} ${c.ops ? 'ops' : 'layers'}, ${inst} instantiations (budget ${c.budget}), check ${check}${userTimes}${errors.length ? `\n  ${errors.join('\n  ')}` : ''}`,
    )
  } else {
    passed++
    console.log(
      `ok   ${name}: ${c.ops ?? LAYERS} ${c.ops ? 'ops' : 'layers'}, ${inst} instantiations (budget ${c.budget}), check ${check}${userTimes}`,
    )
  }
}
rmSync(dir, { recursive: true, force: true })
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
