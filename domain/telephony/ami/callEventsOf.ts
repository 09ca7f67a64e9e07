// Asterisk's call events mapped to the desk's (callEvents.ts): a call is its Linkedid (the
// Uniqueid of the caller's channel, the oldest of the call), so every event of one call lands on
// one row whatever the channels. DialBegin rings an extension (the dialled channel's peer, as in
// PJSIP/101-00000002), DialEnd with DialStatus ANSWER or BridgeEnter of a dialled channel answers
// it, and the Hangup of the caller's channel ends it (unanswered: missed).
import type { CallEventInput } from '../callEvents';
import { EXTENSION } from '../../people/extensions';
import type { AmiMessage } from './protocol';

/** The extension of a channel such as PJSIP/101-00000002 or SIP/op-7-0000a1 (the peer before the last dash). */
export function extensionOfChannel(channel: string | undefined): string | undefined {
  const peer = /^[A-Za-z0-9]+\/(.+)-[0-9a-f]+$/i.exec(channel ?? '')?.[1];
  return peer && EXTENSION.safeParse(peer).success ? peer : undefined;
}

/**
 * A caller id as E.164: kept with its plus, a Russian trunk's 8XXXXXXXXXX as +7XXXXXXXXXX, other
 * digits with a plus; anything else (<unknown>, anonymous) as it came, which the event schema refuses.
 */
export function toE164(number: string | undefined): string {
  const raw = (number ?? '').trim();
  if (/^\+\d+$/.test(raw)) return raw;
  const digits = raw.replace(/[\s()-]/g, '');
  if (!/^\d+$/.test(digits)) return raw;
  return digits.length === 11 && digits.startsWith('8') ? `+7${digits.slice(1)}` : `+${digits}`;
}

/** What the connector remembers of a call between its events (by Linkedid). */
export interface AmiCall {
  caller: string;
  called: string;
  /** The dialled channels and their extensions, by Uniqueid. */
  dialled: Map<string, string>;
}

/**
 * The desk's event for one AMI event, or null when it says nothing the desk keeps; `calls` is
 * the connector's memory of open calls (a Hangup of the caller's channel forgets the call).
 */
export function callEventOf(m: AmiMessage, calls: Map<string, AmiCall>): CallEventInput | null {
  const callId = m.Linkedid;
  if (!callId) return null;
  const at = m.Timestamp ? new Date(Number(m.Timestamp) * 1000).toISOString() : undefined;
  const known = calls.get(callId);
  const base = (call: AmiCall) => ({ callId, caller: call.caller, called: call.called, ...(at ? { at } : {}) });
  switch (m.Event) {
    case 'Newchannel': {
      if (m.Uniqueid !== callId || known) return null; // the caller's channel opens the call
      calls.set(callId, { caller: toE164(m.CallerIDNum), called: m.Exten || 's', dialled: new Map() });
      return null;
    }
    case 'DialBegin': {
      const call = known ?? { caller: toE164(m.CallerIDNum), called: m.Exten || 's', dialled: new Map<string, string>() };
      calls.set(callId, call);
      const extension = extensionOfChannel(m.DestChannel) ?? m.DestExten;
      if (!extension) return null;
      if (m.DestUniqueid) call.dialled.set(m.DestUniqueid, extension);
      return { event: 'ringing', ...base(call), extension };
    }
    case 'DialEnd': {
      if (!known || m.DialStatus !== 'ANSWER') return null;
      const extension = (m.DestUniqueid && known.dialled.get(m.DestUniqueid)) || extensionOfChannel(m.DestChannel);
      return { event: 'answered', ...base(known), ...(extension ? { extension } : {}) };
    }
    case 'BridgeEnter': {
      const extension = known && m.Uniqueid ? known.dialled.get(m.Uniqueid) : undefined;
      return known && extension ? { event: 'answered', ...base(known), extension } : null;
    }
    case 'Hangup': {
      if (!known || m.Uniqueid !== callId) return null;
      calls.delete(callId);
      return { event: 'ended', ...base(known) };
    }
    default:
      return null;
  }
}
