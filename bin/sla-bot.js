#!/usr/bin/env node
// The `sla-bot` command: runs the TypeScript CLI through tsx, so a clone works after `npm ci` with no build step.
require('tsx/cjs');
require('../src/cli/index.ts');
