// SMS text encodings (3GPP TS 23.038) and concatenation (TS 23.040 9.2.3.24.1), in one place for
// the channel (out) and the normaliser (in). GSM 7-bit is used where every character is in the
// default alphabet or its extension table: 160 characters a part; anything else (Cyrillic)
// goes as UCS-2, data_coding 8: 70 characters a part. SMPP carries GSM 7-bit unpacked, one
// septet an octet. A long text is split into parts of 153 septets / 67 UCS-2 units, each with
// a 6-octet UDH (IEI 0x00: 8-bit reference, count, sequence).

const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Extension table: the character after ESC (0x1B) -> its septet. */
const EXTENSION: Record<string, number> = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 };
const BASIC_CODE = new Map([...BASIC].map((c, i) => [c, i]));
const EXTENSION_CHAR = new Map(Object.entries(EXTENSION).map(([c, code]) => [code, c]));

export const DATA_CODING = { GSM: 0x00, LATIN1: 0x03, UCS2: 0x08 } as const;
const SINGLE = { gsm: 160, ucs2: 70 };
const PART = { gsm: 153, ucs2: 67 };

export class UndecodableText extends Error {}

/** The septets of a character in GSM 7-bit (1 or 2 with ESC), or null when it has none. */
function septets(char: string): number[] | null {
  const basic = BASIC_CODE.get(char);
  if (basic !== undefined && char !== '\x1b') return [basic];
  const ext = EXTENSION[char];
  return ext === undefined ? null : [0x1b, ext];
}

export const fitsGsm = (text: string) => [...text].every((c) => septets(c) !== null);

export interface EncodedPart {
  /** The short_message octets, UDH first when the text has more than one part. */
  shortMessage: Buffer;
  dataCoding: number;
  esmClass: number;
}

/** The text as SMPP short_message parts; ref (0..255) marks the parts of one message. */
export function encodeSms(text: string, ref: number): EncodedPart[] {
  const gsm = fitsGsm(text);
  // Units that must stay together: a GSM character with its escape, a UTF-16 surrogate pair.
  const units: Buffer[] = gsm ? [...text].map((c) => Buffer.from(septets(c)!)) : [...text].map((c) => Buffer.from(c, 'utf16le').swap16());
  const sizeOf = (u: Buffer) => (gsm ? u.length : u.length / 2);
  const total = units.reduce((n, u) => n + sizeOf(u), 0);
  const single = gsm ? SINGLE.gsm : SINGLE.ucs2;
  const dataCoding = gsm ? DATA_CODING.GSM : DATA_CODING.UCS2;
  if (total <= single) return [{ shortMessage: Buffer.concat(units), dataCoding, esmClass: 0 }];
  const limit = gsm ? PART.gsm : PART.ucs2;
  const chunks: Buffer[][] = [[]];
  let size = 0;
  for (const unit of units) {
    if (size + sizeOf(unit) > limit) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1]!.push(unit);
    size += sizeOf(unit);
  }
  return chunks.map((chunk, i) => ({
    shortMessage: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, ref & 0xff, chunks.length, i + 1]), ...chunk]),
    dataCoding,
    esmClass: 0x40, // UDHI
  }));
}

/** The concatenation header of a short_message with UDHI set: reference, count, sequence. */
export interface Concatenation {
  ref: number;
  total: number;
  seq: number;
}

/** Splits a short_message into its UDH's concatenation (8- or 16-bit reference) and the text octets. */
export function splitUdh(shortMessage: Buffer, esmClass: number): { concat: Concatenation | null; body: Buffer } {
  if (!(esmClass & 0x40) || shortMessage.length === 0) return { concat: null, body: shortMessage };
  const udhl = shortMessage[0]!;
  if (udhl + 1 > shortMessage.length) throw new UndecodableText(`UDH length ${udhl} beyond the message (${shortMessage.length} octets)`);
  const udh = shortMessage.subarray(1, udhl + 1);
  let concat: Concatenation | null = null;
  for (let i = 0; i + 1 < udh.length;) {
    const iei = udh[i]!;
    const len = udh[i + 1]!;
    const data = udh.subarray(i + 2, i + 2 + len);
    if (iei === 0x00 && len === 3) concat = { ref: data[0]!, total: data[1]!, seq: data[2]! };
    if (iei === 0x08 && len === 4) concat = { ref: data.readUInt16BE(0), total: data[2]!, seq: data[3]! };
    i += 2 + len;
  }
  if (concat && (concat.total === 0 || concat.seq === 0 || concat.seq > concat.total))
    throw new UndecodableText(`concatenation header part ${concat.seq} of ${concat.total}`);
  return { concat, body: shortMessage.subarray(udhl + 1) };
}

/** The text of short_message octets in their data_coding; throws UndecodableText when they have none. */
export function decodeSms(body: Buffer, dataCoding: number): string {
  if (dataCoding === 0x00 || dataCoding === 0x01) return decodeGsm(body);
  if (dataCoding === 0x03) return body.toString('latin1');
  if (dataCoding === 0x08) return decodeUcs2(body);
  throw new UndecodableText(`unknown data_coding 0x${dataCoding.toString(16).padStart(2, '0')}`);
}

function decodeGsm(body: Buffer): string {
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const code = body[i]!;
    if (code > 0x7f) throw new UndecodableText(`octet 0x${code.toString(16)} at ${i} is not a GSM 7-bit septet`);
    if (code === 0x1b) {
      const next = body[++i];
      const ext = next === undefined ? undefined : EXTENSION_CHAR.get(next);
      text += ext ?? ' '; // an unknown escape shows as a space (TS 23.038 6.2.1.1)
    } else text += BASIC[code];
  }
  return text;
}

function decodeUcs2(body: Buffer): string {
  if (body.length % 2 !== 0) throw new UndecodableText(`UCS-2 text of an odd length (${body.length} octets)`);
  const text = Buffer.from(body).swap16().toString('utf16le');
  // A lone surrogate is no character: the octets are not UTF-16 text.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) throw new UndecodableText('UCS-2 text with a lone surrogate');
  return text;
}

/** A concatenation reference for a message (the same for its retries): its key's hash, 0..255. */
export function refOf(key: string): number {
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h & 0xff;
}

/**
 * The short_message octets as sent, from what node-smpp hands over on receipt: {message, udh}
 * (the UDH's elements split off when UDHI is set), a Buffer, or a string.
 */
export function shortMessageOctets(sm: Buffer | string | { udh?: Buffer[] | Buffer; message: Buffer | string } | undefined): Buffer {
  if (!sm) return Buffer.alloc(0);
  if (Buffer.isBuffer(sm)) return sm;
  if (typeof sm === 'string') return Buffer.from(sm, 'latin1');
  const message = Buffer.isBuffer(sm.message) ? sm.message : Buffer.from(sm.message, 'latin1');
  if (!sm.udh) return message;
  const ies = Array.isArray(sm.udh) ? Buffer.concat(sm.udh) : sm.udh;
  return Buffer.concat([Buffer.from([ies.length]), ies, message]);
}
