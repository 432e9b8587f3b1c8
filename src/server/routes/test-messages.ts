import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OrquestaError } from '../../core/errors.ts';
import type { Orquesta } from '../../orquesta.ts';
import { findTurnView } from '../../storage/repositories/turns.ts';
import { requireTenant } from '../auth.ts';

const TEST_CONNECTION = 'test';

const requestBody = z.object({
  from: z.string().min(1).max(64).describe('The sender: a phone number or any stable id.'),
  text: z.string().min(1).max(4096),
  now: z.iso
    .datetime({
      offset: true,
      message: 'must be an ISO-8601 date-time with offset, e.g. 2026-11-23T09:00:00-05:00',
    })
    .optional()
    .describe("The turn's clock, so relative dates can be tested."),
  name: z.string().min(1).max(120).optional(),
  id: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Provider message id; repeat it to simulate a retried webhook.'),
  wait: z.boolean().default(true).describe('false: answer 202 as soon as the message is stored.'),
  buttonId: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('The id of the button the customer tapped; `text` is then its title.'),
});

const button = z.object({ id: z.string(), title: z.string() });
const turnResponse = z.object({
  conversationId: z.string(),
  contactId: z.string(),
  replies: z.array(z.object({ text: z.string(), buttons: z.array(button).optional() })),
  turn: z.object({
    id: z.string(),
    intent: z.string().nullable(),
    confidence: z.number().nullable(),
    entities: z.array(z.unknown()),
    skill: z.string().nullable(),
    handoff: z.boolean(),
  }),
});
const acceptedResponse = z.object({
  messageId: z.number(),
  conversationId: z.string(),
  contactId: z.string(),
  duplicate: z.boolean(),
});

/**
 * The contract of conversation tests: a message goes through the same inbox → turn → outbox path as
 * any channel's (connection `test`), and the answer comes once its turn has committed.
 */
export function testMessageRoutes(
  orquesta: Orquesta,
  options: { turnTimeoutMs: number },
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/tenants/:tenant/test/messages',
      {
        schema: {
          tags: ['test'],
          summary: "Send a message as a customer and get the bot's replies",
          params: z.object({ tenant: z.string() }),
          body: requestBody,
          response: { 200: turnResponse, 202: acceptedResponse },
        },
      },
      async (request, reply) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        if (!orquesta.channels.connection(tenant.id, TEST_CONNECTION)) {
          throw new OrquestaError(
            'not_found',
            `tenant "${tenant.id}" has no connection "test" — add { id: test, channel: test } to its connections`,
          );
        }
        const { from, text, now, name, id, wait, buttonId } = request.body;
        const stored = await orquesta.pipeline.ingest(tenant.id, {
          connectionId: TEST_CONNECTION,
          providerMessageId: id ?? randomUUID(),
          from,
          kind: buttonId ? 'interactive' : 'text',
          text,
          ...(buttonId ? { payload: { buttonId } } : {}),
          ...(name ? { name } : {}),
          ...(now ? { clockOverride: new Date(now) } : {}),
        });
        if (!wait) {
          return reply.code(202).send({
            messageId: stored.messageId,
            conversationId: stored.conversationId,
            contactId: stored.contactId,
            duplicate: stored.duplicate,
          });
        }
        const turnId = await orquesta.pipeline.waitForTurn(stored.messageId, options.turnTimeoutMs);
        const turn = await findTurnView(orquesta.database.db, turnId);
        if (!turn) throw new OrquestaError('not_found', `turn ${turnId} was erased`);
        return reply.code(200).send({
          conversationId: turn.conversationId,
          contactId: turn.contactId,
          replies: turn.replies,
          turn: {
            id: turn.id,
            intent: turn.intent,
            confidence: turn.confidence,
            entities: turn.entities,
            skill: turn.skill,
            handoff: turn.handoff,
          },
        });
      },
    );
  };
}
