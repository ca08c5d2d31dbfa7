import type { IdGenerator } from './ids.js';
import type { Clock, SlackFileInfo, TeamInfo, WorkspaceChange } from './types.js';
import type { BotIdentity } from './workspace.js';

/** Files of the external upload flow: created by files.getUploadURLExternal, filled by the upload URL. */

export interface StoredFile {
  info: SlackFileInfo;
  bytes: Buffer | undefined;
  completed: boolean;
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  constructor(
    private readonly team: TeamInfo,
    private readonly bot: BotIdentity,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly emit: (change: WorkspaceChange) => void,
  ) {}

  createFile(args: {
    name: string;
    length: number;
    altText?: string;
    fileUrl: (id: string) => string;
  }): StoredFile {
    const id = this.ids.next('F');
    const now = Math.floor(this.clock() / 1000);
    const extension = args.name.includes('.') ? args.name.split('.').pop()!.toLowerCase() : '';
    const info: SlackFileInfo = {
      id,
      created: now,
      timestamp: now,
      name: args.name,
      title: args.name,
      mimetype: mimeTypeFor(extension),
      filetype: extension || 'binary',
      pretty_type: extension ? extension.toUpperCase() : 'Binary',
      user: this.bot.userId,
      size: args.length,
      url_private: args.fileUrl(id),
      url_private_download: `${args.fileUrl(id)}?download=1`,
      permalink: `https://${this.team.domain}.slack.com/files/${this.bot.userId}/${id}/${args.name}`,
      is_external: false,
    };
    if (args.altText) info.alt_txt = args.altText;
    const file: StoredFile = { info, bytes: undefined, completed: false };
    this.files.set(id, file);
    return file;
  }

  file(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  allFiles(): StoredFile[] {
    return [...this.files.values()];
  }

  storeUpload(id: string, bytes: Buffer): boolean {
    const file = this.files.get(id);
    if (!file || file.completed) return false;
    file.bytes = bytes;
    file.info.size = bytes.length;
    this.emit({ kind: 'file.uploaded', fileId: id });
    return true;
  }
}

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  log: 'text/plain',
  json: 'application/json',
  csv: 'text/csv',
  pdf: 'application/pdf',
  md: 'text/markdown',
};

function mimeTypeFor(extension: string): string {
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}
