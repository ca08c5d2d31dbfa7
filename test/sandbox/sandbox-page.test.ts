import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodePng, Raster } from '../../sandbox/emulators/aws/png.js';
import { type Sandbox, startSandbox } from '../../sandbox/start-sandbox.js';
import { ManualTicker } from '../../src/schedules/ticker.js';
import { packageFile } from '../../src/util/package-root.js';

/**
 * The sandbox as a person uses it: the whole thing (emulators, the real bot, the web page) in
 * Debian's Chromium driven by playwright-core. One page, one story, step by step.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT = { timeout: 10_000 };

let sandbox: Sandbox | undefined;
let browser: Browser | undefined;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run \`bash scripts/ensure-chromium.sh\` (or set CHROMIUM_PATH).`,
    );
  }
  [sandbox, browser] = await Promise.all([
    startSandbox({ port: 0, speed: 600, ticker: new ManualTicker() }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  // Mrkdwn escaping must hold in the real page too: a script alert would open a dialog.
  page.on('dialog', (dialog) => {
    consoleErrors.push(`unexpected ${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => undefined);
  });
  await page.goto(sandbox.url);
});

// A failed step leaves a picture of the page behind, for CI logs and for whoever debugs it.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !page) return;
  await mkdir(packageFile('test/.artifacts'), { recursive: true });
  const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  await page
    .screenshot({ path: packageFile(`test/.artifacts/sandbox-failed-${name}.png`) })
    .catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

const timeline = () => page.getByRole('log', { name: 'Messages', exact: true });
const messageWith = (text: string | RegExp): Locator =>
  timeline().getByRole('article').filter({ hasText: text });

async function openChannel(name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Channels' })
    .getByRole('button', { name: `# ${name}`, exact: true })
    .click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`# ${name}`);
}

async function type(text: string): Promise<void> {
  const box = page.getByLabel('Message #infra');
  await box.fill(text);
  await box.press('Enter');
}

describe('the sandbox page', () => {
  it('shows the workspace: channels, the demo people with their roles, and the World', async () => {
    const picker = page.getByLabel('Acting as');
    await expect
      .poll(() => picker.locator('option').allTextContents(), WAIT)
      .toEqual(['ada — admin', 'olive — operator', 'max — platform group', 'vic — viewer']);
    await picker.selectOption({ label: 'ada — admin' });
    await page
      .getByRole('navigation', { name: 'Channels' })
      .getByRole('button', { name: '# infra', exact: true })
      .click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('# infra');
    await page.getByRole('button', { name: 'Fire alarm dev-api-cpu-high' }).waitFor(WAIT);
    expect(await page.getByRole('region', { name: 'ECS services' }).textContent()).toContain('dev/api');
  });

  it('runs /infra help and renders the list of commands', async () => {
    await type('/infra help');
    const help = messageWith('infrabot commands');
    await help.waitFor(WAIT);
    await expect.poll(() => help.getByRole('heading', { name: 'infrabot commands' }).count()).toBe(1);
    const commands = await help.locator('code').allTextContents();
    expect(commands).toEqual(expect.arrayContaining(['/infra status [env]', '/infra whoami']));
    expect(commands.length).toBeGreaterThanOrEqual(5);
    expect(await help.textContent()).toContain('Only visible to you');
  });

  it('runs /infra whoami as the selected user', async () => {
    await type('/infra whoami');
    const answer = messageWith(/is admin/);
    await answer.waitFor(WAIT);
    expect(await answer.locator('.mention').textContent()).toBe('@ada');
  });

  it('answers a typo with "Did you mean"', async () => {
    await type('/infra hlep');
    const answer = messageWith('Did you mean');
    await answer.waitFor(WAIT);
    expect(await answer.locator('code').allTextContents()).toEqual(['hlep', 'help']);
  });

  it('fires an alarm from the World panel: its event goes to the queue and the bot opens a thread in #alerts', async () => {
    await page.getByRole('button', { name: 'Fire alarm dev-api-cpu-high' }).click();
    await page.getByLabel('dev-api-cpu-high is ALARM').waitFor(WAIT);
    await page
      .getByRole('list', { name: 'Recent alarm events' })
      .getByText('dev-api-cpu-high OK → ALARM ⇒ infrabot-alarms')
      .waitFor(WAIT);
    const parent = () =>
      sandbox!.slack.channelHistory('C0ALERTS').find((m) => m.text.startsWith('🔴 ALARM  dev-api-cpu-high'));
    await expect.poll(() => parent() !== undefined, WAIT).toBe(true);
    // The bot deletes the message once Slack shows it.
    await expect
      .poll(async () => Number(await page.getByTestId('queue-depth-infrabot-alarms').textContent()), WAIT)
      .toBe(0);

    await page.getByRole('button', { name: 'Resolve alarm dev-api-cpu-high' }).click();
    const ts = parent()!.ts;
    await expect
      .poll(
        () => sandbox!.slack.message('C0ALERTS', ts)?.text.startsWith('🟢 RESOLVED  dev-api-cpu-high'),
        WAIT,
      )
      .toBe(true);
  });

  it('fires an alarm storm that the bot groups into one thread per environment', async () => {
    await page.getByRole('button', { name: 'Fire an alarm storm' }).click();
    const grouped = (env: string) =>
      sandbox!.slack.channelHistory('C0ALERTS').some((m) => m.text.startsWith(`🔴 ALARM  ${env} · `));
    await expect.poll(() => grouped('dev') && grouped('staging'), WAIT).toBe(true);
  });

  it('asks before a click on a button with a confirm object, and sends nothing on "no"', async () => {
    const posted = await sandbox!.bot.slack.app.client.chat.postMessage({
      channel: 'C0INFRA',
      text: 'Check your role',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Not sure what you may do here?' } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'infrabot.run.0',
              text: { type: 'plain_text', text: 'Check my role' },
              value: 'whoami',
              confirm: {
                title: { type: 'plain_text', text: 'Check your role?' },
                text: { type: 'mrkdwn', text: 'This runs `/infra whoami` as *you*.' },
                confirm: { type: 'plain_text', text: 'Run it' },
                deny: { type: 'plain_text', text: 'Not now' },
              },
            },
          ],
        },
      ],
    });
    const question = messageWith('Not sure what you may do here?');
    await question.waitFor(WAIT);
    const answers = messageWith(/is admin/);
    const answersBefore = await answers.count();
    const responsesBefore = sandbox!.slack.responses.length;

    await question.getByRole('button', { name: 'Check my role' }).click();
    const dialog = page.getByRole('dialog', { name: 'Check your role?' });
    await dialog.waitFor(WAIT);
    expect(await dialog.locator('code').textContent()).toBe('/infra whoami');
    await dialog.getByRole('button', { name: 'Not now' }).click();
    await dialog.waitFor({ state: 'detached' });

    await question.getByRole('button', { name: 'Check my role' }).click();
    await dialog.getByRole('button', { name: 'Run it' }).click();
    // The button ran `whoami` as ada; its private answer comes back through the response_url.
    await expect.poll(() => answers.count(), WAIT).toBe(answersBefore + 1);
    // Exactly one answer: the click that was denied never reached the bot.
    expect(sandbox!.slack.responses.length - responsesBefore).toBe(1);
    expect(posted.ok).toBe(true);
  });

  it('opens threads, shows uploaded PNGs inline and people’s hostile text as text', async () => {
    const parent = sandbox!.slack.postUserMessage({
      userId: 'U0OPERATOR',
      channel: 'C0RANDOM',
      text: 'Is dev down? <img src=x onerror=alert(1)> <script>alert(2)</script> <javascript:alert(3)|click>',
    });
    sandbox!.slack.postUserMessage({
      userId: 'U0ADMIN',
      channel: 'C0RANDOM',
      text: 'Stopped on purpose',
      threadTs: parent.ts,
    });
    const graph = new Raster(240, 100, [250, 250, 250]);
    graph.fillRect(10, 40, 220, 20, [224, 30, 90]);
    await sandbox!.bot.slack.app.client.filesUploadV2({
      channel_id: 'C0RANDOM',
      thread_ts: parent.ts,
      file: encodePng(graph),
      filename: 'dev-api-cpu.png',
      title: 'dev/api CPU',
    });
    await openChannel('random');
    const message = messageWith('Is dev down?');
    await message.getByRole('button', { name: '2 replies' }).click(WAIT);
    expect(await message.textContent()).toContain(
      '<img src=x onerror=alert(1)> <script>alert(2)</script> click',
    );
    expect(await message.locator('img, script, a').count()).toBe(0);

    const thread = page.getByRole('log', { name: 'Thread messages' });
    await thread.getByText('Stopped on purpose').waitFor(WAIT);
    const image = thread.getByRole('img', { name: 'dev/api CPU' });
    await expect
      .poll(() => image.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth), WAIT)
      .toBe(240);
    await page.getByRole('button', { name: 'Close thread' }).click();
    await openChannel('infra');
  });

  it('stops dev: Cancel removes the confirmation, "Yes, go ahead" edits it into progress and a summary', {
    timeout: 60_000,
  }, async () => {
    await type('/infra stop dev');
    let confirmation = messageWith('Stop dev').filter({
      has: page.getByRole('button', { name: 'Yes, go ahead' }),
    });
    await confirmation.waitFor(WAIT);
    await confirmation.getByRole('button', { name: 'Cancel' }).click();
    await confirmation.waitFor({ state: 'detached', ...WAIT });

    await type('/infra stop dev');
    confirmation = messageWith('Stop dev').filter({
      has: page.getByRole('button', { name: 'Yes, go ahead' }),
    });
    await confirmation.waitFor(WAIT);
    await confirmation.getByRole('button', { name: 'Yes, go ahead' }).click();
    // Progress arrives as edits of one message, pushed over SSE: no reload.
    const summary = messageWith(/dev stopped/);
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.locator('.edited').count()).toBe(1);
    expect(await summary.textContent()).toContain('ecs dev/api');
    await page
      .getByRole('region', { name: 'ECS services' })
      .locator('.world-row', { hasText: 'dev/api' })
      .getByText('0 / 0')
      .waitFor(WAIT);
  });

  it('stopping the demo dev really stops its database', { timeout: 30_000 }, async () => {
    await page
      .getByRole('region', { name: 'RDS databases' })
      .locator('.world-row', { hasText: 'dev-db' })
      .filter({ hasNotText: 'replica' })
      .getByText('stopped', { exact: true })
      .waitFor({ timeout: 20_000 });
  });

  it('renders a channel link inline in the text, not as a block', async () => {
    await type('/infra audit 3');
    const trail = messageWith('Audit trail');
    await trail.waitFor(WAIT);
    const link = trail.locator('.mention-channel').first();
    await link.waitFor(WAIT);
    expect(await link.textContent()).toBe('#infra');
    // No DOM types in this project: the page's own getComputedStyle, reached through globalThis.
    const display = await link.evaluate(
      (el) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(el)
          .display,
    );
    expect(display).toBe('inline');
    // Inline: far narrower than the message, on a line with other words.
    const [linkBox, messageBox] = await Promise.all([link.boundingBox(), trail.boundingBox()]);
    expect(linkBox!.width).toBeLessThan(messageBox!.width / 4);
    expect(linkBox!.height).toBeLessThan(30);
  });

  it('explains the World panel’s fast clock', async () => {
    const note = page.locator('.world-clock-note');
    await expect.poll(() => note.textContent(), WAIT).toContain('AWS time runs ×600');
    expect(await note.textContent()).toContain('every real second is 10 simulated minutes');
    expect(await page.locator('.world-clock').getAttribute('title')).toContain('×600');
  });

  it('opens App Home from the sidebar, as the person selected, and goes back to the channel', async () => {
    await page
      .getByRole('navigation', { name: 'Apps' })
      .getByRole('button', { name: 'infrabot · Home' })
      .click();
    const home = page.getByRole('main', { name: 'App Home' });
    await expect.poll(() => home.textContent(), WAIT).toContain('Environments:');
    expect(await home.textContent()).toContain('is admin');
    expect(await page.getByRole('main', { name: 'Channel' }).isHidden()).toBe(true);
    await page.screenshot({ path: packageFile('test/.artifacts/sandbox-app-home.png') });
    await openChannel('infra');
    expect(await home.isHidden()).toBe(true);
  });

  it('logged no console errors, and leaves a screenshot for the README', async () => {
    await timeline().evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    // Off the messages, so no hover toolbar shows in the picture, and no passing notice either.
    await page.mouse.move(5, 790);
    await page
      .locator('.notice')
      .last()
      .waitFor({ state: 'detached', ...WAIT });
    await mkdir(packageFile('docs'), { recursive: true });
    await mkdir(packageFile('test/.artifacts'), { recursive: true });
    // The README's picture is refreshed on request only, so a test run leaves the work tree clean.
    const shot = await page.screenshot({ path: packageFile('test/.artifacts/sandbox.png') });
    if (process.env.UPDATE_SCREENSHOT === '1') await writeFile(packageFile('docs/sandbox.png'), shot);
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    expect(consoleErrors).toEqual([]);
  });
});
