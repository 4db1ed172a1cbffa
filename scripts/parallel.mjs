#!/usr/bin/env node
// Runs the commands given as arguments at once (each through the shell, as npm runs a script) and
// fails when any fails. Each command's output is held and printed whole when it ends, so that two
// compilers' messages never interleave. `npm test` runs the type checks and the lint this way: on
// the two-core machine one after the other took a minute, most of it one core waiting for the
// other (docs/architecture.md, "Test suite time").
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('Usage\u00a0: node scripts/parallel.mjs "<commande>" ["<commande>" …]');
  process.exit(2);
}

function run(command) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') } });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      process.stdout.write(`${ok ? '✓' : '✗'} ${command} (${seconds} s${ok ? '' : `, ${signal ?? `code ${code}`}`})\n`);
      if (output.length > 0) process.stdout.write(Buffer.concat(output));
      resolve(ok);
    });
  });
}

const results = await Promise.all(commands.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
