// Assembles src/internal/gemm.wat (WebAssembly text) with the wabt package and writes the binary, base64-encoded,
// into src/internal/gemm-wasm.ts, which is committed. `--check` only verifies that the committed binary is the
// assembly of the committed source (run by the kernel tests).
import { readFileSync, writeFileSync } from 'node:fs'

import wabtInit from 'wabt'

export const assemble = async () => {
  const wabt = await wabtInit()
  const mod = wabt.parseWat('gemm.wat', readFileSync('src/internal/gemm.wat', 'utf8'), { simd: true })
  const { buffer } = mod.toBinary({})
  mod.destroy()
  return Buffer.from(buffer).toString('base64')
}

const file = (b64) => `/**
 * The WebAssembly SIMD GEMM micro-kernel, assembled from \`gemm.wat\` by \`scripts/build-wasm.mjs\`. Generated:
 * edit the .wat and run \`node scripts/build-wasm.mjs\`.
 * @internal
 * @since 0.1.0
 */
export const gemmWasmBase64 =
  '${b64}'
`

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const b64 = await assemble()
  if (process.argv.includes('--check')) {
    const committed = readFileSync('src/internal/gemm-wasm.ts', 'utf8')
    if (committed !== file(b64)) {
      console.error(
        'src/internal/gemm-wasm.ts is not the assembly of src/internal/gemm.wat: run node scripts/build-wasm.mjs',
      )
      process.exit(1)
    }
  } else writeFileSync('src/internal/gemm-wasm.ts', file(b64))
}
