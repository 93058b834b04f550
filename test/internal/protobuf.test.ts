/**
 * The protobuf wire format behind ONNX (src/internal/protobuf.ts): varints at every length boundary (and
 * negative int64 as 10 bytes), fixed-width fields, packed and unpacked repeated fields, and malformed input
 * as `WireError`. Bytes written by Google's protobuf are checked in test/io/onnx.test.ts (PyTorch's files).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  type Field,
  fields,
  float32,
  int64,
  repeatedInts,
  repeatedReals,
  utf8,
  WireError,
  Writer,
} from '../../src/internal/protobuf.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('Writer', () => {
  it('writes varints as protobuf does (the examples of the encoding guide)', () => {
    expect(hex(new Writer().int(1, 150).finish())).toBe('089601')
    expect(hex(new Writer().int(1, 0).finish())).toBe('0800')
    expect(hex(new Writer().int(1, 127).finish())).toBe('087f')
    expect(hex(new Writer().int(1, 128).finish())).toBe('088001')
    expect(hex(new Writer().int(1, -1).finish())).toBe('08ffffffffffffffffff01')
    expect(hex(new Writer().string(2, 'testing').finish())).toBe('120774657374696e67')
    expect(hex(new Writer().float(5, 1).finish())).toBe('2d0000803f')
    expect(hex(new Writer().packedInts(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705')
    expect(hex(new Writer().message(3, (w) => w.int(1, 150)).finish())).toBe('1a03089601')
  })

  it('round-trips integers of every varint length, and big buffers across chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constant(-(2 ** 53) + 1))), (xs) => {
        const w = new Writer()
        xs.forEach((x, i) => w.int(i + 1, x))
        const fs = fields(w.finish())
        expect(fs.map((f) => f.field)).toEqual(xs.map((_, i) => i + 1))
        expect(fs.map((f) => int64(f.value as bigint))).toEqual(xs)
      }),
    )
    const big = new Uint8Array(100_000).map((_, i) => i % 251)
    const w = new Writer().int(1, 7).bytes(2, big).int(3, 9)
    const [a, b, c] = fields(w.finish()) as [Field, Field, Field]
    expect([a.value, c.value]).toEqual([7n, 9n])
    expect(b.value).toEqual(big)
  })
})

describe('fields', () => {
  it('reads all four wire types', () => {
    // field 1 varint 5; field 2 fixed64 (1.5 as double); field 3 bytes "hi"; field 4 fixed32 (2 as float)
    const b = new Uint8Array([
      0x08, 0x05, 0x11, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0x1a, 0x02, 0x68, 0x69, 0x25, 0, 0, 0, 0x40,
    ])
    const fs = fields(b)
    expect(fs.map((f) => [f.field, f.wire])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 5],
    ])
    expect(repeatedReals(fs, 2, 8)).toEqual([1.5])
    expect(utf8(fs[2]!.value as Uint8Array)).toBe('hi')
    expect(float32(fs[3]!.value as Uint8Array)).toBe(2)
  })

  it('reads repeated fields packed and unpacked alike', () => {
    const unpacked = new Writer().int(1, 3).int(1, 270).int(2, 0).int(1, 86942).finish()
    const packed = new Writer().packedInts(1, [3, 270]).packedInts(1, [86942]).finish()
    expect(repeatedInts(fields(unpacked), 1)).toEqual([3, 270, 86942])
    expect(repeatedInts(fields(packed), 1)).toEqual([3, 270, 86942])
    const floats = new Writer().float(4, 0.5).float(4, -2).finish()
    expect(repeatedReals(fields(floats), 4, 4)).toEqual([0.5, -2])
  })

  it('is a WireError for truncated, overlong or group-coded input', () => {
    const bad: ReadonlyArray<readonly [Uint8Array, RegExp]> = [
      [new Uint8Array([0x08]), /truncated varint/],
      [
        new Uint8Array([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
        /longer than 10 bytes/,
      ],
      [new Uint8Array([0x12, 0x05, 0x01]), /runs past the end/],
      [new Uint8Array([0x11, 0x01]), /runs past the end/],
      [new Uint8Array([0x0b]), /unsupported wire type 3/],
      [new Uint8Array([0x00, 0x01]), /field number 0/],
    ]
    for (const [b, m] of bad) {
      expect(() => fields(b)).toThrow(WireError)
      expect(() => fields(b)).toThrow(m)
    }
    expect(() => repeatedReals(fields(new Uint8Array([0x0a, 0x03, 1, 2, 3])), 1, 4)).toThrow(/not a multiple of 4/)
    expect(() => repeatedInts(fields(new Uint8Array([0x0d, 0, 0, 0, 0])), 1)).toThrow(/expected integers/)
  })

  it('never throws anything but a WireError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        try {
          fields(b)
        } catch (e) {
          expect(e).toBeInstanceOf(WireError)
        }
      }),
    )
  })
})
