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
 * page) updates without a reload: a DOCUMENT_UPDATED event (someone edited the title or tags)
 * carries the document's new title and tags into every view like any other event. Arrivals,
 * deletions and edits refetch the lists they change (an edited tag can move a row in or out of a
 * tag filter).
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
          e.type === 'DOCUMENT_FAILED' ||
          e.type === 'DOCUMENT_UPDATED'
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
