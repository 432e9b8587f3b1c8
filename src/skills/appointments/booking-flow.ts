/**
 * The booking conversation: service → professional ("con quien sea" is fine) → time → confirmation, then
 * the appointment is written inside the turn's commit. A service only an advisor books goes to a person;
 * a treatment that needs a valuation books the valuation first.
 *
 * Besides its slots the flow keeps two values of its own: `requestedService`, the treatment the customer
 * asked for when a valuation is booked in its place (so its name in the message is not read as a change
 * of service), and `around`, the time a booking lost to someone faster (its neighbours are offered).
 */
import { requestHandoff } from '../../dialogue/escalation.ts';
import type { Button } from '../../core/messages.ts';
import { formatDateTime, formatMoney } from '../../dialogue/format.ts';
import type { Flow, FlowSlot, SlotValues, TemplateMessage } from '../../dialogue/flow.ts';
import { chooseOption } from '../../dialogue/slot-readers.ts';
import { startFlow } from '../../dialogue/flow-runner.ts';
import { normalizeText } from '../../nlu/normalize-text.ts';
import { formatInstant } from '../../nlu/entities/time/zoned-time.ts';
import type { TurnContext } from '../skill.ts';
import { bookAppointment } from './appointments-repository.ts';
import { askedInTurn, exactStart } from './asked-time.ts';
import { contactHistory } from './booking-tools.ts';
import { findService, professionalsFor, type Service } from './business-data.ts';
import {
  isAwaiting,
  professionalName,
  serviceName,
  toolContextOf,
  type AppointmentsRuntime,
} from './conversation-support.ts';
import { decideBooking, initialStatus, type BookingDecision } from './policies.ts';
import { checkTime, createTimeSlot, type TimeTarget } from './time-slot.ts';

/** The professional slot's value when the customer does not mind who. */
export const ANY_PROFESSIONAL = 'any';

/** Whole answers that mean "anyone": "con quien sea", "cualquiera", "me da igual". */
const ANYONE =
  /^(?:con\s+)?(?:quien\s+sea|cualquiera|cualquier(?:a)?\s+(?:profesional|persona)|el\s+que\s+sea|la\s+que\s+sea|me\s+da\s+igual|no\s+importa|da\s+igual|anyone|any|whoever|no\s+preference)$/;

function entityValue(context: TurnContext, entity: string, skip?: unknown): string | undefined {
  const found = context.understanding.entities.find(
    (candidate) =>
      candidate.entity === entity && typeof candidate.value === 'string' && candidate.value !== skip,
  );
  return found?.value as string | undefined;
}

export interface BookingFlow {
  flow: Flow;
  /** Answers `agendar_cita` or `consultar_horarios`: hands off, offers the valuation, or starts the flow. */
  start(context: TurnContext, options?: { showTimes?: boolean }): Promise<void>;
}

export function createBookingFlow(runtime: AppointmentsRuntime): BookingFlow {
  const { data } = runtime;

  async function decide(context: TurnContext, serviceId: string): Promise<BookingDecision | undefined> {
    const history = await contactHistory(toolContextOf(runtime, context));
    return decideBooking(data, serviceId, history, context.now);
  }

  /** Not bookable by the bot: the customer is told an advisor takes it, and a person is asked for. */
  function handOff(context: TurnContext, service: Service): TemplateMessage {
    requestHandoff(context, 'non_bookable_service');
    const phone = data.advisorPhone;
    return phone
      ? { template: 'appointments.handoff_service', variables: { service: service.name, phone } }
      : { template: 'appointments.handoff_service_no_phone', variables: { service: service.name } };
  }

  function serviceButtons(): Button[] {
    return data.services
      .filter((service) => service.bookable)
      .map((service) => ({ id: service.id, title: service.name }));
  }

  function professionalButtons(context: TurnContext, slots: SlotValues): Button[] {
    if (typeof slots.service !== 'string') return [];
    return [
      ...professionalsFor(data, slots.service).map((professional) => ({
        id: professional.id,
        title: professional.name,
      })),
      { id: ANY_PROFESSIONAL, title: context.render('appointments.any_professional') },
    ];
  }

  const serviceSlot: FlowSlot = {
    name: 'service',
    type: 'lookup',
    entity: 'service',
    prompt: 'appointments.ask_service',
    options: () => serviceButtons(),
    extract(context, slots) {
      const named = entityValue(context, 'service', slots.requestedService);
      if (named) return named;
      return isAwaiting(context, 'service') ? chooseOption(context, serviceButtons())?.id : undefined;
    },
    async validate(value, context) {
      const decision = typeof value === 'string' ? await decide(context, value) : undefined;
      if (!decision) return { template: 'dialogue.invalid_lookup' };
      if (decision.kind === 'handoff') return handOff(context, decision.service);
      if (decision.kind === 'valuation_first') {
        return {
          template: 'appointments.valuation_instead',
          variables: { service: decision.service.name, valuation: decision.valuationService.name },
        };
      }
      return null;
    },
  };

  const professionalSlot: FlowSlot = {
    name: 'professional',
    type: 'lookup',
    entity: 'professional',
    prompt: 'appointments.ask_professional',
    options: (context, slots) => professionalButtons(context, slots),
    extract(context, slots) {
      if (
        ANYONE.test(
          normalizeText(context.text)
            .replace(/[¿?¡!.,]/g, '')
            .trim(),
        )
      )
        return ANY_PROFESSIONAL;
      const named = entityValue(context, 'professional');
      if (named) return named;
      return isAwaiting(context, 'professional')
        ? chooseOption(context, professionalButtons(context, slots))?.id
        : undefined;
    },
    validate(value, context, slots) {
      if (value === ANY_PROFESSIONAL || typeof slots.service !== 'string') return null;
      const offering = professionalsFor(data, slots.service);
      if (offering.some((professional) => professional.id === value)) return null;
      return {
        template: 'appointments.professional_not_offered',
        variables: {
          professional: professionalName(data, String(value)),
          service: serviceName(data, slots.service),
        },
      };
    },
  };

  async function target(context: TurnContext, slots: SlotValues): Promise<TimeTarget | null> {
    if (typeof slots.service !== 'string' || typeof slots.professional !== 'string') return null;
    const decision = await decide(context, slots.service);
    if (decision?.kind !== 'bookable') return null;
    return {
      serviceId: slots.service,
      professionalIds: slots.professional === ANY_PROFESSIONAL ? undefined : [slots.professional],
      notBefore: decision.notBefore,
    };
  }

  const flow: Flow = {
    name: 'booking',
    title: 'appointments.flow_booking',
    slots: [
      serviceSlot,
      professionalSlot,
      createTimeSlot({ runtime, prompt: 'appointments.ask_time', target }),
    ],
    confirm: 'appointments.confirm_booking',
    cancelled: 'appointments.booking_cancelled',
    variables(context, slots) {
      const service = typeof slots.service === 'string' ? findService(data, slots.service) : undefined;
      const start = exactStart(slots.time, context.tenant.timezone);
      const professional = typeof slots.professional === 'string' ? slots.professional : ANY_PROFESSIONAL;
      return {
        service: service?.name ?? '',
        price: service ? formatMoney(service.price, context) : '',
        when: start ? formatDateTime(start, context) : '',
        with:
          professional === ANY_PROFESSIONAL
            ? ''
            : context.render('appointments.with_professional', {
                professional: professionalName(data, professional),
              }),
      };
    },
    async complete(context, slots) {
      const start = exactStart(slots.time, context.tenant.timezone);
      const timeTarget = await target(context, slots);
      if (!start || !timeTarget) return restart(context, slots, null);
      const choice = await checkTime(runtime, context, timeTarget, start);
      if (!choice.ok) return restart(context, slots, start);
      const { slot } = choice;
      const status = initialStatus(data.policies);
      // A lost race throws `slot_taken` here: the turn is rolled back and replayed, and the replay sees the time taken.
      context.effects.push(async (transaction) => {
        await bookAppointment(
          transaction,
          {
            tenantId: context.tenant.id,
            contactId: context.contact.id,
            conversationId: context.conversation.id,
            serviceId: timeTarget.serviceId,
            professionalId: slot.professionalId,
            start: slot.start,
            end: slot.end,
            status,
          },
          context.now,
        );
      });
      const variables = {
        service: serviceName(data, timeTarget.serviceId),
        professional: professionalName(data, slot.professionalId),
        when: formatDateTime(slot.start, context),
      };
      if (status === 'pending') {
        context.say('appointments.booked', variables, [
          { id: 'confirmar_cita', title: context.render('appointments.button_confirm') },
        ]);
      } else context.say('appointments.booked_confirmed', variables);
    },
  };

  /** The time could not be had after all: the flow starts again at the time, offering its neighbours. */
  async function restart(context: TurnContext, slots: SlotValues, lost: Date | null): Promise<void> {
    context.say('appointments.slot_lost');
    const { time: _time, ...kept } = slots;
    await startFlow(context, flow, {
      ...kept,
      ...(lost ? { around: { value: formatInstant(lost, context.tenant.timezone), grain: null } } : {}),
    });
  }

  async function start(context: TurnContext, options: { showTimes?: boolean } = {}): Promise<void> {
    const initial: SlotValues = {};
    const named = entityValue(context, 'service');
    if (named) {
      const decision = await decide(context, named);
      if (decision?.kind === 'handoff') {
        const message = handOff(context, decision.service);
        return context.say(message.template, message.variables);
      }
      if (decision?.kind === 'valuation_first') {
        const valuation = decision.valuationService;
        context.say('appointments.valuation_first', {
          service: decision.service.name,
          valuation: valuation.name,
          price: formatMoney(valuation.price, context),
        });
        initial.service = valuation.id;
        initial.requestedService = decision.service.id;
      }
    }
    const namesTime = askedInTurn(context) !== null;
    if ((namesTime || options.showTimes) && !entityValue(context, 'professional')) {
      initial.professional = ANY_PROFESSIONAL;
    }
    await startFlow(context, flow, initial);
  }

  return { flow, start };
}
