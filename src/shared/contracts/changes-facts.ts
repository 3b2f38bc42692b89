// The change feed's facts that need no schema (facts.ts): event types, limits, answer shapes.
import type { ImageList } from './bff-facts';

/** The kinds of change one image can undergo, in the order the feed's counts list them. */
export const CHANGE_EVENT_TYPES = [
  'appeared',
  'removed',
  'rescanned',
  'severity_changed',
  'risk_changed',
  'scan_failed',
  'scan_recovered',
  'latest_version_changed',
] as const;
export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[number];

/** The marker a list's first complete crawl leaves instead of one `appeared` per image. */
export const BASELINE_EVENT = 'baseline';

export const CHANGES_LIMIT = { min: 1, max: 500, default: 50 } as const;
/** Deep enough for a year of a large estate's events; the feed is read newest first. */
export const CHANGES_OFFSET_MAX = 10_000_000;

/** The fields of a change that concern it, before and after (absent for appeared/removed). */
export type ChangeValues = Record<string, string | number | boolean | null>;

export interface ChangeEvent {
  id: number;
  /** Epoch ms when the sync applied the change. */
  at: number;
  list: ImageList;
  event_type: ChangeEventType;
  image: {
    /** The image's key in its list (the list's by-id route takes it). */
    id: string;
    image_id: string;
    namespace: string;
    image_name: string;
    image_version: string;
    image_digest: string;
  };
  before: ChangeValues | null;
  after: ChangeValues | null;
}

export interface ChangesPage {
  total_num: number;
  data_list: ChangeEvent[];
  /** Events per type among those matching every filter but event_type. */
  counts: Record<ChangeEventType, number>;
  /** When the list's first complete crawl left its baseline (null: none yet, no events). */
  baseline_at: number | null;
}
