/** Default replies of the http-actions skill. Tenants override any key under `templates:` in orquesta.yaml. */
export const httpActionsTemplates = {
  es: {
    'http-actions.capability': '• Registrar tus solicitudes y contarte cómo van',
    'http-actions.failed':
      'Lo siento, en este momento no pude completar tu solicitud. Por favor intenta de nuevo en unos minutos.',
  },
  en: {
    'http-actions.capability': '• Register your requests and tell you how they are going',
    'http-actions.failed':
      'Sorry, I could not complete your request right now. Please try again in a few minutes.',
  },
};
