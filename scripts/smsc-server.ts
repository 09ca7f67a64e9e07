// A stand-in for an operator's SMSC on the local stack and in tests: a real SMPP 3.4 server over
// TCP (node-smpp's server), not a mock of our client. It takes bind_transceiver with the
// configured system_id and password, answers submit_sm with a message id and then sends the
// delivery receipt (deliver_sm, esm_class 0x04, "id:... stat:DELIVRD err:000 ..."), and keeps
// what was submitted. A small HTTP control API on 127.0.0.1 lets tests see the submissions,
// make receipts fail or come late, send receipts of their own, and send mobile-originated
// messages (GSM 7-bit, UCS-2, raw octets, in concatenated parts with UDH, and repeated as an
// SMSC redelivers). Receipts for a session that is gone wait for the next bind, as an SMSC
// keeps them. State lives in memory: a restart forgets submissions and pending receipts.
//   SMPP_PORT, SMSC_CONTROL_PORT, SMPP_SYSTEM_ID, SMPP_PASSWORD (scripts/env.sh)
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import * as smpp from 'smpp';
import { decodeSms, encodeSms, shortMessageOctets, splitUdh } from '../domain/sms/encoding';

for (const name of Object.keys(smpp.encodings)) delete smpp.encodings[name];

const SMPP_PORT = Number(process.env.SMPP_PORT ?? 2775);
const CONTROL_PORT = Number(process.env.SMSC_CONTROL_PORT ?? 2776);
const SYSTEM_ID = process.env.SMPP_SYSTEM_ID ?? 'incidentdesk';
const PASSWORD = process.env.SMPP_PASSWORD ?? '';

interface Submitted {
  messageId: string;
  from: string;
  to: string;
  dataCoding: number;
  esmClass: number;
  concat: { ref: number; total: number; seq: number } | null;
  text: string;
  at: string;
}
interface Rule {
  stat: string;
  err: string;
  delayMs: number;
}

const submitted: Submitted[] = [];
const rules = new Map<string, Rule>();
const bound = new Set<smpp.Session>();
const pending: smpp.PDU[] = [];

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 12); // YYMMDDhhmm

/** Sends to a bound session (the given one while it lives); queued until one binds. */
function deliver(pdu: smpp.PDU, prefer?: smpp.Session): Promise<number> {
  const session = prefer && bound.has(prefer) ? prefer : [...bound][0];
  if (!session) {
    pending.push(pdu);
    return Promise.resolve(-1);
  }
  return new Promise((resolve) => session.send(pdu, (resp) => resolve(resp.command_status)));
}

function receipt(messageId: string, to: string, from: string, stat: string, err: string, submittedAt: Date): smpp.PDU {
  const text = `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${stamp(submittedAt)} done date:${stamp(new Date())} stat:${stat} err:${err} text:`;
  return new smpp.PDU('deliver_sm', {
    source_addr_ton: 1,
    source_addr_npi: 1,
    source_addr: to,
    dest_addr_ton: 5,
    dest_addr_npi: 0,
    destination_addr: from,
    esm_class: 0x04,
    data_coding: 0,
    short_message: Buffer.from(text, 'latin1'),
  });
}

const server = smpp.createServer((session) => {
  session.socket.setNoDelay(true); // small PDUs, each awaited: no Nagle delay (smppSession.ts)
  session.on('bind_transceiver', (pdu: smpp.PDU) => {
    if (pdu.system_id !== SYSTEM_ID || pdu.password !== PASSWORD) {
      session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
      session.close();
      return;
    }
    session.send(pdu.response({ system_id: 'smsc-standin' }));
    bound.add(session);
    for (const queued of pending.splice(0)) void deliver(queued, session);
  });
  session.on('submit_sm', (pdu: smpp.PDU) => {
    if (!bound.has(session)) return void session.send(pdu.response({ command_status: 0x04 /* RINVBNDSTS */ }));
    const messageId = randomBytes(8).toString('hex');
    const octets = shortMessageOctets(pdu.short_message);
    const { concat, body } = splitUdh(octets, pdu.esm_class ?? 0);
    let text: string;
    try {
      text = decodeSms(body, pdu.data_coding ?? 0);
    } catch (error) {
      text = `<undecodable: ${(error as Error).message}>`;
    }
    const to = `${pdu.dest_addr_ton === 1 ? '+' : ''}${pdu.destination_addr ?? ''}`;
    const from = pdu.source_addr ?? '';
    const at = new Date();
    submitted.push({ messageId, from, to, dataCoding: pdu.data_coding ?? 0, esmClass: pdu.esm_class ?? 0, concat, text, at: at.toISOString() });
    session.send(pdu.response({ message_id: messageId }));
    if (!((pdu.registered_delivery ?? 0) & 0x03)) return;
    const rule = rules.get(to) ?? { stat: 'DELIVRD', err: '000', delayMs: 0 };
    setTimeout(() => void deliver(receipt(messageId, pdu.destination_addr ?? '', from, rule.stat, rule.err, at), session), rule.delayMs);
  });
  session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
  session.on('unbind', (pdu: smpp.PDU) => {
    session.send(pdu.response());
    session.close();
  });
  session.on('error', () => bound.delete(session));
  session.on('close', () => bound.delete(session));
});

/** The deliver_sm PDUs of a mobile-originated message: its text encoded and split as a phone would, or given octets. */
function moPdus(body: { from: string; to?: string; text?: string; hex?: string; dataCoding?: number; ref?: number; parts?: string[] }): smpp.PDU[] {
  const from = body.from.replace(/^\+/, '');
  const to = (body.to ?? process.env.SMS_SOURCE_ADDR ?? 'IncidentDsk').replace(/^\+/, '');
  const make = (shortMessage: Buffer, dataCoding: number, esmClass: number) =>
    new smpp.PDU('deliver_sm', {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: from,
      dest_addr_ton: 0,
      dest_addr_npi: 1,
      destination_addr: to,
      esm_class: esmClass,
      data_coding: dataCoding,
      short_message: shortMessage,
    });
  // Given octets (undecodable texts): one part, or hex parts with their own UDH.
  if (body.hex !== undefined) return [make(Buffer.from(body.hex, 'hex'), body.dataCoding ?? 0, 0)];
  if (body.parts) return body.parts.map((hex) => make(Buffer.from(hex, 'hex'), body.dataCoding ?? 0, 0x40));
  return encodeSms(body.text ?? '', body.ref ?? Math.floor(Math.random() * 256)).map((p) => make(p.shortMessage, p.dataCoding, p.esmClass));
}

function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {});
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

const control = http.createServer((req, res) => {
  const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const url = new URL(req.url ?? '/', 'http://smsc');
  void (async () => {
    if (req.method === 'GET' && url.pathname === '/health') return send(200, { bound: bound.size });
    if (req.method === 'GET' && url.pathname === '/submitted') {
      const to = url.searchParams.get('to');
      return send(200, { items: submitted.filter((s) => !to || s.to === to) });
    }
    const body = await readJson(req);
    if (req.method === 'PUT' && url.pathname === '/rules') {
      // { to, stat: "UNDELIV", err: "001", delayMs }: the receipts of messages to this number.
      rules.set(String(body.to), { stat: String(body.stat ?? 'DELIVRD'), err: String(body.err ?? '000'), delayMs: Number(body.delayMs ?? 0) });
      return send(200, { rules: Object.fromEntries(rules) });
    }
    if (req.method === 'POST' && url.pathname === '/receipts') {
      // { messageId, to, stat, err }: a receipt of the test's own (a repeat, an unknown id).
      const pdu = receipt(
        String(body.messageId),
        String(body.to ?? '').replace(/^\+/, ''),
        'IncidentDsk',
        String(body.stat ?? 'DELIVRD'),
        String(body.err ?? '000'),
        new Date(),
      );
      return send(200, { status: await deliver(pdu) });
    }
    if (req.method === 'POST' && url.pathname === '/mo') {
      // { from, text | hex + dataCoding | parts, ref, times }: times > 1 delivers every PDU again, as after a lost answer.
      const times = Number(body.times ?? 1);
      const statuses: number[] = [];
      const pdus = moPdus(body as Parameters<typeof moPdus>[0]);
      for (let i = 0; i < times; i++) for (const pdu of pdus) statuses.push(await deliver(pdu));
      return send(200, { statuses });
    }
    send(404, { error: 'no such control' });
  })().catch((error: unknown) => send(400, { error: String((error as Error)?.message ?? error) }));
});

server.listen(SMPP_PORT, '127.0.0.1', () => console.log(`SMSC stand-in: SMPP on 127.0.0.1:${SMPP_PORT}, control on 127.0.0.1:${CONTROL_PORT}`));
control.listen(CONTROL_PORT, '127.0.0.1');
const stop = () => {
  control.close();
  for (const session of bound) session.destroy();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
