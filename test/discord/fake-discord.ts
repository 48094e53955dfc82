/**
 * A local fake of Discord reached over the network, as a REST proxy would be: one HTTP server
 * answering REST under `/api/v10/…` (the answers of {@link FakeRest}, plus `GET /gateway/bot`
 * pointing at itself) and a WebSocket gateway (`ws`) speaking the gateway protocol a bot needs:
 * HELLO, IDENTIFY → READY + GUILD_CREATE (for the guild's shard), heartbeats, and dispatches
 * the test pushes (MESSAGE_CREATE, INTERACTION_CREATE). The bot reaches it through
 * `DISCORD_API_ROOT` (= {@link FakeDiscord.apiRoot}), exactly as through nirn-proxy.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeRest, IDS, rawGuild, rawUser, type Json } from './harness.js';

/** One identified gateway connection. */
export interface GatewaySession {
  readonly shard: [number, number];
  readonly intents: number;
  readonly token: string;
  send(t: string, d: Json): void;
}

/** Gateway opcodes used here. */
const OP = { dispatch: 0, heartbeat: 1, identify: 2, hello: 10, heartbeatAck: 11 } as const;

/** The fake Discord: REST + gateway on one loopback port. */
export class FakeDiscord {
  readonly rest = new FakeRest();
  /** Every identified connection, in order (a reconnect adds one). */
  readonly sessions: GatewaySession[] = [];
  /** `GET /gateway/bot` calls (the client's and the shard manager's). */
  gatewayBotCalls = 0;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private port = 0;

  constructor(private readonly shards = 1) {}

  /** The REST base to put in `DISCORD_API_ROOT`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Starts listening on a free loopback port. */
  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.http(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (socket) => this.connect(socket));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const client of this.wss?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Sends a dispatch to every identified session (the last one of each shard). */
  dispatch(t: string, d: Json): void {
    const latest = new Map<number, GatewaySession>();
    for (const s of this.sessions) latest.set(s.shard[0], s);
    for (const s of latest.values()) s.send(t, d);
  }

  private async http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    if (req.method === 'GET' && url.pathname === '/api/v10/gateway/bot') {
      this.gatewayBotCalls += 1;
      const body = {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: this.shards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const answer = await this.rest.makeRequest(url.href, { method: req.method, body });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  }

  private connect(socket: WebSocket): void {
    let seq = 0;
    const raw = (payload: Json): void => socket.send(JSON.stringify(payload));
    raw({ op: OP.hello, d: { heartbeat_interval: 41_250 } });
    socket.on('message', (data) => {
      const packet = JSON.parse(data.toString()) as { op: number; d: Json };
      if (packet.op === OP.heartbeat) raw({ op: OP.heartbeatAck });
      if (packet.op !== OP.identify) return;
      const shard = (packet.d.shard as [number, number] | undefined) ?? [0, 1];
      const session: GatewaySession = {
        shard,
        intents: Number(packet.d.intents),
        token: String(packet.d.token),
        send: (t, d) => raw({ op: OP.dispatch, t, s: ++seq, d }),
      };
      this.sessions.push(session);
      const here = guildShard(IDS.guild, shard[1]) === shard[0];
      session.send('READY', {
        v: 10,
        user: rawUser(IDS.bot, 'helper-bot', true),
        guilds: here ? [{ id: IDS.guild, unavailable: true }] : [],
        session_id: `session-${this.sessions.length}`,
        resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
        shard,
        application: { id: IDS.app, flags: 0 },
      });
      if (here) session.send('GUILD_CREATE', { ...rawGuild(), member_count: 2, large: false, joined_at: new Date(0).toISOString() });
    });
  }
}

/** The shard a guild belongs to: `(guild_id >> 22) % shard_count`. */
export function guildShard(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
