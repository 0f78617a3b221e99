import { z } from 'zod';
import type { Request } from 'express';

/**
 * The languages a lookup answers in: its `message`, and the widget. English is the
 * project's own text; every other is the project's own translation until a reviewed one
 * replaces it (docs/LANGUAGES.md), and says so. Names as vote.gov gives them.
 */
export const LANGUAGES = [
  { code: 'en', name: 'English', nativeName: 'English', direction: 'ltr', translation: 'original' },
  { code: 'es', name: 'Spanish', nativeName: 'Español', direction: 'ltr', translation: 'project' },
  { code: 'zh', name: 'Chinese (Simplified)', nativeName: '简体中文', direction: 'ltr', translation: 'project' },
  { code: 'vi', name: 'Vietnamese', nativeName: 'Tiếng Việt', direction: 'ltr', translation: 'project' },
  { code: 'ko', name: 'Korean', nativeName: '한국어', direction: 'ltr', translation: 'project' },
  { code: 'tl', name: 'Tagalog', nativeName: 'Tagalog', direction: 'ltr', translation: 'project' },
  { code: 'ar', name: 'Arabic', nativeName: 'العربية', direction: 'rtl', translation: 'project' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export const LANGUAGE_CODES = LANGUAGES.map((language) => language.code) as [Language, ...Language[]];

/** The request's language: `Accept-Language` negotiated against the languages above, else English. */
export function negotiatedLanguage(req: Request): Language {
  return (req.acceptsLanguages(...LANGUAGE_CODES) || 'en') as Language;
}

export const languageListSchema = z
  .object({
    languages: z.array(
      z
        .object({
          code: z.enum(LANGUAGE_CODES),
          name: z.string().meta({ example: 'Vietnamese' }),
          nativeName: z.string().meta({ example: 'Tiếng Việt' }),
          direction: z.enum(['ltr', 'rtl']),
          translation: z
            .enum(['original', 'project'])
            .meta({ description: "`original`: the project's own text; `project`: the project's own translation, not yet reviewed by a native speaker" }),
        })
        .meta({ id: 'LanguageInfo' }),
    ),
  })
  .meta({ id: 'LanguageList' });
