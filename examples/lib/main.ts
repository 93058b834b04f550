/**
 * Whether the module at `url` (its `import.meta.url`) is the program being run (`tsx examples/03-xor.ts`), not
 * a module imported by a test or another script. Compares file paths, not URLs built by hand, so it holds for
 * checkouts whose path has spaces or non-ASCII characters, for symbolic links and on Windows.
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const isMain = (url: string): boolean => {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return realpathSync(fileURLToPath(url)) === realpathSync(script)
  } catch {
    return false
  }
}
