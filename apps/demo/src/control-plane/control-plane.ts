import type { AnyIntegration, CredentialCheckResult, DeliveryOptions } from '@forwarder/integration';
import type { DeliveryQueue } from '../queue/index.js';
import type { DeliveryEvents } from '../server/delivery-events.js';
import { SkipReason } from '../skip-reasons.js';
import type {
  AudienceRecord,
  ConnectionRecord,
  ConnectionStatus,
  Member,
  OutputRecord,
  Store,
  StoredCredentialCheck,
} from '../store/index.js';
import { ControlPlaneError } from './control-plane-error.js';
import type { MemberChange } from './member-input.js';
import {
  buildMembershipItems,
  defaultProfilesPerMessage,
  type MemberAction,
  outputPartitionKey,
} from './membership-messages.js';
import {
  maskSettings,
  mergeConfidential,
  parseAccountSettings,
  parseConnectionSettings,
  toSettingStrings,
} from './settings-input.js';

/** An output configuration as the admin API shows it: confidential values masked. */
export interface OutputView {
  id: number;
  integrationId: string;
  name: string;
  settings: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  lastCheck?: StoredCredentialCheck;
  /** `suspended` while the partner rejects the credentials (deliveries wait until the output is saved again). */
  status: 'ok' | 'suspended';
  suspendedReason?: string;
}

/** The result of saving an output. */
export interface SavedOutput {
  output: OutputView;
  credentialCheck: CredentialCheckResult;
}

/** Options of {@link ControlPlane}. */
export interface ControlPlaneOptions {
  store: Store;
  queue: DeliveryQueue;
  /** The integrations by id (the Rokt plugin for now). */
  integrations: ReadonlyMap<string, AnyIntegration>;
  events: DeliveryEvents;
  /** How the server reaches partners (endpoints, retry), also for credential checks. */
  delivery: DeliveryOptions;
  /** Profiles per Firehose message built (default 1,000). */
  profilesPerMessage?: number;
  /**
   * Lets an output's queued deliveries go again after its suspension was lifted. The delivery side
   * forgets rejected credentials first, then resumes the output's queue partition (the default
   * only resumes the partition).
   */
  resumeOutput?: (outputId: number) => void;
}

function isRejection(check: CredentialCheckResult): boolean {
  return !check.ok && (check.status === 401 || check.status === 403);
}

/** True when two connection settings hold the same values (whatever the order of their keys). */
function sameSettings(
  left: Readonly<Record<string, unknown>>,
  right: Readonly<Record<string, unknown>>,
): boolean {
  const names = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const name of names) if (JSON.stringify(left[name]) !== JSON.stringify(right[name])) return false;
  return true;
}

/**
 * The admin side of the server: outputs, audiences, members and connections. Membership changes
 * become Firehose messages on the delivery queue, for active connections only; for an inactive
 * connection they are recorded as skipped (`inactive_connection`).
 */
export class ControlPlane {
  private readonly store: Store;
  private readonly queue: DeliveryQueue;
  private readonly events: DeliveryEvents;
  private readonly profilesPerMessage: number;

  constructor(private readonly options: ControlPlaneOptions) {
    this.store = options.store;
    this.queue = options.queue;
    this.events = options.events;
    this.profilesPerMessage = options.profilesPerMessage ?? defaultProfilesPerMessage;
  }

  /** An integration by id; throws when unknown. */
  integration(id: string): AnyIntegration {
    const integration = this.options.integrations.get(id);
    if (integration === undefined) {
      throw new ControlPlaneError('INVALID_INPUT', `Unknown integration "${id}"`, {
        known: [...this.options.integrations.keys()],
      });
    }
    return integration;
  }

  /** The output's public view (secrets masked). */
  view(output: OutputRecord): OutputView {
    const integration = this.options.integrations.get(output.integrationId);
    const view: OutputView = {
      id: output.id,
      integrationId: output.integrationId,
      name: output.name,
      settings: integration ? maskSettings(integration.accountSettings, output.settings) : {},
      createdAt: output.createdAt,
      updatedAt: output.updatedAt,
      status: output.suspendedReason === undefined ? 'ok' : 'suspended',
    };
    if (output.lastCheck !== undefined) view.lastCheck = output.lastCheck;
    if (output.suspendedReason !== undefined) view.suspendedReason = output.suspendedReason;
    return view;
  }

  listOutputs(): OutputView[] {
    return this.store.outputs.list().map((output) => this.view(output));
  }

  getOutput(id: number): OutputView {
    return this.view(this.requireOutput(id));
  }

  private requireOutput(id: number): OutputRecord {
    const output = this.store.outputs.get(id);
    if (output === undefined) throw ControlPlaneError.notFound('Output', id);
    return output;
  }

  private prepareOutputSettings(
    integration: AnyIntegration,
    input: unknown,
    stored: Readonly<Record<string, string>> | undefined,
  ): { name: string; settings: Record<string, string> } {
    const strings = toSettingStrings(integration.accountSettings, input, 'account settings');
    const settings = mergeConfidential(integration.accountSettings, strings, stored);
    const parsed = parseAccountSettings(integration, settings);
    const name = typeof parsed.configurationName === 'string' ? parsed.configurationName : integration.name;
    return { name, settings };
  }

  /** Stores a new output (settings validated; `ConfigurationError` otherwise) and checks its credentials. */
  async createOutput(input: { integrationId?: string; settings?: unknown }): Promise<SavedOutput> {
    const integration = this.integration(input.integrationId ?? 'rokt');
    const prepared = this.prepareOutputSettings(integration, input.settings, undefined);
    const output = this.store.outputs.create({ integrationId: integration.id, ...prepared });
    const credentialCheck = await this.checkAndRecord(output);
    return { output: this.getOutput(output.id), credentialCheck };
  }

  /**
   * Replaces an output's settings (a confidential value omitted or sent masked keeps the stored
   * one) and checks the credentials again; unless the partner rejects them, a suspension is
   * lifted and the output's waiting deliveries go out.
   */
  async updateOutput(id: number, input: { settings?: unknown }): Promise<SavedOutput> {
    const current = this.requireOutput(id);
    const integration = this.integration(current.integrationId);
    const prepared = this.prepareOutputSettings(integration, input.settings, current.settings);
    const output = this.store.outputs.update(id, prepared)!;
    const credentialCheck = await this.checkAndRecord(output);
    if (!isRejection(credentialCheck)) this.liftSuspension(id);
    return { output: this.getOutput(id), credentialCheck };
  }

  /** Checks an output's credentials again; a successful check lifts a suspension. */
  async checkOutput(id: number): Promise<CredentialCheckResult> {
    const result = await this.checkAndRecord(this.requireOutput(id));
    if (result.ok) this.liftSuspension(id);
    return result;
  }

  deleteOutput(id: number): void {
    if (!this.store.outputs.delete(id)) throw ControlPlaneError.notFound('Output', id);
    this.queue.resume(outputPartitionKey(id));
  }

  /** Marks an output suspended: its queued deliveries wait until it is saved again. */
  suspendOutput(id: number, reason: string): void {
    this.store.outputs.setSuspended(id, reason);
    this.queue.pause(outputPartitionKey(id), reason);
  }

  private liftSuspension(id: number): void {
    this.store.outputs.setSuspended(id, undefined);
    if (this.options.resumeOutput) this.options.resumeOutput(id);
    else this.queue.resume(outputPartitionKey(id));
  }

  private async checkAndRecord(output: OutputRecord): Promise<CredentialCheckResult> {
    const integration = this.integration(output.integrationId);
    let result: CredentialCheckResult;
    if (integration.checkCredentials === undefined) {
      result = { ok: true, message: `${integration.name} has no credential check` };
    } else {
      try {
        const account = parseAccountSettings(integration, output.settings);
        result = await integration.checkCredentials({ account, options: this.options.delivery });
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        result = {
          ok: false,
          message: `The credential check could not run: ${error instanceof Error ? error.message : String(error)}`,
        };
        if (typeof status === 'number') result.status = status;
      }
    }
    const stored: StoredCredentialCheck = {
      ok: result.ok,
      message: result.message,
      at: new Date().toISOString(),
    };
    if (result.status !== undefined) stored.status = result.status;
    this.store.outputs.recordCheck(output.id, stored);
    if (isRejection(result)) this.suspendOutput(output.id, `credentials rejected (${result.status})`);
    return result;
  }

  // Audiences and members

  listAudiences(): AudienceRecord[] {
    return this.store.audiences.list();
  }

  getAudience(id: number): AudienceRecord {
    const audience = this.store.audiences.get(id);
    if (audience === undefined) throw ControlPlaneError.notFound('Audience', id);
    return audience;
  }

  createAudience(name: unknown): AudienceRecord {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new ControlPlaneError('INVALID_INPUT', 'name is required', {
        issues: [{ setting: 'name', message: 'name is required' }],
      });
    }
    return this.store.audiences.create(name.trim());
  }

  deleteAudience(id: number): void {
    if (!this.store.audiences.delete(id)) throw ControlPlaneError.notFound('Audience', id);
  }

  listMembers(audienceId: number, limit?: number, offset?: number): { total: number; members: Member[] } {
    this.getAudience(audienceId);
    const members = this.store.members.list(audienceId, {
      limit: Math.min(Math.max(limit ?? 100, 1), 1_000),
      offset: Math.max(offset ?? 0, 0),
    });
    return { total: this.store.members.count(audienceId), members };
  }

  /**
   * Applies membership changes to an audience and sends them on: for each active connection the
   * changes become Firehose messages on the queue; for each inactive one they are logged as
   * skipped. Returns how many changes were accepted and how many profiles were queued.
   */
  changeMembers(audienceId: number, changes: readonly MemberChange[]): { accepted: number; queued: number } {
    const audience = this.getAudience(audienceId);
    const adds = changes.filter((change) => change.action === 'add').map((change) => change.member);
    const removeInput = changes.filter((change) => change.action === 'remove').map((change) => change.member);
    const stored = new Map(
      this.store.members
        .find(
          audienceId,
          removeInput.map((member) => member.mpid),
        )
        .map((m) => [m.mpid, m]),
    );
    const removes = removeInput.map((member) => ({ ...stored.get(member.mpid), ...member }));
    if (adds.length > 0) this.store.members.upsert(audienceId, adds);
    if (removes.length > 0)
      this.store.members.remove(
        audienceId,
        removes.map((member) => member.mpid),
      );
    let queued = 0;
    for (const connection of this.store.connections.forAudience(audienceId)) {
      queued += this.forward(audience, connection, 'add', adds);
      queued += this.forward(audience, connection, 'remove', removes);
    }
    return { accepted: changes.length, queued };
  }

  private forward(
    audience: AudienceRecord,
    connection: ConnectionRecord,
    action: MemberAction,
    members: readonly Member[],
  ): number {
    if (members.length === 0) return 0;
    if (connection.status !== 'active') {
      this.events.record(this.store, {
        status: 'skipped',
        audienceId: audience.id,
        connectionId: connection.id,
        outputId: connection.outputId,
        profiles: members.length,
        skipped: members.length,
        reasons: { [SkipReason.inactiveConnection]: members.length },
      });
      return 0;
    }
    const output = this.store.outputs.get(connection.outputId);
    if (output === undefined) return 0;
    const items = buildMembershipItems({
      integration: this.integration(output.integrationId),
      output,
      connection,
      audience,
      members,
      action,
      profilesPerMessage: this.profilesPerMessage,
    });
    this.queue.enqueue(items);
    return members.length;
  }

  // Connections

  listConnections(): ConnectionRecord[] {
    return this.store.connections.list();
  }

  getConnection(id: number): ConnectionRecord {
    const connection = this.store.connections.get(id);
    if (connection === undefined) throw ControlPlaneError.notFound('Connection', id);
    return connection;
  }

  /** Connects an audience to an output; the connection starts inactive. */
  createConnection(input: {
    audienceId?: unknown;
    outputId?: unknown;
    settings?: unknown;
  }): ConnectionRecord {
    const audienceId = Number(input.audienceId);
    const outputId = Number(input.outputId);
    if (!Number.isInteger(audienceId) || !Number.isInteger(outputId)) {
      throw new ControlPlaneError('INVALID_INPUT', 'audienceId and outputId are required');
    }
    this.getAudience(audienceId);
    const output = this.requireOutput(outputId);
    const settings = parseConnectionSettings(this.integration(output.integrationId), input.settings);
    return this.store.connections.create({ audienceId, outputId, settings });
  }

  /**
   * Changes a connection's status and/or settings. Switching it to active queues the audience's
   * current members as `add`, and so does changing the settings of an active connection (what is
   * hashed or forwarded changed, so the members are sent again with the new settings). Returns the
   * connection and how many profiles were queued.
   */
  updateConnection(
    id: number,
    input: { status?: unknown; settings?: unknown },
  ): { connection: ConnectionRecord; queued: number } {
    const current = this.getConnection(id);
    let status: ConnectionStatus | undefined;
    if (input.status !== undefined) {
      if (input.status !== 'active' && input.status !== 'inactive') {
        throw new ControlPlaneError('INVALID_INPUT', 'status must be "active" or "inactive"');
      }
      status = input.status;
    }
    const output = this.requireOutput(current.outputId);
    const settings =
      input.settings === undefined
        ? undefined
        : parseConnectionSettings(this.integration(output.integrationId), input.settings);
    const connection = this.store.connections.update(id, { status, settings })!;
    let queued = 0;
    const switchedOn = current.status !== 'active' && connection.status === 'active';
    const changedWhileActive =
      current.status === 'active' &&
      connection.status === 'active' &&
      !sameSettings(current.settings, connection.settings);
    if (switchedOn || changedWhileActive) {
      const audience = this.getAudience(connection.audienceId);
      for (const page of this.store.members.pages(audience.id, this.profilesPerMessage)) {
        queued += this.forward(audience, connection, 'add', page);
      }
    }
    return { connection, queued };
  }

  deleteConnection(id: number): void {
    if (!this.store.connections.delete(id)) throw ControlPlaneError.notFound('Connection', id);
  }
}
