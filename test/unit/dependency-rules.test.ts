import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Each rule of .dependency-cruiser.cjs, shown to fail on the import it forbids: a small tree with
 * one bad import per rule and one good import of each kind, cruised with the project's own config.
 */
const FILES: Record<string, string> = {
  'src/core/rule.ts': "import { readFileSync } from 'node:fs';\nexport const rule = readFileSync;\n",
  'src/core/money.ts': 'export const rupiah = 1;\n',
  'src/db/database.ts': 'export const db = 1;\n',
  'src/db/migrations/0001_bad.ts':
    "import { worker } from '../../features/registry/index.ts';\nexport const m = worker;\n",
  'src/server/actor.ts': 'export const actor = 1;\n',
  'src/platform/audit.ts': "import { db } from '../db/database.ts';\nexport const audit = db;\n",
  'src/features/registry/index.ts': "export { worker } from './registry-repository.ts';\n",
  'src/features/registry/registry-repository.ts': 'export const worker = 1;\n',
  'src/features/registry/registry-routes.ts':
    "import { actor } from '../../server/actor.ts';\nimport { worker } from './index.ts';\nexport const routes = [actor, worker];\n",
  'src/features/billing/index.ts': "export { bill } from './billing-service.ts';\n",
  'src/features/billing/billing-service.ts': [
    "import { actor } from '../../server/actor.ts';",
    "import { audit } from '../../platform/audit.ts';",
    "import { worker } from '../registry/index.ts';",
    "import { worker as inner } from '../registry/registry-repository.ts';",
    'export const bill = [actor, audit, worker, inner];',
    '',
  ].join('\n'),
  'src/cli/main.ts':
    "import { worker } from '../features/registry/registry-repository.ts';\nexport const cli = worker;\n",
  'web/src/page.ts': [
    "import { rupiah } from '../../src/core/money.ts';",
    "import { bill } from '../../src/features/billing/index.ts';",
    'export const page = [rupiah, bill];',
    '',
  ].join('\n'),
};

let tree: string;
let violations: string[];

beforeAll(async () => {
  tree = await mkdtemp(join(tmpdir(), 'asuh-deps-'));
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(tree, path)), { recursive: true });
    await writeFile(join(tree, path), text);
  }
  await cp(join(ROOT, '.dependency-cruiser.cjs'), join(tree, '.dependency-cruiser.cjs'));
  await writeFile(
    join(tree, 'tsconfig.json'),
    '{ "compilerOptions": { "allowImportingTsExtensions": true } }',
  );
  const depcruise = join(ROOT, 'node_modules/.bin/depcruise');
  const result = await run(
    depcruise,
    ['src', 'web/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    {
      cwd: tree,
    },
  ).catch((error: { stdout: string }) => error);
  violations = result.stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('error'))
    .map((line) => line.trim().replace(/^error\s+/, ''));
}, 60_000);

afterAll(async () => {
  await rm(tree, { recursive: true, force: true });
});

describe('the boundary lint', () => {
  it('refuses a feature reaching into another feature’s files, and allows its index.ts', () => {
    expect(violations).toContain(
      'feature-internals: src/features/billing/billing-service.ts → src/features/registry/registry-repository.ts',
    );
    expect(violations.join('\n')).not.toContain('billing-service.ts → src/features/registry/index.ts');
  });

  it('refuses the CLI, the server or a migration reaching a feature’s internals or the features at all', () => {
    expect(violations).toContain(
      'outside-reaches-feature-internals: src/cli/main.ts → src/features/registry/registry-repository.ts',
    );
    expect(violations).toContain(
      'platform-below-features: src/db/migrations/0001_bad.ts → src/features/registry/index.ts',
    );
  });

  it('refuses a service importing the HTTP layer, and lets a routes file do it', () => {
    expect(violations).toContain(
      'service-imports-http: src/features/billing/billing-service.ts → src/server/actor.ts',
    );
    expect(violations.join('\n')).not.toContain('registry-routes.ts → src/server/actor.ts');
  });

  it('keeps src/core free of I/O', () => {
    expect(violations).toContain('core-is-pure: src/core/rule.ts → fs');
  });

  it('keeps the web app off server files, sharing only src/core', () => {
    expect(violations).toContain('web-imports-server: web/src/page.ts → src/features/billing/index.ts');
    expect(violations.join('\n')).not.toContain('web/src/page.ts → src/core/money.ts');
  });

  it('finds nothing else', () => {
    expect(violations).toHaveLength(6);
  });
});
