// Names in a message come from the registry and from whoever named the rule: in the channels
// whose format is markup, a name with markup must stay text (no link, mention, heading or
// emphasis of its own), and the message's one link stays ours.
import { describe, expect, it } from 'vitest';
import type { Notification } from '../channel-types';
import { dingtalkChannel } from './dingtalk';
import { feishuChannel } from './feishu';
import { slackChannel } from './slack';
import { wecomChannel } from './wecom';

const OUR_LINK = 'https://imagewatch.example/changes?list=registry&event_type=appeared';
const HOSTILE = [
  '[click me](https://evil.example/x)',
  '![img](https://evil.example/p.png)',
  '**bold** __under__ *em* _em_ ~~gone~~ `code`',
  '<@all> <!channel> <font color="warning">red</font> <https://evil.example|spoof>',
  'a & b\n# heading\n> quote\r\n- item',
].join(' ');

const message: Notification = {
  title: `Rule ${HOSTILE}: 2 changes`,
  lines: [`appeared: ns/${HOSTILE}:v1`, 'rescanned: library/my_app:1.0'],
  link: OUR_LINK,
  linkText: 'Open the Changes page',
  idempotencyKey: 'key-1',
  eventCount: 2,
  language: 'en',
};
const target = { type: 'webhook' as const, url: 'https://chat.example/hook', secret: 'secret' };

const bodyOf = (channel: typeof dingtalkChannel) =>
  JSON.parse(channel.request(target, message, 1_700_000_000_000).body) as Record<string, unknown>;

describe.each([
  ['DingTalk', () => (bodyOf(dingtalkChannel).markdown as { text: string }).text],
  ['WeCom', () => (bodyOf(wecomChannel).markdown as { content: string }).content],
])('%s markdown with hostile names', (_vendor, markdownOf) => {
  const text = markdownOf();
  const lines = text.split('\n');

  it('has one link, ours, and no image', () => {
    expect(text.match(/\]\(/g)).toHaveLength(1);
    expect(text.match(/\[/g)).toHaveLength(1);
    expect(text).toContain(`](${OUR_LINK})`);
  });

  it('has no emphasis, code, HTML or mention markup from the names', () => {
    // The last line is our link.
    const withoutOurMarks = lines.slice(0, -1).map((line) => line.replace(/^(#+ |- |> )/, ''));
    for (const line of withoutOurMarks) expect(line).not.toMatch(/[*_~`<>]/);
    // Our own markup (the heading and the list or quote marks) is at the line starts only.
    expect(lines.slice(1).every((line) => !line.startsWith('#'))).toBe(true);
  });

  it('keeps each name on its own line, readable', () => {
    expect(lines).toHaveLength(1 + message.lines.length + (text.includes('\n\n') ? 2 : 1));
    expect(text).toContain('click me');
    expect(text).toContain('my');
    expect(text).toContain('app:1.0');
    expect(text).toContain('a & b');
  });
});

describe('Slack mrkdwn with hostile names', () => {
  const body = bodyOf(slackChannel) as unknown as {
    text: string;
    blocks: { text: { text: string } }[];
  };
  const texts = [body.text, body.blocks[0]?.text.text ?? ''];

  it('escapes &, < and >, so that the only link and no mention is ours', () => {
    for (const text of texts) {
      expect(text.match(/</g)).toHaveLength(1);
      expect(text).toContain(`<${OUR_LINK.replace(/&/g, '&amp;')}|`);
      expect(text).toContain('&lt;@all&gt; &lt;!channel&gt;');
      expect(text).toContain('a &amp; b');
    }
  });
});

describe('Feishu post with hostile names', () => {
  const body = bodyOf(feishuChannel) as unknown as {
    content: { post: { en_us: { title: string; content: { tag: string; href?: string }[][] } } };
  };
  const post = body.content.post.en_us;

  it('puts names in text elements (never parsed as markup) and links only to ours', () => {
    const elements = post.content.flat();
    expect(elements.filter((element) => element.tag === 'a')).toEqual([
      expect.objectContaining({ href: OUR_LINK }),
    ]);
    expect(elements.every((element) => element.tag === 'text' || element.tag === 'a')).toBe(true);
    expect(post.title).toBe(message.title);
  });
});
