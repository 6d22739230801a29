import { useEffect, useRef, useState } from 'react';

/** A rejected mutation as the `{ error }` its answer carries, so one check covers both ways of failing. */
export const failed = (err: unknown) => ({ error: err instanceof Error ? err : new Error('Request failed') });

/** A ref for a <dialog> that opens as modal once mounted: focus trap and Escape come with the element. */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return ref;
}

/**
 * Runs a dialog's mutations and holds the server's refusal of the last one, to show inline (the
 * server checks every role, so its message is the one to read). `act` answers whether it succeeded.
 */
export function useDialogAction() {
  const [error, setError] = useState<string | null>(null);
  const act = async (run: () => Promise<{ error?: Error }>) => {
    setError(null);
    const res = await run().catch(failed);
    if (res.error) setError(res.error.message);
    return !res.error;
  };
  return { error, act };
}

/**
 * The second question before a step that cannot be undone from here (delete, leave, hand over
 * ownership), inline in the dialog, saying what will happen: no browser confirm() box, so the
 * consequence is read in the page's own words and type.
 */
export function ConfirmBox({
  label,
  text,
  action,
  busy,
  onConfirm,
  onCancel,
}: {
  label: string;
  text: string;
  action: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p data-testid="confirm-text">{text}</p>
      <div className="collection-row">
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
          {action}
        </button>
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
