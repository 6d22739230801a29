import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { NavLink, Navigate, Route, Routes } from 'react-router';
import { EventsProvider, useLiveEvents } from './events-context.js';
import { AuthPage } from './pages/auth-page.js';
import { DocumentPage } from './pages/document-page.js';
import { DocumentsPage } from './pages/documents-page.js';
import { SearchPage } from './pages/search-page.js';
import { getSession, onSessionChange, requestHeaders, setSession } from './session.js';

function ConnectionDot() {
  const { connected } = useLiveEvents();
  return (
    <span
      className={`dot ${connected ? 'on' : 'off'}`}
      title={connected ? 'Live updates connected' : 'Reconnecting…'}
      aria-label={connected ? 'live' : 'offline'}
    />
  );
}

/** Ends the server-side session too (best effort), so the refresh token cannot be used again. */
async function logOut() {
  const refreshToken = getSession()?.refreshToken;
  await fetch('/graphql', {
    method: 'POST',
    headers: { ...requestHeaders(), 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation WebLogOut($r: String) { logOut(refreshToken: $r) }', variables: { r: refreshToken } }),
  }).catch(() => {});
  setSession(null);
}

export function App() {
  const [session, setLocal] = useState(getSession);
  const client = useApolloClient();
  useEffect(() => onSessionChange(() => setLocal(getSession())), []);
  useEffect(() => {
    if (!session) void client.clearStore();
  }, [session, client]);

  if (!session) return <AuthPage />;
  return (
    <EventsProvider key={session.email}>
      <header className="topbar">
        <NavLink to="/" className="brand">
          Docsphere
        </NavLink>
        <nav>
          <NavLink to="/" end>
            Documents
          </NavLink>
          <NavLink to="/search">Search</NavLink>
        </nav>
        <div className="who">
          <ConnectionDot />
          <span className="email">{session.email}</span>
          <button type="button" className="link" onClick={() => void logOut()}>
            Log out
          </button>
        </div>
      </header>
      <main className="container">
        <Routes>
          <Route path="/" element={<DocumentsPage />} />
          <Route path="/documents/:id" element={<DocumentPage />} />
          <Route path="/search" element={<SearchPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
    </EventsProvider>
  );
}
