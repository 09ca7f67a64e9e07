// /chat/widget.js: what a host site's one script tag loads. It adds a launcher button and the
// chat itself as an iframe of the desk (/chat/embed), both inside a shadow root, so the
// host's CSS does not reach them and theirs does not leak out; the chat runs on the desk's own
// origin (its cookies, storage and socket are the desk's). The host may vouch for its user with
// data-identity (the signed token, docs/chat.md); it travels in the iframe's URL fragment,
// which no server log sees.
export const LAUNCHER_JS = `(function () {
  var script = document.currentScript;
  if (!script || document.querySelector('[data-incident-desk-chat]')) return;
  var base = new URL(script.src).origin;
  var lang = script.getAttribute('data-lang') === 'en' ? 'en' : 'ru';
  var identity = script.getAttribute('data-identity') || '';
  var label = lang === 'en' ? 'Chat with support' : 'Чат с поддержкой';
  var host = document.createElement('div');
  host.setAttribute('data-incident-desk-chat', '');
  var root = host.attachShadow({ mode: 'open' });
  var style = document.createElement('style');
  style.textContent =
    ':host{all:initial}' +
    '.launcher{position:fixed;right:16px;bottom:16px;z-index:2147483646;border:0;border-radius:24px;padding:12px 18px;background:#1d4ed8;color:#fff;font:600 15px system-ui,sans-serif;cursor:pointer}' +
    '.launcher:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}' +
    'iframe{position:fixed;right:16px;bottom:72px;z-index:2147483647;width:min(380px,calc(100vw - 32px));height:min(560px,calc(100vh - 96px));border:1px solid #cbd5e1;border-radius:12px;background:#fff;box-shadow:0 8px 30px rgba(0,0,0,.2)}' +
    'iframe[hidden]{display:none}';
  var button = document.createElement('button');
  button.className = 'launcher';
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  var frame = document.createElement('iframe');
  frame.hidden = true;
  frame.title = label;
  frame.src = base + '/chat/embed?lang=' + lang + (identity ? '#identity=' + encodeURIComponent(identity) : '');
  button.addEventListener('click', function () {
    frame.hidden = !frame.hidden;
    button.setAttribute('aria-expanded', String(!frame.hidden));
    if (!frame.hidden) frame.focus();
  });
  root.appendChild(style);
  root.appendChild(frame);
  root.appendChild(button);
  document.body.appendChild(host);
})();
`;
