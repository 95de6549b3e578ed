import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BrokenGzip, gunzip } from './gunzip.ts';

async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield Buffer.from(data.subarray(at, at + size));
}

/** What gunzip hands on, and what it throws (undefined when it ends cleanly). */
async function decode(data: Buffer, size = data.length, chunkSize = 16 * 1024): Promise<{ text: string; error: BrokenGzip | undefined }> {
  const out: Buffer[] = [];
  try {
    for await (const chunk of gunzip(pieces(data, size), chunkSize)) out.push(chunk);
  } catch (err) {
    if (!(err instanceof BrokenGzip)) throw err;
    return { text: Buffer.concat(out).toString(), error: err };
  }
  return { text: Buffer.concat(out).toString(), error: undefined };
}

/** A gzip member written by hand, with every optional header field. */
function member(text: string): Buffer {
  const data = Buffer.from(text);
  const flags = 0x02 | 0x04 | 0x08 | 0x10;
  const header = Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3]);
  const extra = Buffer.from([4, 0, 1, 2, 3, 4]);
  const names = Buffer.from('name.jsonl\0a comment\0');
  const hcrc = Buffer.from([0, 0]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, extra, names, hcrc, deflateRawSync(data), trailer]);
}

const LINES = Array.from({ length: 300 }, (_, i) => `{"n":${i}}`).join('\n') + '\n';

describe('gunzip', () => {
  it('reads members with every optional header field, one after another, in pieces of any size', async () => {
    const data = Buffer.concat([member('a\nb\n'), gzipSync('c\n'), member('d\n')]);
    for (const size of [1, 2, 3, 10, 1000]) expect(await decode(data, size)).toEqual({ text: 'a\nb\nc\nd\n', error: undefined });
  });

  it('hands on everything before trailing garbage, then a BrokenGzip that is not a cut, with the byte offset', async () => {
    const gz = gzipSync(LINES);
    const { text, error } = await decode(Buffer.concat([gz, Buffer.from('PK\x03\x04 not gzip')]), 13);
    expect(text).toBe(LINES);
    expect(error?.cut).toBe(false);
    expect(error?.message).toMatch(new RegExp(`^gzip data after byte ${gz.length} is not a gzip stream: "PK\\.\\. not gz.*" is not a gzip member header`));
  });

  it('cut at every byte: a clean prefix of whole lines and a cut error, never more than was written', async () => {
    const gz = gzipSync(LINES, { level: 1 });
    for (let keep = 1; keep < gz.length; keep++) {
      const { text, error } = await decode(gz.subarray(0, keep), 97, 512);
      expect(error?.cut, `cut at ${keep}`).toBe(true);
      expect(LINES.startsWith(text)).toBe(true);
      // The last line decoded is held back: what is handed on ends at a line end.
      expect(text === '' || text.endsWith('\n')).toBe(true);
    }
  });

  it('a corrupt member is a cut', async () => {
    const gz = gzipSync(LINES);
    gz.writeUInt8((gz.readUInt8(gz.length - 3) ^ 0x55), gz.length - 3);
    const { error } = await decode(gz);
    expect(error).toMatchObject({ cut: true, message: expect.stringMatching(/fails its CRC and length check/) });
  });

  it('passes an error of the input on as it is', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield gzipSync(LINES).subarray(0, 30);
      throw new Error('EIO: i/o error, read');
    }
    const read = async (): Promise<void> => {
      for await (const _ of gunzip(failing(), 1024));
    };
    await expect(read()).rejects.toThrow('EIO: i/o error, read');
  });
});
