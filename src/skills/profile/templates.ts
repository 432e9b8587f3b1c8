/** Default replies of the profile skill. Tenants override any key under `templates:` in orquesta.yaml. */
export const profileTemplates = {
  es: {
    'profile.capability': '• Actualizar tu nombre, correo o teléfono',
    'profile.ask_field': '¿Qué dato quieres actualizar?',
    'profile.field_name': 'Nombre',
    'profile.field_email': 'Correo',
    'profile.field_phone': 'Teléfono',
    'profile.flow_update': 'la actualización de tus datos',
    'profile.ask_name': '¿Cómo quieres que te llamemos? Escribe tu nombre completo.',
    'profile.invalid_name': 'Un nombre tiene de 2 a 80 letras, sin números ni símbolos como @.',
    'profile.confirm_name': '¿Guardo tu nombre como «{name}»?',
    'profile.saved_name': 'Listo, {name}, actualicé tu nombre.',
    'profile.ask_email': '¿Cuál es tu correo electrónico?',
    'profile.invalid_email':
      '«{email}» no es un correo válido. Escríbelo completo, por ejemplo «ana.perez@gmail.com».',
    'profile.confirm_email': '¿Guardo tu correo como {email}?',
    'profile.saved_email': 'Listo, guardé tu correo {email}.',
    'profile.ask_phone': '¿Cuál es tu número de teléfono?',
    'profile.invalid_phone':
      '«{phone}» no es un teléfono válido: escribe de 7 a 15 dígitos, por ejemplo «300 123 4567».',
    'profile.confirm_phone': '¿Guardo tu teléfono como {phone}?',
    'profile.saved_phone': 'Listo, guardé tu teléfono {phone}.',
    'profile.cancelled': 'Listo, no cambié tus datos. ¿Te ayudo con algo más?',
  },
  en: {
    'profile.capability': '• Update your name, email or phone',
    'profile.ask_field': 'Which detail would you like to update?',
    'profile.field_name': 'Name',
    'profile.field_email': 'Email',
    'profile.field_phone': 'Phone',
    'profile.flow_update': 'updating your details',
    'profile.ask_name': 'What name should we use? Write your full name.',
    'profile.invalid_name': 'A name has 2 to 80 letters, without digits or symbols such as @.',
    'profile.confirm_name': 'Shall I save your name as "{name}"?',
    'profile.saved_name': 'Done, {name}, I updated your name.',
    'profile.ask_email': 'What is your email address?',
    'profile.invalid_email':
      '"{email}" is not a valid email address. Write it in full, for example "ana.perez@gmail.com".',
    'profile.confirm_email': 'Shall I save your email as {email}?',
    'profile.saved_email': 'Done, I saved your email {email}.',
    'profile.ask_phone': 'What is your phone number?',
    'profile.invalid_phone':
      '"{phone}" is not a valid phone number: write 7 to 15 digits, for example "300 123 4567".',
    'profile.confirm_phone': 'Shall I save your phone as {phone}?',
    'profile.saved_phone': 'Done, I saved your phone {phone}.',
    'profile.cancelled': 'OK, I did not change your details. Can I help you with anything else?',
  },
};
