/**
 * Customers ask with other words than businesses write ("¿dónde quedan?" for a page titled "Ubicación"),
 * so each word of a question is also searched as the words documents use for the same thing. Keys are words
 * as `chatTokens` leaves them (no accents, abbreviations expanded); values are added, never substituted.
 * A few English words map to the Spanish ones, so a short English question still finds a Spanish page.
 */
import { chatTokens } from '../../nlu/normalize-text.ts';

const SYNONYMS: Readonly<Record<string, string>> = {
  // where
  donde: 'ubicacion direccion sede',
  quedan: 'ubicacion direccion',
  queda: 'ubicacion direccion',
  ubicados: 'ubicacion direccion',
  ubicadas: 'ubicacion direccion',
  sucursal: 'sede',
  sucursales: 'sedes',
  agencia: 'sede',
  agencias: 'sedes',
  local: 'sede direccion',
  oficina: 'sede direccion',
  oficinas: 'sedes direccion',
  parquear: 'parqueadero estacionamiento',
  estacionar: 'estacionamiento parqueadero',
  where: 'ubicacion direccion sede',
  located: 'ubicacion direccion',
  address: 'direccion',
  // when
  abren: 'horario atencion',
  abiertos: 'horario atencion',
  cierran: 'horario atencion',
  atienden: 'horario atencion',
  horarios: 'horario atencion',
  hours: 'horario atencion',
  open: 'horario atencion',
  // money
  cuesta: 'precio',
  cuestan: 'precio precios',
  vale: 'precio',
  valen: 'precio precios',
  cobran: 'precio cobra',
  tarifa: 'precio',
  tarifas: 'precios',
  costo: 'precio',
  price: 'precio',
  prices: 'precios',
  cost: 'precio',
  pagar: 'pago pagos',
  pago: 'pagos',
  aceptan: 'aceptamos pago',
  cuotas: 'cuotas financiamiento credito',
  pay: 'pago pagos',
  payment: 'pago pagos',
  // credit and documents
  prestamo: 'credito financiamiento',
  financiar: 'financiamiento credito',
  financiado: 'financiamiento credito',
  financiacion: 'financiamiento credito',
  mensualidades: 'mensualidad plazos',
  meses: 'plazos',
  requisitos: 'documentos necesarios identificacion comprobante',
  papeles: 'documentos identificacion comprobante',
  papeleria: 'documentos identificacion comprobante',
  credit: 'credito financiamiento',
  // cars
  carro: 'auto',
  carros: 'autos',
  coche: 'auto',
  coches: 'autos',
  vehiculo: 'auto',
  apartar: 'apartalo deposito',
  reservar: 'apartalo reservado',
  // internet service
  lentisimo: 'lento velocidad',
  lenta: 'lento velocidad',
  megas: 'mbps velocidad',
  clave: 'contrasena',
  password: 'contrasena',
  slow: 'lento velocidad',
  caido: 'falla conexion',
  cayo: 'falla conexion',
  // appointments
  cancelo: 'cancelar',
  cancelacion: 'cancelar',
  reprogramar: 'reagendar',
  cambiar: 'reagendar cambiar',
  embarazada: 'embarazo',
  hurt: 'duele',
  // time
  demora: 'plazo',
  demoran: 'plazo',
  tarda: 'plazo',
  tardan: 'plazo',
  // returns
  devolver: 'devuelves devolucion reembolsamos',
  devolucion: 'devuelves reembolsamos',
  reembolso: 'reembolsamos devolucion',
};

/** Expressions whose words mean nothing apart ("se me fue el internet" is an outage); longest first. */
const PHRASES: Readonly<Record<string, string>> = {
  'se me fue': 'falla sin conexion',
  'se me cayo': 'falla sin conexion',
  'se fue': 'falla sin conexion',
  'se cayo': 'falla sin conexion',
  'no tengo': 'sin',
  'no hay': 'sin',
  'no funciona': 'falla',
  'no sirve': 'falla',
  'no me llega': 'sin falla',
  'cuanto tiempo': 'plazo',
};

/** Greetings, courtesies and words about asking itself, which say nothing about what the customer wants to know. */
const NOT_THE_TOPIC =
  /\b(hola|buen[oa]s( (dias|tardes|noches))?|por favor|gracias|disculpa|disculpe|oye|oiga|saludos|ayuda|ayudame|ayudeme|ayudar|pregunta|preguntar|preguntita|duda|dudas|saber|informacion|hello|hi|please|thanks|question)\b/g;

export interface QuestionTerm {
  /** A word of the question as `chatTokens` reads it, or one of the expressions above. */
  text: string;
  /** The words business documents use for it; empty when none are known. */
  synonyms: string[];
}

/** What a question asks about, word by word (expressions kept whole), without greetings and courtesies. */
export function questionTerms(question: string): QuestionTerm[] {
  let text = ` ${chatTokens(question).join(' ')} `.replace(NOT_THE_TOPIC, ' ');
  const terms: QuestionTerm[] = [];
  for (const [phrase, synonyms] of Object.entries(PHRASES)) {
    if (!text.includes(` ${phrase} `)) continue;
    terms.push({ text: phrase, synonyms: synonyms.split(' ') });
    text = text.replaceAll(` ${phrase} `, ' ');
  }
  for (const word of text.split(' ')) {
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    terms.push({ text: word, synonyms: SYNONYMS[word]?.split(' ') ?? [] });
  }
  return terms;
}
