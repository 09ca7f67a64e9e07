// Asterisk's manager interface (AMI) line protocol, as documented for Asterisk 18-21: after the
// banner line ("Asterisk Call Manager/<version>"), every action, response and event is a block
// of "Key: Value" lines ending with an empty line, each line ending in CR LF.
export type AmiMessage = Record<string, string>;

/** Splits the bytes of one connection into the banner and messages, whatever the chunking. */
export class AmiReader {
  private buffer = '';
  private banner: string | null = null;

  /** The messages completed by this chunk (the banner is kept apart: `bannerLine`). */
  push(chunk: string): AmiMessage[] {
    this.buffer += chunk;
    if (this.banner === null) {
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) return [];
      this.banner = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
    }
    const messages: AmiMessage[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\r\n\r\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 4);
      if (block.trim()) messages.push(parseBlock(block));
    }
    return messages;
  }

  get bannerLine(): string | null {
    return this.banner;
  }
}

function parseBlock(block: string): AmiMessage {
  const message: AmiMessage = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) message[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return message;
}

/** One action or event as written on the line. */
export const formatMessage = (fields: AmiMessage): string =>
  `${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, ' ')}\r\n`)
    .join('')}\r\n`;
