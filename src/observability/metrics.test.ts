import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.ts';

describe('createMetrics', () => {
  it('gives each instance a registry of its own, so two apps in one process do not collide', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.messagesReceived.inc({ tenant: 'clinica', channel: 'test' });
    expect(await first.registry.metrics()).toContain(
      'orquesta_messages_received_total{tenant="clinica",channel="test"} 1',
    );
    expect(await second.registry.metrics()).not.toContain('orquesta_messages_received_total{');
  });

  it('reads the queue depths when scraped', async () => {
    let inbox = 3;
    const metrics = createMetrics({ inbox: async () => inbox, outbox: async () => 1 });
    expect(await metrics.registry.metrics()).toMatch(/^orquesta_inbox_depth 3$/m);
    inbox = 0;
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^orquesta_inbox_depth 0$/m);
    expect(text).toMatch(/^orquesta_outbox_depth 1$/m);
  });

  it('publishes every series with help text and the Prometheus content type', async () => {
    const metrics = createMetrics();
    const text = await metrics.registry.metrics();
    for (const name of [
      'orquesta_messages_received_total',
      'orquesta_messages_processed_total',
      'orquesta_messages_sent_total',
      'orquesta_messages_failed_total',
      'orquesta_turn_duration_seconds',
      'orquesta_inbox_depth',
      'orquesta_outbox_depth',
    ]) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
    expect(metrics.registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
