/**
 * The error of a file that cannot be opened, read or written, kept apart from `DecodeError` (a file that was
 * read but holds something wrong), so a caller can tell a missing file from a malformed one.
 *
 * @since 0.2.0
 */

/**
 * A file-system failure: the path, what was attempted, and the system's error code (`ENOENT`, `EACCES`, …)
 * when there is one. The message reads `cannot read "data/iris.csv": ENOENT: no such file or directory, …`.
 *
 * @category errors
 * @since 0.2.0
 */
export class FileError extends Error {
  readonly _tag = 'FileError' as const
  override readonly name = 'FileError'
  constructor(
    /** The path as given. */
    readonly path: string,
    /** What failed. */
    readonly operation: 'read' | 'write',
    /** The system's error code, e.g. `ENOENT`, when the failure has one. */
    readonly code: string | undefined,
    /** The system's description of the failure. */
    readonly reason: string,
  ) {
    super(`cannot ${operation} ${JSON.stringify(path)}: ${reason}`)
  }
}

/**
 * A `FileError` from whatever a file-system call threw or rejected with.
 * @internal
 */
export const fileError = (path: string, operation: 'read' | 'write', e: unknown): FileError => {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined
  return new FileError(
    path,
    operation,
    typeof code === 'string' ? code : undefined,
    e instanceof Error ? e.message : String(e),
  )
}
