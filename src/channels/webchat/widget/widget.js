/*
 * Orquesta's web chat widget. Put it on any page:
 *   <script src="https://your-orquesta-host/widget.js" data-tenant="clinica" async></script>
 * (data-connection="web" picks one of several web chat connections). It draws a chat button and panel in a
 * shadow root, so the page's styles and the widget's do not mix, and talks to Orquesta over a WebSocket.
 * The protocol is in docs/channels/webchat.md.
 */
/* global document, window, localStorage, fetch, WebSocket, URL, crypto, console */
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || !script.dataset.tenant) return;
  const tenant = script.dataset.tenant;
  const connection = script.dataset.connection || '';
  const root = new URL('.', script.src);
  const storageKey = `orquesta-webchat:${root.host}:${tenant}:${connection}`;
  const endpoint = (path) => {
    const url = new URL(`api/v1/webchat/${encodeURIComponent(tenant)}/${path}`, root);
    if (connection) url.searchParams.set('connection', connection);
    return url;
  };

  fetch(endpoint('config'))
    .then((response) =>
      response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`)),
    )
    .then((config) => start(config))
    .catch((error) => console.warn(`[orquesta] the web chat of "${tenant}" could not start:`, error.message));

  function start(config) {
    const ui = draw(config);
    const stored = load();
    let socket = null;
    let connecting = false;
    let retries = 0;
    let lastId = 0;
    let chat = null;
    let connected = false;
    let typingTimer = 0;
    const shown = new Map();
    const pending = new Map();

    ui.launcher.addEventListener('click', () => setOpen(!ui.panel.classList.contains('open')));
    ui.closeButton.addEventListener('click', () => setOpen(false));
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = ui.input.value.trim();
      if (!text) return;
      ui.input.value = '';
      send({ type: 'message-create', id: newId(), text }, text);
    });
    if (stored.token) connect();
    if (stored.open) setOpen(true);

    function setOpen(open) {
      ui.panel.classList.toggle('open', open);
      ui.launcher.setAttribute('aria-expanded', String(open));
      save({ open });
      if (!open) return;
      ui.input.focus();
      if (!socket) connect();
      else if (connected && !chat) createChat();
    }

    function createChat() {
      socket.send(JSON.stringify({ type: 'chat-create', id: newId() }));
    }

    async function connect() {
      if (socket || connecting) return;
      let visitor = load();
      if (!visitor.token) {
        connecting = true;
        const response = await fetch(endpoint('visitors'), { method: 'POST' }).catch(() => null);
        connecting = false;
        if (!response || !response.ok) return retry();
        visitor = await response.json();
        save({ token: visitor.token, visitorId: visitor.visitorId });
      }
      const url = endpoint('socket');
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('token', visitor.token);
      url.searchParams.set('after', String(lastId));
      socket = new WebSocket(url);
      socket.addEventListener('message', (event) => receive(JSON.parse(event.data)));
      socket.addEventListener('close', (event) => {
        socket = null;
        connected = false;
        if (event.code === 4401) {
          // The token is no longer valid (the secret changed): start over as a new visitor.
          save({ token: null, visitorId: null });
          lastId = 0;
          chat = null;
          shown.clear();
          ui.log.replaceChildren();
        }
        // This site may not open the chat (allowedOrigins): trying again would not change that.
        if (event.code === 4403) return;
        retry();
      });
    }

    function retry() {
      ui.status.textContent = config.texts.reconnecting;
      const delay = Math.min(15000, 500 * 2 ** retries++);
      window.setTimeout(connect, delay);
    }

    function receive(event) {
      switch (event.type) {
        case 'socket-opened':
          connected = true;
          retries = 0;
          ui.status.textContent = '';
          chat = event.chat;
          if (!chat && ui.panel.classList.contains('open')) createChat();
          for (const message of pending.values()) socket.send(JSON.stringify(message.frame));
          break;
        case 'chat-created':
          chat = event.chat;
          break;
        case 'message-created':
          show(event.message);
          break;
        case 'message-status-changed':
          shown.get(event.id)?.setAttribute('data-status', event.status);
          break;
        case 'typing-started':
          ui.typing.hidden = false;
          window.clearTimeout(typingTimer);
          typingTimer = window.setTimeout(() => (ui.typing.hidden = true), 20000);
          scrollDown();
          break;
        case 'chat-assigned':
          chat = event.chat;
          notice(config.texts.agentJoined.replace('{name}', event.agent.name));
          break;
        case 'chat-released':
          chat = event.chat;
          notice(config.texts.chatReleased);
          break;
        case 'message-rejected': {
          const message = event.id && pending.get(event.id);
          if (message) {
            pending.delete(event.id);
            message.element.classList.replace('pending', 'failed');
            message.element.append(element('small', 'error', event.message));
          } else notice(event.message);
          break;
        }
      }
    }

    function send(frame, text) {
      const bubble = element('div', 'message in pending');
      bubble.append(element('p', 'text', text));
      ui.log.append(bubble);
      pending.set(frame.id, { frame, element: bubble });
      disableOptions();
      scrollDown();
      if (socket && connected) socket.send(JSON.stringify(frame));
      else connect();
    }

    function show(message) {
      if (shown.has(message.id)) return;
      lastId = Math.max(lastId, message.id);
      const own = message.clientId && pending.get(message.clientId);
      if (own) {
        pending.delete(message.clientId);
        own.element.remove();
      }
      const bubble = element('div', `message ${message.direction}`);
      bubble.dataset.id = String(message.id);
      bubble.dataset.status = message.status;
      if (message.author.role === 'agent') bubble.append(element('small', 'author', message.author.name));
      bubble.append(element('p', 'text', message.text));
      const options = message.buttons || (message.list && message.list.rows);
      if (options || message.direction === 'in') disableOptions();
      if (options) {
        const group = element('div', message.list ? 'options list' : 'options');
        for (const option of options) {
          const button = element('button', 'option', option.title);
          button.type = 'button';
          button.addEventListener('click', () =>
            send({ type: 'message-create', id: newId(), buttonId: option.id }, option.title),
          );
          group.append(button);
        }
        bubble.append(group);
      }
      if (message.direction === 'out') ui.typing.hidden = true;
      // Messages are shown in id order, also one that arrives late.
      const next = [...ui.log.querySelectorAll('[data-id]')].find(
        (other) => Number(other.dataset.id) > message.id,
      );
      ui.log.insertBefore(bubble, next || ui.log.querySelector('.pending'));
      shown.set(message.id, bubble);
      scrollDown();
    }

    function disableOptions() {
      for (const button of ui.log.querySelectorAll('.option')) button.disabled = true;
    }

    function notice(text) {
      ui.log.append(element('p', 'notice', text));
      scrollDown();
    }

    function scrollDown() {
      ui.log.scrollTop = ui.log.scrollHeight;
    }
  }

  function draw(config) {
    const host = document.createElement('div');
    host.setAttribute('data-orquesta-webchat', tenant);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<style>${STYLE.replaceAll('ACCENT', config.color)}</style>
<button class="launcher" type="button" aria-expanded="false">
  <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>
</button>
<section class="panel" role="dialog">
  <header><div><strong class="title"></strong><span class="greeting"></span></div><button class="close" type="button">×</button></header>
  <div class="log" role="log" aria-live="polite"></div>
  <p class="typing" hidden><span></span><span></span><span></span></p>
  <p class="status"></p>
  <form><input name="text" autocomplete="off"><button class="send" type="submit"></button></form>
</section>`;
    const find = (selector) => shadow.querySelector(selector);
    const ui = {
      launcher: find('.launcher'),
      panel: find('.panel'),
      closeButton: find('.close'),
      log: find('.log'),
      typing: find('.typing'),
      status: find('.status'),
      form: find('form'),
      input: find('input'),
    };
    ui.launcher.setAttribute('aria-label', config.texts.open);
    ui.closeButton.setAttribute('aria-label', config.texts.close);
    ui.panel.setAttribute('aria-label', config.title);
    find('.title').textContent = config.title;
    find('.greeting').textContent = config.greeting || '';
    find('.send').textContent = config.texts.send;
    ui.typing.setAttribute('aria-label', config.texts.typing);
    ui.input.placeholder = config.texts.placeholder;
    ui.input.maxLength = config.maxTextLength;
    document.body.append(host);
    return ui;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(storageKey)) || {};
    } catch {
      return {};
    }
  }

  function save(values) {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ ...load(), ...values }));
    } catch {
      // Private browsing without storage: the chat works until the page is left.
    }
  }

  function newId() {
    return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  }

  const STYLE = `
:host { all: initial; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 56px; height: 56px;
  border: 0; border-radius: 50%; background: ACCENT; color: #fff; cursor: pointer;
  box-shadow: 0 4px 14px rgba(0, 0, 0, .25); display: grid; place-items: center; }
.panel { position: fixed; right: 20px; bottom: 88px; z-index: 2147483000; width: 360px; height: 540px;
  max-width: calc(100vw - 40px); max-height: calc(100vh - 110px); display: none; flex-direction: column;
  background: #fff; border-radius: 14px; overflow: hidden; box-shadow: 0 8px 30px rgba(0, 0, 0, .25); }
.panel.open { display: flex; }
header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 14px 16px;
  background: ACCENT; color: #fff; }
header div { display: flex; flex-direction: column; }
.greeting { font-size: 13px; opacity: .9; }
.close { border: 0; background: none; color: inherit; font-size: 26px; line-height: 1; cursor: pointer; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f8fafc; }
.message { max-width: 82%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.message p { margin: 0; }
.message.out { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; border-bottom-left-radius: 4px; }
.message.in { align-self: flex-end; background: ACCENT; color: #fff; border-bottom-right-radius: 4px; }
.message.pending { opacity: .6; }
.message.failed { opacity: 1; background: #fee2e2; color: #7f1d1d; }
.author { display: block; font-weight: 600; font-size: 12px; color: ACCENT; }
.error { display: block; font-size: 12px; margin-top: 4px; }
.options { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.options.list { flex-direction: column; }
.option { border: 1px solid ACCENT; background: #fff; color: ACCENT; border-radius: 16px; padding: 6px 12px;
  font: inherit; cursor: pointer; text-align: left; }
.option:hover:not(:disabled) { background: ACCENT; color: #fff; }
.option:disabled { opacity: .5; cursor: default; }
.notice { align-self: center; margin: 4px 0; font-size: 12px; color: #6b7280; text-align: center; }
.typing { margin: 0; padding: 0 16px 6px; background: #f8fafc; }
.typing span { display: inline-block; width: 6px; height: 6px; margin-right: 3px; border-radius: 50%;
  background: #9ca3af; animation: blink 1.2s infinite; }
.typing span:nth-child(2) { animation-delay: .2s; }
.typing span:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 50% { opacity: .2; } }
.status { margin: 0; font-size: 12px; color: #b45309; text-align: center; background: #f8fafc; }
.status:empty { display: none; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; }
input { flex: 1; min-width: 0; padding: 8px 12px; border: 1px solid #d1d5db; border-radius: 18px; font: inherit; }
input:focus { outline: 2px solid ACCENT; outline-offset: -1px; }
.send { border: 0; border-radius: 18px; padding: 8px 14px; background: ACCENT; color: #fff; font: inherit; cursor: pointer; }
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; max-width: none; max-height: none; border-radius: 0; }
}`;
})();
