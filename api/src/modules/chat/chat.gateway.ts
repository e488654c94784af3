import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import {
  deleteMessageSchema,
  editMessageSchema,
  reactSchema,
  sendMessageSchema,
  sinceSchema,
  spaceRefSchema,
  readerRoom,
  spaceRoom,
  userRoom,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { answer } from '../../core/realtime/ack.js';
import { ConnectionGuard } from '../../core/realtime/connection-guard.js';
import { RealtimeService, type RealtimeServer } from '../../core/realtime/realtime.service.js';
import { AppError } from '../../core/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { SendAdmission } from './send-admission.js';
import { ChatService } from './chat.service.js';
import { SendLimiter } from './send-limiter.js';

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;

/**
 * Events other than sends, per person across all their sockets in this process (a person may hold
 * several, so a per-socket limit multiplied): generous for people, a wall for runaway clients.
 */
const EVENTS_PER_PERSON = { events: 60, windowMs: 10_000 };

/** Thin: who is asking, one service call, an ack. Rooms: `space:<id>` and `user:<id>`. */
@WebSocketGateway()
export class ChatGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly eventLimiter = new SendLimiter(EVENTS_PER_PERSON.events, EVENTS_PER_PERSON.windowMs);
  private readonly admission: SendAdmission;

  constructor(
    private readonly chat: ChatService,
    private readonly guard: ConnectionGuard,
    private readonly realtime: RealtimeService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.admission = new SendAdmission(config.chatSendsInFlight, config.chatSendWaitMs);
  }

  afterInit(server: RealtimeServer): void {
    server.use(this.guard.handshake());
    this.guard.watch(server);
    this.realtime.attach(server);
  }

  handleConnection(socket: ChatSocket): Promise<void> {
    return this.guard.bind(socket);
  }

  @SubscribeMessage('space:join')
  join(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return this.run(socket, spaceRefSchema, payload, async ({ spaceId }) => {
      const { spaceId: id, lastMessageId, lastSeq } = await this.chat.joinRoom(socket.data.user, spaceId);
      // The user room too (handleConnection joins it as well): broadcasts skip blockers by it, so a
      // space room must never come without it, whatever order the two run in. The reader room gets
      // the copies meant for this person in this space (a reply without a blocked person's quote).
      await socket.join([userRoom(socket.data.user.id), spaceRoom(id), readerRoom(id, socket.data.user.id)]);
      return { lastMessageId, lastSeq };
    });
  }

  @SubscribeMessage('space:leave')
  leave(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return this.run(socket, spaceRefSchema, payload, async ({ spaceId }) => {
      await Promise.all([socket.leave(spaceRoom(spaceId)), socket.leave(readerRoom(spaceId, socket.data.user.id))]);
      return {};
    });
  }

  @SubscribeMessage('message:send')
  send(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    // Sends have their own per-person-and-space limit in the service; the socket's credential is
    // checked again in the same statement as the space access.
    return answer(socket.data.user, sendMessageSchema, payload, (input) =>
      this.admission.run(() =>
        this.guard.liveOrEnded(socket, async () => ({ message: await this.chat.send(socket.data.user, input, { recheckCredential: true }) })),
      ),
    );
  }

  @SubscribeMessage('message:edit')
  edit(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return this.run(socket, editMessageSchema, payload, async ({ messageId, body }) => ({ message: await this.chat.edit(socket.data.user, messageId, body) }));
  }

  @SubscribeMessage('message:delete')
  remove(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return this.run(socket, deleteMessageSchema, payload, ({ messageId }) => this.chat.remove(socket.data.user, messageId));
  }

  @SubscribeMessage('message:react')
  react(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return this.run(socket, reactSchema, payload, async ({ messageId, kind }) => ({ message: await this.chat.react(socket.data.user, messageId, kind) }));
  }

  @SubscribeMessage('messages:since')
  since(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return this.run(socket, sinceSchema, payload, ({ spaceId, afterId }) => this.chat.since(socket.data.user, spaceId, afterId));
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return this.run(socket, spaceRefSchema, payload, async ({ spaceId }) => {
      await this.chat.typing(socket.data.user, spaceId);
      return {};
    });
  }

  private run<S extends Parameters<typeof answer>[1], T extends object>(
    socket: ChatSocket,
    schema: S,
    payload: unknown,
    work: (input: import('zod').output<S>) => Promise<T>,
  ): Promise<Ack<T>> {
    return answer(socket.data.user, schema, payload, async (input) => {
      // The limit first: a flood is refused before it costs a database look-up.
      const wait = this.eventLimiter.take(socket.data.user.id);
      if (wait) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: wait, params: { seconds: wait } });
      await this.guard.assertLive(socket);
      return work(input);
    });
  }
}
