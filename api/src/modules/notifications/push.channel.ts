/** Where a push goes (Web Push today). A person with no device subscribed simply gets none. */
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
