import { useApolloClient } from '@apollo/client/react';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { DocumentFieldsFragment } from './queries.js';
import { startLiveEvents, type LiveEvent } from './live-events.js';

interface EventsState {
  /** The newest event per document id. */
  latest: Record<string, LiveEvent>;
  connected: boolean;
}

const EventsContext = createContext<EventsState>({ latest: {}, connected: false });
export const useLiveEvents = () => useContext(EventsContext);

/**
 * Feeds live events into Apollo's cache, so every view of a document (list rows, the document
 * page) updates without a reload; arrivals and deletions refetch the lists they change.
 */
export function EventsProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const [state, setState] = useState<EventsState>({ latest: {}, connected: false });
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const refetchLists = () => {
      clearTimeout(refetchTimer.current);
      refetchTimer.current = setTimeout(() => void client.refetchQueries({ include: ['WebDocuments'] }), 250);
    };
    const stop = startLiveEvents(
      (e) => {
        if (e.document) {
          client.cache.writeFragment({
            id: client.cache.identify({ __typename: 'Document', id: e.document.id }),
            fragment: DocumentFieldsFragment,
            data: e.document,
          });
        }
        if (
          e.type === 'DOCUMENT_UPLOADED' ||
          e.type === 'DOCUMENT_DELETED' ||
          e.type === 'DOCUMENT_INDEXED' ||
          e.type === 'DOCUMENT_FAILED'
        ) {
          refetchLists();
        }
        setState((s) => ({ ...s, latest: { ...s.latest, [e.documentId]: e } }));
      },
      (connected) => setState((s) => ({ ...s, connected })),
    );
    return () => {
      clearTimeout(refetchTimer.current);
      stop();
    };
  }, [client]);

  return <EventsContext.Provider value={state}>{children}</EventsContext.Provider>;
}
