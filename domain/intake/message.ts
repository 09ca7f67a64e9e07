// What every channel's normaliser makes of a raw inbound message (e-mail now; SMS, Telegram and
// the bus later), so that one intake path (intake.ts) handles them all.
export interface InboundFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface NormalizedMessage {
  /** Who sent it, by whatever the channel knows: the client is found by the first that is set. */
  sender: { email?: string; phone?: string; telegramId?: string; externalId?: string };
  /** The sender as admins read it (an address, a number). */
  senderLabel: string;
  subject: string;
  /** Plain text only: HTML is never kept (the e-mail normaliser prefers the text part). */
  text: string;
  files: InboundFile[];
  /** This message's own conversation key (e-mail: its Message-ID), when it has one. */
  threadKey: string | null;
  /** Keys of the messages it answers (e-mail: In-Reply-To, then References, newest first). */
  replyTo: string[];
  /** A request number the message names (e-mail: in the subject): the fallback of replyTo. */
  requestNumber: string | null;
  /** Why the message must never become a request nor be answered (auto-reply, bounce, loop). */
  ignore: string | null;
  /**
   * A channel without conversations (SMS): a message naming no request answers the client's
   * only open request, when they have exactly one.
   */
  answersOnlyOpenRequest?: boolean;
  /** The service the message itself names (the bus): wins over its source's route. */
  serviceCode?: string;
  /** The sender's name, when the channel tells it and vouches for the phone (the bus): an unknown sender becomes a client. */
  senderName?: string;
  /** The name the sender's mail program writes beside the address (From): shown only, it vouches for nothing. */
  displayName?: string;
}

/** Raw bytes in, a normalised message out; throws (MalformedMessage) when there is none to make. */
export type Normaliser = (raw: Buffer) => Promise<NormalizedMessage>;

export class MalformedMessage extends Error {}
