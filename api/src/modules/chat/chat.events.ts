/** Domain events of chat, for whoever follows messages (notifications) without being called from chat. */
export const MESSAGE_POSTED = 'chat.message_posted';
export const MESSAGE_EDITED = 'chat.message_edited';
export const MESSAGE_DELETED = 'chat.message_deleted';
export interface MessageChanged {
  messageId: string;
}
