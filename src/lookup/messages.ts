import type { LookupStatus } from './schema.ts';

export type Language = 'en' | 'es';

type MessageTable = Readonly<Record<LookupStatus, (stateName: string) => string>>;

// One or two sentences a person can act on, read aloud by a chatbot as they are.
// They never say why a record has its status: a removal reads the same whatever
// its reason.
const MESSAGES: Readonly<Record<Language, MessageTable>> = {
  en: {
    active: (s) => `You are registered to vote in ${s}. You can vote, and your vote will count.`,
    inactive: (s) =>
      `You are registered to vote in ${s}, but your registration is inactive. You can still vote; confirm or update your address with your state before you do.`,
    preregistered: (s) => `You are preregistered in ${s}. Your registration becomes active when you are old enough to vote.`,
    removed: (s) => `Your registration in ${s} is no longer active, so you need to register again. Registering is easy: use the registration link.`,
    denied: (s) => `Your application to register in ${s} was not approved. Contact your county election office or register again using the registration link.`,
    not_found: (s) =>
      `We could not find a registration matching what you entered in ${s}'s voter roll. If you are not registered, registering is easy: use the registration link, or check with your state to be sure.`,
    multiple_matches: (s) => `More than one registration in ${s} fits what you entered. Add your ZIP code or county so we can tell which one is yours.`,
    not_available: (s) =>
      `We do not have ${s}'s voter roll yet. Check your registration on your state's official site, or register using the registration link.`,
    not_required: (s) => `${s} does not require voter registration. Bring the identification your state asks for when you vote.`,
  },
  es: {
    active: (s) => `Usted está inscrito para votar en ${s}. Puede votar y su voto contará.`,
    inactive: (s) =>
      `Usted está inscrito para votar en ${s}, pero su inscripción está inactiva. Todavía puede votar; confirme o actualice su dirección con su estado antes de hacerlo.`,
    preregistered: (s) => `Usted está preinscrito en ${s}. Su inscripción se activará cuando tenga la edad para votar.`,
    removed: (s) => `Su inscripción en ${s} ya no está activa, así que necesita inscribirse de nuevo. Inscribirse es fácil: use el enlace de inscripción.`,
    denied: (s) =>
      `Su solicitud de inscripción en ${s} no fue aprobada. Comuníquese con la oficina electoral de su condado o inscríbase de nuevo con el enlace de inscripción.`,
    not_found: (s) =>
      `No encontramos una inscripción que coincida con sus datos en el registro de votantes de ${s}. Si no está inscrito, inscribirse es fácil: use el enlace de inscripción, o verifique con su estado para estar seguro.`,
    multiple_matches: (s) => `Más de una inscripción en ${s} coincide con sus datos. Agregue su código postal o su condado para saber cuál es la suya.`,
    not_available: (s) =>
      `Todavía no tenemos el registro de votantes de ${s}. Verifique su inscripción en el sitio oficial de su estado, o inscríbase con el enlace de inscripción.`,
    not_required: (s) => `${s} no exige inscribirse para votar. Lleve la identificación que pide su estado cuando vaya a votar.`,
  },
};

export function lookupMessage(status: LookupStatus, language: Language, stateName: string): string {
  return MESSAGES[language][status](stateName);
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
