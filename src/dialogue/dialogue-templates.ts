/** Replies of the turn engine itself, shared by every skill. Tenants override them like any template. */
export const dialogueTemplates = {
  es: {
    'dialogue.list_button': 'Ver opciones',
    'dialogue.yes': 'Sí',
    'dialogue.no': 'No',
    'dialogue.button_human': 'Hablar con una persona',
    'dialogue.flow_cancelled': 'Listo, lo dejamos así. ¿Te ayudo con algo más?',
    'dialogue.flow_dropped': 'Entendido, lo dejamos ahí.',
    'dialogue.flow_resume_offer': '¿Seguimos con {flow}?',
    'dialogue.flow_gave_up':
      'Perdona, no logro entenderte. ¿Quieres que te comunique con una persona de nuestro equipo?',
    'dialogue.confirm_unclear': 'Perdona, ¿me confirmas con un sí o un no?',
    'dialogue.escalated': 'Te comunico con una persona de nuestro equipo. Te responderá lo antes posible.',
    'dialogue.invalid_text': 'Perdona, no te entendí.',
    'dialogue.invalid_time':
      'No logré entender la fecha u hora. Puedes escribir, por ejemplo, «mañana a las 3 pm».',
    'dialogue.invalid_number': 'Necesito un número, por ejemplo «2».',
    'dialogue.invalid_money': 'Necesito un valor, por ejemplo «300 mil».',
    'dialogue.invalid_choice': 'Elige una de las opciones, por favor.',
    'dialogue.invalid_email': 'Necesito un correo, por ejemplo «ana@gmail.com».',
    'dialogue.invalid_phone': 'Necesito un número de teléfono, por ejemplo «300 123 4567».',
    'dialogue.invalid_lookup': 'No encontré esa opción.',
    'dialogue.media_audio': 'Por ahora no puedo escuchar audios; ¿me lo escribes?',
    'dialogue.media_image': 'Por ahora no puedo ver imágenes; ¿me escribes lo que necesitas?',
    'dialogue.media_file': 'Por ahora no puedo abrir archivos ni videos; ¿me escribes lo que necesitas?',
  },
  en: {
    'dialogue.media_audio': "I can't listen to voice messages yet; could you write it to me?",
    'dialogue.media_image': "I can't see images yet; could you write what you need?",
    'dialogue.media_file': "I can't open files or videos yet; could you write what you need?",
    'dialogue.list_button': 'See options',
    'dialogue.yes': 'Yes',
    'dialogue.no': 'No',
    'dialogue.button_human': 'Talk to a person',
    'dialogue.flow_cancelled': 'OK, we will leave it there. Can I help you with anything else?',
    'dialogue.flow_dropped': 'Understood, we will leave it there.',
    'dialogue.flow_resume_offer': 'Shall we continue with {flow}?',
    'dialogue.flow_gave_up':
      'Sorry, I cannot understand you. Would you like me to put you through to a person on our team?',
    'dialogue.confirm_unclear': 'Sorry, could you confirm with a yes or a no?',
    'dialogue.escalated':
      'I am putting you through to a person on our team. They will answer as soon as possible.',
    'dialogue.invalid_text': 'Sorry, I did not understand.',
    'dialogue.invalid_time':
      'I could not understand the date or time. You can write, for example, "tomorrow at 3 pm".',
    'dialogue.invalid_number': 'I need a number, for example "2".',
    'dialogue.invalid_money': 'I need an amount, for example "300,000".',
    'dialogue.invalid_choice': 'Please choose one of the options.',
    'dialogue.invalid_email': 'I need an email address, for example "ana@gmail.com".',
    'dialogue.invalid_phone': 'I need a phone number, for example "300 123 4567".',
    'dialogue.invalid_lookup': 'I could not find that option.',
  },
};
