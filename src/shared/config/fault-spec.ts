// The simulator's fault spec (SIM_FAULTS): "429:0.1,500:0.05,timeout:0.01" gives each kind a
// probability per request. The BFF's configuration checks it with this same grammar.
export const FAULT_KINDS = [
  '429',
  '429-bare',
  '500',
  '503',
  'timeout',
  'slow',
  'malformed',
  'truncated',
  'content-type',
  'oversize',
  'auth',
  // List answers (HSS ListRegistryImages / ListCicdImages) with a flaw in an otherwise good body;
  // other APIs answer normally (the simulator's flawListBody).
  'no-total',
  'bad-total',
  'empty-object',
  'bad-member',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  probability: number;
}

/** Parses a fault spec; throws with a message naming the bad entry. Empty or "none" means no faults. */
export function parseFaults(spec: string | undefined): FaultRule[] {
  const text = (spec ?? '').trim();
  if (text === '' || text === 'none') return [];
  const rules: FaultRule[] = [];
  let total = 0;
  for (const entry of text.split(',')) {
    const [kindText = '', probabilityText = ''] = entry.trim().split(':');
    const kind = FAULT_KINDS.find((known) => known === kindText.trim());
    if (!kind) {
      throw new Error(
        `invalid fault "${entry.trim()}": the kind must be one of ${FAULT_KINDS.join(', ')}`,
      );
    }
    const probability = Number(probabilityText.trim());
    if (
      probabilityText.trim() === '' ||
      !Number.isFinite(probability) ||
      probability < 0 ||
      probability > 1
    ) {
      throw new Error(
        `invalid fault "${entry.trim()}": the probability must be a number from 0 to 1`,
      );
    }
    total += probability;
    rules.push({ kind, probability });
  }
  if (total > 1 + 1e-9)
    throw new Error(`invalid faults "${text}": the probabilities add up to more than 1`);
  return rules;
}
