/*
 * Orquesta's agent inbox. The agent logs in with their token (kept in sessionStorage, so it is gone with
 * the tab); the queue, the agent's conversations and the open conversation are polled every 1.5 s; the
 * analytics page draws the tenant's daily figures with chart.js. The API is described in docs/dashboard.md.
 */
/* global document, sessionStorage, fetch, URLSearchParams, setInterval, clearInterval, console */
import { renderCards, renderCharts } from './charts.js';
import { element } from './element.js';
import { TEXTS } from './texts.js';

const POLL_MS = 1500;
const TOKEN_KEY = 'orquesta-agent-token';

const $ = (id) => document.getElementById(id);
const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  me: null,
  /** The tenant's agents' names by id (the configuration's, fixed while the server runs). */
  agentNames: new Map(),
  openId: null,
  shown: '',
  view: 'inbox',
};
const timers = [];
let texts = TEXTS.es;
const t = (key, values = {}) => (texts[key] || key).replace(/\{(\w+)\}/g, (_, name) => values[name] ?? '');

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.details = body?.error?.details;
  }
}

async function api(method, path, body) {
  const response = await fetch(`/api/v1/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${state.token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await response.json().catch(() => null);
  if (response.status === 401) logout(t('expired'));
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** Runs `task` now and every POLL_MS, never two at once. */
function every(task) {
  let running = false;
  const run = async () => {
    if (running || !state.me) return;
    running = true;
    try {
      await task();
    } catch (error) {
      if (!(error instanceof ApiError)) console.warn(error);
    } finally {
      running = false;
    }
  };
  run();
  timers.push(setInterval(run, POLL_MS));
}

// ── Login ────────────────────────────────────────────────────────────────────────────────────────────
$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  state.token = $('login-token').value.trim();
  $('login-error').textContent = '';
  try {
    await start();
    sessionStorage.setItem(TOKEN_KEY, state.token);
  } catch {
    state.token = null;
    $('login-error').textContent = t('badToken');
  }
});

$('logout').addEventListener('click', () => logout(''));

function logout(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  timers.splice(0).forEach(clearInterval);
  Object.assign(state, { token: null, me: null, openId: null });
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
}

async function start() {
  state.me = await api('GET', 'agent/me');
  const { agents } = await api('GET', `tenants/${encodeURIComponent(state.me.tenant.id)}/agents`);
  state.agentNames = new Map(agents.map((agent) => [agent.id, agent.name]));
  texts = TEXTS[state.me.tenant.locale] || TEXTS.es;
  document.documentElement.lang = state.me.tenant.locale;
  for (const element of document.querySelectorAll('[data-text]'))
    element.textContent = t(element.dataset.text);
  $('agent-name').textContent = state.me.agent.name;
  $('tenant-name').textContent = state.me.tenant.name;
  showAvailability(state.me.agent);
  $('login').hidden = true;
  $('app').hidden = false;
  every(refreshInbox);
  every(refreshConversation);
}

// ── Availability ────────────────────────────────────────────────────────────────────────────────────
function showAvailability(agent) {
  $('availability').checked = agent.available;
  $('availability-label').textContent = agent.available
    ? agent.working
      ? t('available')
      : `${t('available')} (${t('outsideHours')})`
    : t('unavailable');
}

$('availability').addEventListener('change', async (event) => {
  const tenant = encodeURIComponent(state.me.tenant.id);
  const answer = await api('PUT', `tenants/${tenant}/agents/me/availability`, {
    available: event.target.checked,
  });
  showAvailability(answer);
});

const agentName = (agentId) => state.agentNames.get(agentId) ?? agentId;

/** A web chat visitor has neither name nor phone: their contact id means nothing to an agent. */
const contactLabel = (contact, channel) =>
  contact.name || (channel === 'webchat' ? t('webVisitor') : contact.phone || contact.id);

// ── Inbox ───────────────────────────────────────────────────────────────────────────────────────────
async function refreshInbox() {
  if (state.view !== 'inbox') return;
  const inbox = await api('GET', 'agent/inbox');
  renderList('queue', inbox.queue);
  renderList('mine', inbox.mine);
}

function renderList(name, items) {
  $(`${name}-count`).textContent = String(items.length);
  const list = $(`${name}-list`);
  list.replaceChildren(
    ...items.map((item) => {
      const entry = element('li', { class: item.conversationId === state.openId ? 'item open' : 'item' });
      Object.assign(entry.dataset, {
        testid: 'inbox-item',
        conversationId: item.conversationId,
        status: item.status,
      });
      entry.append(
        element('strong', {}, contactLabel(item.contact, item.channel)),
        element(
          'span',
          { class: 'muted' },
          `${item.channel} · ${t('reason')}: ${item.reason} · ${time(item.createdAt)}`,
        ),
        element('span', { class: 'preview' }, item.lastMessage?.text ?? ''),
      );
      entry.addEventListener('click', () => openConversation(item.conversationId));
      return entry;
    }),
  );
  if (items.length === 0) list.append(element('li', { class: 'muted empty' }, t('empty')));
}

// ── Conversation ────────────────────────────────────────────────────────────────────────────────────
function openConversation(id) {
  state.openId = id;
  state.shown = '';
  $('reply-error').textContent = '';
  $('reply-text').value = '';
  for (const entry of document.querySelectorAll('.item'))
    entry.classList.toggle('open', entry.dataset.conversationId === id);
  refreshConversation();
}

async function refreshConversation() {
  if (!state.openId || state.view !== 'inbox') return;
  const conversation = await api('GET', `agent/conversations/${encodeURIComponent(state.openId)}`);
  if (conversation.id !== state.openId) return;
  renderConversation(conversation);
}

function renderConversation(conversation) {
  const mine =
    conversation.handoff?.status === 'assigned' && conversation.handoff.agentId === state.me.agent.id;
  const queued = conversation.handoff?.status === 'queued';
  $('conversation-empty').hidden = true;
  $('conversation-body').hidden = false;
  $('contact-name').textContent = contactLabel(conversation.contact, conversation.channel);
  const status = t(`status_${conversation.status}`);
  $('conversation-status').textContent =
    `${conversation.channel} · ${conversation.status === 'human' ? `${status} ${agentName(conversation.handoff?.agentId ?? '')}` : status}`;
  $('conversation-status').dataset.status = conversation.status;
  $('take').hidden = !queued;
  $('release').hidden = !(queued || mine);

  // Redrawn only when something changed, so that the agent's scroll position is kept.
  const signature = JSON.stringify(conversation.messages.map((message) => [message.id, message.status]));
  if (signature !== state.shown) {
    state.shown = signature;
    $('messages').replaceChildren(...conversation.messages.map(messageItem));
    $('messages').scrollTop = $('messages').scrollHeight;
  }

  const serviceWindow = conversation.window;
  const closed = serviceWindow.applies && !serviceWindow.open;
  $('window-status').hidden = !serviceWindow.applies;
  $('window-status').dataset.open = String(serviceWindow.open);
  $('window-status').textContent = !serviceWindow.applies
    ? ''
    : serviceWindow.open
      ? t('windowOpen', { time: time(serviceWindow.closesAt) })
      : serviceWindow.template
        ? `${t('windowClosed')} (${serviceWindow.template})`
        : t('windowNoTemplate');
  $('reply').hidden = !mine;
  $('reply-text').disabled = closed;
  $('reply-send').disabled = closed;
  $('send-template').hidden = !(closed && serviceWindow.template);
}

function messageItem(message) {
  const item = element('li', { class: `message ${message.author}` });
  Object.assign(item.dataset, { testid: 'message', author: message.author, messageId: String(message.id) });
  const who =
    message.author === 'agent' && message.agentId
      ? `${t('agent')} ${agentName(message.agentId)}`
      : t(message.author);
  item.append(element('span', { class: 'meta' }, `${who} · ${time(message.createdAt)} · ${message.status}`));
  item.append(element('p', { class: 'text' }, message.text));
  if (message.turn) {
    const turn = element(
      'span',
      { class: 'turn' },
      `${t('intent')}: ${message.turn.intent ?? t('noIntent')} · ${t('skill')}: ${message.turn.skill ?? '—'} · ${t(`outcome_${message.turn.outcome}`)}`,
    );
    turn.dataset.testid = 'message-turn';
    item.append(turn);
  }
  return item;
}

async function act(task) {
  $('reply-error').textContent = '';
  try {
    await task();
  } catch (error) {
    $('reply-error').textContent = error.message;
  }
  await Promise.all([refreshConversation(), refreshInbox()]).catch(() => {});
}

const conversationPath = (action) => `agent/conversations/${encodeURIComponent(state.openId)}/${action}`;
$('take').addEventListener('click', () => act(() => api('POST', conversationPath('take'))));
$('release').addEventListener('click', () => act(() => api('POST', conversationPath('release'))));
$('send-template').addEventListener('click', () => act(() => api('POST', conversationPath('template'))));
$('reply').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('reply-text').value.trim();
  if (!text) return;
  act(async () => {
    await api('POST', conversationPath('messages'), { text });
    $('reply-text').value = '';
  });
});

// ── Views ───────────────────────────────────────────────────────────────────────────────────────────
function show(view) {
  state.view = view;
  $('inbox').hidden = view !== 'inbox';
  $('analytics').hidden = view !== 'analytics';
  $('nav-inbox').classList.toggle('active', view === 'inbox');
  $('nav-analytics').classList.toggle('active', view === 'analytics');
  if (view === 'analytics') {
    if (!$('range-to').value) {
      const today = localDate(new Date());
      $('range-to').value = today;
      $('range-from').value = addDays(today, -6);
    }
    loadAnalytics();
  }
}
$('nav-inbox').addEventListener('click', () => show('inbox'));
$('nav-analytics').addEventListener('click', () => show('analytics'));

// ── Analytics ───────────────────────────────────────────────────────────────────────────────────────
$('range').addEventListener('submit', (event) => {
  event.preventDefault();
  loadAnalytics();
});

async function loadAnalytics() {
  $('analytics-error').textContent = '';
  const query = new URLSearchParams({ from: $('range-from').value, to: $('range-to').value });
  try {
    const figures = await api(
      'GET',
      `tenants/${encodeURIComponent(state.me.tenant.id)}/analytics/daily?${query}`,
    );
    renderCards(figures.totals, { t, money });
    renderCharts(figures, { t });
  } catch (error) {
    $('analytics-error').textContent = error.message;
  }
}

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────
function time(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(state.me.tenant.locale, {
    timeZone: state.me.tenant.timezone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** Today (YYYY-MM-DD) in the tenant's time zone. */
function localDate(instant) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: state.me.tenant.timezone }).format(instant);
}

function addDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function money(value, currency) {
  return new Intl.NumberFormat(state.me.tenant.locale, {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  }).format(value);
}

if (state.token) start().catch(() => logout(''));
