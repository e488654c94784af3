import { useEffect, useState } from 'react';

/**
 * Copies text to the clipboard and says so; shown only where the browser can copy (it needs
 * JavaScript and a secure context), so nobody meets a button that does nothing.
 */
export function CopyButton({ text, label, copied, failed }: { text: string; label: string; copied: string; failed: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [supported, setSupported] = useState(false);
  useEffect(() => setSupported(typeof navigator !== 'undefined' && Boolean(navigator.clipboard)), []);
  if (!supported) return null;
  return (
    <>
      <button
        type="button"
        className="button button--small"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          )
        }
      >
        {label}
      </button>
      <span role="status" className="copy-status">
        {state === 'copied' ? copied : state === 'failed' ? failed : ''}
      </span>
    </>
  );
}
