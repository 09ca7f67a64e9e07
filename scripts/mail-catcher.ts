// A local mail server for the local stack and the tests: real SMTP in (smtp-server), every
// message kept as an .eml file under $DATA_DIR/mail, and a JSON list over HTTP:
//   GET /messages            -> [{ id, from, to, subject, text, messageId, key, date }]
//   DELETE /messages         -> removes them all
// It stands in for the company's mail relay, which cannot run here.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const dataDir = process.env.DATA_DIR ?? '.data/dev';
const dir = path.join(dataDir, 'mail');
const smtpPort = Number(process.env.MAIL_SMTP_PORT ?? 2525);
const httpPort = Number(process.env.MAIL_CATCHER_PORT ?? 8025);
fs.mkdirSync(dir, { recursive: true });
let seq = 0;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  banner: 'Incident Desk mail catcher',
  // On stop, connections the senders keep open (nodemailer's pool) get 421 and are closed at
  // once, as a mail server going down does, instead of the 30 s default grace.
  closeTimeout: 200,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const name = `${Date.now()}-${process.pid}-${++seq}.eml`;
      fs.writeFile(path.join(dir, name), Buffer.concat(chunks), (error) => callback(error ?? null));
    });
  },
});

async function list() {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const mail = await simpleParser(fs.readFileSync(path.join(dir, file)));
      const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
      return {
        id: file,
        from: mail.from?.text ?? '',
        to,
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        messageId: mail.messageId ?? '',
        key: String(mail.headers.get('x-incident-desk-key') ?? ''),
        date: mail.date?.toISOString() ?? null,
      };
    }),
  );
}

const web = http.createServer((req, res) => {
  const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.url === '/messages' && req.method === 'GET') {
    list().then(
      (items) => reply(200, items),
      (error: unknown) => reply(500, { error: String(error) }),
    );
  } else if (req.url === '/messages' && req.method === 'DELETE') {
    for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
    reply(204, {});
  } else reply(404, { error: 'GET or DELETE /messages' });
});

// A client that drops its connection (a killed worker, a reset) is that connection's problem,
// never the server's: without this handler SMTPServer's 'error' event ends the process.
smtp.on('error', (error: Error) => console.warn(`mail catcher: connection error: ${error.message}`));

smtp.listen(smtpPort, '127.0.0.1', () => {
  web.listen(httpPort, '127.0.0.1', () =>
    console.log(`mail catcher: SMTP 127.0.0.1:${smtpPort}, messages http://127.0.0.1:${httpPort}/messages, files in ${dir}`),
  );
});
const stop = () => smtp.close(() => web.close(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
