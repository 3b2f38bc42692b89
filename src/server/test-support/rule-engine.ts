// Test support (not imported by the app): a watch rules engine a test drives itself (`tick`) over a
// test BFF's inventory, leading, sending for real to loopback receivers, logging nothing.
import { demoAccounts } from '../config';
import { sendNotification } from '../notify/channels';
import { RuleEngine, type RuleEngineOptions } from '../notify/rule-engine';
import type { TestBff } from './sync-harness';

const quietLogger = { info: () => undefined, warn: () => undefined };

export function testRuleEngine(bff: TestBff, options: Partial<RuleEngineOptions> = {}) {
  return new RuleEngine({
    db: bff.db,
    accounts: demoAccounts(bff.harness.keys, bff.harness.sim.url, 'cri-unused'),
    publicUrl: 'https://imagewatch.example.com',
    allowPrivate: true,
    isLeader: () => true,
    logger: quietLogger,
    retentionDays: 400,
    send: sendNotification,
    ...options,
  });
}
