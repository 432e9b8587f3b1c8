/** Default replies of the smalltalk skill. Tenants override any key under `templates:` in orquesta.yaml. */
export const smalltalkTemplates = {
  es: {
    'smalltalk.greeting': '¡Hola! Soy el asistente virtual de {business}. ¿En qué te puedo ayudar?',
    'smalltalk.greeting_named':
      '¡Hola, {name}! Soy el asistente virtual de {business}. ¿En qué te puedo ayudar?',
    'smalltalk.goodbye': '¡Gracias por escribirnos! Aquí estaremos cuando nos necesites.',
    'smalltalk.help':
      'Esto es lo que puedo hacer por ti en {business}:\n{capabilities}\nEscríbeme lo que necesitas.',
    'smalltalk.capability': '• Saludarte y orientarte sobre lo que puedo hacer',
    'smalltalk.fallback': 'Perdona, no te entendí. ¿Me lo puedes decir de otra forma?',
    'smalltalk.button_help': 'Ver opciones',
  },
  en: {
    'smalltalk.greeting': 'Hi! I am the virtual assistant of {business}. How can I help you?',
    'smalltalk.greeting_named': 'Hi, {name}! I am the virtual assistant of {business}. How can I help you?',
    'smalltalk.goodbye': 'Thanks for writing to us! We are here whenever you need us.',
    'smalltalk.help': 'This is what I can do for you at {business}:\n{capabilities}\nTell me what you need.',
    'smalltalk.capability': '• Greet you and tell you what I can do',
    'smalltalk.fallback': 'Sorry, I did not understand. Could you say it another way?',
    'smalltalk.button_help': 'See options',
  },
};
