export * from './locales.js';
export * from './errors.js';
export * from './schemas/common.schema.js';
export * from './schemas/accounts.schema.js';
export * from './schemas/spaces.schema.js';
export * from './schemas/chat.schema.js';
export * from './events.js';
export * from './schemas/stories.schema.js';
