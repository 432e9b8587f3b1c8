/** A small clinic's training examples, written as customers write them, for the classifier's tests. */
import type { TrainingExample } from '../../training-data.ts';

const BY_INTENT: Record<string, string[]> = {
  saludo: [
    'hola',
    'buenos días',
    'buenas tardes',
    'hola, buenas noches',
    'qué tal',
    'hola buen día',
    'buenas',
  ],
  despedida: ['adiós', 'chao', 'hasta luego', 'nos vemos', 'gracias, chao', 'hasta mañana', 'bye'],
  agendar_cita: [
    'quiero agendar una cita',
    'necesito una cita para limpieza facial',
    'me puedes agendar el martes',
    'quisiera reservar un turno',
    'agéndame con la doctora para mañana',
    'quiero pedir una cita',
    'reservar cita para depilación',
  ],
  cancelar_cita: [
    'quiero cancelar mi cita',
    'cancela la cita del viernes',
    'ya no puedo ir, cancélala',
    'anular mi turno',
    'no voy a asistir, cancelar por favor',
    'borra mi reserva',
    'cancelar la cita',
  ],
  consultar_paquetes: [
    'cuánto cuesta la limpieza facial',
    'qué paquetes tienen',
    'precios de los tratamientos',
    'cuánto vale el masaje',
    'tienen promociones',
    'valor del paquete de depilación',
    'qué precio tiene el peeling',
  ],
  hablar_con_humano: [
    'quiero hablar con una persona',
    'pásame con un asesor',
    'necesito hablar con alguien',
    'comunícame con un humano',
    'quiero un agente real',
    'me atiende una persona por favor',
    'hablar con recepción',
  ],
};

export const CLINIC_EXAMPLES: TrainingExample[] = Object.entries(BY_INTENT).flatMap(([intent, texts]) =>
  texts.map((text) => ({ text, intent })),
);
