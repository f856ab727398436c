import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signSlackRequest } from './signing';

/**
 * A local Slack: answers the Web API methods sla-bot calls with Slack's response and error shapes,
 * records every call, and sends correctly signed Events API requests to the bot. Used by the
 * end-to-end tests and by `npm run demo`. Shapes follow shared/slack-samples (real payload fields).
 */
export interface SimUser {
  id: string;
  name: string;
  realName?: string;
  teamId?: string;
  isBot?: boolean;
  deleted?: boolean;
  /** users.info answers user_not_found, like a Slack Connect user whose profile the app cannot read. */
  hidden?: boolean;
  /** A guest of our workspace (users.info is_restricted): our team id, yet a client. */
  isRestricted?: boolean;
}

export interface SimChannel {
  id: string;
  name: string;
  members: string[];
  isExtShared?: boolean;
  isPrivate?: boolean;
}

export interface SimMessage {
  type: 'message';
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  team?: string;
  subtype?: string;
  edited?: { user: string; ts: string };
  blocks?: unknown;
  /** chat.postMessage's metadata; returned by history/replies only with include_all_metadata, as Slack does. */
  metadata?: unknown;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** Real time of the call (ms). */
  at: number;
  /** Time on the simulator's (possibly virtual) clock. */
  virtualAt: number;
  ok: boolean;
  error?: string;
  status: number;
  response: Record<string, unknown>;
}

/**
 * status: answer with that HTTP status; delayMs: answer normally, late; error: ok:false with that code;
 * hangMs: hold the request that long, then drop the connection without doing anything (a timeout).
 */
export type Fault =
  | { status: 429; retryAfterSec: number }
  | { status: 500 | 502 | 503 }
  | { delayMs: number }
  | { error: string }
  | { hangMs: number }
  /** Do the work at once (a post is made), answer that late: a client with a shorter timeout never learns it worked. */
  | { answerLateMs: number };

export interface SimulatorOptions {
  signingSecret: string;
  botToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  echoBotMessages?: boolean;
  /** Clock for message ts (a demo may run a virtual clock). Signatures always use real time. */
  now?: () => number;
}

export interface SendOptions {
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
  signingSecretOverride?: string;
  timestampOverride?: number;
  rawBody?: string;
  endpoint?: string;
}

export interface SendResult {
  status: number;
  body: string;
  eventId: string;
  /** The exact body sent, for a replay. */
  sentBody: string;
  /** Its content type, so a replayed command or interaction stays form-encoded. */
  contentType?: string;
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

class SlackError extends Error {
  constructor(readonly code: string, readonly status = 200) {
    super(code);
  }
}

export class SlackSimulator {
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly calls: RecordedCall[] = [];
  /** Web API requests as they arrive, before any fault delay (calls records them as answered). */
  readonly arrivals: Array<{ method: string; at: number }> = [];
  apiUrl?: string;
  private readonly token: string;
  private readonly users = new Map<string, SimUser>();
  private readonly channels = new Map<string, SimChannel>();
  private readonly groups: Array<{ id: string; handle: string; users: string[] }> = [];
  private readonly history = new Map<string, SimMessage[]>();
  private readonly faults = new Map<string, Fault[]>();
  /** OAuth codes handed out by consent(): code → the user who consented (single use, as Slack's). */
  private readonly oauthCodes = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  private server?: http.Server;
  private endpoint?: string;
  private lastTs = 0;
  private readonly now: () => number;
  private readonly methods: Record<string, Handler>;

  constructor(private readonly o: SimulatorOptions) {
    this.token = o.botToken ?? 'xoxb-sim-token';
    this.teamId = o.teamId ?? 'T0OURTEAM';
    this.botUserId = o.botUserId ?? 'U0SLABOT';
    this.botId = o.botId ?? 'B0SLABOT';
    this.appId = o.appId ?? 'A0SLABOT';
    this.now = o.now ?? Date.now;
    this.methods = this.buildMethods();
  }

  // ---------------------------------------------------------------- world

  addUser(u: SimUser): void {
    this.users.set(u.id, { teamId: this.teamId, ...u });
  }

  addChannel(c: SimChannel): void {
    this.channels.set(c.id, { ...c, members: [...c.members] });
    if (!this.history.has(c.id)) this.history.set(c.id, []);
  }

  addUsergroup(g: { id: string; handle: string; users: string[] }): void {
    this.groups.push({ ...g, users: [...g.users] });
  }

  messages(channel: string): SimMessage[] {
    return [...(this.history.get(channel) ?? [])];
  }

  ephemerals(channel?: string): RecordedCall[] {
    return this.callsTo('chat.postEphemeral').filter((c) => c.ok && (!channel || c.args.channel === channel));
  }

  // ---------------------------------------------------------------- server

  async start(port = 0): Promise<{ apiUrl: string }> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const addr = this.server.address() as AddressInfo;
    this.apiUrl = `http://127.0.0.1:${addr.port}/api/`;
    return { apiUrl: this.apiUrl };
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  setBotEndpoint(url: string): void {
    this.endpoint = url;
  }

  failNext(method: string, n: number, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < n; i++) list.push(fault);
    this.faults.set(method, list);
  }

  /** Drop faults not yet used, so a test's leftovers do not hit the next one. */
  clearFaults(): void {
    this.faults.clear();
  }

  clearCalls(): void {
    this.calls.length = 0;
    this.arrivals.length = 0;
  }

  /** Resolves when a request for `method` has arrived (it may still be held by a delay fault). */
  async waitForArrival(method: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.arrivals.some((a) => a.method === method)) {
      if (Date.now() > deadline) throw new Error(`no ${method} request arrived within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first matching call, past or future; rejects with the recent calls on timeout. */
  waitForCall(method: string, predicate?: (c: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const find = () => this.calls.find((c) => c.method === method && (!predicate || predicate(c)));
    const hit = find();
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const check = () => {
        const c = find();
        if (c) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve(c);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const recent = this.calls.slice(-10).map((c) => `${c.method}(${c.ok ? 'ok' : c.error})`).join(', ');
        reject(new Error(`no ${method} call within ${timeoutMs} ms; recent calls: ${recent || 'none'}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const m = /^\/api\/([\w.]+)$/.exec(url.pathname);
    const raw = await readBody(req);
    if (req.method === 'POST' && url.pathname.startsWith('/api/upload/')) {
      // files.getUploadURLExternal hands out this URL; the file body is recorded, Slack answers "OK".
      this.calls.push({ method: 'file_upload', args: { file: url.pathname.slice('/api/upload/'.length), body: raw }, at: Date.now(), virtualAt: this.now(), ok: true, status: 200, response: {} });
      for (const w of [...this.waiters]) w();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      // A response_url (slash commands, buttons): Slack answers a plain "ok".
      let args: Record<string, unknown> = {};
      try {
        args = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        args = { raw };
      }
      this.calls.push({ method: 'response_url', args, at: Date.now(), virtualAt: this.now(), ok: true, status: 200, response: {} });
      for (const w of [...this.waiters]) w();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!m || req.method !== 'POST') {
      send(res, 404, { ok: false, error: 'unknown_method' });
      return;
    }
    const method = m[1];
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''), url);
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined);
    delete args.token;

    let status = 200;
    let response: Record<string, unknown>;
    const headers: Record<string, string> = {};
    this.arrivals.push({ method, at: Date.now() });
    const fault = this.faults.get(method)?.shift();
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'hangMs' in fault) {
      await new Promise((r) => setTimeout(r, fault.hangMs));
      this.calls.push({ method, args, at: Date.now(), virtualAt: this.now(), ok: false, error: 'dropped', status: 0, response: {} });
      req.socket.destroy();
      return;
    }
    if (fault && 'status' in fault && fault.status === 429) {
      status = 429;
      headers['retry-after'] = String(fault.retryAfterSec);
      response = { ok: false, error: 'ratelimited' };
    } else if (fault && 'status' in fault) {
      status = fault.status;
      response = { ok: false, error: 'internal_error' };
    } else if (fault && 'error' in fault) {
      response = { ok: false, error: fault.error };
    } else if (!token) {
      response = { ok: false, error: 'not_authed' };
    } else if (token !== this.token) {
      response = { ok: false, error: 'invalid_auth' };
    } else if (!this.methods[method]) {
      // Slack answers an unknown method with HTTP 200 and ok:false.
      response = { ok: false, error: 'unknown_method' };
    } else {
      try {
        response = { ok: true, ...this.methods[method](args) };
      } catch (e) {
        if (!(e instanceof SlackError)) throw e;
        status = e.status;
        response = { ok: false, error: e.code };
      }
    }
    if (!response.ok && !response.response_metadata) response.response_metadata = { messages: [] };
    if (fault && 'answerLateMs' in fault) await new Promise((r) => setTimeout(r, fault.answerLateMs));
    this.calls.push({ method, args, at: Date.now(), virtualAt: this.now(), ok: Boolean(response.ok), error: response.error as string | undefined, status, response });
    for (const w of [...this.waiters]) w();
    send(res, status, response, headers);
  }

  // ---------------------------------------------------------------- Web API

  private nextTs(): string {
    // Unique, increasing ts on the simulator's clock, as Slack's are.
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  private channelOf(args: Record<string, unknown>, key = 'channel'): SimChannel {
    const id = args[key];
    if (typeof id !== 'string' || !id) throw new SlackError('channel_not_found');
    const c = this.channels.get(id);
    if (!c) throw new SlackError('channel_not_found');
    return c;
  }

  private requireText(args: Record<string, unknown>): void {
    const hasText = typeof args.text === 'string' && args.text.length > 0;
    const hasBlocks = Array.isArray(args.blocks) && args.blocks.length > 0;
    const hasAttachments = Array.isArray(args.attachments) && args.attachments.length > 0;
    if (!hasText && !hasBlocks && !hasAttachments) throw new SlackError('no_text');
    if (hasText && (args.text as string).length > 40000) throw new SlackError('msg_too_long');
  }

  private botMember(c: SimChannel): void {
    if (!c.members.includes(this.botUserId)) throw new SlackError('not_in_channel');
  }

  private userJson(u: SimUser): Record<string, unknown> {
    return {
      id: u.id,
      team_id: u.teamId,
      name: u.name,
      deleted: Boolean(u.deleted),
      real_name: u.realName ?? u.name,
      tz: 'Asia/Tokyo',
      is_bot: Boolean(u.isBot),
      is_app_user: false,
      is_restricted: Boolean(u.isRestricted),
      is_stranger: u.teamId !== this.teamId,
      profile: { real_name: u.realName ?? u.name, display_name: u.name, team: u.teamId },
    };
  }

  private channelJson(c: SimChannel): Record<string, unknown> {
    return {
      id: c.id,
      name: c.name,
      is_channel: !c.isPrivate,
      is_group: Boolean(c.isPrivate),
      // The app's DMs (appDm) are the only D channels here.
      is_im: c.id.startsWith('D'),
      ...(c.id.startsWith('D') ? { user: c.members.find((m) => m !== this.botUserId) } : {}),
      is_mpim: false,
      is_private: Boolean(c.isPrivate),
      is_archived: false,
      is_shared: Boolean(c.isExtShared),
      is_ext_shared: Boolean(c.isExtShared),
      is_org_shared: false,
      is_member: c.members.includes(this.botUserId),
      context_team_id: this.teamId,
      num_members: c.members.length,
    };
  }

  private buildMethods(): Record<string, Handler> {
    return {
      'oauth.v2.access': (args) => {
        const consented = typeof args.code === 'string' ? this.oauthCodes.get(args.code) : undefined;
        if (consented) this.oauthCodes.delete(args.code as string);
        else if (args.code !== 'good-code') throw new SlackError('invalid_code');
        return { app_id: this.appId, authed_user: { id: String(consented ?? args.simulated_user ?? 'U0SATO'), scope: 'im:history,mpim:history', access_token: 'xoxp-sim-user', token_type: 'user' }, team: { id: this.teamId, name: 'Our Team' }, enterprise: null, is_enterprise_install: false };
      },
      'auth.test': () => ({
        url: 'https://sim.slack.com/',
        team: 'Our Team',
        user: 'sla-bot',
        team_id: this.teamId,
        user_id: this.botUserId,
        bot_id: this.botId,
        is_enterprise_install: false,
      }),
      'chat.postMessage': (args) => {
        // Posting to a user id opens the app's DM with that user, as Slack does.
        if (typeof args.channel === 'string' && /^[UW]/.test(args.channel)) args.channel = this.appDm(args.channel);
        const c = this.channelOf(args);
        this.botMember(c);
        this.requireText(args);
        const threadTs = args.thread_ts as string | undefined;
        if (threadTs && !this.history.get(c.id)!.some((m) => m.ts === threadTs)) throw new SlackError('thread_not_found');
        const msg: SimMessage = { type: 'message', ts: this.nextTs(), text: String(args.text ?? ''), user: this.botUserId, bot_id: this.botId, team: this.teamId };
        if (threadTs) msg.thread_ts = threadTs;
        if (args.blocks) msg.blocks = args.blocks;
        if (args.metadata) msg.metadata = args.metadata;
        this.history.get(c.id)!.push(msg);
        if (this.o.echoBotMessages !== false) this.echo(c.id, msg);
        return { channel: c.id, ts: msg.ts, message: { ...msg, app_id: this.appId } };
      },
      'chat.postEphemeral': (args) => {
        const c = this.channelOf(args);
        this.botMember(c);
        this.requireText(args);
        const user = args.user as string | undefined;
        if (!user || !this.users.has(user)) throw new SlackError('user_not_found');
        if (!c.members.includes(user)) throw new SlackError('user_not_in_channel');
        return { message_ts: this.nextTs() };
      },
      'chat.update': (args) => {
        const c = this.channelOf(args);
        this.requireText(args);
        const msg = this.history.get(c.id)!.find((m) => m.ts === args.ts);
        if (!msg) throw new SlackError('message_not_found');
        if (msg.bot_id !== this.botId) throw new SlackError('cant_update_message');
        msg.text = String(args.text ?? '');
        msg.edited = { user: this.botUserId, ts: this.nextTs() };
        return { channel: c.id, ts: msg.ts, text: msg.text, message: { ...msg } };
      },
      'chat.delete': (args) => {
        const c = this.channelOf(args);
        const list = this.history.get(c.id)!;
        const i = list.findIndex((m) => m.ts === args.ts);
        if (i < 0) throw new SlackError('message_not_found');
        if (list[i].bot_id !== this.botId) throw new SlackError('cant_delete_message');
        list.splice(i, 1);
        return { channel: c.id, ts: args.ts };
      },
      'chat.getPermalink': (args) => {
        const c = this.channelOf(args);
        const ts = args.message_ts as string | undefined;
        if (!ts || !this.history.get(c.id)!.some((m) => m.ts === ts)) throw new SlackError('message_not_found');
        return { channel: c.id, permalink: `https://sim.slack.com/archives/${c.id}/p${ts.replace('.', '')}` };
      },
      'chat.scheduleMessage': (args) => {
        const c = this.channelOf(args);
        this.requireText(args);
        const postAt = Number(args.post_at);
        if (!Number.isFinite(postAt) || postAt * 1000 <= this.now()) throw new SlackError('time_in_past');
        return { channel: c.id, scheduled_message_id: `Q${randomBytes(5).toString('hex').toUpperCase()}`, post_at: postAt, message: { text: args.text, type: 'message', bot_id: this.botId } };
      },
      'reactions.add': (args) => {
        const c = this.channelOf(args);
        const msg = this.history.get(c.id)!.find((m) => m.ts === args.timestamp);
        if (!msg) throw new SlackError('message_not_found');
        if (!args.name) throw new SlackError('invalid_name');
        if (!recordReaction(msg, String(args.name), this.botUserId)) throw new SlackError('already_reacted');
        return {};
      },
      'users.info': (args) => {
        const u = this.users.get(String(args.user ?? ''));
        if (!u || u.hidden) throw new SlackError('user_not_found');
        return { user: this.userJson(u) };
      },
      'conversations.info': (args) => ({ channel: this.channelJson(this.channelOf(args)) }),
      'conversations.members': (args) => {
        const c = this.channelOf(args);
        const limit = Math.max(1, Math.min(1000, Number(args.limit ?? 100)));
        const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString()) : 0;
        const page = c.members.slice(start, start + limit);
        const next = start + limit < c.members.length ? Buffer.from(String(start + limit)).toString('base64') : '';
        return { members: page, response_metadata: { next_cursor: next } };
      },
      'conversations.history': (args) => {
        const c = this.channelOf(args);
        const oldest = Number(args.oldest ?? 0);
        const top = this.history.get(c.id)!.filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && Number(m.ts) > oldest);
        return { messages: withMetadata([...top].reverse(), args), has_more: false, pin_count: 0, response_metadata: { next_cursor: '' } };
      },
      'conversations.replies': (args) => {
        const c = this.channelOf(args);
        const ts = String(args.ts ?? '');
        const list = this.history.get(c.id)!;
        const root = list.find((m) => m.ts === ts);
        if (!root) throw new SlackError('thread_not_found');
        return { messages: withMetadata([root, ...list.filter((m) => m.thread_ts === ts && m.ts !== ts)], args), has_more: false, response_metadata: { next_cursor: '' } };
      },
      'usergroups.list': (args) => ({
        usergroups: this.groups.map((g) => ({
          id: g.id,
          team_id: this.teamId,
          handle: g.handle,
          name: g.handle,
          is_usergroup: true,
          user_count: g.users.length,
          ...(args.include_users === true || args.include_users === 'true' ? { users: [...g.users] } : {}),
        })),
      }),
      'usergroups.users.list': (args) => {
        const g = this.groups.find((x) => x.id === args.usergroup);
        if (!g) throw new SlackError('no_such_subteam');
        return { users: [...g.users] };
      },
      'conversations.open': (args) => {
        // One user: the app's DM with them (Slack answers the same D id every time).
        const users = String(args.users ?? '').split(',').filter(Boolean);
        if (users.length === 0) throw new SlackError('users_list_not_supplied');
        if (users.length > 1) throw new SlackError('not_supported');
        if (!this.users.has(users[0])) throw new SlackError('user_not_found');
        const c = this.channels.get(this.appDm(users[0]))!;
        const full = args.return_im === true || args.return_im === 'true';
        return { no_op: true, already_open: true, channel: full ? this.channelJson(c) : { id: c.id } };
      },
      'views.publish': (args) => {
        if (!args.user_id) throw new SlackError('invalid_arguments');
        if (!args.view) throw new SlackError('invalid_arguments');
        return { view: { id: `V${randomBytes(4).toString('hex').toUpperCase()}`, ...(args.view as object) } };
      },
      'views.open': (args) => {
        if (!args.trigger_id || !args.view) throw new SlackError('invalid_arguments');
        return { view: { id: `V${randomBytes(4).toString('hex').toUpperCase()}`, ...(args.view as object) } };
      },
      'files.getUploadURLExternal': (args) => {
        if (!args.filename || !args.length) throw new SlackError('invalid_arguments');
        const id = `F${randomBytes(4).toString('hex').toUpperCase()}`;
        return { upload_url: `${this.apiUrl}upload/${id}`, file_id: id };
      },
      'files.completeUploadExternal': (args) => {
        const files = args.files as Array<{ id: string; title?: string }> | undefined;
        if (!Array.isArray(files) || files.length === 0) throw new SlackError('invalid_arguments');
        // Shared into a conversation: it must exist and the bot must be in it, as Slack requires.
        if (args.channel_id !== undefined) this.botMember(this.channelOf(args, 'channel_id'));
        return { files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      },
    };
  }

  /**
   * Write what the workspace holds as a standard Slack export folder (users.json, channels.json,
   * one folder per channel with one JSON file per day), for the offline audit.
   */
  exportTo(dir: string): void {
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    fs.mkdirSync(dir, { recursive: true });
    const users = [...this.users.values()].map((u) => ({ id: u.id, name: u.name, real_name: u.realName ?? u.name, team_id: u.teamId, is_bot: Boolean(u.isBot), deleted: Boolean(u.deleted), ...(u.isRestricted ? { is_restricted: true } : {}) }));
    users.push({ id: this.botUserId, name: 'sla-bot', real_name: 'sla-bot', team_id: this.teamId, is_bot: true, deleted: false });
    fs.writeFileSync(path.join(dir, 'users.json'), JSON.stringify(users, null, 1));
    const channels = [...this.channels.values()].filter((c) => !c.id.startsWith('D'));
    fs.writeFileSync(path.join(dir, 'channels.json'), JSON.stringify(channels.map((c) => ({ id: c.id, name: c.name, is_ext_shared: Boolean(c.isExtShared), members: c.members })), null, 1));
    for (const c of channels) {
      const byDay = new Map<string, SimMessage[]>();
      for (const m of this.history.get(c.id) ?? []) {
        const day = new Date(Number(m.ts) * 1000).toISOString().slice(0, 10);
        byDay.set(day, [...(byDay.get(day) ?? []), m]);
      }
      if (byDay.size === 0) continue;
      fs.mkdirSync(path.join(dir, c.name), { recursive: true });
      for (const [day, msgs] of byDay) {
        const out = msgs.map((m) => ({ ...m, user_team: m.team, ...(m.bot_id ? { subtype: m.subtype ?? 'bot_message' } : {}) }));
        fs.writeFileSync(path.join(dir, c.name, `${day}.json`), JSON.stringify(out, null, 1));
      }
    }
  }

  /** The app's DM channel with a user (created on first use). */
  appDm(user: string): string {
    if (!this.users.has(user)) throw new SlackError('channel_not_found');
    const id = `D${user.slice(1)}`;
    if (!this.channels.has(id)) this.addChannel({ id, name: user, members: [user, this.botUserId] });
    return id;
  }

  // ---------------------------------------------------------------- events to the bot

  /** A realistic `message` event; the message is also stored so history and permalinks work. */
  message(o: { channel: string; user: string; text: string; threadTs?: string; ts?: string; teamId?: string; botId?: string; subtype?: string }): Record<string, unknown> & { ts: string } {
    const ts = o.ts ?? this.nextTs();
    const team = o.teamId ?? this.users.get(o.user)?.teamId ?? this.teamId;
    const ev: Record<string, unknown> & { ts: string } = {
      type: 'message',
      channel: o.channel,
      user: o.user,
      text: o.text,
      ts,
      team,
      channel_type: o.channel.startsWith('D') ? 'im' : o.channel.startsWith('G') ? 'group' : 'channel',
      event_ts: ts,
      blocks: [{ type: 'rich_text', block_id: randomBytes(3).toString('hex'), elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: o.text }] }] }],
    };
    if (!o.botId && !o.subtype) ev.client_msg_id = randomBytes(16).toString('hex');
    if (team !== this.teamId) {
      // Slack Connect: a message from another organisation names it.
      ev.user_team = team;
      ev.source_team = team;
    }
    if (o.threadTs) {
      ev.thread_ts = o.threadTs;
      ev.parent_user_id = this.history.get(o.channel)?.find((m) => m.ts === o.threadTs)?.user;
    }
    if (o.botId) ev.bot_id = o.botId;
    if (o.subtype) ev.subtype = o.subtype;
    const stored: SimMessage = { type: 'message', ts, text: o.text, user: o.user, team };
    if (o.threadTs) stored.thread_ts = o.threadTs;
    if (o.botId) stored.bot_id = o.botId;
    if (o.subtype) stored.subtype = o.subtype;
    if (!this.history.has(o.channel)) this.history.set(o.channel, []);
    this.history.get(o.channel)!.push(stored);
    return ev;
  }

  /** Build a message event, send it signed, and return its ts. Throws if the bot does not answer 200. */
  async postUserMessage(o: Parameters<SlackSimulator['message']>[0]): Promise<string> {
    const ev = this.message(o);
    const r = await this.sendEvent(ev);
    if (r.status !== 200) throw new Error(`bot answered ${r.status} to a message event`);
    return ev.ts;
  }

  async reactionAdded(o: { channel: string; user: string; reaction: string; itemTs: string }): Promise<SendResult> {
    const item = this.history.get(o.channel)?.find((m) => m.ts === o.itemTs);
    const itemUser = item?.user;
    // Kept on the message as Slack does, so exports carry it.
    if (item) recordReaction(item, o.reaction, o.user);
    return this.sendEvent({
      type: 'reaction_added',
      user: o.user,
      reaction: o.reaction,
      item_user: itemUser,
      item: { type: 'message', channel: o.channel, ts: o.itemTs },
      event_ts: this.nextTs(),
    });
  }

  /** A user approves the app on Slack's consent page: the code Slack appends to the redirect (for oauth.v2.access). */
  consent(user: string): string {
    const code = `sim-code-${randomBytes(6).toString('hex')}`;
    this.oauthCodes.set(code, user);
    return code;
  }

  /** Slack's tokens_revoked event: ids of users whose user tokens (oauth) or bot tokens were revoked. */
  async tokensRevoked(tokens: { oauth?: string[]; bot?: string[] }): Promise<SendResult> {
    return this.sendEvent({ type: 'tokens_revoked', tokens });
  }

  /** Slack's app_uninstalled event (the app was removed from the workspace). */
  async appUninstalled(): Promise<SendResult> {
    return this.sendEvent({ type: 'app_uninstalled' });
  }

  /** Wrap an inner event in an `event_callback` envelope, sign it and POST it to the bot. */
  async sendEvent(event: object, opts: SendOptions = {}): Promise<SendResult> {
    const eventId = opts.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
    const channel = (event as { channel?: string; item?: { channel?: string } }).channel ?? (event as { item?: { channel?: string } }).item?.channel;
    const shared = channel ? Boolean(this.channels.get(channel)?.isExtShared) : false;
    const envelope = {
      token: 'legacy-verification-token',
      team_id: this.teamId,
      context_team_id: this.teamId,
      context_enterprise_id: null,
      api_app_id: this.appId,
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(this.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: this.teamId, user_id: this.botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: shared,
      event_context: `4-${randomBytes(12).toString('hex')}`,
    };
    const body = opts.rawBody ?? JSON.stringify(envelope);
    return this.post(body, 'application/json', { ...opts, eventId });
  }

  /** Send the identical body again: a Slack retry (with retryNum) or a duplicate (without). */
  async resend(sent: SendResult, retryNum?: number, endpoint?: string): Promise<SendResult> {
    return this.post(sent.sentBody, sent.contentType ?? 'application/json', { eventId: sent.eventId, retryNum, retryReason: retryNum ? 'http_timeout' : undefined, endpoint });
  }

  /** A signed slash command (form-encoded), as Slack sends it. */
  async slashCommand(o: { command: string; text: string; userId: string; channelId: string; endpoint?: string }): Promise<SendResult> {
    const params = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: this.teamId,
      team_domain: 'sim',
      channel_id: o.channelId,
      channel_name: this.channels.get(o.channelId)?.name ?? 'unknown',
      user_id: o.userId,
      user_name: this.users.get(o.userId)?.name ?? o.userId,
      command: o.command,
      text: o.text,
      api_app_id: this.appId,
      is_enterprise_install: 'false',
      response_url: `${(this.apiUrl ?? 'http://127.0.0.1/').replace(/api\/$/, '')}response/${randomBytes(6).toString('hex')}`,
      trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
    });
    return this.post(params.toString(), 'application/x-www-form-urlencoded', { endpoint: o.endpoint, eventId: '' });
  }

  /** A signed interactivity request (block_actions, view_submission, …): `payload=<json>`. */
  async interaction(payload: object, endpoint?: string): Promise<SendResult> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, 'application/x-www-form-urlencoded', { endpoint, eventId: '' });
  }

  private async post(body: string, contentType: string, opts: SendOptions & { eventId: string }): Promise<SendResult> {
    const url = opts.endpoint ?? this.endpoint;
    if (!url) throw new Error('setBotEndpoint() first');
    const timestamp = opts.timestampOverride ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(opts.signingSecretOverride ?? this.o.signingSecret, timestamp, body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
    }
    const res = await fetch(url, { method: 'POST', headers, body });
    return { status: res.status, body: await res.text(), eventId: opts.eventId, sentBody: body, contentType };
  }

  /** Slack delivers the app's own posts back to it as message events (with bot_id). */
  private echo(channel: string, msg: SimMessage): void {
    if (!this.endpoint) return;
    const ev: Record<string, unknown> = {
      type: 'message',
      channel,
      channel_type: 'channel',
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      text: msg.text,
      ts: msg.ts,
      event_ts: msg.ts,
      team: this.teamId,
      bot_profile: { id: this.botId, app_id: this.appId, name: 'sla-bot', team_id: this.teamId, deleted: false },
    };
    if (msg.thread_ts) ev.thread_ts = msg.thread_ts;
    setImmediate(() => void this.sendEvent(ev).catch(() => undefined));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Web API arguments: form-encoded (what @slack/web-api sends; objects arrive JSON-encoded) or JSON. */
/** Slack leaves metadata out of history and replies unless include_all_metadata is set. */
function withMetadata(messages: SimMessage[], args: Record<string, unknown>): SimMessage[] {
  const include = args.include_all_metadata === true || args.include_all_metadata === 'true';
  return messages.map(({ metadata, ...m }) => (include && metadata ? { ...m, metadata } : m));
}

function parseArgs(raw: string, contentType: string, url: URL): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (contentType.includes('application/json')) {
    try {
      args = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      args = {};
    }
  } else {
    for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
  }
  for (const [k, v] of url.searchParams) if (!(k in args)) args[k] = v;
  for (const k of ['blocks', 'attachments', 'view', 'files', 'metadata']) {
    if (typeof args[k] === 'string') {
      try {
        args[k] = JSON.parse(args[k] as string);
      } catch {
        /* left as the string Slack would reject */
      }
    }
  }
  return args;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Add `user`'s reaction to a stored message, in Slack's shape ({ name, users, count }); false when already there. */
function recordReaction(msg: SimMessage, name: string, user: string): boolean {
  const reactions = ((msg as unknown as { reactions?: Array<{ name: string; users: string[]; count: number }> }).reactions ??= []);
  const r = reactions.find((x) => x.name === name);
  if (r?.users.includes(user)) return false;
  if (r) r.users.push(user);
  else reactions.push({ name, users: [user], count: 0 });
  for (const x of reactions) x.count = x.users.length;
  return true;
}
