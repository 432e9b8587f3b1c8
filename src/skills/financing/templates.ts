/** Default wording of financing plans and of the conditions they must meet. Tenants override any key under `templates:`. */
export const financingTemplates = {
  es: {
    'financing.capability': '• Calcular mensualidades para comprar a crédito',
    'financing.quote':
      '{title} a {years} años ({months} meses):\nPrecio: {price}\nEnganche: {downPayment}\n' +
      'Monto financiado: {financed}\nMensualidad: *{monthlyPayment}*\nTasa fija del {rate} % anual.',
    'financing.table_header': 'Opciones de crédito para el {title} ({price}), tasa fija del {rate} % anual:',
    'financing.table_row': 'Enganche {downPaymentPercent} % ({downPayment}): {payments}',
    'financing.table_payment': '{years} años {monthlyPayment}',
    'financing.disclaimer': 'Cifras informativas; la oferta final depende de la aprobación de crédito.',
    'financing.option_quote': 'Calcular mensualidades',
    'financing.reply': '{body}\n\n{disclaimer}',
    'financing.table_row_amount': 'Enganche de {downPayment}: {payments}',
    'financing.table_footer':
      'Para un cálculo exacto dime enganche y plazo, por ejemplo: «20% de enganche a 4 años».',
    'financing.ask_car':
      '¿Qué auto quieres financiar? Elígelo de la lista o dime marca, modelo y año, por ejemplo: «Corolla 2021».',
    'financing.which_car': 'Tengo varios que coinciden:\n{list}',
    'financing.flow_title': 'el cálculo de tu crédito',
    'financing.problem.term_not_offered':
      'No manejamos plazo de {months} meses. Los plazos son de {minYears} a {maxYears} años ({terms} meses).',
    'financing.problem.down_payment_below_minimum':
      'El enganche mínimo es del {minimumPercent} % ({minimum}); con {downPayment} no alcanza.',
    'financing.problem.down_payment_not_below_price':
      'Con {downPayment} de enganche cubres el precio completo ({price}), así que no hace falta crédito.',
  },
  en: {
    'financing.capability': '• Work out monthly payments to buy on credit',
    'financing.quote':
      '{title} over {years} years ({months} months):\nPrice: {price}\nDown payment: {downPayment}\n' +
      'Financed: {financed}\nMonthly payment: *{monthlyPayment}*\nFixed rate of {rate} % a year.',
    'financing.table_header': 'Credit options for the {title} ({price}), fixed rate of {rate} % a year:',
    'financing.table_row': '{downPaymentPercent} % down ({downPayment}): {payments}',
    'financing.table_payment': '{years} years {monthlyPayment}',
    'financing.disclaimer': 'Figures for information only; the final offer depends on credit approval.',
    'financing.option_quote': 'Monthly payments',
    'financing.reply': '{body}\n\n{disclaimer}',
    'financing.table_row_amount': '{downPayment} down: {payments}',
    'financing.table_footer':
      'For an exact plan tell me the down payment and the term, for example: "20% down over 4 years".',
    'financing.ask_car':
      'Which car would you like to finance? Pick it from the list or tell me its make, model and year, for example: "Corolla 2021".',
    'financing.which_car': 'Several cars match:\n{list}',
    'financing.flow_title': 'your credit plan',
    'financing.problem.term_not_offered':
      'We do not offer a {months}-month term. Terms go from {minYears} to {maxYears} years ({terms} months).',
    'financing.problem.down_payment_below_minimum':
      'The minimum down payment is {minimumPercent} % ({minimum}); {downPayment} is not enough.',
    'financing.problem.down_payment_not_below_price':
      'A down payment of {downPayment} covers the full price ({price}), so no credit is needed.',
  },
};
