/** Replies of the turn engine itself, shared by every skill. Tenants override them like any template. */
export const dialogueTemplates = {
  es: {
    'dialogue.list_button': 'Ver opciones',
  },
  en: {
    'dialogue.list_button': 'See options',
  },
};
