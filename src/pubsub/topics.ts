import type { DocumentEventType } from '../db/schema/index.js';

/**
 * What travels over pub/sub: plain JSON (Redis carries it between processes), one channel per
 * owner. A subscriber can only ever listen on its own owner's channel, so isolation does not
 * depend on a filter that someone might forget.
 */
export interface DocumentEventMessage {
  /** The event row id: the cursor a client resumes from. */
  cursor: string;
  type: DocumentEventType;
  documentId: string;
  ownerId: string;
  status: string;
  stage: string | null;
  progress: number;
  page: number | null;
  pageCount: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  occurredAt: string;
}

export const documentEventsTopic = (prefix: string, ownerId: string) => `${prefix}:document-events:${ownerId}`;

/**
 * "The outbox has new rows": sent by a process that committed one (an upload on an API process)
 * to the worker processes, whose dispatchers would otherwise only see it at their next tick. Not
 * per owner and carrying no document: it only says when to look, the database says what.
 */
export interface OutboxNudge {
  urgent: boolean;
}

export const outboxNudgeTopic = (prefix: string) => `${prefix}:outbox-nudge`;
