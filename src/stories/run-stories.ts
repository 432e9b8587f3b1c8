/**
 * Runs story files against the real pipeline: Orquesta in-process over a real database, its Fastify app
 * driven through `inject()`, every message through the test endpoint's inbox → turn → outbox path.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrquestaError } from '../core/errors.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createOrquesta, type Orquesta } from '../orquesta.ts';
import { createApp } from '../server/app.ts';
import type { LoadedConfig } from '../tenancy/load-config.ts';
import { createStoryApiClient } from './api-client.ts';
import { loadStoryFile, type StoryFile } from './load-story-file.ts';
import { runStory } from './run-story.ts';
import type { StoryResult } from './story-result.ts';

export interface StoryRunnerOptions {
  config: LoadedConfig;
  /** `postgres://…` or `sqlite:<path>`, best an empty one; by default a temporary SQLite file, removed after. */
  databaseUrl?: string;
  /** Where Orquesta's own log lines go; errors only to standard error by default. */
  logger?: Logger;
}

export interface StoryRunner {
  /** Runs the file's stories one after another, each with new customers. */
  run(file: StoryFile): Promise<StoryResult[]>;
  close(): Promise<void>;
}

/**
 * Starts one Orquesta for many story files. Every tenant's debounce is set to 0 so that each step is a
 * turn of its own; everything else is the configuration as given.
 */
export async function openStoryRunner(options: StoryRunnerOptions): Promise<StoryRunner> {
  const temporary = options.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'orquesta-stories-'));
  const databaseUrl = options.databaseUrl ?? `sqlite:${join(temporary!, 'stories.db')}`;
  const removeTemporary = () => {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  };
  const config: LoadedConfig = {
    ...options.config,
    config: {
      ...options.config.config,
      tenants: options.config.config.tenants.map((tenant) => ({ ...tenant, debounceMs: 0 })),
    },
  };
  const logger = options.logger ?? createLogger({ level: 'error', destination: process.stderr as never });
  const adminToken = randomBytes(24).toString('base64url');
  let orquesta: Orquesta;
  try {
    orquesta = await createOrquesta({ config, databaseUrl, logger });
  } catch (error) {
    removeTemporary();
    throw error;
  }
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(orquesta, { adminToken, turnTimeoutMs: 30_000 });
  } catch (error) {
    await orquesta.stop();
    removeTemporary();
    throw error;
  }
  orquesta.start();
  const client = createStoryApiClient(app, adminToken);

  // 15 digits: a prefix of this run, then a counter, so no two customers share a contact.
  const prefix = `573${String(randomInt(1_000_000)).padStart(6, '0')}`;
  let customers = 0;
  const newCustomerPhone = () => `${prefix}${String((customers += 1)).padStart(6, '0')}`;

  return {
    async run(file) {
      const results: StoryResult[] = [];
      for (const story of file.stories)
        results.push(await runStory(client, file.path, story, newCustomerPhone));
      return results;
    },
    async close() {
      try {
        await app.close();
        await orquesta.stop();
      } finally {
        removeTemporary();
      }
    },
  };
}

/**
 * Loads and checks every file first (a bad file starts nothing), then runs them all on one Orquesta.
 * Throws `invalid_request` for a file that does not parse or names a tenant the configuration lacks.
 */
export async function runStoryFiles(paths: string[], options: StoryRunnerOptions): Promise<StoryResult[]> {
  const files = paths.map(loadStoryFile);
  checkTenants(files, options.config);
  const runner = await openStoryRunner(options);
  try {
    const results: StoryResult[] = [];
    for (const file of files) results.push(...(await runner.run(file)));
    return results;
  } finally {
    await runner.close();
  }
}

function checkTenants(files: StoryFile[], config: LoadedConfig): void {
  const tenants = new Map(config.config.tenants.map((tenant) => [tenant.id, tenant]));
  const problems = files.flatMap((file) =>
    file.stories.flatMap((story) => {
      const tenant = tenants.get(story.tenant);
      if (!tenant)
        return [
          `${file.path}: story "${story.name}": tenant "${story.tenant}" is not in ${config.path} — use one of: ${[...tenants.keys()].join(', ')}`,
        ];
      if (!tenant.connections.some((connection) => connection.id === 'test'))
        return [
          `${file.path}: story "${story.name}": tenant "${story.tenant}" has no test connection — add { id: test, channel: test } to its connections`,
        ];
      return [];
    }),
  );
  if (problems.length > 0)
    throw new OrquestaError('invalid_request', [...new Set(problems)].join('\n'), { details: problems });
}
