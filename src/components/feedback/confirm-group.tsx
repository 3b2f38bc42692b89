// An inline confirmation of a destructive action (deleting a view or a rule): the question, the
// confirming button (focused, so that Enter confirms and the screen reader reads the question)
// and a way back; `children` shows the outcome (an error).
import { useEffect, useRef, type ReactNode } from 'react';

interface ConfirmGroupProps {
  className: string;
  question: string;
  confirmLabel: string;
  cancelLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}

export function ConfirmGroup({
  className,
  question,
  confirmLabel,
  cancelLabel,
  pending,
  onConfirm,
  onCancel,
  children,
}: ConfirmGroupProps) {
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmButton.current?.focus();
  }, []);
  return (
    <div className={className} role="group" aria-label={question}>
      <span>{question}</span>
      <button
        ref={confirmButton}
        type="button"
        className="button button--danger"
        disabled={pending}
        onClick={onConfirm}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {cancelLabel}
      </button>
      {children}
    </div>
  );
}
