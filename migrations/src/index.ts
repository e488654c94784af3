import { CreateAccounts1767000000000 } from './1767000000000-CreateAccounts.js';
import { CreateSpacesAndMessages1767100000000 } from './1767100000000-CreateSpacesAndMessages.js';

/** Every migration, oldest first. TypeORM runs the ones a database has not seen yet. */
export const migrations = [CreateAccounts1767000000000, CreateSpacesAndMessages1767100000000];
