/**
 * The filters through the real `/sla report` command (signed slash command → Bolt app → answer via
 * response_url), in-memory store: the pure filter is tested in scope.test.ts; this checks the
 * wiring, above all that a waiting request belongs to the assistants of its channel.
 * World (test/helpers/app.ts): #client-acme is Sato's (team.yaml); #client-beta has Sato and Suzuki.
 */
import { sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ store: 'memory' });
});
afterAll(() => h.close());

async function report(text: string): Promise<string> {
  h.sim.clearCalls();
  const res = await h.sim.slashCommand({ command: '/sla', text, userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(res.status).toBe(200);
  const answer = await h.sim.waitForCall('response_url', undefined, 5000);
  return JSON.stringify(answer.args.blocks);
}

test('@assistant: their figures, and only the requests waiting in the channels they answer for', async () => {
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書を送ってください' });
  const q = await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: '見積もりはまだですか?' });
  await sleep(300);
  await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0SUZUKI', teamId: 'T0OURTEAM', threadTs: q, text: '本日中にお送りします' });
  await sleep(300);

  const suzuki = await report('report <@U0SUZUKI|suzuki>');
  expect(suzuki).toContain('*全体* — 1 件回答 · 未返信 0');
  expect(suzuki).toContain('<@U0SUZUKI>');
  // Sato's client in #client-acme is waiting, but not on Suzuki.
  expect(suzuki).not.toContain('<#C0ACME>');
  expect(suzuki).not.toContain('<@U0CLIENT>');

  const sato = await report('report <@U0SATO|sato> 1d');
  // Nothing answered, one waiting: 0% within the targets, not 100%; the wait is in the rule's clock (wall here).
  expect(sato).toMatch(/\*全体\* — 0 件回答 · 未返信 1 · 中央値 – · p90 – · 目標内 ≤2秒\/4秒\/6秒\(実時間\): 0%\/0%\/0% · 超過 \d/);
  expect(sato).toMatch(/<#C0ACME> <@U0CLIENT> 待ち \d+秒\(実時間\)/);
  expect(sato).not.toContain('<#C0BETA>');

  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', text: '本日中にお送りします' });
});
