/**
 * The protobuf wire format, as much of it as ONNX models need: a writer of tagged fields (varint, 32/64-bit,
 * length-delimited) and a reader that walks a message's fields, skipping those it does not ask for.
 *
 * Why by hand: a protobuf library in the root entry would add 44 KB (protobufjs/minimal) to 68 KB
 * (@bufbuild/protobuf) of minified code to a 117 KB bundle, for a wire format that fits in this file. Every
 * byte written is read back by onnxruntime in the tests, and every byte read comes from files written by
 * PyTorch and Python's onnx package (Google's protobuf).
 *
 * @internal
 * @since 0.2.0
 */

// -------------------------------------------------------------------------------------
// writing
// -------------------------------------------------------------------------------------

/** The wire types: 0 varint, 1 64-bit, 2 length-delimited, 5 32-bit. @internal */
export type WireType = 0 | 1 | 2 | 5

/**
 * A message being written: its fields append bytes in the order written (protobuf allows any order).
 * @internal
 */
export class Writer {
  private readonly chunks: Array<Uint8Array> = []
  private buf = new Uint8Array(64)
  private pos = 0
  private size = 0

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    this.flush()
    this.buf = new Uint8Array(Math.max(64, n, this.buf.length * 2))
  }

  private flush(): void {
    if (this.pos > 0) this.chunks.push(this.buf.subarray(0, this.pos))
    this.buf = this.buf.subarray(this.pos)
    this.pos = 0
  }

  /** An unsigned varint; a negative int64 is written as its two's complement (10 bytes), as protobuf does. */
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value))
    this.ensure(10)
    do {
      let byte = Number(v & 0x7fn)
      v >>= 7n
      if (v > 0n) byte |= 0x80
      this.buf[this.pos++] = byte
      this.size++
    } while (v > 0n)
    return this
  }

  private tag(field: number, wire: WireType): this {
    return this.varint(field * 8 + wire)
  }

  private raw(bytes: Uint8Array): this {
    this.flush()
    this.chunks.push(bytes)
    this.size += bytes.length
    return this
  }

  /** An integer field (int32, int64, enum), varint-coded. */
  int(field: number, value: number): this {
    return this.tag(field, 0).varint(value)
  }

  /** A float field (fixed 32-bit, little-endian). */
  float(field: number, value: number): this {
    const b = new Uint8Array(4)
    new DataView(b.buffer).setFloat32(0, value, true)
    return this.tag(field, 5).raw(b)
  }

  /** A bytes field. */
  bytes(field: number, value: Uint8Array): this {
    return this.tag(field, 2).varint(value.length).raw(value)
  }

  /** A string field, UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value))
  }

  /** An embedded message field, written by `body`. */
  message(field: number, body: (w: Writer) => void): this {
    const w = new Writer()
    body(w)
    return this.bytes(field, w.finish())
  }

  /** A packed repeated varint field. */
  packedInts(field: number, values: ReadonlyArray<number>): this {
    const w = new Writer()
    for (const v of values) w.varint(v)
    return this.bytes(field, w.finish())
  }

  /** The message's bytes. */
  finish(): Uint8Array {
    this.flush()
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array
    const out = new Uint8Array(this.size)
    let o = 0
    for (const c of this.chunks) {
      out.set(c, o)
      o += c.length
    }
    return out
  }
}

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

/**
 * One field of a message as read: its number, wire type and value (a `bigint` for varints and 64-bit
 * fields, the 4 raw bytes for 32-bit fields, the bytes for length-delimited ones).
 * @internal
 */
export type Field =
  | { readonly field: number; readonly wire: 0; readonly value: bigint }
  | { readonly field: number; readonly wire: 1; readonly value: Uint8Array }
  | { readonly field: number; readonly wire: 2; readonly value: Uint8Array }
  | { readonly field: number; readonly wire: 5; readonly value: Uint8Array }

/**
 * Why bytes are not a well-formed message.
 * @internal
 */
export class WireError extends Error {}

const readVarint = (b: Uint8Array, at: { pos: number }): bigint => {
  let v = 0n
  let shift = 0n
  for (let i = 0; i < 10; i++) {
    if (at.pos >= b.length) throw new WireError(`truncated varint at byte ${at.pos}`)
    const byte = b[at.pos++] as number
    v |= BigInt(byte & 0x7f) << shift
    if ((byte & 0x80) === 0) return BigInt.asUintN(64, v)
    shift += 7n
  }
  throw new WireError(`varint longer than 10 bytes at byte ${at.pos}`)
}

/**
 * The fields of a message, in order. Groups (wire types 3 and 4, deprecated and unused by ONNX) and
 * truncated fields are `WireError`s.
 * @internal
 */
export const fields = (b: Uint8Array): ReadonlyArray<Field> => {
  const out: Array<Field> = []
  const at = { pos: 0 }
  while (at.pos < b.length) {
    const start = at.pos
    const key = readVarint(b, at)
    const field = Number(key >> 3n)
    const wire = Number(key & 7n)
    if (field === 0) throw new WireError(`field number 0 at byte ${start}`)
    const take = (n: number): Uint8Array => {
      if (n > b.length - at.pos) throw new WireError(`field ${field} at byte ${start} runs past the end`)
      const v = b.subarray(at.pos, at.pos + n)
      at.pos += n
      return v
    }
    if (wire === 0) out.push({ field, wire, value: readVarint(b, at) })
    else if (wire === 1) out.push({ field, wire, value: take(8) })
    else if (wire === 5) out.push({ field, wire, value: take(4) })
    else if (wire === 2) {
      const n = readVarint(b, at)
      if (n > BigInt(b.length - at.pos)) throw new WireError(`field ${field} at byte ${start} runs past the end`)
      out.push({ field, wire, value: take(Number(n)) })
    } else throw new WireError(`unsupported wire type ${wire} (field ${field}) at byte ${start}`)
  }
  return out
}

/** A varint field's value as a signed 64-bit number. @internal */
export const int64 = (v: bigint): number => Number(BigInt.asIntN(64, v))

/** A UTF-8 string field. @internal */
export const utf8 = (b: Uint8Array): string => new TextDecoder('utf-8', { fatal: false }).decode(b)

/** A 32-bit field as a float. @internal */
export const float32 = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true)

/**
 * The values of a repeated varint field, packed (one length-delimited field) or not (many varint fields):
 * parsers must accept both.
 * @internal
 */
export const repeatedInts = (fs: ReadonlyArray<Field>, field: number): Array<number> => {
  const out: Array<number> = []
  for (const f of fs) {
    if (f.field !== field) continue
    if (f.wire === 0) out.push(int64(f.value))
    else if (f.wire === 2) {
      const at = { pos: 0 }
      while (at.pos < f.value.length) out.push(int64(readVarint(f.value, at)))
    } else throw new WireError(`field ${field}: expected integers, got wire type ${f.wire}`)
  }
  return out
}

/**
 * The values of a repeated float (width 4) or double (width 8) field, packed or not.
 * @internal
 */
export const repeatedReals = (fs: ReadonlyArray<Field>, field: number, width: 4 | 8): Array<number> => {
  const out: Array<number> = []
  const push = (b: Uint8Array): void => {
    if (b.length % width !== 0) throw new WireError(`field ${field}: ${b.length} bytes is not a multiple of ${width}`)
    const dv = new DataView(b.buffer, b.byteOffset, b.length)
    for (let i = 0; i < b.length; i += width) out.push(width === 4 ? dv.getFloat32(i, true) : dv.getFloat64(i, true))
  }
  for (const f of fs) {
    if (f.field !== field) continue
    if (f.wire === 2 || f.wire === (width === 4 ? 5 : 1)) push(f.value)
    else throw new WireError(`field ${field}: expected ${width === 4 ? 'floats' : 'doubles'}, got wire type ${f.wire}`)
  }
  return out
}
