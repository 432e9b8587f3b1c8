import { Command } from 'commander';
import { isOrquestaError } from '../core/errors.ts';
import { telegramSetWebhookCommand, telegramWebhookInfoCommand } from './channels-command.ts';
import { chatCommand } from './chat-command.ts';
import { configCheckCommand, configSchemaCommand } from './config-commands.ts';
import { migrateCommand } from './migrate-command.ts';
import { nluParseCommand, nluTrainCommand } from './nlu-command.ts';
import { nluEvalCommand } from './nlu-eval-command.ts';
import { startCommand } from './start-command.ts';
import { testCommand } from './test-command.ts';

const program = new Command('orquesta')
  .description('Conversational orchestrator for customer service')
  .showHelpAfterError();

program
  .command('start')
  .description('Start the server: webhooks, the admin API and the message pipeline')
  .option('-c, --config <file>', 'configuration file', process.env.ORQUESTA_CONFIG)
  .option('-p, --port <port>', 'port to listen on', process.env.PORT ?? '3000')
  .option('--host <host>', 'address to listen on', process.env.HOST ?? '0.0.0.0')
  .option('-d, --database <url>', 'postgres://… or sqlite:<path>', process.env.DATABASE_URL)
  .action(startCommand);

program
  .command('chat')
  .description("Talk to a tenant's bot in this terminal, through the console channel and the same pipeline")
  .requiredOption('-t, --tenant <id>', 'tenant id')
  .option('-f, --from <id>', 'who you are to the bot', 'console-user')
  .option('-n, --name <name>', 'your display name')
  .option('-c, --config <file>', 'configuration file', process.env.ORQUESTA_CONFIG)
  .option('-d, --database <url>', 'postgres://… or sqlite:<path>', process.env.DATABASE_URL)
  .action(chatCommand);

program
  .command('migrate')
  .description('Bring the database schema to the newest version')
  .option('-d, --database <url>', 'postgres://… or sqlite:<path>', process.env.DATABASE_URL)
  .action(migrateCommand);

program
  .command('test')
  .description('Run conversation stories against the real pipeline and print a pass/fail table')
  .argument('<files...>', 'story files (YAML); * and ? in a file name are expanded')
  .option('-c, --config <file>', 'configuration file', process.env.ORQUESTA_CONFIG)
  .option(
    '-d, --database <url>',
    'postgres://… or sqlite:<path>; a temporary SQLite file by default',
    process.env.DATABASE_URL,
  )
  .action(testCommand);

const config = program.command('config').description('Work with the configuration file');
config
  .command('check')
  .description('Validate the configuration and the files it names')
  .option('-c, --config <file>', 'configuration file', process.env.ORQUESTA_CONFIG)
  .action(configCheckCommand);
config
  .command('schema')
  .description('Print the JSON Schema of the configuration file')
  .action(configSchemaCommand);

const nlu = program.command('nlu').description('Train, try and evaluate the understanding of messages');
nlu
  .command('train')
  .description("Train a tenant's model if its examples changed (every tenant without --tenant)")
  .option('-t, --tenant <id>', 'tenant id')
  .option('-c, --config <file>', 'configuration file', process.env.ORQUESTA_CONFIG)
  .action(nluTrainCommand);
nlu
  .command('parse')
  .description("Print how a tenant's bot understands a text, in the shape of Rasa's /model/parse")
  .argument('<text>', 'the message')
  .requiredOption('-t, --tenant <id>', 'tenant id')
  .option('--now <iso>', 'the clock relative dates are resolved against, e.g. 2026-11-23T09:00:00-05:00')
  .option('-c, --config <file>', 'configuration file', process.env.ORQUESTA_CONFIG)
  .action(nluParseCommand);
nlu
  .command('eval')
  .description('Measure intent accuracy, macro-F1, per-intent scores, confusions and speed on a test file')
  .requiredOption('--test <file>', 'labelled examples: JSONL {text, intent} or nlu.yml')
  .option('--train <file>', "train on this file instead of a tenant's data")
  .option('-t, --tenant <id>', "evaluate this tenant's model")
  .option('-c, --config <file>', 'configuration file', process.env.ORQUESTA_CONFIG)
  .option('--json', 'print one JSON object')
  .action(nluEvalCommand);

const channels = program.command('channels').description("Set up a channel's provider from the terminal");
const telegram = channels.command('telegram').description('Telegram bots');
telegram
  .command('set-webhook')
  .description('Point the bot at {public URL}/webhooks/{tenant}/{connection}, with its secret token')
  .requiredOption('-t, --tenant <id>', 'tenant id')
  .requiredOption('--connection <id>', 'the telegram connection id')
  .option('--url <url>', 'the public base URL Telegram calls', process.env.ORQUESTA_PUBLIC_URL)
  .option('-c, --config <file>', 'configuration file', process.env.ORQUESTA_CONFIG)
  .action(telegramSetWebhookCommand);
telegram
  .command('webhook-info')
  .description("Print Telegram's view of the bot's webhook: URL, pending updates, last error")
  .requiredOption('-t, --tenant <id>', 'tenant id')
  .requiredOption('--connection <id>', 'the telegram connection id')
  .option('-c, --config <file>', 'configuration file', process.env.ORQUESTA_CONFIG)
  .action(telegramWebhookInfoCommand);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isOrquestaError(error)) {
    process.stderr.write(`orquesta: ${error.message}\n`);
  } else {
    process.stderr.write(`orquesta: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
}
