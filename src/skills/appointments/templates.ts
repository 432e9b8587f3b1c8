/** Default replies of the appointments skill. Tenants override any key under `templates:` in orquesta.yaml. */
export const appointmentsTemplates = {
  es: {
    'appointments.capability': '• Agendar, confirmar, cambiar o cancelar tus citas',
    'appointments.option_book': 'Agendar una cita',
    'appointments.flow_booking': 'tu cita',
    'appointments.flow_confirm': 'la confirmación de tu cita',
    'appointments.flow_cancel': 'la cancelación de tu cita',
    'appointments.flow_reschedule': 'el cambio de tu cita',
    'appointments.ask_service': '¿Qué servicio quieres agendar?',
    'appointments.ask_professional': '¿Con quién prefieres tu {service}?',
    'appointments.any_professional': 'Con quien sea',
    'appointments.ask_time':
      '¿Qué horario te sirve para {service}? Elige uno o escríbeme otro día y hora (por ejemplo «el viernes en la tarde»).',
    'appointments.times_in_span': 'Estos son los horarios libres {span}:',
    'appointments.span_day': 'el {date}',
    'appointments.span_hours': 'el {date} entre las {from} y las {to}',
    'appointments.span_days': 'entre el {from} y el {to}',
    'appointments.no_times_in_span': 'No me quedan horarios libres {span}. Te muestro los más cercanos:',
    'appointments.no_times':
      'Por ahora no tengo horarios libres para {service}. Un asesor te puede ayudar al {phone}.',
    'appointments.unavailable_taken':
      'Ya no tengo espacio el {when}; te propongo los horarios libres más cercanos:',
    'appointments.unavailable_too_soon':
      'El {when} es muy pronto: agendamos con al menos {notice} horas de anticipación. Te propongo los horarios más cercanos:',
    'appointments.unavailable_before_valuation':
      'El {when} es muy pronto: el tratamiento va después de tu {valuation}. Te propongo los horarios más cercanos:',
    'appointments.unavailable_holiday':
      'El {when} es festivo y estamos cerrados. Te propongo los horarios libres más cercanos:',
    'appointments.unavailable_outside_hours':
      'El {when} no estamos atendiendo ese servicio. Te propongo los horarios libres más cercanos:',
    'appointments.unavailable_other':
      'El {when} no está disponible. Te propongo los horarios libres más cercanos:',
    'appointments.professional_not_offered':
      '{professional} no hace {service}. Elige entre quienes sí lo hacen:',
    'appointments.confirm_booking': '¿Te agendo {service}{with} el {when}? Precio: {price}.',
    'appointments.with_professional': ' con {professional}',
    'appointments.booked':
      '¡Listo! Te agendé {service} con {professional}: {when}\nTu cita queda pendiente hasta que la confirmes: escríbeme «confirmo» o toca el botón.',
    'appointments.booked_confirmed': '¡Listo! Te agendé {service} con {professional}: {when}',
    'appointments.button_confirm': 'Confirmar cita',
    'appointments.booking_cancelled': 'Listo, no agendé nada. ¿Te ayudo con algo más?',
    'appointments.slot_lost': 'Ese horario se acaba de ocupar. Te propongo otros:',
    'appointments.valuation_first':
      'Para {service} primero necesitas una {valuation} (precio: {price}). Te ayudo a agendarla.',
    'appointments.valuation_instead':
      'Para {service} primero necesitas una {valuation}. Elige {valuation} para agendarla:',
    'appointments.handoff_service':
      '{service} lo agenda directamente un asesor. Ya le avisé y te contactará pronto; también puedes escribir al {phone}.',
    'appointments.handoff_service_no_phone':
      '{service} lo agenda directamente un asesor. Ya le avisé y te contactará pronto.',
    'appointments.none_upcoming': 'No tienes citas próximas. ¿Quieres agendar una?',
    'appointments.none_pending': 'No tienes citas pendientes de confirmar.',
    'appointments.my_appointments': 'Estas son tus próximas citas:\n{list}',
    'appointments.appointment_line': '• {service} con {professional}, {when} ({status})',
    'appointments.status_pending': 'pendiente de confirmar',
    'appointments.status_confirmed': 'confirmada',
    'appointments.status_cancelled': 'cancelada',
    'appointments.button_reschedule': 'Cambiar cita',
    'appointments.button_cancel': 'Cancelar cita',
    'appointments.ask_which_confirm': '¿Qué cita quieres confirmar?',
    'appointments.ask_which_cancel': '¿Qué cita quieres cancelar?',
    'appointments.ask_which_reschedule': '¿Qué cita quieres cambiar?',
    'appointments.confirmed': '¡Gracias! Quedó confirmada tu cita de {service} ({when}). Te esperamos.',
    'appointments.confirm_cancel': '¿Cancelo tu cita de {service} del {when}?{late}',
    'appointments.late_cancel_note':
      ' Ten en cuenta que cancelar con menos de {hours} horas de anticipación tiene costo (se descuenta la sesión).',
    'appointments.cancelled': 'Listo, cancelé tu cita de {service} ({when}).',
    'appointments.cancel_kept': 'Listo, tu cita sigue en pie.',
    'appointments.ask_new_time':
      '¿Para cuándo quieres mover tu {service} del {current}? Elige un horario o escríbeme otro día y hora.',
    'appointments.confirm_reschedule': '¿Muevo tu {service} del {current} al {when}?{late}',
    'appointments.late_change_note':
      ' Ten en cuenta que cambiarla con menos de {hours} horas de anticipación tiene costo (se descuenta la sesión).',
    'appointments.rescheduled':
      'Listo, moví tu {service} al {when} con {professional}. Queda pendiente hasta que la confirmes: escríbeme «confirmo».',
    'appointments.rescheduled_confirmed': 'Listo, moví tu {service} al {when} con {professional}.',
    'appointments.reschedule_kept': 'Listo, tu cita sigue como estaba.',
    'appointments.reminder':
      'Hola, te recordamos tu cita de {service} con {professional} en {business}: {when}{pending}',
    'appointments.reminder_pending':
      '\nAún no la has confirmado: responde «confirmo» para confirmarla o «cancelar mi cita» si no puedes venir.',
  },
  en: {
    'appointments.capability': '• Book, confirm, move or cancel your appointments',
    'appointments.option_book': 'Book an appointment',
    'appointments.flow_booking': 'your appointment',
    'appointments.flow_confirm': 'confirming your appointment',
    'appointments.flow_cancel': 'cancelling your appointment',
    'appointments.flow_reschedule': 'moving your appointment',
    'appointments.ask_service': 'Which service would you like to book?',
    'appointments.ask_professional': 'Who would you like for your {service}?',
    'appointments.any_professional': 'Anyone',
    'appointments.ask_time':
      'Which time works for {service}? Pick one or write another day and time (e.g. "Friday afternoon").',
    'appointments.times_in_span': 'These are the free times {span}:',
    'appointments.span_day': 'on {date}',
    'appointments.span_hours': 'on {date} between {from} and {to}',
    'appointments.span_days': 'between {from} and {to}',
    'appointments.no_times_in_span': 'There are no free times left {span}. These are the nearest:',
    'appointments.no_times':
      'There are no free times for {service} right now. An advisor can help you at {phone}.',
    'appointments.unavailable_taken': '{when} is already taken. These are the nearest free times:',
    'appointments.unavailable_too_soon':
      '{when} is too soon: we book at least {notice} hours ahead. These are the nearest free times:',
    'appointments.unavailable_before_valuation':
      '{when} is too soon: the treatment comes after your {valuation}. These are the nearest free times:',
    'appointments.unavailable_holiday':
      '{when} is a holiday and we are closed. These are the nearest free times:',
    'appointments.unavailable_outside_hours':
      'We do not offer that service at {when}. These are the nearest free times:',
    'appointments.unavailable_other': '{when} is not available. These are the nearest free times:',
    'appointments.professional_not_offered':
      '{professional} does not do {service}. Choose among those who do:',
    'appointments.confirm_booking': 'Shall I book {service}{with} on {when}? Price: {price}.',
    'appointments.with_professional': ' with {professional}',
    'appointments.booked':
      'Done! I booked {service} with {professional}: {when}\nIt stays pending until you confirm it: write "confirm" or tap the button.',
    'appointments.booked_confirmed': 'Done! I booked {service} with {professional}: {when}',
    'appointments.button_confirm': 'Confirm appointment',
    'appointments.booking_cancelled': 'OK, I did not book anything. Can I help you with anything else?',
    'appointments.slot_lost': 'That time was just taken. Here are others:',
    'appointments.valuation_first':
      '{service} first needs a {valuation} (price: {price}). Let me help you book it.',
    'appointments.valuation_instead': '{service} first needs a {valuation}. Choose {valuation} to book it:',
    'appointments.handoff_service':
      '{service} is booked by an advisor. I let them know and they will contact you soon; you can also write to {phone}.',
    'appointments.handoff_service_no_phone':
      '{service} is booked by an advisor. I let them know and they will contact you soon.',
    'appointments.none_upcoming': 'You have no upcoming appointments. Would you like to book one?',
    'appointments.none_pending': 'You have no appointments waiting for confirmation.',
    'appointments.my_appointments': 'These are your upcoming appointments:\n{list}',
    'appointments.appointment_line': '• {service} with {professional}, {when} ({status})',
    'appointments.status_pending': 'waiting for your confirmation',
    'appointments.status_confirmed': 'confirmed',
    'appointments.status_cancelled': 'cancelled',
    'appointments.button_reschedule': 'Move appointment',
    'appointments.button_cancel': 'Cancel appointment',
    'appointments.ask_which_confirm': 'Which appointment would you like to confirm?',
    'appointments.ask_which_cancel': 'Which appointment would you like to cancel?',
    'appointments.ask_which_reschedule': 'Which appointment would you like to move?',
    'appointments.confirmed': 'Thank you! Your {service} ({when}) is confirmed. See you then.',
    'appointments.confirm_cancel': 'Shall I cancel your {service} on {when}?{late}',
    'appointments.late_cancel_note':
      ' Please note that cancelling less than {hours} hours ahead has a cost (the session is charged).',
    'appointments.cancelled': 'Done, I cancelled your {service} ({when}).',
    'appointments.cancel_kept': 'OK, your appointment stays as it is.',
    'appointments.ask_new_time':
      'When would you like to move your {service} of {current} to? Pick a time or write another day and time.',
    'appointments.confirm_reschedule': 'Shall I move your {service} from {current} to {when}?{late}',
    'appointments.late_change_note':
      ' Please note that moving it less than {hours} hours ahead has a cost (the session is charged).',
    'appointments.rescheduled':
      'Done, I moved your {service} to {when} with {professional}. It stays pending until you confirm it: write "confirm".',
    'appointments.rescheduled_confirmed': 'Done, I moved your {service} to {when} with {professional}.',
    'appointments.reschedule_kept': 'OK, your appointment stays as it was.',
    'appointments.reminder':
      'Hi, this is a reminder of your {service} with {professional} at {business}: {when}{pending}',
    'appointments.reminder_pending':
      '\nYou have not confirmed it yet: reply "confirm" to confirm it or "cancel my appointment" if you cannot come.',
  },
};
