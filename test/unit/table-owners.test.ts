import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The owners table of docs/architecture.md: table name → the folder (or file) that writes it. */
function documentedOwners(): Map<string, string> {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Who owns each table'));
  const owners = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length !== 4 || !cells[2]?.startsWith('`src/')) continue;
    const owner = cells[2].replaceAll('`', '');
    for (const table of cells[1]!.matchAll(/`([a-z_]+)`/g)) owners.set(table[1]!, owner);
  }
  return owners;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === 'src/db/migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const WRITE = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY|TRUNCATE(?:\s+TABLE)?)\s+([a-z_]+)/g;

describe('one owner per table', () => {
  const owners = documentedOwners();

  it('documents an owner for every table the migrations and the features create', () => {
    const created = new Set<string>();
    for (const file of [
      ...sourceFiles('src'),
      ...readdirSync(join(ROOT, 'src/db/migrations')).map((name) => join('src/db/migrations', name)),
    ]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(
        /CREATE\s+(?:(?:UNLOGGED|TEMP|TEMPORARY)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_]+)/gi,
      )) {
        created.add(match[1]!);
      }
    }
    const missing = [...created].filter((table) => !owners.has(table));
    expect(missing).toEqual([]);
  });

  it('writes each table only from its owner', () => {
    const strays: string[] = [];
    for (const file of sourceFiles('src')) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(WRITE)) {
        const owner = owners.get(match[1]!);
        if (owner === undefined || file.startsWith(owner)) continue;
        const line = text.slice(0, match.index).split('\n').length;
        strays.push(`${relative('.', file)}:${line} writes ${match[1]} (owner ${owner})`);
      }
    }
    expect(strays).toEqual([]);
  });
});
