import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';

const SOURCE = 'vote.gov (usagov/vote-gov data, 2024)';

interface VoteGovState {
  state_name: string;
  state_abbreviation: string;
  registration_type: string;
  hp_link: string;
  registration_link?: string;
  more_info_link: string;
  confirm_registration_link: string;
}

/** vote.gov's deadline texts for one jurisdiction, as its state-data.json gives them in every language. */
export interface VoteGovDeadlines {
  default_online_deadline?: string;
  default_mail_postmarked_deadline?: string;
  default_mail_received_deadline?: string;
  default_ip_deadline?: string;
}

interface StateInfoRow {
  code: string;
  name: string;
  registration_type: string;
  register_url: string;
  check_url: string;
  election_office_url: string;
  deadline_online: string | null;
  deadline_mail: string | null;
  deadline_in_person: string | null;
  same_day_registration: boolean;
  source: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../seeds/${file}`, import.meta.url), 'utf8')) as T;
}

/** vote.gov writes "None" where a jurisdiction has no deadline (North Dakota). */
function deadline(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed && trimmed !== 'None' ? trimmed : null;
}

/** The three deadlines StateInfo gives, from vote.gov's texts in any of its languages. */
export function deadlinesOf(texts: VoteGovDeadlines): { online: string | null; mail: string | null; inPerson: string | null } {
  return {
    online: deadline(texts.default_online_deadline),
    mail: deadline(texts.default_mail_postmarked_deadline ?? texts.default_mail_received_deadline),
    inPerson: deadline(texts.default_ip_deadline),
  };
}

/** vote.gov states same-day registration only in its in-person deadline text. */
function offersSameDayRegistration(inPersonDeadline: string | null): boolean {
  return inPersonDeadline !== null && /including on Election Day|same day registration/i.test(inPersonDeadline);
}

function stateInfoRows(): StateInfoRow[] {
  const states = readJson<Record<string, VoteGovState>>('vote-gov-states.json');
  const deadlines = readJson<Record<string, VoteGovDeadlines>>('vote-gov-state-data-en.json');
  return Object.values(states).map((state) => {
    const { online, mail, inPerson } = deadlinesOf(deadlines[state.state_abbreviation] ?? {});
    return {
      code: state.state_abbreviation.toUpperCase(),
      name: state.state_name,
      registration_type: state.registration_type,
      register_url: state.registration_link ?? state.more_info_link,
      check_url: state.confirm_registration_link,
      election_office_url: state.hp_link,
      deadline_online: online,
      deadline_mail: mail,
      deadline_in_person: inPerson,
      same_day_registration: offersSameDayRegistration(inPerson),
      source: SOURCE,
    };
  });
}

export async function seedStateInfo(knex: Knex): Promise<void> {
  await knex('state_info').insert(stateInfoRows()).onConflict('code').merge();
}
