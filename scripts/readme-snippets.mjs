// Compiles every ```ts block of README.md with the type-message harness: each block is written to
// types/.generated/readme/NN.ts (a module importing from 'tensorial', the built package) and must compile,
// except lines marked `// @expect-error TS<code> <text>`, which must fail with exactly that error.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const dir = resolve('types/.generated/readme')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])
if (blocks.length === 0) {
  console.log('README.md has no ts blocks\n0 passed, 1 failed')
  process.exit(1)
}
blocks.forEach((code, i) => writeFileSync(join(dir, `${String(i + 1).padStart(2, '0')}.ts`), `${code}\nexport {}\n`))
let code = 0
try {
  execFileSync(process.execPath, [resolve('scripts/type-messages.mjs'), dir], { stdio: 'inherit' })
} catch {
  code = 1
}
rmSync(resolve('types/.generated'), { recursive: true, force: true })
process.exit(code)
