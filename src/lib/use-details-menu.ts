import { useEffect, useRef, type KeyboardEvent } from 'react';

/**
 * A `<details>` drop-down that closes as a menu does: on a pointer down outside it, and on Escape
 * (focus back on its summary). Spread the result on the `<details>`.
 */
export function useDetailsMenu() {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      const element = ref.current;
      if (element?.open && !element.contains(event.target as Node)) element.open = false;
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key === 'Escape' && ref.current?.open) {
      ref.current.open = false;
      ref.current.querySelector('summary')?.focus();
    }
  };
  return { ref, onKeyDown };
}
