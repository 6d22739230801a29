import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { UpdateTagsMutation } from '../collection-queries.js';

/** Comma-separated user input to the trimmed, lower-case tags the server stores. */
export function parseTags(input: string): string[] {
  return [
    ...new Set(
      input
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/** Read-only chips, for the documents list. */
export function TagChips({ tags }: { tags: readonly string[] }) {
  if (!tags.length) return null;
  return (
    <span className="chips">
      {tags.map((t) => (
        <span key={t} className="chip">
          {t}
        </span>
      ))}
    </span>
  );
}

/**
 * Editable tag chips on a document: add (comma-separated) and remove with ×. Each change sends
 * only the difference (addTags/removeTags), so two people tagging at once do not undo each other.
 */
export function TagEditor({ documentId, tags }: { documentId: string; tags: readonly string[] }) {
  const [update, { loading }] = useMutation(UpdateTagsMutation, { refetchQueries: ['WebDocuments'] });
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const send = async (addTags: string[], removeTags: string[]) => {
    setError(null);
    const res = await update({ variables: { id: documentId, addTags, removeTags } }).catch((err: unknown) => ({
      error: err instanceof Error ? err : new Error('Could not change the tags'),
    }));
    if (res.error) setError(res.error.message);
    return !res.error;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const add = parseTags(text);
    if (add.length && (await send(add, []))) setText('');
  };

  return (
    <div className="tag-editor" data-testid="tags">
      <span className="chips">
        {tags.map((t) => (
          <span key={t} className="chip">
            <span className="chip-text">{t}</span>
            <button type="button" aria-label={`Remove tag ${t}`} disabled={loading} onClick={() => void send([], [t])}>
              ×
            </button>
          </span>
        ))}
      </span>
      <form onSubmit={(e) => void submit(e)}>
        <input placeholder="Add tags, comma-separated" aria-label="Add tags" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" disabled={loading || !text.trim()}>
          Add
        </button>
      </form>
      {error && <p className="error small">{error}</p>}
    </div>
  );
}
