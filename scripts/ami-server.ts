// A scripted Asterisk manager interface (AMI) for the tests and the local demo, since no PBX
// installs here: a TCP server speaking AMI's documented line protocol (Asterisk 18-21). It sends
// the banner "Asterisk Call Manager/9.0.0", answers Action: Login (Response: Success, or Error
// and a hang-up for a wrong secret), Ping and Logoff, and plays the events it is told to.
// Control, one JSON object a line on stdin:
//   {"emit": [{"Event": "DialBegin", ...}, ...]}  -> written to every logged-in connection
//   {"drop": true}                               -> every connection is cut (a PBX restart)
// On stdout it reports "listening <port>", "login <user>" and "refused <user>", one a line.
// Settings: AMI_TEST_PORT (default 5038), AMI_USER and AMI_SECRET (default desk / desk-secret).
import net from 'node:net';
import readline from 'node:readline';

const port = Number(process.env.AMI_TEST_PORT ?? 5038);
const user = process.env.AMI_USER || 'desk';
const secret = process.env.AMI_SECRET || 'desk-secret';
const loggedIn = new Set<net.Socket>();
const open = new Set<net.Socket>();

/** One message: "Key: Value" lines, CR LF each, and an empty line. */
const block = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('') + '\r\n';

function action(socket: net.Socket, text: string): void {
  const fields: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const id: Record<string, string> = fields.actionid ? { ActionID: fields.actionid } : {};
  switch ((fields.action ?? '').toLowerCase()) {
    case 'login':
      if (fields.username === user && fields.secret === secret) {
        socket.write(block({ Response: 'Success', ...id, Message: 'Authentication accepted' }));
        socket.write(block({ Event: 'FullyBooted', Privilege: 'system,all', Uptime: '1', LastReload: '1', Status: 'Fully Booted' }));
        loggedIn.add(socket);
        console.log(`login ${fields.username}`);
      } else {
        socket.end(block({ Response: 'Error', ...id, Message: 'Authentication failed' }));
        console.log(`refused ${fields.username ?? ''}`);
      }
      return;
    case 'ping':
      socket.write(block({ Response: 'Success', ...id, Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) }));
      return;
    case 'logoff':
      socket.end(block({ Response: 'Goodbye', ...id, Message: 'Thanks for all the fish.' }));
      return;
    default:
      socket.write(block({ Response: 'Error', ...id, Message: loggedIn.has(socket) ? 'Invalid/unknown command' : 'Permission denied' }));
  }
}

const server = net.createServer((socket) => {
  open.add(socket);
  socket.setEncoding('utf8');
  socket.write('Asterisk Call Manager/9.0.0\r\n');
  let buffer = '';
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
      action(socket, buffer.slice(0, end));
      buffer = buffer.slice(end + 4);
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    open.delete(socket);
    loggedIn.delete(socket);
  });
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  const command = JSON.parse(line) as { emit?: Record<string, string>[]; drop?: boolean };
  for (const event of command.emit ?? []) for (const socket of loggedIn) socket.write(block({ Privilege: 'call,all', ...event }));
  if (command.drop) for (const socket of open) socket.destroy();
});
process.stdin.on('end', () => process.exit(0));
server.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
