/**
 * What the person running the audit has to settle (which organisation is ours, a range that cannot
 * be audited), as one sentence saying how. The CLI prints it and exits 2 without writing anything;
 * any other error is a bug and keeps its stack.
 */
export class AuditInputError extends Error {
  override name = 'AuditInputError';
}
