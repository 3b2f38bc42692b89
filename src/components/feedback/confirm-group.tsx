// An inline confirmation of a destructive action (deleting a view or a rule): the question, the
// confirming button (focused, so that Enter confirms and the screen reader reads the question)
// and a way back; `children` shows the outcome (an error). Its buttons' words are the common
// catalogue's, the same for every deletion.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmGroupProps {
  className: string;
  question: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}

export function ConfirmGroup({
  className,
  question,
  pending,
  onConfirm,
  onCancel,
  children,
}: ConfirmGroupProps) {
  const { t } = useTranslation('common');
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
        {t('confirmDelete.confirm')}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {t('confirmDelete.cancel')}
      </button>
      {children}
    </div>
  );
}
