import fs from 'node:fs';
import path from 'node:path';
import { tsToMs } from '../core/events';

/**
 * A standard Slack workspace export, unzipped: users.json, channels.json (and groups.json, dms.json,
 * mpims.json where present), and one folder per conversation with one JSON file per day. Day files
 * are read one at a time (memory stays bounded by the largest day); a malformed file is reported
 * through `onWarning` with its path and skipped.
 */
export interface ExportUser {
  id: string;
  name?: string;
  team_id?: string;
  is_bot?: boolean;
  deleted?: boolean;
  /** Guests (multi-channel / single-channel) of the exporting workspace: clients, not team. */
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  /** Slack's mark for a person of another workspace (never set on the exporting workspace's own people). */
  is_stranger?: boolean;
}

export interface ExportChannel {
  id: string;
  name: string;
  /** Folder name inside the export (channels by name, DMs/MPIMs by id or name). */
  folder: string;
  kind: 'channel' | 'group' | 'im' | 'mpim';
  isShared: boolean;
  members?: string[];
  /** The workspace the conversation was read from (API-based exports keep it; Slack's own export does not). */
  contextTeamId?: string;
}

/** First and last message of the whole export (epoch ms). */
export interface ExportSpan {
  first: number;
  last: number;
}

export interface ExportMessage {
  type?: string;
  subtype?: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  user_team?: string;
  source_team?: string;
  team?: string;
  bot_id?: string;
  text?: string;
  hidden?: boolean;
  /** Reactions as exports keep them: who, not when. */
  reactions?: Array<{ name?: string; users?: string[] }>;
  files?: unknown[];
}

export class SlackExport {
  private conversations: ExportChannel[] | undefined;

  constructor(readonly dir: string, private readonly onWarning: (msg: string) => void = () => undefined) {}

  private readJson<T>(file: string, fallback: T): T {
    const p = path.join(this.dir, file);
    if (!fs.existsSync(p)) return fallback;
    try {
      return JSON.parse(fs.readFileSync(p, 'utf8')) as T;
    } catch (e) {
      this.onWarning(`${p}: ${(e as Error).message}; skipped`);
      return fallback;
    }
  }

  users(): ExportUser[] {
    return this.readJson<ExportUser[]>('users.json', []);
  }

  /** Read once: the CLI and the replay both ask, and a folder nobody claims is worth one warning, not two. */
  channels(): ExportChannel[] {
    return (this.conversations ??= this.readChannels());
  }

  private readChannels(): ExportChannel[] {
    type Raw = { id: string; name?: string; is_ext_shared?: boolean; is_shared?: boolean; members?: string[]; context_team_id?: string };
    const out: ExportChannel[] = [];
    const add = (file: string, kind: ExportChannel['kind']) => {
      for (const c of this.readJson<Raw[]>(file, [])) {
        const folder = [c.name, c.id].find((f) => f && fs.existsSync(path.join(this.dir, f)));
        if (!folder) continue;
        out.push({ id: c.id, name: c.name ?? c.id, folder, kind, isShared: Boolean(c.is_ext_shared || c.is_shared), members: c.members, contextTeamId: c.context_team_id });
      }
    };
    add('channels.json', 'channel');
    add('groups.json', 'group');
    add('dms.json', 'im');
    add('mpims.json', 'mpim');
    // A folder no conversation claims is history the audit would silently miss (a renamed channel,
    // a name mangled by the archiver): say so.
    const claimed = new Set(out.map((c) => c.folder));
    for (const entry of fs.readdirSync(this.dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !claimed.has(entry.name)) this.onWarning(`${path.join(this.dir, entry.name)}: no conversation in channels.json, groups.json, dms.json or mpims.json has this name; skipped`);
    }
    return out;
  }

  /** The conversation's day files in date order. */
  dayFiles(c: ExportChannel): string[] {
    const dir = path.join(this.dir, c.folder);
    return fs
      .readdirSync(dir)
      .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
      .sort()
      .map((f) => path.join(dir, f));
  }

  /** Messages of one day file, oldest first; [] (and a warning) when the file is malformed. */
  readDay(file: string): ExportMessage[] {
    try {
      const { messages, dropped } = parseDay(file);
      if (dropped) this.onWarning(`${file}: ${dropped} entries without a ts; skipped`);
      return messages;
    } catch (e) {
      this.onWarning(`${file}: ${(e as Error).message}; skipped`);
      return [];
    }
  }

  /**
   * The first and last message over every conversation, undefined when there is none. Any entry
   * with a ts counts (a join at 18:00 shows the export reaches 18:00). Only each conversation's
   * first and last readable day files are read, quietly: the replay reports malformed files.
   */
  span(): ExportSpan | undefined {
    let first = Infinity;
    let last = -Infinity;
    for (const c of this.channels()) {
      const files = this.dayFiles(c);
      first = Math.min(first, firstFound(files, Math.min) ?? Infinity);
      last = Math.max(last, firstFound([...files].reverse(), Math.max) ?? -Infinity);
    }
    return first <= last ? { first, last } : undefined;
  }
}

/** A day file's messages, oldest first, and how many entries had no ts; throws when it is not a JSON array. */
function parseDay(file: string): { messages: ExportMessage[]; dropped: number } {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(data)) throw new Error('not a JSON array');
  const messages = (data as ExportMessage[]).filter((m) => m && typeof m === 'object' && typeof m.ts === 'string');
  return { messages: messages.sort((a, b) => Number(a.ts) - Number(b.ts)), dropped: data.length - messages.length };
}

/** The earliest or latest (`pick`) message time of the first file in `files` that has any; undefined when none has. */
function firstFound(files: string[], pick: (a: number, b: number) => number): number | undefined {
  for (const file of files) {
    let times: number[];
    try {
      times = parseDay(file).messages.map((m) => tsToMs(m.ts)).filter(Number.isFinite);
    } catch {
      continue;
    }
    // reduce, not pick(...times): a busy day can hold more entries than a call takes arguments.
    if (times.length) return times.reduce((a, b) => pick(a, b));
  }
  return undefined;
}
