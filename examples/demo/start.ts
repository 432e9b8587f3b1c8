/**
 * `npm start`: the demo's own ISP backend (RedNova's tickets API, which the `isp` tenant's HTTP actions
 * call), then `orquesta start` with the arguments given. With ISP_BACKEND_URL set, that backend is used
 * and none is started.
 */
import {
  DEFAULT_ISP_BACKEND_PORT,
  DEFAULT_ISP_BACKEND_TOKEN,
  startIspBackend,
} from '../isp-backend/server.ts';

if (!process.env.ISP_BACKEND_URL) {
  const port = Number(process.env.ISP_BACKEND_PORT || DEFAULT_ISP_BACKEND_PORT);
  const token = process.env.ISP_BACKEND_TOKEN || DEFAULT_ISP_BACKEND_TOKEN;
  try {
    const backend = await startIspBackend({ port, host: process.env.ISP_BACKEND_HOST || '127.0.0.1', token });
    process.env.ISP_BACKEND_URL = backend.url;
    process.env.ISP_BACKEND_TOKEN = token;
    console.log(`RedNova ISP backend (demo) listening on ${backend.url}`);
  } catch (error) {
    console.error(
      `the demo ISP backend could not start on port ${port} (${(error as Error).message}) — set ISP_BACKEND_PORT to a free port, or ISP_BACKEND_URL to a backend already running`,
    );
    process.exit(1);
  }
}

process.argv.splice(2, 0, 'start');
await import('../../src/cli/main.ts');
