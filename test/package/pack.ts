// The package as a user installs it: `npm pack` of this checkout's build, unpacked into
// `<dir>/node_modules/tensorial`, with its dependencies linked from this checkout's node_modules.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))

/** One file of `npm pack --json`. */
export interface PackedFile {
  readonly path: string
  readonly size: number
}

/** A consumer directory holding the packed package, and the packed file list. */
export interface Consumer {
  readonly dir: string
  readonly files: ReadonlyArray<PackedFile>
  readonly remove: () => void
}

/**
 * Packs the built package (without running `prepack`: `npm test` builds `dist` before vitest) and installs it in
 * a new temporary directory whose name is prefixed by `prefix`.
 */
export const consumer = (
  prefix: string,
  links: ReadonlyArray<string> = ['fp-ts', 'io-ts', 'cli-progress'],
): Consumer => {
  if (!existsSync(join(root, 'dist', 'index.js')))
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` builds it before vitest)')
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const [info] = JSON.parse(out) as ReadonlyArray<{ readonly filename: string; readonly files: Array<PackedFile> }>
  if (info === undefined) throw new Error(`npm pack printed no package: ${out}`)
  const modules = join(dir, 'node_modules')
  mkdirSync(modules)
  execFileSync('tar', ['-xzf', join(dir, info.filename), '-C', dir])
  renameSync(join(dir, 'package'), join(modules, 'tensorial'))
  for (const name of links) {
    mkdirSync(join(modules, name, '..'), { recursive: true })
    symlinkSync(join(root, 'node_modules', name), join(modules, name), 'dir')
  }
  return { dir, files: info.files, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
