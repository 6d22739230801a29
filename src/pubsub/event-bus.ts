import { createPubSub, type PubSub } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { documentEventsTopic, type DocumentEventMessage } from './topics.js';

type Topics = Record<string, [DocumentEventMessage]>;

/**
 * Typed publish/subscribe over yoga's PubSub. In memory for the embedded default; over Redis in
 * services mode so that an event published by any worker reaches subscribers on any API process.
 * Publishing is fire-and-forget: the event row is already committed, so a subscriber that misses
 * a message can catch up from the database.
 */
export class EventBus {
  private constructor(
    private readonly pubsub: PubSub<Topics>,
    private readonly prefix: string,
    private readonly closeFn: () => Promise<void>,
  ) {}

  static inMemory(prefix: string): EventBus {
    return new EventBus(createPubSub<Topics>(), prefix, async () => {});
  }

  static async redis(url: string, prefix: string): Promise<EventBus> {
    const { Redis: RedisClient } = await import('ioredis');
    const { createRedisEventTarget } = await import('@graphql-yoga/redis-event-target');
    const publishClient: Redis = new RedisClient(url, { lazyConnect: false });
    const subscribeClient: Redis = new RedisClient(url, { lazyConnect: false });
    const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
    return new EventBus(createPubSub<Topics>({ eventTarget }), prefix, async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    });
  }

  publishDocumentEvent(message: DocumentEventMessage): void {
    this.pubsub.publish(documentEventsTopic(this.prefix, message.ownerId), message);
  }

  subscribeDocumentEvents(ownerId: string): AsyncIterable<DocumentEventMessage> {
    return this.pubsub.subscribe(documentEventsTopic(this.prefix, ownerId));
  }

  close(): Promise<void> {
    return this.closeFn();
  }
}
