import { botMessageFields } from '../../bot-message.js';
import type { StoredFile } from '../../file-store.js';
import { isSlackTs } from '../../ids.js';
import { readMessageContent } from '../../message-content.js';
import type { Block, SlackFileInfo } from '../../types.js';
import { fail, invalidArguments, type MethodHandler, missingArgument } from '../method.js';

/**
 * The external upload flow (the only one Slack still serves):
 * files.getUploadURLExternal → POST bytes to `upload_url` → files.completeUploadExternal,
 * which shares the file into a channel or thread as a message.
 */

const MAX_ALT_TEXT = 1000;

const getUploadUrl: MethodHandler = (params, core) => {
  const filename = params.string('filename');
  if (!filename) return missingArgument('filename');
  const length = params.int('length');
  if (length === undefined) return missingArgument('length');
  if (Number.isNaN(length) || length < 0)
    return invalidArguments(['must be a positive integer [json-pointer:/length]']);
  // Slack documents `missing_argument` as what a zero `length` gets.
  if (length === 0) return fail('missing_argument');
  const altText = params.string('alt_txt') ?? params.string('alt_text');
  if (altText && altText.length > MAX_ALT_TEXT) return fail('alt_txt_too_large');
  const file = core.workspace.files.createFile({
    name: filename,
    length,
    altText,
    fileUrl: (id) => `${core.baseUrl()}/files/${id}`,
  });
  return { ok: true, upload_url: `${core.baseUrl()}/upload/${file.info.id}`, file_id: file.info.id };
};

interface FileRef {
  id: string;
  title?: string;
}

function readFileRefs(value: unknown): FileRef[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const refs: FileRef[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null || typeof (item as FileRef).id !== 'string')
      return undefined;
    const ref = item as FileRef;
    refs.push({ id: ref.id, title: typeof ref.title === 'string' ? ref.title : undefined });
  }
  return refs;
}

const completeUpload: MethodHandler = (params, core) => {
  if (!params.has('files')) return missingArgument('files');
  const decoded = params.json('files');
  const refs = decoded.ok ? readFileRefs(decoded.value) : undefined;
  if (!refs) return invalidArguments(['must be an array of {id, title} objects [json-pointer:/files]']);

  const stored: StoredFile[] = [];
  for (const ref of refs) {
    const file = core.workspace.files.file(ref.id);
    // Slack only knows a file once its bytes arrived at the upload URL.
    if (!file || file.completed || file.bytes === undefined) return fail('file_not_found');
    stored.push(file);
  }

  const channelRef = params.string('channel_id') ?? params.string('channels')?.split(',')[0]?.trim();
  const channel = channelRef ? core.workspace.resolveChannel(channelRef) : undefined;
  if (channelRef && !channel) return fail('channel_not_found');
  if (channel && !channel.bot_is_member) return fail('not_in_channel');
  const threadTs = params.string('thread_ts');
  if (
    threadTs !== undefined &&
    (!channel || !isSlackTs(threadTs) || !core.workspace.message(channel.id, threadTs))
  ) {
    return fail('invalid_thread_ts');
  }

  let blocks: Block[] | undefined;
  if (!params.has('initial_comment') && params.has('blocks')) {
    const content = readMessageContent({ blocks: params.raw.blocks });
    if (!content.ok) return content;
    blocks = content.content.blocks;
  }

  refs.forEach((ref, i) => {
    const file = stored[i]!;
    file.completed = true;
    if (ref.title) file.info.title = ref.title;
  });
  const infos: SlackFileInfo[] = stored.map((f) => structuredClone(f.info));

  if (channel) {
    const fields = botMessageFields(core, { text: params.string('initial_comment') ?? '', blocks });
    fields.files = infos;
    fields.upload = true;
    const message = core.workspace.postMessage(channel.id, fields, { threadTs });
    for (const file of stored) {
      const share = {
        ts: message.ts,
        channel_name: channel.name,
        team_id: core.workspace.team.id,
        thread_ts: threadTs,
      };
      const scope = channel.is_private ? 'private' : 'public';
      file.info.shares = { [scope]: { [channel.id]: [share] } };
    }
  }
  return { ok: true, files: stored.map((f) => structuredClone(f.info)) };
};

export const filesMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};
