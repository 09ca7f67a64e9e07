// The e-mail channel's normaliser: raw RFC 5322 bytes (as the IMAP server gives them) to the
// intake's NormalizedMessage, with mailparser. Recognises what must never be answered:
// auto-replies (RFC 3834 Auto-Submitted, Precedence, X-Autoreply and kin), bounces (delivery
// status reports, the null sender, MAILER-DAEMON) and our own messages coming back (a loop).
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { convert } from 'html-to-text';
import { requestNumberIn } from '../shared/requestNumber';
import { OUR_MESSAGE_ID_DOMAIN } from '../notifications/threads';
import { MalformedMessage, type NormalizedMessage } from './message';

const first = (value: AddressObject | AddressObject[] | undefined) => (Array.isArray(value) ? value[0] : value)?.value[0]?.address?.toLowerCase() ?? '';
const header = (mail: ParsedMail, name: string) => {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  return (typeof value === 'string' ? value : typeof value === 'object' && 'value' in value ? String(value.value) : String(value)).trim().toLowerCase();
};
const ids = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/)).filter(Boolean);

/** Why a message is automatic, or null when a person wrote it. */
function automatic(mail: ParsedMail, sender: string, ourAddresses: ReadonlySet<string>): string | null {
  const auto = header(mail, 'auto-submitted');
  if (auto && auto !== 'no') return `automatic message (Auto-Submitted: ${auto})`;
  const precedence = header(mail, 'precedence');
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `automatic message (Precedence: ${precedence})`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-response']) if (header(mail, name)) return `automatic message (${name})`;
  if (header(mail, 'x-incident-desk-key') || (mail.messageId ?? '').endsWith(`@${OUR_MESSAGE_ID_DOMAIN}>`)) return 'our own message came back (mail loop)';
  if (ourAddresses.has(sender)) return "sent from one of the desk's own mailboxes (mail loop)";
  const type = header(mail, 'content-type');
  if (type.startsWith('multipart/report') || /^(mailer-daemon|postmaster)@/.test(sender)) return 'bounce (delivery status report)';
  if (header(mail, 'return-path') === '<>') return 'bounce (null sender)';
  return null;
}

/** HTML as plain text: no tags, scripts or styles; images and link targets left out. */
const htmlAsText = (html: string) =>
  convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { ignoreHref: true } },
    ],
  });

/** Drops the quoted history of a reply: the lines after "On ... wrote:" and those quoted with ">". */
function ownText(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const cut = lines.findIndex((line) => /^(On .+ wrote:|.+ написал[а]?:)\s*$/.test(line.trim()));
  return (cut >= 0 ? lines.slice(0, cut) : lines)
    .filter((line) => !line.startsWith('>'))
    .join('\n')
    .trim();
}

/** A normaliser for mail read from the desk's mailboxes (ourAddresses: those mailboxes). */
export function emailNormaliser(ourAddresses: ReadonlySet<string>) {
  return async (raw: Buffer): Promise<NormalizedMessage> => {
    const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
    const sender = first(mail.from);
    if (!sender || !sender.includes('@')) throw new MalformedMessage('no sender address (From) could be read');
    if (!mail.headers.has('date') && !mail.messageId && !mail.subject) throw new MalformedMessage('no Date, Message-ID nor Subject: not an e-mail message');
    const subject = (mail.subject ?? '').slice(0, 500);
    // The text part is preferred; a message with HTML only is turned to text, so no markup is
    // ever kept or shown (mailparser's simpleParser left such a message's text empty: a test's
    // HTML-only mail became a request with its subject alone).
    const text = ownText(mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? htmlAsText(mail.html) : '');
    const inReplyTo = ids(mail.inReplyTo);
    const references = ids(mail.references).reverse();
    const from = Array.isArray(mail.from) ? mail.from[0] : mail.from;
    return {
      sender: { email: sender },
      displayName: from?.value[0]?.name?.trim() || undefined,
      senderLabel: sender,
      subject,
      text,
      files: mail.attachments.map((a) => ({
        fileName: a.filename ?? (a.related ? `inline-${a.cid ?? 'image'}` : 'attachment'),
        contentType: a.contentType,
        content: a.content,
      })),
      threadKey: mail.messageId ?? null,
      replyTo: [...new Set([...inReplyTo, ...references])],
      requestNumber: requestNumberIn(subject),
      ignore: automatic(mail, sender, ourAddresses),
    };
  };
}
