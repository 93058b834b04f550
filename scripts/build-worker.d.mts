/** Bundles src/internal/worker-entry.ts into one minified script (the gemm-wasm binaries stubbed). */
export declare const bundle: () => Promise<string>
/** The text of src/internal/worker-code.ts for a bundle, formatted by prettier. */
export declare const moduleText: (code: string) => Promise<string>
