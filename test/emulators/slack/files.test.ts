import { describe, expect, it } from 'vitest';
import { sharedEmulator, slackError } from './helpers.js';

// The first bytes of a PNG, enough to tell binary handling apart from text handling.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80]);

const ctx = sharedEmulator();

describe('external upload flow', () => {
  it('uploads raw bytes and shares the file into a thread', async () => {
    const parent = await ctx.client.chat.postMessage({ channel: 'C0ALERTS', text: 'ALARM cpu' });
    const { upload_url, file_id } = await ctx.client.files.getUploadURLExternal({
      filename: 'cpu.png',
      length: PNG.length,
      alt_text: 'CPU graph',
    });
    expect(upload_url).toBe(`${ctx.slack.url}/upload/${file_id}`);
    expect(file_id).toMatch(/^F/);

    const upload = await fetch(upload_url!, { method: 'POST', body: PNG });
    expect(upload.status).toBe(200);
    expect(await upload.text()).toBe(`OK - ${PNG.length}`);

    const completed = await ctx.client.files.completeUploadExternal({
      files: [{ id: file_id!, title: 'CPU last hour' }],
      channel_id: 'C0ALERTS',
      thread_ts: parent.ts!,
      initial_comment: 'graph',
    });
    expect(completed.files?.[0]).toMatchObject({
      id: file_id,
      title: 'CPU last hour',
      mimetype: 'image/png',
    });

    const [, reply] = ctx.slack.thread('C0ALERTS', parent.ts!);
    expect(reply).toMatchObject({ text: 'graph', upload: true, user: ctx.slack.bot.userId });
    expect(reply?.files?.[0]).toMatchObject({
      id: file_id,
      name: 'cpu.png',
      size: PNG.length,
      alt_txt: 'CPU graph',
    });
    expect(ctx.slack.uploadedFile(file_id!)?.bytes?.equals(PNG)).toBe(true);

    const download = await fetch(`${ctx.slack.url}/files/${file_id}`);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('works with WebClient.filesUploadV2 (multipart upload)', async () => {
    const parent = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'status' });
    const result = await ctx.client.filesUploadV2({
      channel_id: 'C0OPS',
      thread_ts: parent.ts!,
      file: PNG,
      filename: 'status.png',
      title: 'Status',
    });
    expect(result.ok).toBe(true);
    const reply = ctx.slack.thread('C0OPS', parent.ts!)[1];
    const fileId = reply?.files?.[0]?.id;
    expect(reply?.files?.[0]).toMatchObject({ title: 'Status', name: 'status.png' });
    expect(ctx.slack.uploadedFile(fileId!)?.bytes?.equals(PNG)).toBe(true);
  });

  it('keeps an upload private when no channel is given', async () => {
    const { upload_url, file_id } = await ctx.client.files.getUploadURLExternal({
      filename: 'notes.txt',
      length: 5,
    });
    await fetch(upload_url!, { method: 'POST', body: 'hello' });
    const before = ctx.slack.calls.length;
    const result = await ctx.client.files.completeUploadExternal({ files: [{ id: file_id! }] });
    expect(result.files?.[0]).toMatchObject({ id: file_id, title: 'notes.txt', mimetype: 'text/plain' });
    expect(ctx.slack.calls.slice(before).map((c) => c.method)).toEqual(['files.completeUploadExternal']);
    expect(ctx.slack.uploadedFile(file_id!)?.bytes?.toString()).toBe('hello');
  });
});

describe('upload errors', () => {
  it('answers the documented errors', async () => {
    expect(await slackError(ctx.client.apiCall('files.getUploadURLExternal', { length: 3 }))).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: filename [json-pointer:/filename]'] },
    });
    expect(
      await slackError(ctx.client.files.getUploadURLExternal({ filename: 'a.txt', length: 0 })),
    ).toMatchObject({
      error: 'missing_argument',
    });
    expect(
      await slackError(
        ctx.client.files.getUploadURLExternal({ filename: 'a.png', length: 3, alt_text: 'a'.repeat(1001) }),
      ),
    ).toMatchObject({ error: 'alt_txt_too_large' });
  });

  it('refuses to complete files that were never uploaded, unknown ones, or twice', async () => {
    const { file_id, upload_url } = await ctx.client.files.getUploadURLExternal({
      filename: 'a.txt',
      length: 3,
    });
    expect(
      await slackError(ctx.client.files.completeUploadExternal({ files: [{ id: file_id! }] })),
    ).toMatchObject({
      error: 'file_not_found',
    });
    await fetch(upload_url!, { method: 'POST', body: 'abc' });
    expect(
      await slackError(
        ctx.client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: 'C0NOPE' }),
      ),
    ).toMatchObject({ error: 'channel_not_found' });
    await ctx.client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: 'C0OPS' });
    expect(
      await slackError(ctx.client.files.completeUploadExternal({ files: [{ id: file_id! }] })),
    ).toMatchObject({
      error: 'file_not_found',
    });
    expect(
      await slackError(ctx.client.files.completeUploadExternal({ files: [{ id: 'F0NOPE' }] })),
    ).toMatchObject({
      error: 'file_not_found',
    });
    expect(
      await slackError(ctx.client.apiCall('files.completeUploadExternal', { files: 'not json' })),
    ).toMatchObject({
      error: 'invalid_arguments',
    });
  });

  it('answers 404 for an upload URL that does not exist', async () => {
    const res = await fetch(`${ctx.slack.url}/upload/F0NOPE`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(404);
  });
});
