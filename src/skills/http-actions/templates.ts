/** Default replies of the http-actions skill. Tenants override any key under `templates:` in orquesta.yaml. */
export const httpActionsTemplates = {
  es: {
    'http-actions.capability': '• Registrar tus solicitudes y contarte cómo van',
    'http-actions.failed':
      'Lo siento, en este momento no pude completar tu solicitud. Por favor intenta de nuevo en unos minutos.',
    'http-actions.flow_title': 'tu solicitud',
    'http-actions.done': 'Listo, ya lo consulté en nuestro sistema.',
    'http-actions.ask_value': 'Necesito un dato más para continuar. ¿Me lo escribes?',
    'http-actions.invalid_value':
      'Eso no tiene la forma que esperaba. ¿Lo revisas y me lo escribes de nuevo?',
  },
  en: {
    'http-actions.capability': '• Register your requests and tell you how they are going',
    'http-actions.failed':
      'Sorry, I could not complete your request right now. Please try again in a few minutes.',
    'http-actions.flow_title': 'your request',
    'http-actions.done': 'Done, I checked it in our system.',
    'http-actions.ask_value': 'I need one more detail to go on. Could you write it?',
    'http-actions.invalid_value': 'That does not look as I expected. Could you check it and write it again?',
  },
};
