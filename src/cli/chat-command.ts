import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { OrquestaError } from '../core/errors.ts';
import type { Button } from '../core/messages.ts';
import { createLogger } from '../observability/logger.ts';
import { createOrquesta } from '../orquesta.ts';
import { findTurnView } from '../storage/repositories/turns.ts';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../tenancy/load-config.ts';
import { pipelineSettingsFromEnv } from './runtime-settings.ts';

export interface ChatOptions {
  tenant: string;
  from: string;
  name?: string;
  config?: string;
  database?: string;
}

/** A conversation in the terminal: each line goes through the console connection and the real pipeline. */
export async function chatCommand(options: ChatOptions): Promise<void> {
  const config = loadConfig(options.config ?? DEFAULT_CONFIG_PATH);
  const tenant = config.config.tenants.find((candidate) => candidate.id === options.tenant);
  if (!tenant) throw new OrquestaError('not_found', `tenant "${options.tenant}" is not in ${config.path}`);
  const connection = tenant.connections.find((candidate) => candidate.channel === 'console');
  if (!connection) {
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}" has no console connection — add { id: console, channel: console }`,
    );
  }
  const logger = createLogger({
    level: process.env.LOG_LEVEL ?? 'warn',
    destination: process.stderr as never,
  });
  const orquesta = await createOrquesta({
    config,
    logger,
    pipeline: pipelineSettingsFromEnv(),
    ...(options.database ? { databaseUrl: options.database } : {}),
  });
  orquesta.start();

  const terminal = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY,
  });
  process.stdout.write(
    `Chatting with ${tenant.name} (${tenant.id}). Type "/salir" or press Ctrl+D to leave.\n`,
  );
  let buttons: Button[] = [];
  try {
    for await (const line of terminal) {
      const text = line.trim();
      if (text === '') continue;
      if (text === '/salir' || text === '/exit') break;
      const chosen = /^\d+$/.test(text) ? buttons[Number(text) - 1] : undefined;
      const stored = await orquesta.pipeline.ingest(tenant.id, {
        connectionId: connection.id,
        providerMessageId: randomUUID(),
        from: options.from,
        ...(options.name ? { name: options.name } : {}),
        kind: chosen ? 'interactive' : 'text',
        text: chosen ? chosen.title : text,
        ...(chosen ? { payload: { buttonId: chosen.id } } : {}),
      });
      const turnId = await orquesta.pipeline.waitForTurn(stored.messageId, 60_000);
      const turn = await findTurnView(orquesta.database.db, turnId);
      buttons = [];
      // A hand-off turn still shows what the customer was told ("te comunico con Laura"); the turns
      // after it are silent.
      const replies = turn?.replies ?? [];
      for (const reply of replies) {
        process.stdout.write(`${tenant.name}: ${reply.text}\n`);
        for (const button of reply.buttons ?? []) {
          buttons.push(button);
          process.stdout.write(`  ${buttons.length}) ${button.title}\n`);
        }
      }
      if (turn?.handoff && replies.length === 0)
        process.stdout.write('(a person is handling this conversation; the bot stays silent)\n');
    }
  } finally {
    terminal.close();
    await orquesta.stop();
  }
}
