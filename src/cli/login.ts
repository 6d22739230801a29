/**
 * `docsphere login URL`: exchanges email and password for an API key and stores it (0600) in the
 * user's config folder. The password is used once and never written anywhere; the key can be
 * revoked on the server without changing the password.
 */
import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { ApiClient, normaliseUrl, saveCredentials } from './api-client.js';

interface LoginFlags {
  email?: string;
  password?: string;
  passwordStdin?: boolean;
}

export function loginCommand(): Command {
  return new Command('login')
    .description('Log in to a Docsphere server and remember it (asks for what the flags do not give)')
    .argument('<url>', 'server address, e.g. http://localhost:4000')
    .option('-e, --email <email>', 'account email')
    .option('-p, --password <password>', 'password (visible in the process list: prefer the prompt or --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .action(runLogin);
}

async function runLogin(rawUrl: string, flags: LoginFlags): Promise<void> {
  const url = normaliseUrl(rawUrl);
  const email = flags.email ?? (await prompt('Email: '));
  const password = flags.password ?? (flags.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : await prompt('Password: ', true));
  const api = new ApiClient(url);
  const { logIn } = await api.graphql<{ logIn: { token: string } }>(
    'mutation CliLogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }',
    { email, password },
  );
  const { createApiKey } = await api.graphql<{ createApiKey: { key: string } }>(
    'mutation CliKey($name: String!) { createApiKey(name: $name) { key } }',
    { name: `docsphere CLI on ${hostname()}`.slice(0, 100) },
    logIn.token,
  );
  const file = await saveCredentials({ url, email, token: createApiKey.key });
  process.stderr.write(`Logged in to ${url} as ${email} (credentials in ${file})\n`);
}

/** One line from the terminal; `hidden` stops the echo so the password does not appear. */
function prompt(question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (hidden && process.stdin.isTTY) {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
      write(s.startsWith(question) ? question : '');
  }
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      if (hidden && process.stdin.isTTY) process.stderr.write('\n');
      resolve(hidden ? answer : answer.trim());
    }),
  );
}

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
