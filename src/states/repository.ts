import type { Knex } from 'knex';
import { rollReason } from './roll-reasons.ts';
import type { StateInfo } from './schema.ts';

interface StateRow {
  code: string;
  name: string;
  registration_type: StateInfo['registrationType'];
  register_url: string;
  check_url: string;
  election_office_url: string;
  deadline_online: string | null;
  deadline_mail: string | null;
  deadline_in_person: string | null;
  same_day_registration: boolean;
  data_as_of: string | null;
}

function toStateInfo(row: StateRow): StateInfo {
  return {
    code: row.code,
    name: row.name,
    registrationType: row.registration_type,
    registerUrl: row.register_url,
    checkUrl: row.check_url,
    electionOfficeUrl: row.election_office_url,
    deadlines: { online: row.deadline_online, mail: row.deadline_mail, inPerson: row.deadline_in_person },
    sameDayRegistration: row.same_day_registration,
    roll: { available: row.data_as_of !== null, dataAsOf: row.data_as_of, reason: row.data_as_of === null ? rollReason(row.code) : null },
  };
}

export function createStateRepository(knex: Knex) {
  const withLiveRoll = () =>
    knex('state_info as si')
      .leftJoin('roll_snapshot as s', (join) => join.on('s.state', 'si.code').andOnVal('s.lifecycle', 'live'))
      .select<StateRow[]>('si.*', knex.raw(`to_char(s.as_of, 'YYYY-MM-DD') AS data_as_of`))
      .orderBy('si.code');

  return {
    async list(): Promise<StateInfo[]> {
      return (await withLiveRoll()).map(toStateInfo);
    },
    async find(code: string): Promise<StateInfo | undefined> {
      const [row] = await withLiveRoll().where('si.code', code);
      return row ? toStateInfo(row) : undefined;
    },
  };
}

export type StateRepository = ReturnType<typeof createStateRepository>;
