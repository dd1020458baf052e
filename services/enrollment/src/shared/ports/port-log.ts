/**
 * What an adapter may log through: a Nest `Logger` fits. Adapters log what happened to a call
 * (status, count, duration), never what was sent: no personal id, name or date of birth.
 */
export interface PortLog {
  warn(message: string): void;
  debug(message: string): void;
}

export const SILENT_LOG: PortLog = { warn: () => undefined, debug: () => undefined };
