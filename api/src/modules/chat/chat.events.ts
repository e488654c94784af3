/** Domain events of chat, for whoever follows messages (notifications) without being called from chat. */
export const MESSAGE_POSTED = 'chat.message_posted';
export const MESSAGE_EDITED = 'chat.message_edited';
export const MESSAGE_DELETED = 'chat.message_deleted';
export interface MessageChanged {
  messageId: string;
}
export interface MessagePosted extends MessageChanged {
  /**
   * Nobody is to hear of it: it mentions and answers nobody, and nobody in its space hears of
   * every message (read with the send's access). Notifications skip it without a query.
   */
  nobodyToTell: boolean;
}
