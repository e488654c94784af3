import { z } from 'zod';

/** A zod schema as an OpenAPI body schema, so /api/docs shows what the API validates. */
export const jsonSchema = (schema: z.ZodType) => ({
  schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object,
});
