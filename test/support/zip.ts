import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** The size the zip declares for the entry, when it should lie (a bomb's trick). */
  declaredSize?: number;
}

/** A zip written by hand: one entry per file, deflated, as an XLSX is. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declaredSize } of entries) {
    const compressed = deflateRawSync(data, { level: 1 });
    const size = declaredSize ?? data.length;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A cell of `workbook`: a text (a shared string) or a number cell holding these digits. */
export type WorkbookCell = string | { number: string };

/**
 * A one-sheet workbook whose first row holds `header` and whose later rows are `rows`;
 * `sharedStrings` replaces the shared strings' XML (the bomb goes there).
 */
export function workbook(
  header: string[],
  rows: WorkbookCell[][],
  sharedStrings?: { data: Buffer; declaredSize?: number },
): Buffer {
  const texts: string[] = [];
  const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const letter = (index: number) => String.fromCharCode(65 + index);
  const sheetRows = [header, ...rows]
    .map((cells, row) => {
      const xml = cells.map((cell, column) => {
        const at = `${letter(column)}${row + 1}`;
        if (typeof cell !== 'string') return `<c r="${at}"><v>${cell.number}</v></c>`;
        texts.push(cell);
        return `<c r="${at}" t="s"><v>${texts.length - 1}</v></c>`;
      });
      return `<row r="${row + 1}">${xml.join('')}</row>`;
    })
    .join('');
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rels = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `<workbook ${ns} ${rels}><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.from(`<worksheet ${ns}><sheetData>${sheetRows}</sheetData></worksheet>`),
    },
    {
      name: 'xl/sharedStrings.xml',
      ...(sharedStrings ?? {
        data: Buffer.from(
          `<sst ${ns}>${texts.map((text) => `<si><t>${xmlText(text)}</t></si>`).join('')}</sst>`,
        ),
      }),
    },
  ]);
}
