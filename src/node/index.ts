/**
 * `tensorial/node`: the parts of tensorial that need Node (the file system, a TTY). Everything else, the stream
 * and text readers and the interchange formats' encoders included, is in the root entry, which runs in browsers
 * too.
 *
 * @module tensorial/node
 * @since 0.2.0
 */
export { FileError } from './file.js'
export * from './csv.js'
export * from './model.js'
export * from './interop.js'
export * from './progress.js'
