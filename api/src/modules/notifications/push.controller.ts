import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { returning } from '../../core/database/returning.js';
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
/** What the person calls the device ("Phone"); the settings page suggests one from the browser. */
const deviceName = z.string({ error: 'validation.invalidType' }).trim().min(1).max(80);
const subscribeSchema = z.strictObject({
  endpoint: endpointSchema,
  name: deviceName.optional(),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: base64url(200), auth: base64url(100) }),
});
const unsubscribeSchema = z.strictObject({ endpoint: endpointSchema });
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('NOT_FOUND') });

/** One of my devices, as the settings page lists it; the endpoint (a capability) stays on the server. */
export interface PushDevice {
  id: string;
  name: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

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
        `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, name) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
           name = coalesce(excluded.name, push_subscriptions.name)
         RETURNING id, created_at`,
        [user.id, body.endpoint, body.keys.p256dh, body.keys.auth, body.name ?? null],
      );
      return { id: row.id as string, createdAt: (row.created_at as Date).toISOString() };
    });
  }

  /** My devices, newest first (at most MAX_DEVICES exist). */
  @Get('subscriptions')
  @Auth()
  async devices(@CurrentUser() user: AuthUser): Promise<{ items: PushDevice[] }> {
    const rows: { id: string; name: string | null; created_at: Date; last_used_at: Date | null }[] = await this.db.query(
      `SELECT id, name, created_at, last_used_at FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
      [user.id, MAX_DEVICES],
    );
    return {
      items: rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at.toISOString(), lastUsedAt: row.last_used_at?.toISOString() ?? null })),
    };
  }

  /** Removes one of my devices (a lost phone, say); someone else's is "not found". */
  @Delete('subscriptions/:id')
  @Auth()
  @HttpCode(204)
  async removeDevice(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    const removed = await returning(this.db, `DELETE FROM push_subscriptions WHERE id = $1 AND user_id = $2 RETURNING id`, [id, user.id]);
    if (removed.length === 0) throw new AppError('NOT_FOUND');
  }

  @Delete('subscriptions')
  @Auth()
  @HttpCode(204)
  @ApiBody(jsonSchema(unsubscribeSchema))
  async unsubscribe(@CurrentUser() user: AuthUser, @Body(new ZodPipe(unsubscribeSchema)) body: z.output<typeof unsubscribeSchema>): Promise<void> {
    await this.db.query(`DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2`, [user.id, body.endpoint]);
  }
}
