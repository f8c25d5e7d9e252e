#!/usr/bin/env node
// The package's `antre` command. It loads the TypeScript sources through tsx so a branch
// machine runs exactly what is in the repository, without a separate build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
