import { Body, Controller, Delete, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { VAPID_KEYS } from './web-push.channel.js';
import type { VapidKeyStore } from './vapid.js';

/** Devices per person: enough for a phone, a laptop and a few browsers; a runaway client stops here. */
const MAX_DEVICES = 10;
const base64url = (max: number) => z.string({ error: 'validation.invalidType' }).min(16).max(max).regex(/^[A-Za-z0-9_-]+=*$/, { error: 'validation.invalidValue' });
const endpointSchema = z
  .string({ error: 'validation.invalidType' })
  .max(1000)
  .refine((u) => URL.canParse(u) && new URL(u).protocol === 'https:', {
    error: 'validation.url',
  });
const subscribeSchema = z.strictObject({
  endpoint: endpointSchema,
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: base64url(200), auth: base64url(100) }),
});
const unsubscribeSchema = z.strictObject({ endpoint: endpointSchema });

@ApiTags('notifications')
@Controller('push')
export class PushController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeyStore,
  ) {}

  /** The VAPID public key a browser subscribes with. */
  @Get('key')
  key(): { publicKey: string } {
    return { publicKey: this.vapid.keys().publicKey };
  }

  /** Subscribes this device; the same endpoint again moves it to whoever subscribes now. */
  @Post('subscriptions')
  @Auth()
  @ApiBody(jsonSchema(subscribeSchema))
  async subscribe(@CurrentUser() user: AuthUser, @Body(new ZodPipe(subscribeSchema)) body: z.output<typeof subscribeSchema>) {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('push:' || $1))`, [user.id]);
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM push_subscriptions WHERE user_id = $1 AND endpoint <> $2`, [user.id, body.endpoint]);
      if (n >= MAX_DEVICES) throw new AppError('VALIDATION_FAILED', [{ path: 'endpoint', message: 'validation.tooBig' }]);
      const [row] = await m.query(
        `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth
         RETURNING id, created_at`,
        [user.id, body.endpoint, body.keys.p256dh, body.keys.auth],
      );
      return { id: row.id as string, createdAt: (row.created_at as Date).toISOString() };
    });
  }

  @Delete('subscriptions')
  @Auth()
  @HttpCode(204)
  @ApiBody(jsonSchema(unsubscribeSchema))
  async unsubscribe(@CurrentUser() user: AuthUser, @Body(new ZodPipe(unsubscribeSchema)) body: z.output<typeof unsubscribeSchema>): Promise<void> {
    await this.db.query(`DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2`, [user.id, body.endpoint]);
  }
}
