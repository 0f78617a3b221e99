import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { type Language, LANGUAGE_CODES } from './languages.ts';
import type { LookupStatus } from './schema.ts';

const MESSAGE_FILES = Object.fromEntries(
  LANGUAGE_CODES.map((code) => [code, JSON.parse(readFileSync(new URL(`./messages/${code}.json`, import.meta.url), 'utf8')) as Record<string, string>]),
) as Record<Language, Record<string, string>>;

/**
 * Each status's message in each language, compiled once at start-up from one ICU
 * MessageFormat file per language (src/lookup/messages/<code>.json). One or two
 * sentences a person can act on, read aloud by a chatbot as they are. They never say
 * why a record has its status: a removal reads the same whatever its reason.
 */
const MESSAGES = Object.fromEntries(
  LANGUAGE_CODES.map((code) => [code, Object.fromEntries(Object.entries(MESSAGE_FILES[code]).map(([key, text]) => [key, new IntlMessageFormat(text, code)]))]),
) as Record<Language, Record<string, IntlMessageFormat>>;

/** The message files as they are, for the test that every language has every message with the same placeholders. */
export const messageFiles: Readonly<Record<Language, Readonly<Record<string, string>>>> = MESSAGE_FILES;

export function lookupMessage(status: LookupStatus, language: Language, stateName: string): string {
  const message = MESSAGES[language][`status.${status}`] ?? MESSAGES.en[`status.${status}`];
  if (!message) throw new Error(`no message for status ${status}`);
  return String(message.format({ state: stateName }));
}

export interface NextStepLinks {
  registerUrl: string;
  checkUrl: string;
  electionOfficeUrl: string;
}

type NextStep = { action: 'register' | 'check_with_state' | 'contact_county' | 'add_zip_or_county'; url?: string };

/** What the person can do next, for each status: the same for every voter with that status. */
export function nextSteps(status: LookupStatus, links: NextStepLinks): NextStep[] {
  const register: NextStep = { action: 'register', url: links.registerUrl };
  const check: NextStep = { action: 'check_with_state', url: links.checkUrl };
  const county: NextStep = { action: 'contact_county', url: links.electionOfficeUrl };
  switch (status) {
    case 'active':
    case 'inactive':
    case 'preregistered':
    case 'not_required':
      return [check];
    case 'removed':
    case 'denied':
      return [register, county, check];
    case 'not_found':
    case 'not_available':
      return [register, check];
    case 'multiple_matches':
      return [{ action: 'add_zip_or_county' }, check];
  }
}
