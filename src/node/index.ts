/**
 * `tensorial/node`: the parts of tensorial that need Node (the file system). Everything else, the stream and
 * text readers included, is in the root entry, which runs in browsers too.
 *
 * @since 0.2.0
 */
export { FileError } from './file.js'
export * from './csv.js'
export * from './model.js'
