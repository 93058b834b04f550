/** Assembles src/internal/gemm.wat and returns the binary as base64. */
export declare const assemble: () => Promise<string>
