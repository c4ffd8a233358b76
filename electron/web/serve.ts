// `npm run web [-- --port N --no-open]`: serves dist/renderer and the backend on 127.0.0.1 and
// opens the designer in the system browser.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBackendHandlers } from '../backend/handlers';
import { startWebHost } from './webHost';

const USAGE = `Usage: npm run web [-- --port N --no-open]
  --port N     listen on port N of 127.0.0.1 (default 0: a free port)
  --no-open    do not open the system browser`;

/** A mistake in the command line: reported with the usage text. */
class UsageError extends Error {}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port wants a number from 0 to 65535, not "${text}".`);
  return port;
}

/** The system's "open this URL" command, as a program and its arguments (no shell involved). */
function browserCommand(url: string): [string, string[]] {
  switch (process.platform) {
    case 'darwin':
      return ['open', [url]];
    case 'win32':
      // `start` is a cmd.exe built-in, reachable only through a shell; rundll32 opens the URL
      // with the default browser from a plain argument list.
      return ['rundll32.exe', ['url.dll,FileProtocolHandler', url]];
    default:
      return ['xdg-open', [url]];
  }
}

function openBrowser(url: string): void {
  const [program, args] = browserCommand(url);
  try {
    const child = spawn(program, args, { stdio: 'ignore', detached: true });
    child.on('error', (error) => console.error(`Could not open a browser (${program}: ${error.message}); open the URL above yourself.`));
    child.unref();
  } catch (error) {
    console.error(`Could not open a browser (${program}: ${error instanceof Error ? error.message : String(error)}); open the URL above yourself.`);
  }
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'no-open': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const values = parseCommandLine();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = parsePort(values.port);
  const rendererDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
  if (!existsSync(`${rendererDir}index.html`)) {
    throw new Error(`${rendererDir}index.html is missing: run \`npm run build:renderer\` first (\`npm run web\` does).`);
  }

  const host = await startWebHost({ port, rendererDir, handlers: createBackendHandlers({ resourcesDir: fileURLToPath(new URL('../../resources/', import.meta.url)) }) });
  console.log(`Listening on ${host.url}`);
  if (!values['no-open']) openBrowser(host.url);

  const stop = (): void => {
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = 1;
});
