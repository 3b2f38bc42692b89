// Fault injection: a spec such as "429:0.1,500:0.05,timeout:0.01" gives each kind a probability
// per request; one deterministic roll per request picks at most one.
import type { FaultRule, FaultKind } from '../shared/config/fault-spec';
import type { Rng } from './random';

export {
  FAULT_KINDS,
  parseFaults,
  type FaultKind,
  type FaultRule,
} from '../shared/config/fault-spec';

/** One roll: the fault to inject into this request, if any. */
export function rollFault(rules: readonly FaultRule[], rng: Rng): FaultKind | undefined {
  if (rules.length === 0) return undefined;
  let roll = rng.next();
  for (const rule of rules) {
    roll -= rule.probability;
    if (roll < 0) return rule.kind;
  }
  return undefined;
}
