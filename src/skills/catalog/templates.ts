/** Default wording of the catalog: cards, list lines, labels and the replies of its conversation. Tenants override any key under `templates:`. */
export const catalogTemplates = {
  es: {
    'catalog.capability': '• Buscar autos en nuestro inventario y darte sus detalles',
    'catalog.card':
      '*{title}*\nVersión: {version}\nPrecio: {price}\nKilometraje: {km}\nCarrocería: {bodyType}\n' +
      'Bluetooth: {bluetooth} · CarPlay: {carPlay}\nMedidas (largo × ancho × alto): {dimensions}\n' +
      'Inventario: {stockId}',
    'catalog.list_item': '{position}. {title} · {price} · {km}',
    'catalog.km': '{km} km',
    'catalog.dimensions': '{length} × {width} × {height} m',
    'catalog.yes': 'Sí',
    'catalog.no': 'No',
    'catalog.body_type.sedan': 'sedán',
    'catalog.body_type.suv': 'SUV',
    'catalog.body_type.hatchback': 'hatchback',
    'catalog.body_type.pickup': 'pickup',
    'catalog.body_type.minivan': 'minivan',
    'catalog.body_type.coupe': 'coupé',
    'catalog.body_type.unknown': 'sin dato',
    'catalog.relaxed.carPlay': 'CarPlay',
    'catalog.relaxed.bluetooth': 'Bluetooth',
    'catalog.relaxed.km': 'el kilometraje',
    'catalog.relaxed.year': 'el año',
    'catalog.relaxed.price': 'el precio',
    'catalog.relaxed.bodyTypes': 'el tipo de auto',
    'catalog.relaxed.models': 'el modelo',
    'catalog.relaxed.makes': 'la marca',
    'catalog.results': '{header}\n{list}\n\n{footer}',
    'catalog.found': 'Tengo {total} autos que te pueden interesar:',
    'catalog.page': 'Más opciones ({from} a {to} de {total}):',
    'catalog.no_exact': 'No tengo autos con todo lo que pides. Sin {relaxed}, estos son los más cercanos:',
    'catalog.not_in_stock': 'No tenemos {names} en inventario por ahora. Estos son los más parecidos:',
    'catalog.footer': '¿Cuál te interesa? Dime el número o elígelo de la lista.',
    'catalog.footer_more': '¿Cuál te interesa? Dime el número, o escribe «ver más» para ver {remaining} más.',
    'catalog.no_more': 'Ya te mostré todos los autos de esta búsqueda. ¿Quieres buscar otra cosa?',
    'catalog.no_transmission':
      'Ojo: no tengo el dato de la transmisión de cada auto, así que no pude filtrar por automático o estándar.',
    'catalog.empty': 'Por ahora no tenemos autos en inventario.',
    'catalog.which': '¿Cuál de estos te interesa?\n{list}',
    'catalog.out_of_range': 'Solo te mostré {listed} autos. ¿Cuál te interesa?',
    'catalog.nothing_listed':
      'Aún no te he mostrado autos. ¿Qué buscas? Por ejemplo: «camionetas de menos de 400 mil».',
    'catalog.ask_which':
      '¿De qué auto quieres los detalles? Dime marca y modelo, o pídeme una búsqueda, por ejemplo: «sedanes 2020 o más nuevos».',
    'catalog.button_more': 'Ver más',
    'catalog.button_financing': 'Calcular mensualidades',
    'catalog.option_search': 'Buscar un auto',
  },
  en: {
    'catalog.capability': '• Search our cars and give you their details',
    'catalog.card':
      '*{title}*\nVersion: {version}\nPrice: {price}\nMileage: {km}\nBody type: {bodyType}\n' +
      'Bluetooth: {bluetooth} · CarPlay: {carPlay}\nSize (length × width × height): {dimensions}\n' +
      'Stock number: {stockId}',
    'catalog.list_item': '{position}. {title} · {price} · {km}',
    'catalog.km': '{km} km',
    'catalog.dimensions': '{length} × {width} × {height} m',
    'catalog.yes': 'Yes',
    'catalog.no': 'No',
    'catalog.body_type.sedan': 'sedan',
    'catalog.body_type.suv': 'SUV',
    'catalog.body_type.hatchback': 'hatchback',
    'catalog.body_type.pickup': 'pickup',
    'catalog.body_type.minivan': 'minivan',
    'catalog.body_type.coupe': 'coupe',
    'catalog.body_type.unknown': 'not recorded',
    'catalog.relaxed.carPlay': 'CarPlay',
    'catalog.relaxed.bluetooth': 'Bluetooth',
    'catalog.relaxed.km': 'the mileage',
    'catalog.relaxed.year': 'the year',
    'catalog.relaxed.price': 'the price',
    'catalog.relaxed.bodyTypes': 'the body type',
    'catalog.relaxed.models': 'the model',
    'catalog.relaxed.makes': 'the make',
    'catalog.results': '{header}\n{list}\n\n{footer}',
    'catalog.found': 'I have {total} cars you may like:',
    'catalog.page': 'More options ({from} to {to} of {total}):',
    'catalog.no_exact':
      'I have no car with everything you ask for. Leaving out {relaxed}, these are the closest:',
    'catalog.not_in_stock': 'We have no {names} in stock right now. These are the closest:',
    'catalog.footer': 'Which one do you like? Tell me its number or pick it from the list.',
    'catalog.footer_more':
      'Which one do you like? Tell me its number, or write "more" to see {remaining} more.',
    'catalog.no_more': 'Those were all the cars of this search. Shall I look for something else?',
    'catalog.no_transmission':
      'Note: I do not have the transmission of each car, so I could not filter by automatic or manual.',
    'catalog.empty': 'We have no cars in stock right now.',
    'catalog.which': 'Which of these do you mean?\n{list}',
    'catalog.out_of_range': 'I only showed you {listed} cars. Which one do you mean?',
    'catalog.nothing_listed':
      'I have not shown you any cars yet. What are you looking for? For example: "SUVs under 400k".',
    'catalog.ask_which':
      'Which car would you like the details of? Tell me the make and model, or ask me to search, for example: "sedans 2020 or newer".',
    'catalog.button_more': 'See more',
    'catalog.button_financing': 'Monthly payments',
    'catalog.option_search': 'Find a car',
  },
};
