import { useEffect, useRef, type ReactNode } from 'react';

interface DropdownMenuProps {
  className: string;
  /** The `<summary>` that opens and closes the menu. */
  summary: ReactNode;
  children: ReactNode;
  /** A click outside closes the menu (default); `false` leaves it open until toggled or Escape. */
  closeOnOutsidePointer?: boolean;
  /** Told when the menu opens or closes (a menu may render its items only while open). */
  onToggle?: (open: boolean) => void;
}

/**
 * A drop-down built on `<details>`: Escape closes it and gives focus back to its summary, and a
 * click outside closes it, as a menu does.
 */
export function DropdownMenu({
  className,
  summary,
  children,
  closeOnOutsidePointer = true,
  onToggle,
}: DropdownMenuProps) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (!closeOnOutsidePointer) return undefined;
    const onPointer = (event: PointerEvent) => {
      const element = details.current;
      if (element?.open && !element.contains(event.target as Node)) element.open = false;
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [closeOnOutsidePointer]);

  return (
    <details
      ref={details}
      className={className}
      onToggle={onToggle ? (event) => onToggle(event.currentTarget.open) : undefined}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && details.current?.open) {
          details.current.open = false;
          details.current.querySelector('summary')?.focus();
        }
      }}
    >
      {summary}
      {children}
    </details>
  );
}
