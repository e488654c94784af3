import { CreateAccounts1767000000000 } from './1767000000000-CreateAccounts.js';

/** Every migration, oldest first. TypeORM runs the ones a database has not seen yet. */
export const migrations = [CreateAccounts1767000000000];
