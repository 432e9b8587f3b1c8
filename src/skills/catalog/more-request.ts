/** Whether a message asks for the next page of the last listing: "ver más", "más opciones", "hay otros?". */
import { foldText } from '../../nlu/entities/folded-text.ts';

/** The id of the "Ver más" button under a listing. */
export const MORE_BUTTON = 'catalog_more';

// The whole message must be the request, so "el más barato" or "más de 300 mil" are not one.
const MORE =
  /^(?:y\s+)?(?:(?:quiero\s+|puedo\s+)?(?:ver|mostrar|muestrame|ensename|dame|manda(?:me)?|pasame|hay|tienes|tienen|show(?:\s+me)?|see)\s+)?(?:mas|otr[oa]s|siguientes|more|next)(?:\s+(?:opciones|autos|carros|coches|resultados|options|cars|results))?(?:\s+(?:por\s*favor|porfa|plis|please))?$/;

export function isMoreRequest(text: string, buttonId: string | null): boolean {
  if (buttonId === MORE_BUTTON) return true;
  const words = foldText(text)
    .replace(/[¿?¡!.,]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  return MORE.test(words);
}
