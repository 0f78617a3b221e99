import express, { type RequestHandler } from 'express';
import Papa from 'papaparse';
import { ProblemError } from './problem.ts';

/**
 * A `text/csv` body as the items of a JSON one: the header row names each column
 * (a field of an item), each later row is one item under `into`; an empty cell is
 * a field left out. What follows (validation, limits) sees the same shape as for
 * JSON, so each row is checked as a JSON item would be. A body that cannot be read
 * as CSV at all is a 400 naming its row, never quoting it.
 */
export function csvBody(limit: string, into: string): RequestHandler[] {
  const toItems: RequestHandler = (req, _res, next) => {
    if (!req.is('text/csv')) {
      next();
      return;
    }
    const text = typeof req.body === 'string' ? req.body.replace(/^\uFEFF/, '') : '';
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (name) => name.trim() });
    const broken = parsed.errors.find((error) => error.type === 'Quotes' || error.type === 'Delimiter');
    if (broken) {
      const where = broken.row === undefined ? 'body' : `row ${broken.row + 2}`;
      throw new ProblemError('invalid-csv', 'The body is not valid CSV.', { errors: [{ field: where, message: 'not valid CSV (a quote left open?)' }] });
    }
    req.body = {
      [into]: parsed.data.map((row) => {
        const item: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(row)) {
          // Cells past the header's columns: an unknown property, named by position as JSON's are.
          if (name === '__parsed_extra') item[`column ${Object.keys(row).length}`] = value;
          else if (typeof value === 'string' && value.trim() !== '') item[name] = value.trim();
        }
        return item;
      }),
    };
    next();
  };
  return [express.text({ type: 'text/csv', limit }), toItems];
}

/**
 * Rows as `text/csv` for a client that asked for it (`Accept: text/csv`): the
 * columns in the order given, a header row first. A cell that a spreadsheet would
 * run as a formula (=, +, -, @ first) is written with a leading quote mark.
 */
export function csvText(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  };
  return Papa.unparse({ fields: [...columns], data: rows.map((row) => columns.map((column) => cell(row[column]))) }, { escapeFormulae: true, newline: '\r\n' });
}
