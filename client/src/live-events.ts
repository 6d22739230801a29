import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { EventsSubscription } from './queries.js';
import type { WebEventsSubscription } from './gql/graphql.js';
import { expireSession, getSession, refreshSession } from './session.js';

export type LiveEvent = WebEventsSubscription['documentEvents'];

/**
 * One WebSocket per tab carrying all of the user's document events. graphql-ws's own retry would
 * re-send the original subscribe message (old `after`), so reconnecting is done here instead:
 * every new subscription resumes after the last cursor seen, and the server replays what was
 * missed, each event once.
 */
export function startLiveEvents(onEvent: (e: LiveEvent) => void, onState: (connected: boolean) => void): () => void {
  let after: string | null = null;
  let stopped = false;
  let client: Client | null = null;
  let unsubscribe: () => void = () => {};
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastClose: number | undefined;

  const connect = () => {
    if (stopped) return;
    const token = getSession()?.token;
    if (!token) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    client = createClient({
      url,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      keepAlive: 10_000,
      onNonLazyError: () => {},
      on: {
        connected: () => {
          attempt = 0;
          onState(true);
        },
        closed: (event) => {
          onState(false);
          lastClose = (event as CloseEvent | undefined)?.code;
        },
      },
    });
    unsubscribe = client.subscribe<WebEventsSubscription>(
      { query: print(EventsSubscription), variables: { after } },
      {
        next: (result) => {
          const event = result.data?.documentEvents;
          if (!event) return;
          after = event.cursor;
          onEvent(event);
        },
        error: () => retry(),
        complete: () => retry(),
      },
    );
  };

  const retry = () => {
    if (stopped) return;
    disposeQuietly(client);
    client = null;
    // 4401: the access token expired (or the user is gone); 4403: refused at connection_init.
    if (lastClose === 4401 || lastClose === 4403) {
      lastClose = undefined;
      // refreshSession signs out with the "session expired" notice when it cannot renew.
      refreshSession().then(
        (ok) => ok && connect(),
        () => expireSession(),
      );
      return;
    }
    attempt += 1;
    // Exponential back-off with jitter, capped, so a restarting server is not stampeded.
    const delay = Math.min(15_000, 500 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2);
    timer = setTimeout(connect, delay);
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
    disposeQuietly(client);
  };
}

/** A socket closed by the server (4401 when the token expires) must not surface as an uncaught CloseEvent. */
function disposeQuietly(client: Client | null) {
  void Promise.resolve(client?.dispose()).catch(() => {});
}
