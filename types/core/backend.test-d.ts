// Type tests of kernels() (src/core/backend.ts): the report names one of the three kernels, and a reason.
import { expectAssignable, expectNotAssignable, expectType } from 'tsd'
import { kernels } from 'tensorial'
import type { KernelReport } from 'tensorial'

const report = kernels()
expectType<KernelReport>(report)
expectType<'wasm-relaxed-simd' | 'wasm-simd' | 'js'>(report.matmul)
expectType<string>(report.reason)
// the fused multiply-add kernel is a report kernels() may give; a kernel it never names is not
expectAssignable<KernelReport>({
  matmul: 'wasm-relaxed-simd',
  reason: 'WebAssembly relaxed SIMD available (fused multiply-add)',
})
expectNotAssignable<KernelReport>({
  matmul: 'wasm-fma',
  reason: 'WebAssembly relaxed SIMD available (fused multiply-add)',
})
