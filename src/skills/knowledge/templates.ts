/** Default replies of the knowledge skill. Tenants override any key under `templates:` in orquesta.yaml. */
export const knowledgeTemplates = {
  es: {
    'knowledge.capability': '• Responder tus preguntas sobre horarios, precios, pagos, políticas y más',
    'knowledge.answer': '{answer}\n\n_Fuente: {source}_',
    'knowledge.not_found':
      'No encontré información sobre eso en nuestros documentos. Si quieres, te comunico con una persona de nuestro equipo.',
  },
  en: {
    'knowledge.capability':
      '• Answer your questions about opening hours, prices, payments, policies and more',
    'knowledge.answer': '{answer}\n\n_Source: {source}_',
    'knowledge.not_found':
      'I could not find anything about that in our documents. If you like, I can put you in touch with a person from our team.',
  },
};
