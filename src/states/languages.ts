import { readFileSync } from 'node:fs';
import type { Request } from 'express';
import type { z } from 'zod';
import { deadlinesOf, type VoteGovDeadlines } from './seed.ts';
import { type StateInfo, type StateLanguage, STATE_LANGUAGE_CODES, stateLanguageSchema } from './schema.ts';

/**
 * The languages vote.gov publishes its state facts in (seeds/vote-gov-translations,
 * public domain): the deadline texts, and a state's own page in that language where
 * it has one. Codes as this API gives them elsewhere: `zh` is Simplified Chinese
 * (vote.gov's `zh-hans`), `zh-hant` Traditional (vote.gov's `zh`).
 */
const VOTE_GOV_FILES: Record<Exclude<StateLanguage, 'en'>, string> = {
  es: 'es',
  zh: 'zh-hans',
  'zh-hant': 'zh',
  vi: 'vi',
  ko: 'ko',
  tl: 'tl',
  ar: 'ar',
  bn: 'bn',
  fr: 'fr',
  hi: 'hi',
  ht: 'ht',
  km: 'km',
  nv: 'nv',
  pt: 'pt',
  ru: 'ru',
  ypk: 'ypk',
};

interface VoteGovTexts extends VoteGovDeadlines {
  hp_link_translated?: string;
  hp_link_override?: string;
  registration_link_translated?: string;
  registration_link_override?: string;
  more_info_link_translated?: string;
  more_info_link_override?: string;
  confirm_registration_link_translated?: string;
  confirm_registration_link_override?: string;
}

const translations = new Map<StateLanguage, Record<string, VoteGovTexts>>(
  Object.entries(VOTE_GOV_FILES).map(([code, file]) => [
    code as StateLanguage,
    JSON.parse(readFileSync(new URL(`../../seeds/vote-gov-translations/${file}.state-data.json`, import.meta.url), 'utf8')) as Record<string, VoteGovTexts>,
  ]),
);

const translatedLink = (translated: string | undefined, override: string | undefined) => (translated === 'true' && override ? override : undefined);

/**
 * A state's facts in `language` where vote.gov gives every one of its deadline texts
 * in it, else as they are (English); `language` says which. Links go to the state's
 * own page in that language where vote.gov names one.
 */
export function localizedStateInfo(state: StateInfo, language: StateLanguage): StateInfo & { language: StateLanguage } {
  const texts = language === 'en' ? undefined : translations.get(language)?.[state.code.toLowerCase()];
  if (!texts) return { ...state, language: 'en' };
  const deadlines = deadlinesOf(texts);
  const complete = (Object.keys(deadlines) as (keyof typeof deadlines)[]).every((kind) => (deadlines[kind] === null) === (state.deadlines[kind] === null));
  if (!complete) return { ...state, language: 'en' };
  const register =
    translatedLink(texts.registration_link_translated, texts.registration_link_override) ??
    (state.registrationType === 'online' ? undefined : translatedLink(texts.more_info_link_translated, texts.more_info_link_override));
  return {
    ...state,
    deadlines,
    registerUrl: register ?? state.registerUrl,
    checkUrl: translatedLink(texts.confirm_registration_link_translated, texts.confirm_registration_link_override) ?? state.checkUrl,
    electionOfficeUrl: translatedLink(texts.hp_link_translated, texts.hp_link_override) ?? state.electionOfficeUrl,
    language,
  };
}

/** `?language=` when given (a 400 names it when it is not one of these), else `Accept-Language` negotiated, else English. */
export function requestedStateLanguage(req: Request): StateLanguage | z.ZodError {
  const asked = req.query.language;
  if (asked === undefined) return (req.acceptsLanguages(...STATE_LANGUAGE_CODES) || 'en') as StateLanguage;
  const parsed = stateLanguageSchema.safeParse(typeof asked === 'string' ? asked.toLowerCase() : asked);
  return parsed.success ? parsed.data : parsed.error;
}
