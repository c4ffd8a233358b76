#!/usr/bin/env node
// Launcher for `netpol-designer`: runs the TypeScript sources through tsx, so the command works
// right after `npm install` with no build step and no install script.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./netpolDesigner.ts');

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin,
});
