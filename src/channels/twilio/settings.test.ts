import { describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../registry.ts';
import { testTenant } from '../../../test/support/test-config.ts';
import { createTwilioChannel } from './index.ts';
import { twilioSettingsSchema } from './settings.ts';

describe('twilio settings', () => {
  it("accept the demo's settings with no TWILIO_* variable set, so that the demo starts", () => {
    const demo = {
      accountSid: '',
      authToken: '',
      from: 'whatsapp:+14155238886',
      apiBaseUrl: 'https://api.twilio.com',
    };
    expect(twilioSettingsSchema.parse(demo)).toEqual({
      from: 'whatsapp:+14155238886',
      apiBaseUrl: 'https://api.twilio.com',
      statusCallback: true,
    });
  });

  it('fill in defaults and are stable when validated twice', () => {
    const once = twilioSettingsSchema.parse({
      accountSid: `AC${'0'.repeat(32)}`,
      authToken: ' token ',
      from: 'whatsapp:+14155238886',
      apiBaseUrl: 'http://127.0.0.1:4010/',
      publicUrl: 'https://bot.example.com/',
      windowTemplate: { contentSid: `HX${'a'.repeat(32)}`, variables: { '1': 'Ana' } },
      statusCallback: false,
    });
    expect(once).toMatchObject({
      authToken: 'token',
      apiBaseUrl: 'http://127.0.0.1:4010',
      publicUrl: 'https://bot.example.com',
    });
    expect(twilioSettingsSchema.parse(once)).toEqual(once);
  });

  it('are reported with the other configuration problems, each saying what to write', () => {
    const tenant = testTenant({
      connections: [
        {
          id: 'twilio',
          channel: 'twilio',
          settings: {
            accountSid: 'SK123',
            from: '+14155238886',
            apiBaseUrl: 'api.twilio.com',
            windowTemplate: { sid: 'HX1' },
            statuscallback: true,
          },
        },
      ],
    });
    let message = '';
    try {
      createChannelRegistry([tenant], [createTwilioChannel()]);
    } catch (error) {
      message = (error as Error).message;
    }
    const path = 'tenants[0].connections[0].settings';
    expect(message).toContain(`${path}: unknown setting "statuscallback" — twilio settings are accountSid,`);
    expect(message).toContain(`${path}.accountSid: not an Account SID — it starts with "AC"`);
    expect(message).toContain(`${path}.from: not a WhatsApp sender — write "whatsapp:+"`);
    expect(message).toContain(`${path}.apiBaseUrl: not an http(s) URL — write e.g. https://api.twilio.com`);
    expect(message).toContain(`${path}.windowTemplate: unknown key "sid" — windowTemplate has contentSid`);
  });

  it('require the sender', () => {
    const result = twilioSettingsSchema.safeParse({});
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['from'],
      message: 'required — the WhatsApp sender, e.g. from: "whatsapp:+14155238886"',
    });
  });
});
