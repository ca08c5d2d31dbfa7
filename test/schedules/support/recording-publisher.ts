import type { Message } from '../../../src/commands/message.js';
import type { PostedRef, Publisher } from '../../../src/ports/publisher.js';

export interface Posted {
  ref: PostedRef;
  message: Message;
  parent?: PostedRef;
  /** Every later version (chat.update). */
  edits: Message[];
}

/** A Publisher that keeps what it was asked to post, for assertions on the domain's messages. */
export class RecordingPublisher implements Publisher {
  readonly posts: Posted[] = [];
  private seq = 0;

  async post(channel: string, message: Message): Promise<PostedRef> {
    const ref = { channel, ts: `${++this.seq}.000100` };
    this.posts.push({ ref, message, edits: [] });
    return ref;
  }

  async update(ref: PostedRef, message: Message): Promise<void> {
    const posted = this.posts.find((p) => p.ref.ts === ref.ts);
    if (!posted) throw new Error(`update of a message never posted: ${ref.ts}`);
    posted.edits.push(message);
  }

  async postInThread(parent: PostedRef, message: Message): Promise<PostedRef> {
    const ref = { channel: parent.channel, ts: `${++this.seq}.000100` };
    this.posts.push({ ref, message, parent, edits: [] });
    return ref;
  }

  async upload(): Promise<void> {}
  async publishHome(): Promise<void> {}
  async permalink(ref: PostedRef): Promise<string> {
    return `https://slack.test/archives/${ref.channel}/p${ref.ts.replace('.', '')}`;
  }

  titles(): string[] {
    return this.posts.map((p) => p.message.title ?? '');
  }

  /** The newest version of every message, as text. */
  latest(): string[] {
    return this.posts.map((p) => JSON.stringify(p.edits.at(-1) ?? p.message));
  }
}
