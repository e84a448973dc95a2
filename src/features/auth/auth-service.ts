import type { Database } from '../../db/database.ts';
import type { AuthService } from './auth-types.ts';
import { createSessions } from './sessions.ts';
import { createSignIn } from './sign-in.ts';
import { createUserAccounts } from './user-accounts.ts';

export interface AuthDeps {
  db: Database;
}

/** Accounts, sign-in and sessions, each in its own file, composed into the one service. */
export function createAuthService({ db }: AuthDeps): AuthService {
  const sessions = createSessions({ db });
  return {
    ...createUserAccounts({ db }),
    ...createSignIn({ db, sessions }),
    ...sessions.api,
  };
}
