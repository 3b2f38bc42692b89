// Test support (not imported by the app): one notification as the rule engine would build it.
import type { Notification } from '../notify/channel-types';

export const SAMPLE_NOTIFICATION: Notification = {
  title: '3 new high-severity changes in repository images',
  lines: ['nginx:1.25 severity high → critical', 'redis:7 appeared', 'app<&>:2 removed'],
  link: 'https://imagewatch.example.com/changes?list=registry&event_type=severity_changed',
  linkText: 'Open the changes',
  idempotencyKey: 'rule-7:batch-42',
  eventCount: 3,
};
