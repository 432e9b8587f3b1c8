/*
 * The analytics page: summary cards and chart.js charts of the tenant's daily figures (the response of
 * GET /api/v1/tenants/{tenant}/analytics/daily). `Chart` is chart.js's UMD build, loaded before this module.
 */
/* global document, Chart */
import { element } from './element.js';

/** The charts drawn so far, by canvas id: each is destroyed before it is drawn again. */
const charts = new Map();

export function renderCards(totals, { t, money }) {
  const percent = (rate) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`);
  const amount = Object.entries(totals.orders.amount).map(([currency, sum]) => money(sum, currency));
  const cards = [
    ['conversations', String(totals.conversations)],
    ['automation', percent(totals.automationRate)],
    ['escalation', percent(totals.escalationRate)],
    ['fallback', percent(totals.fallbackRate)],
    ['latency', `${totals.latencyMs.p50 ?? '—'} / ${totals.latencyMs.p95 ?? '—'} ms`],
    ['tokens', String(totals.llm.tokensIn + totals.llm.tokensOut)],
    ['cost', String(totals.llm.cost)],
    ['appointments', `${totals.appointments.booked} / ${totals.appointments.cancelled}`],
    ['orders', `${totals.orders.paid}${amount.length ? ` · ${amount.join(', ')}` : ''}`],
    [
      'errors',
      String(
        totals.errors.deliveries.reduce((sum, error) => sum + error.count, 0) + totals.errors.failedTurns,
      ),
    ],
  ];
  document.getElementById('cards').replaceChildren(
    ...cards.map(([key, value]) => {
      const card = element(
        'div',
        { class: 'card' },
        element('span', { class: 'muted' }, t(key)),
        element('strong', {}, value),
      );
      card.dataset.testid = `card-${key}`;
      return card;
    }),
  );
}

export function renderCharts({ days, totals }, { t }) {
  const labels = days.map((day) => day.date);
  const series = (label, values, type) => ({ label, data: values, ...(type ? { type } : {}) });
  const pct = (rate) => (rate === null ? null : Math.round(rate * 1000) / 10);
  draw('chart-messages', 'bar', labels, [
    series(
      t('messagesIn'),
      days.map((day) => day.messages.in),
    ),
    series(
      t('messagesOut'),
      days.map((day) => day.messages.out),
    ),
  ]);
  draw('chart-rates', 'line', labels, [
    series(
      t('automation'),
      days.map((day) => pct(day.automationRate)),
    ),
    series(
      t('escalation'),
      days.map((day) => pct(day.escalationRate)),
    ),
    series(
      t('fallback'),
      days.map((day) => pct(day.fallbackRate)),
    ),
  ]);
  draw('chart-latency', 'line', labels, [
    series(
      'p50',
      days.map((day) => day.latencyMs.p50),
    ),
    series(
      'p95',
      days.map((day) => day.latencyMs.p95),
    ),
  ]);
  const top = totals.intents.slice(0, 8);
  draw(
    'chart-intents',
    'bar',
    top.map((intent) => intent.name ?? t('noIntent')),
    [
      series(
        t('chartIntents'),
        top.map((intent) => intent.count),
      ),
    ],
  );
  const reasons = totals.escalations.byReason;
  draw('chart-escalations', 'bar', reasons.length ? reasons.map((reason) => reason.name) : [t('none')], [
    series(t('chartEscalations'), reasons.length ? reasons.map((reason) => reason.count) : [0]),
  ]);
  draw('chart-business', 'bar', labels, [
    series(
      t('booked'),
      days.map((day) => day.appointments.booked),
    ),
    series(
      t('cancelled'),
      days.map((day) => day.appointments.cancelled),
    ),
    series(
      t('paid'),
      days.map((day) => day.orders.paid),
    ),
  ]);
}

function draw(id, type, labels, datasets) {
  charts.get(id)?.destroy();
  const canvas = document.getElementById(id);
  charts.set(
    id,
    new Chart(canvas, {
      type,
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        spanGaps: true,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    }),
  );
  canvas.dataset.rendered = 'true';
}
