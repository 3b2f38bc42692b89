/** A yes/no field in words, so it reads without colour; "no" stays quiet. */
export function YesNo({
  value,
  yes = 'Yes',
  no = 'No',
}: {
  value: boolean;
  yes?: string;
  no?: string;
}) {
  return value ? <span>{yes}</span> : <span className="muted">{no}</span>;
}

/** Plain text that truncates with the full value on hover; a dash when empty. */
export function Text({ value, mono = false }: { value: string; mono?: boolean }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <span className={mono ? 'truncate mono' : 'truncate'} title={value}>
      {value}
    </span>
  );
}
