/** Default wording of the catalog's data (cards, list lines, labels). Tenants override any key under `templates:`. */
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
  },
};
