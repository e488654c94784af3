/**
 * Where a push goes. The Web Push sender implements it; until a person has a device subscribed
 * there is nowhere to send, and the delivery ends as sent to no device.
 */
export const PUSH_CHANNEL = Symbol('PUSH_CHANNEL');

export interface PushMessage {
  userId: string;
  category: string | null;
  /** What the phone shows: never the words of a direct message, mentoring or safeguarding. */
  title: string;
  body: string;
  url: string;
  /** Collapses a conversation's pushes on the device, too. */
  tag: string;
}

export interface PushChannel {
  /** Answers on how many devices the push service accepted it. */
  send(message: PushMessage): Promise<number>;
}

export class NoPushChannel implements PushChannel {
  async send(): Promise<number> {
    return 0;
  }
}
