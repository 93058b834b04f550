/**
 * Characters scanned and copied by the incremental CSV reader, counted as it goes (a few additions per line
 * and per chunk). Only a test reads them: it checks that the work per input character stays bounded for any
 * chunking and line length, which is how linear time is tested without timing anything.
 *
 * @internal
 * @since 0.2.0
 */
export const work = { scanned: 0, copied: 0 }
