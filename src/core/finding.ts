/**
 * The one Finding type: produced by detectors, stored for reports, replayed by the audit.
 */
export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
  rule: string;
  channel: string;
  /** ts of the message the finding is about (the client's request for response-time). */
  ts: string;
  /** The person responsible (the assistant for most rules). */
  user: string;
  severity: Severity;
  /** When it was found (epoch ms). */
  at: number;
  evidence: Record<string, unknown>;
}
