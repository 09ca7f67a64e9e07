// /chat/embed and /chat/embed.js: the chat a visitor sees, inside the widget's iframe, on the
// desk's origin. Plain script (no framework: the widget loads in one request of a few KB). It
// keeps the visitor token in localStorage, talks over the socket, and falls back to the HTTP
// long poll when the socket will not open. Every message keeps its client id until acknowledged
// and is sent again after a reconnect, so nothing is lost and the server stores nothing twice.
// Files go over HTTP (a frame holds at most 64 KiB) and come back as messages with a file; the
// visitor downloads one with their token (fetch, then a blob link: a plain link carries no header).
// The socket's close codes are written into the script here, from the one list the server uses.
import { CREDENTIAL_ENDED } from '../../domain/chat/closeCodes';

export const EMBED_HTML = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chat</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:15px/1.4 system-ui,sans-serif;color:#0f172a;display:flex;flex-direction:column;height:100vh}
header{padding:10px 14px;background:#1d4ed8;color:#fff;font-weight:600}
ol{list-style:none;margin:0;padding:10px;flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:6px}
li{max-width:85%;padding:7px 10px;border-radius:10px;white-space:pre-wrap;word-break:break-word}
li.visitor{align-self:flex-end;background:#dbeafe}
li.agent{align-self:flex-start;background:#f1f5f9}
li.system{align-self:center;background:none;color:#475569;font-size:13px}
li.pending{opacity:.6}
li button.file{background:none;color:#1d4ed8;padding:0;text-decoration:underline;text-align:left;word-break:break-all}
#attach{background:#e2e8f0;color:#0f172a;padding:0 10px}
#status{min-height:1.2em;padding:0 14px;color:#64748b;font-size:13px}
form{display:flex;gap:6px;padding:10px;border-top:1px solid #e2e8f0}
textarea{flex:1;resize:none;font:inherit;padding:6px;border:1px solid #94a3b8;border-radius:6px}
button{font:inherit;border:0;border-radius:6px;background:#1d4ed8;color:#fff;padding:0 14px;cursor:pointer}
:focus-visible{outline:3px solid #f59e0b;outline-offset:1px}
</style>
</head>
<body>
<header id="title"></header>
<ol id="messages" aria-live="polite"></ol>
<div id="status" role="status"></div>
<form id="form"><button id="attach" type="button"></button><input id="file" type="file" hidden><textarea id="input" rows="2"></textarea><button id="send" type="submit"></button></form>
<script src="/chat/embed.js"></script>
</body>
</html>
`;

export const EMBED_JS = `(function () {
  'use strict';
  var lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'ru';
  var T = {
    ru: { title: 'Чат с поддержкой', placeholder: 'Сообщение…', send: 'Отправить', typing: 'Оператор печатает…', offline: 'Нет связи, переподключаемся…', error: 'Не отправлено: ', attach: 'Прикрепить файл', download: 'Скачать файл ', failed: 'Не скачано: ' },
    en: { title: 'Chat with support', placeholder: 'Message…', send: 'Send', typing: 'The agent is typing…', offline: 'Connection lost, reconnecting…', error: 'Not sent: ', attach: 'Attach a file', download: 'Download the file ', failed: 'Not downloaded: ' },
  }[lang];
  var identity = decodeURIComponent((location.hash.match(/identity=([^&]+)/) || [])[1] || '');
  var list = document.getElementById('messages');
  var input = document.getElementById('input');
  var fileInput = document.getElementById('file');
  var attach = document.getElementById('attach');
  var status = document.getElementById('status');
  document.getElementById('title').textContent = T.title;
  document.getElementById('send').textContent = T.send;
  attach.textContent = '\u{1F4CE}';
  attach.setAttribute('aria-label', T.attach);
  attach.title = T.attach;
  input.placeholder = T.placeholder;
  input.setAttribute('aria-label', T.placeholder);
  document.documentElement.lang = lang;

  var token = null, conversationId = null, lastSeq = 0, socket = null, failures = 0, polling = false;
  var pending = {}; // clientMessageId -> body, until acknowledged
  var shown = {}; // clientMessageId -> li

  function uuid() { return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2); }
  function call(method, path, body) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers['X-Chat-Visitor'] = token;
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
      return res.status === 204 ? { status: 204, body: null } : res.json().then(function (b) { return { status: res.status, body: b }; });
    });
  }
  function show(m) {
    var li = shown[m.clientMessageId];
    if (!li) {
      li = document.createElement('li');
      shown[m.clientMessageId] = li;
      list.appendChild(li);
    }
    li.className = m.author + (m.seq ? '' : ' pending');
    if (m.file) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'file';
      b.textContent = '\u{1F4CE} ' + m.file.fileName;
      b.setAttribute('aria-label', T.download + m.file.fileName);
      b.addEventListener('click', function () { download(m.file); });
      li.replaceChildren(b);
    } else li.textContent = m.body;
    if (m.seq && m.seq > lastSeq) lastSeq = m.seq;
    list.scrollTop = list.scrollHeight;
  }
  function stored(m) {
    delete pending[m.clientMessageId];
    show(m);
  }
  function download(file) {
    fetch('/api/chat/visitor/files/' + file.id + '/content', { headers: { 'X-Chat-Visitor': token } }).then(function (res) {
      if (!res.ok) throw new Error(String(res.status));
      return res.blob();
    }).then(function (blob) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = file.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
    }).catch(function (error) { status.textContent = T.failed + error.message; });
  }
  function sendFile(file) {
    var id = uuid();
    var form = new FormData();
    form.append('file', file, file.name);
    show({ clientMessageId: id, author: 'visitor', body: file.name });
    fetch('/api/chat/visitor/conversations/' + conversationId + '/files?clientMessageId=' + id, { method: 'POST', headers: { 'X-Chat-Visitor': token }, body: form })
      .then(function (res) { return res.json().then(function (b) { return { status: res.status, body: b }; }); })
      .then(function (r) {
        if (r.status < 300) return show(r.body.message);
        shown[id].remove();
        delete shown[id];
        failed((r.body.errors && r.body.errors[0] ? r.body.errors[0].message : r.body.detail) || String(r.status));
      }, function (error) { failed(error.message); });
  }
  function failed(detail, clientMessageId) {
    if (clientMessageId) delete pending[clientMessageId];
    status.textContent = T.error + detail;
  }
  function flush() {
    Object.keys(pending).forEach(function (id) { transmit(id, pending[id]); });
  }
  function transmit(id, body) {
    if (socket && socket.readyState === 1) return socket.send(JSON.stringify({ type: 'message', conversationId: conversationId, clientMessageId: id, body: body }));
    if (!polling) return; // sent when the socket is back
    call('POST', '/api/chat/visitor/conversations/' + conversationId + '/messages', { clientMessageId: id, body: body }).then(function (r) {
      if (r.status < 300) stored(r.body.message);
      else failed(r.body.detail, id);
    });
  }
  function read() {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: 'read', conversationId: conversationId, seq: lastSeq }));
  }
  function connect() {
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/chat/socket?token=' + encodeURIComponent(token);
    var ws = new WebSocket(url);
    var opened = false;
    socket = ws;
    ws.onopen = function () {
      opened = true;
      failures = 0;
      polling = false;
      status.textContent = '';
      ws.send(JSON.stringify({ type: 'subscribe', conversationId: conversationId, after: lastSeq }));
      flush();
    };
    ws.onmessage = function (e) {
      var f = JSON.parse(e.data);
      if (f.type === 'history') { f.messages.forEach(show); read(); }
      else if (f.type === 'message') { show(f.message); read(); if (f.message.author === 'agent') status.textContent = ''; }
      else if (f.type === 'ack') stored(f.message);
      else if (f.type === 'typing' && f.author === 'agent') status.textContent = T.typing;
      else if (f.type === 'error') failed(f.detail, f.clientMessageId);
    };
    ws.onclose = function (e) {
      if (socket !== ws) return;
      socket = null;
      if (e.code === ${CREDENTIAL_ENDED}) return restart();
      failures++;
      if (opened) status.textContent = T.offline;
      // Three refusals in a row: the socket is blocked on this network; long polls carry on.
      if (failures >= 3 && !polling) { polling = true; flush(); poll(); }
      setTimeout(connect, Math.min(1000 * Math.pow(2, failures), 30000));
    };
  }
  function poll() {
    if (!polling) return;
    call('GET', '/api/chat/visitor/conversations/' + conversationId + '?wait=true&after=' + lastSeq).then(function (r) {
      if (r.status === 200) r.body.messages.forEach(show);
      setTimeout(poll, r.status === 200 ? 0 : 5000);
    }, function () { setTimeout(poll, 5000); });
  }
  document.getElementById('form').addEventListener('submit', function (e) {
    e.preventDefault();
    var body = input.value.trim();
    if (!body || !conversationId) return;
    var id = uuid();
    pending[id] = body;
    show({ clientMessageId: id, author: 'visitor', body: body });
    input.value = '';
    transmit(id, body);
  });
  attach.addEventListener('click', function () { if (conversationId) fileInput.click(); });
  fileInput.addEventListener('change', function () {
    var file = fileInput.files && fileInput.files[0];
    fileInput.value = '';
    if (file && conversationId) sendFile(file);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); document.getElementById('form').requestSubmit(); }
    else if (socket && socket.readyState === 1 && conversationId) socket.send(JSON.stringify({ type: 'typing', conversationId: conversationId }));
  });

  var KEY = 'incident-desk-chat:' + (identity ? 'identified' : 'anonymous');
  token = identity ? null : localStorage.getItem(KEY);
  // A stored token past its end (CHAT_VISITOR_TOKEN_DAYS) is refused with 401: forget it and
  // start a new visitor, once; a socket closed for it (code ${CREDENTIAL_ENDED}) does the same.
  function begin(again) {
    (token ? Promise.resolve() : call('POST', '/api/chat/visitor', identity ? { identity: identity, lang: lang } : { lang: lang }).then(function (r) {
      if (r.status !== 200) throw new Error(r.body.detail);
      token = r.body.token;
      localStorage.setItem(KEY, token);
    }))
      .then(function () { return call('POST', '/api/chat/visitor/conversations', { lang: lang }); })
      .then(function (r) {
        if (r.status === 401 && !again) return restart();
        if (r.status >= 300) throw new Error(r.body.detail);
        conversationId = r.body.conversation.id;
        connect();
      })
      .catch(function (error) { status.textContent = T.error + error.message; });
  }
  function restart() {
    localStorage.removeItem(KEY);
    token = null;
    lastSeq = 0;
    begin(true);
  }
  begin(false);
})();
`;
