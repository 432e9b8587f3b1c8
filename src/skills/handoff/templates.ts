/** Default replies of the hand-off skill. Tenants override any key under `templates:` in orquesta.yaml. */
export const handoffTemplates = {
  es: {
    'handoff.capability': '• Comunicarte con una persona de nuestro equipo',
    'handoff.option_human': 'Hablar con una persona',
    'handoff.assigned':
      'Te comunico con {agent}, de nuestro equipo. Te escribirá por aquí en breve; mientras tanto, el asistente virtual queda en pausa.',
    'handoff.queued_soon':
      'Te comunico con una persona de nuestro equipo. En este momento todos están ocupados; te responderán por aquí lo antes posible.',
    'handoff.queued_at':
      'Te comunico con una persona de nuestro equipo. Ahora no hay nadie disponible; te responderán a partir del {when}.',
  },
  en: {
    'handoff.capability': '• Put you through to a person on our team',
    'handoff.option_human': 'Talk to a person',
    'handoff.assigned':
      'I am putting you through to {agent}, from our team. They will write to you here shortly; meanwhile the virtual assistant is paused.',
    'handoff.queued_soon':
      'I am putting you through to a person on our team. Everyone is busy right now; they will answer here as soon as possible.',
    'handoff.queued_at':
      'I am putting you through to a person on our team. Nobody is available now; they will answer from {when}.',
  },
};
