import type { Command } from 'commander';
import { EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

export function registerRegionsCommands(program: Command, { context, action }: Registrar): void {
  const regions = program.command('regions').description('Wilayah resmi Kemendagri / official regions');
  regions
    .command('show')
    .description(
      'Satu wilayah beserta induk, zona waktu dan wilayah di bawahnya / one region with its children',
    )
    .argument('<code>', 'kode wilayah, mis. 35.02')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (code: string, options: { json?: boolean }) => {
        const service = (await context.services()).regions;
        const region = await service.get(code);
        const { items } = await service.children(code);
        if (options.json) {
          writeJson(context.stdout, { ...region, children: items });
          return EXIT.ok;
        }
        const out = context.stdout;
        writeLine(out, `${region.code}  ${region.name}  (${region.level}, ${region.timeZone})`);
        if (region.parent) writeLine(out, `induk / parent: ${region.parent.code}  ${region.parent.name}`);
        writeLine(out, `${items.length} wilayah di bawahnya / regions below:`);
        for (const child of items) writeLine(out, `  ${child.code}  ${child.name}`);
        return EXIT.ok;
      }),
    );
}
