#!/usr/bin/env node
// Runs the TypeScript sources directly: a checkout works after `npm install` with no build step.
import { register } from 'tsx/esm/api';

// `asuh regions show 35 | head` closes the pipe early; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
