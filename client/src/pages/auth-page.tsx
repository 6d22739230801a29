import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { LogInMutation, SignUpMutation } from '../queries.js';
import { setSession, takeSessionNotice } from '../session.js';

export function AuthPage() {
  const [mode, setMode] = useState<'login' | 'signup'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Read once on mount: why the user was signed out (the session expired), if that is why.
  const [notice] = useState(takeSessionNotice);
  const [signUp, signUpState] = useMutation(SignUpMutation);
  const [logIn, logInState] = useMutation(LogInMutation);
  const error = (mode === 'signup' ? signUpState.error : logInState.error)?.message;
  const busy = signUpState.loading || logInState.loading;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const variables = { email, password };
    const result =
      mode === 'signup'
        ? (await signUp({ variables }).catch(() => null))?.data?.signUp
        : (await logIn({ variables }).catch(() => null))?.data?.logIn;
    if (result) setSession({ token: result.token, refreshToken: result.refreshToken, email: result.user.email });
  };

  return (
    <div className="auth">
      <form className="card auth-card" onSubmit={submit}>
        <h1>Docsphere</h1>
        <p className="muted">{mode === 'signup' ? 'Create an account' : 'Log in to your documents'}</p>
        <label>
          Email
          <input type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            required
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {notice && !error && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'signup' ? 'Sign up' : 'Log in'}
        </button>
        <button type="button" className="link" onClick={() => setMode(mode === 'signup' ? 'login' : 'signup')}>
          {mode === 'signup' ? 'Have an account? Log in' : 'New here? Create an account'}
        </button>
      </form>
    </div>
  );
}
