// A channel URL carries the vendor's credential and the secret is a signing key: whatever way a
// send fails, its outcome (stored and shown in the delivery log) names neither.
import { describe, expect, it } from 'vitest';
import { NOTIFY_CHANNEL_TYPES } from '../../../shared/contracts/rules-facts';
import {
  answerJson,
  receiversClosedAfterEach,
  startNotifyReceiver,
} from '../../test-support/notify-receiver';
import { SAMPLE_NOTIFICATION } from '../../test-support/sample-notification';
import type { SendOutcome } from '../channel-types';
import { maskChannelUrl, sendNotification } from './index';

const TOKEN = 'tok3n-abcdef0123456789-z9y8';
const SECRET = 'SECsecret-signing-key-5150';
const path = `/hook/${TOKEN}/send?access_token=${TOKEN}&key=${TOKEN}`;

const receiver = receiversClosedAfterEach();

function expectNoSecret(outcome: SendOutcome): void {
  expect(outcome.ok).toBe(false);
  const shown = JSON.stringify(outcome);
  expect(shown).not.toContain(TOKEN);
  expect(shown).not.toContain(SECRET);
  // Nor a part of either, cut by the shortening of a long reason.
  expect(shown).not.toMatch(/tok3|5150|z9y8|SECs/);
}

describe.each(NOTIFY_CHANNEL_TYPES)('a failed %s send', (type) => {
  it('names neither URL nor secret when refused by the guard', async () => {
    const outcome = await sendNotification(
      { type, url: `https://169.254.169.254${path}`, secret: SECRET },
      SAMPLE_NOTIFICATION,
      { allowPrivate: false },
    );
    expectNoSecret(outcome);
  });

  it('names neither when the connection is refused', async () => {
    const closed = await startNotifyReceiver(() => undefined);
    await closed.close();
    const outcome = await sendNotification(
      { type, url: `${closed.origin}${path}`, secret: SECRET },
      SAMPLE_NOTIFICATION,
      { allowPrivate: true },
    );
    expectNoSecret(outcome);
  });

  it('names neither when the receiver echoes them back in its error', async () => {
    const echoing = await receiver((request, response) =>
      answerJson(
        response,
        {
          errcode: 40001,
          code: 40001,
          errmsg: `bad request ${'.'.repeat(90)} ${request.url} ${SECRET}`,
          msg: `bad request ${'.'.repeat(90)} ${request.url} ${SECRET}`,
        },
        400,
      ),
    );
    const outcome = await sendNotification(
      { type, url: `${echoing.origin}${path}`, secret: SECRET },
      SAMPLE_NOTIFICATION,
      { allowPrivate: true },
    );
    expectNoSecret(outcome);
  });
});

describe('maskChannelUrl', () => {
  it('shows none of the credential of any channel URL', () => {
    expect(maskChannelUrl(`https://hooks.example.com${path}`)).not.toContain(TOKEN);
  });
});
