/** What the widget and the socket say to visitors, in the tenant's language. */
import type { RejectionReason } from './protocol.ts';

export type WidgetLocale = 'es' | 'en';

/** The widget's own labels, sent with its configuration. `{name}` is the agent's name. */
export const WIDGET_TEXTS = {
  es: {
    open: 'Abrir el chat',
    close: 'Cerrar el chat',
    placeholder: 'Escribe tu mensaje…',
    send: 'Enviar',
    typing: 'Escribiendo…',
    agentJoined: '{name} se unió a la conversación',
    chatReleased: 'El asistente virtual retoma la conversación',
    reconnecting: 'Reconectando…',
    unavailable: 'El chat no está disponible en este momento.',
  },
  en: {
    open: 'Open the chat',
    close: 'Close the chat',
    placeholder: 'Type your message…',
    send: 'Send',
    typing: 'Typing…',
    agentJoined: '{name} joined the conversation',
    chatReleased: 'The virtual assistant is back in the conversation',
    reconnecting: 'Reconnecting…',
    unavailable: 'The chat is not available right now.',
  },
} as const satisfies Record<WidgetLocale, Record<string, string>>;

/** Why a message was refused, for the visitor. `{max}` is the setting that was exceeded. */
const REJECTIONS: Record<WidgetLocale, Record<RejectionReason, string>> = {
  es: {
    too_long: 'Tu mensaje es demasiado largo: escríbelo en menos de {max} caracteres.',
    empty: 'Tu mensaje está vacío.',
    rate_limited:
      'Estás enviando mensajes muy rápido ({max} por minuto). Espera un momento y vuelve a intentarlo.',
    unknown_button: 'Esa opción ya no está disponible. Escribe lo que necesitas.',
    invalid_frame: 'No pudimos leer tu mensaje. Recarga la página e inténtalo de nuevo.',
  },
  en: {
    too_long: 'Your message is too long: write it in fewer than {max} characters.',
    empty: 'Your message is empty.',
    rate_limited: 'You are sending messages very fast ({max} a minute). Wait a moment and try again.',
    unknown_button: 'That option is no longer available. Write what you need.',
    invalid_frame: 'We could not read your message. Reload the page and try again.',
  },
};

export function rejectionText(locale: WidgetLocale, reason: RejectionReason, max?: number): string {
  return REJECTIONS[locale][reason].replace('{max}', String(max ?? ''));
}

/** What the stored message that opens a chat says, so that a tenant without the smalltalk skill greets too. */
export const CHAT_OPENING_TEXT: Record<WidgetLocale, string> = { es: 'hola', en: 'hello' };
