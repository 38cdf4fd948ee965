/**
 * The employee list for `hoc admin add-users FILE.csv`: a header line `name,role` (optional
 * `email`; German headers `Name;Rolle;E-Mail` too), UTF-8 with or without BOM, `,` or `;` as
 * separator (German spreadsheets export `;`), fields optionally in double quotes (RFC 4180).
 */
import { UserError } from '../../shared/errors';

/** One employee row, with where it came from for messages. */
export interface CsvEmployee {
  readonly name: string;
  readonly role: string;
  readonly email?: string;
  readonly file: string;
  readonly line: number;
}

/** Largest list read: far more than an office has; anything bigger is not an employee list. */
export const CSV_LIMITS = { bytes: 256 * 1024, rows: 1000 } as const;

const HEADERS: Record<string, 'name' | 'role' | 'email'> = { name: 'name', role: 'role', rolle: 'role', email: 'email', 'e-mail': 'email', mail: 'email' };

/** Splits CSV text into records of fields, each with its first line number. Quotes may span lines. */
function records(text: string, sep: string, file: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === sep) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) out.push({ fields, line: start });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      start = line;
    } else {
      if (c === '"') throw new UserError('admin.csv.quote', { file, line });
      field += c;
      if (c.trim()) fieldStarted = true;
    }
  }
  if (quoted) throw new UserError('admin.csv.quote', { file, line: start });
  fields.push(field);
  if (fields.some((f) => f.trim() !== '')) out.push({ fields, line: start });
  return out;
}

/** Parses the employee list; throws a UserError naming file and line. */
export function parseEmployeeCsv(text: string, file: string): CsvEmployee[] {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > CSV_LIMITS.bytes) throw new UserError('admin.csv.tooLarge', { file, size, max: CSV_LIMITS.bytes });
  const body = text.replace(/^\uFEFF/, '');
  const headerEnd = body.search(/\r?\n|$/);
  const header = body.slice(0, headerEnd);
  // As OPNsense's own CSV import: the separator is whichever of , and ; comes first in the header.
  const comma = header.indexOf(',');
  const semi = header.indexOf(';');
  const sep = semi !== -1 && (comma === -1 || semi < comma) ? ';' : ',';
  const [head, ...rows] = records(body, sep, file);
  if (!head) throw new UserError('admin.csv.header', { file });
  const columns = head.fields.map((h) => HEADERS[h.trim().toLowerCase()]);
  const nameAt = columns.indexOf('name');
  const roleAt = columns.indexOf('role');
  const emailAt = columns.indexOf('email');
  if (nameAt === -1 || roleAt === -1) throw new UserError('admin.csv.header', { file });
  if (rows.length === 0) throw new UserError('admin.csv.empty', { file });
  if (rows.length > CSV_LIMITS.rows) throw new UserError('admin.csv.tooMany', { file, max: CSV_LIMITS.rows });
  return rows.map(({ fields, line }) => {
    if (fields.length > head.fields.length) throw new UserError('admin.csv.columns', { file, line, count: fields.length, expected: head.fields.length });
    const name = (fields[nameAt] ?? '').trim();
    const role = (fields[roleAt] ?? '').trim();
    const email = emailAt === -1 ? '' : (fields[emailAt] ?? '').trim();
    if (!name) throw new UserError('admin.csv.missing', { file, line, column: head.fields[nameAt]!.trim() });
    if (!role) throw new UserError('admin.csv.missing', { file, line, column: head.fields[roleAt]!.trim() });
    if (email && !/^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(email)) throw new UserError('admin.csv.email', { file, line, email: email.slice(0, 80) });
    return { name, role, ...(email ? { email } : {}), file, line };
  });
}
