import type { REGISTRATION_STATUSES } from '../db/voter-table.ts';
import type { LookupStatus } from './schema.ts';

/** What one voter's record says, after mapping the state's own status code. */
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** The contract: registered is true, false, or unknown (null) for each answer. */
export function isRegistered(status: LookupStatus): boolean | null {
  switch (status) {
    case 'active':
    case 'inactive':
      return true;
    case 'preregistered':
    case 'removed':
    case 'denied':
    case 'not_found':
      return false;
    case 'multiple_matches':
    case 'not_available':
    case 'not_required':
      return null;
  }
}
