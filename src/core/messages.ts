/** The normalised shapes of what channels receive and send, shared by every layer. */

export interface Button {
  id: string;
  title: string;
}

/** What a customer sent, after a channel has parsed it. */
export interface InboundMessage {
  /** The connection it arrived on, within the tenant. */
  connectionId: string;
  /** The provider's id for the message; with the connection, the deduplication key. */
  providerMessageId: string;
  /** The sender's address on that channel (phone digits, chat id, visitor id). */
  from: string;
  /** The sender's display name, when the channel gives one. */
  name?: string;
  /**
   * The sender's phone number, digits only, or null when the channel's addresses are not phone numbers
   * (Telegram's chat ids are digits too). Left out, a `from` of 7 to 15 digits is taken as the phone.
   */
  phone?: string | null;
  kind: 'text' | 'interactive' | 'media' | 'location' | 'contacts' | 'reaction' | 'unsupported';
  text: string;
  /** Channel-specific details (button id, media id, coordinates …), kept as received after normalisation. */
  payload?: Record<string, unknown>;
  /** When the provider says the message was sent, if it says. */
  sentAt?: Date;
  /** Overrides the turn's clock; only the test channel sets it. */
  clockOverride?: Date;
}

/** One reply a turn produces, before a channel adapts it. */
export interface Reply {
  text: string;
  buttons?: Button[];
  /** The label of the button that opens a list, when the channel shows the buttons as a list. */
  listButton?: string;
}

export type ConversationStatus = 'bot' | 'pending_human' | 'human';

export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** Inbound kinds the normalised model knows; anything else is stored as `unsupported` and acknowledged. */
export type InboundKind = InboundMessage['kind'];

/** A delivery status a provider reported for one of our outbound messages. */
export interface DeliveryStatusUpdate {
  connectionId: string;
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** When the provider says it happened. */
  at?: Date;
  error?: { code: string; message: string };
}

/** Something a contact did that is not a message: opting in or out of messages (Gupshup user events). */
export interface ContactEvent {
  connectionId: string;
  from: string;
  event: 'opted-in' | 'opted-out';
  at?: Date;
}

/** What one webhook request carried, after its channel parsed it. */
export type InboundEvent =
  | { type: 'message'; message: InboundMessage }
  | { type: 'status'; status: DeliveryStatusUpdate }
  | { type: 'contact'; contact: ContactEvent };

/** One message as a channel will send it: a reply after adaptation to the channel's capabilities. */
export interface OutboundContent {
  text: string;
  /** Native reply buttons (WhatsApp reply buttons, Telegram inline keyboard). */
  buttons?: Button[];
  /** A native list (WhatsApp list message): the button that opens it and its rows. */
  list?: { button: string; rows: Button[] };
  /** An approved WhatsApp template sent instead of the text (WhatsApp Cloud; other channels send the text). */
  template?: { name: string; language: string; components?: Record<string, unknown>[] };
}
