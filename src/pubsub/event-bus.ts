import { createPubSub, type PubSub } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { documentEventsTopic, outboxNudgeTopic, type DocumentEventMessage, type OutboxNudge } from './topics.js';

type Topics = Record<string, [DocumentEventMessage | OutboxNudge]>;

/** The part of an EventTarget we use; yoga's Redis event target implements the same shape. */
interface Target {
  addEventListener(topic: string, listener: (event: Event) => void): void;
  removeEventListener(topic: string, listener: (event: Event) => void): void;
  dispatchEvent(event: Event): boolean;
}

/** A live listener; `ready` resolves once no later publish can be missed by it. */
export interface EventListenerHandle {
  ready: Promise<void>;
  close(): void;
}

/**
 * Typed publish/subscribe over yoga's PubSub. In memory for the embedded default; over Redis in
 * services mode so that an event published by any worker reaches subscribers on any API process.
 * Publishing is fire-and-forget: the event row is already committed, so a subscriber that misses
 * a message can catch up from the database.
 */
export class EventBus {
  private constructor(
    private readonly target: Target,
    private readonly pubsub: PubSub<Topics>,
    private readonly prefix: string,
    /** Resolves once every SUBSCRIBE issued so far is active at the broker. */
    private readonly barrier: () => Promise<void>,
    private readonly closeFn: () => Promise<void>,
    /** Resolves once the subscribing connection is ready for a SUBSCRIBE (see listenOutboxNudges). */
    private readonly connected: () => Promise<void> = async () => {},
  ) {}

  static inMemory(prefix: string): EventBus {
    const target = new EventTarget();
    return new EventBus(
      target,
      createPubSub<Topics>({ eventTarget: target }),
      prefix,
      async () => {},
      async () => {},
    );
  }

  static async redis(url: string, prefix: string): Promise<EventBus> {
    const { Redis: RedisClient } = await import('ioredis');
    const { createRedisEventTarget } = await import('@graphql-yoga/redis-event-target');
    const publishClient: Redis = new RedisClient(url, { lazyConnect: false });
    const subscribeClient: Redis = new RedisClient(url, { lazyConnect: false });
    const eventTarget = createRedisEventTarget({ publishClient, subscribeClient }) as unknown as Target;
    // Redis answers the commands of one connection in order, so when a PING sent after a
    // SUBSCRIBE is answered, that subscription is in force: this is what makes replay gap-free.
    const barrier = async () => void (await subscribeClient.ping());
    const connected = () =>
      subscribeClient.status === 'ready'
        ? Promise.resolve()
        : new Promise<void>((resolve) => subscribeClient.once('ready', () => resolve()));
    return new EventBus(
      eventTarget,
      createPubSub<Topics>({ eventTarget: eventTarget as never }),
      prefix,
      barrier,
      async () => {
        publishClient.disconnect();
        subscribeClient.disconnect();
      },
      connected,
    );
  }

  publishDocumentEvent(message: DocumentEventMessage): void {
    this.pubsub.publish(documentEventsTopic(this.prefix, message.ownerId), message);
  }

  /** An async iterator of the owner's live events (lazy: it listens from the first `next()`). */
  subscribeDocumentEvents(ownerId: string): AsyncIterable<DocumentEventMessage> {
    return this.pubsub.subscribe(documentEventsTopic(this.prefix, ownerId)) as AsyncIterable<DocumentEventMessage>;
  }

  /** Tells every worker process's dispatcher that outbox rows were committed (fire-and-forget). */
  publishOutboxNudge(nudge: OutboxNudge): void {
    this.pubsub.publish(outboxNudgeTopic(this.prefix), nudge);
  }

  /**
   * A worker process hears of outbox rows committed elsewhere as soon as they are. It listens
   * from its start, when the Redis connection may still be in its ready check: a SUBSCRIBE sent
   * then puts the connection in subscriber mode before ioredis's INFO, which fails and takes the
   * process down, so the SUBSCRIBE waits for the connection (GraphQL subscriptions come later
   * and never met this). `ready` may reject (Redis gone); the caller only logs it.
   */
  listenOutboxNudges(onNudge: (nudge: OutboxNudge) => void): EventListenerHandle {
    const topic = outboxNudgeTopic(this.prefix);
    const listener = (event: Event) => onNudge((event as CustomEvent<OutboxNudge>).detail);
    let closed = false;
    const ready = this.connected()
      .then(() => {
        if (!closed) this.target.addEventListener(topic, listener);
      })
      .then(() => this.barrier());
    return {
      ready,
      close: () => {
        closed = true;
        this.target.removeEventListener(topic, listener);
      },
    };
  }

  /**
   * Listens eagerly (unlike `subscribeDocumentEvents`), so a caller can start listening, wait for
   * `ready`, and only then read history from the database without a window in between.
   */
  listenDocumentEvents(ownerId: string, onEvent: (message: DocumentEventMessage) => void): EventListenerHandle {
    const topic = documentEventsTopic(this.prefix, ownerId);
    const listener = (event: Event) => onEvent((event as CustomEvent<DocumentEventMessage>).detail);
    this.target.addEventListener(topic, listener);
    return {
      ready: this.barrier(),
      close: () => this.target.removeEventListener(topic, listener),
    };
  }

  close(): Promise<void> {
    return this.closeFn();
  }
}
