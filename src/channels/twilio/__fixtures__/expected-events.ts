/**
 * What each Twilio fixture in this folder must parse to (see SOURCES.md), for the table-driven test in
 * `../webhook.test.ts`. The docs' parameter table becomes one form per message type.
 */
import { readFileSync } from 'node:fs';
import type { InboundEvent } from '../../../core/messages.ts';

const text = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
/** The fixtures' redacted sender digits ("+5582XXXXXXXX", "WaId=5582XXXXXXXX") become zeros, as digits. */
const unredacted = (value: string) =>
  value.replace(/((?:\+|%2B|WaId=)\d+)(X+)/g, (_match, kept: string, hidden: string) =>
    kept.concat('0'.repeat(hidden.length)),
  );
export const json = (name: string) => JSON.parse(unredacted(text(name)));

/** The docs' parameter table, as the forms Twilio sends for each message type. */
const doc = json('inbound_whatsapp_params_doc.json');
export const docBase = {
  MessageSid: doc.core.MessageSid,
  AccountSid: doc.core.AccountSid,
  From: `whatsapp:+${doc.whatsapp.WaId}`,
  To: 'whatsapp:+15558675310',
  NumMedia: '0',
  NumSegments: '1',
  ProfileName: doc.whatsapp.ProfileName,
  WaId: doc.whatsapp.WaId,
};
const docMessage = { connectionId: 'twilio', providerMessageId: doc.core.MessageSid, from: '14017122661' };
const docPayload = { waId: '14017122661' };

const mixed = json('inbound_whatsapp_text_and_image.json');
const status = json('status_callback_sent_doc.json');

export const FIXTURES: { name: string; body: string | Record<string, string>; events: InboundEvent[] }[] = [
  {
    name: 'sandbox text, as captured (inbound_whatsapp_text_sandbox.form.txt)',
    body: unredacted(text('inbound_whatsapp_text_sandbox.form.txt')),
    events: [
      {
        type: 'message',
        message: {
          connectionId: 'twilio',
          providerMessageId: 'SM01cd3925943ee3504f8a5c42d88efdf6',
          from: '558200000000',
          name: 'Jhonata',
          kind: 'text',
          text: 'Olá',
          payload: { waId: '558200000000' },
        },
      },
    ],
  },
  {
    name: 'text (inbound_whatsapp_text_and_image.json → text)',
    body: mixed.text,
    events: [
      {
        type: 'message',
        message: {
          connectionId: 'twilio',
          providerMessageId: 'SM612470e4c57f7e7edf1951cd09c1138e',
          from: '27720000000',
          kind: 'text',
          text: 'Hello',
          payload: {},
        },
      },
    ],
  },
  {
    name: 'image without caption (inbound_whatsapp_text_and_image.json → image)',
    body: mixed.image,
    events: [
      {
        type: 'message',
        message: {
          connectionId: 'twilio',
          providerMessageId: 'MMf17ae24039efd4e19fbc4c1b42fda9f8',
          from: '27720000000',
          kind: 'media',
          text: '',
          payload: {
            media: [{ url: mixed.image.MediaUrl0, mimeType: 'image/jpeg', kind: 'image' }],
          },
        },
      },
    ],
  },
  {
    name: 'text with profile name (params doc: core + whatsapp)',
    body: { ...docBase, Body: "Ahoy! Let's build something amazing." },
    events: [
      {
        type: 'message',
        message: {
          ...docMessage,
          name: 'Perspective Coffee',
          kind: 'text',
          text: "Ahoy! Let's build something amazing.",
          payload: docPayload,
        },
      },
    ],
  },
  {
    name: 'two media with a caption (params doc: media)',
    body: {
      ...docBase,
      Body: 'mira',
      NumMedia: '2',
      MediaUrl0: doc.media['MediaUrl{N}'],
      MediaContentType0: doc.media['MediaContentType{N}'],
      MediaUrl1: `${doc.media['MediaUrl{N}']}1`,
      MediaContentType1: 'audio/ogg',
    },
    events: [
      {
        type: 'message',
        message: {
          ...docMessage,
          name: 'Perspective Coffee',
          kind: 'media',
          text: 'mira',
          payload: {
            ...docPayload,
            media: [
              { url: doc.media['MediaUrl{N}'], mimeType: 'image/jpeg', kind: 'image' },
              { url: `${doc.media['MediaUrl{N}']}1`, mimeType: 'audio/ogg', kind: 'audio' },
            ],
          },
        },
      },
    ],
  },
  {
    name: 'quick-reply button (params doc: rich)',
    body: {
      ...docBase,
      Body: doc.rich.ButtonText,
      ButtonPayload: doc.rich.ButtonPayload,
      ButtonText: doc.rich.ButtonText,
      ButtonType: 'REPLY',
    },
    events: [
      {
        type: 'message',
        message: {
          ...docMessage,
          name: 'Perspective Coffee',
          kind: 'interactive',
          text: 'Cancel Appointment',
          payload: { ...docPayload, buttonId: 'postback_data_1234', buttonTitle: 'Cancel Appointment' },
        },
      },
    ],
  },
  {
    name: 'shared location (params doc: location)',
    body: { ...docBase, ...doc.location },
    events: [
      {
        type: 'message',
        message: {
          ...docMessage,
          name: 'Perspective Coffee',
          kind: 'location',
          text: 'The Harrow Club',
          payload: {
            ...docPayload,
            latitude: 51.51322977399644,
            longitude: -0.2197976373036567,
            address: '187 Freston Road, London, Greater London W10 6TH',
            label: 'The Harrow Club',
          },
        },
      },
    ],
  },
  {
    name: 'reply to a message, forwarded (params doc: reply context + whatsapp)',
    body: {
      ...docBase,
      Body: 'sí, ese',
      OriginalRepliedMessageSender: 'whatsapp:+14155238886',
      OriginalRepliedMessageSid: doc.reply_context_within_7_days.OriginalRepliedMessageSid,
      Forwarded: doc.whatsapp.Forwarded,
    },
    events: [
      {
        type: 'message',
        message: {
          ...docMessage,
          name: 'Perspective Coffee',
          kind: 'text',
          text: 'sí, ese',
          payload: {
            ...docPayload,
            context: { providerMessageId: doc.reply_context_within_7_days.OriginalRepliedMessageSid },
            forwarded: true,
          },
        },
      },
    ],
  },
  {
    name: 'Click-to-WhatsApp ad referral (params doc: click_to_whatsapp)',
    body: {
      ...docBase,
      Body: 'Quiero más información',
      ReferralSourceId: '120200000000000',
      ReferralSourceType: 'ad',
      ReferralSourceUrl: 'https://fb.me/example',
      ReferralHeadline: 'Limpieza facial',
      ReferralNumMedia: '0',
      ReferralCtwaClid: 'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-Zf',
    },
    events: [
      {
        type: 'message',
        message: {
          ...docMessage,
          name: 'Perspective Coffee',
          kind: 'text',
          text: 'Quiero más información',
          payload: {
            ...docPayload,
            referral: {
              sourceId: '120200000000000',
              sourceType: 'ad',
              sourceUrl: 'https://fb.me/example',
              headline: 'Limpieza facial',
              ctwaClid: 'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-Zf',
            },
          },
        },
      },
    ],
  },
  {
    name: 'a message type Orquesta does not know (no text, media, button or location) is unsupported',
    body: { ...docBase, Body: '' },
    events: [
      {
        type: 'message',
        message: {
          ...docMessage,
          name: 'Perspective Coffee',
          kind: 'unsupported',
          text: '',
          payload: docPayload,
        },
      },
    ],
  },
  {
    name: 'status callback: sent (status_callback_sent_doc.json)',
    body: {
      AccountSid: status.AccountSid,
      From: status.From,
      MessageSid: status.MessageSid,
      MessageStatus: status.MessageStatus,
      SmsSid: status.SmsSid,
      SmsStatus: status.SmsStatus,
    },
    events: [
      {
        type: 'status',
        status: { connectionId: 'twilio', providerMessageId: status.MessageSid, status: 'sent' },
      },
    ],
  },
  {
    name: 'status callback: read receipt (EventType READ)',
    body: {
      MessageSid: status.MessageSid,
      MessageStatus: 'read',
      EventType: 'READ',
      ChannelPrefix: 'whatsapp',
    },
    events: [
      {
        type: 'status',
        status: { connectionId: 'twilio', providerMessageId: status.MessageSid, status: 'read' },
      },
    ],
  },
  {
    name: 'status callback: undelivered with ErrorCode and ChannelStatusMessage (documented failure fields)',
    body: {
      MessageSid: status.MessageSid,
      MessageStatus: 'undelivered',
      ErrorCode: '63016',
      ChannelStatusMessage: 'Outside messaging window',
    },
    events: [
      {
        type: 'status',
        status: {
          connectionId: 'twilio',
          providerMessageId: status.MessageSid,
          status: 'failed',
          error: { code: '63016', message: 'Outside messaging window' },
        },
      },
    ],
  },
  {
    name: 'status callback: failed with ErrorCode only',
    body: { MessageSid: status.MessageSid, MessageStatus: 'failed', ErrorCode: '30008' },
    events: [
      {
        type: 'status',
        status: {
          connectionId: 'twilio',
          providerMessageId: status.MessageSid,
          status: 'failed',
          error: {
            code: '30008',
            message:
              'Twilio reported the message failed with error 30008 (https://www.twilio.com/docs/errors/30008)',
          },
        },
      },
    ],
  },
  ...['queued', 'accepted', 'sending', 'scheduled'].map((queued) => ({
    name: `status callback: ${queued} is ignored`,
    body: { MessageSid: status.MessageSid, MessageStatus: queued, SmsStatus: queued },
    events: [],
  })),
];
