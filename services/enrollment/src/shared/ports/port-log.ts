/**
 * What an adapter may log through: a Nest `Logger` fits. Adapters log what happened to a call
 * (status, count, duration), never what was sent: no personal id, name or date of birth. The
 * sector database's shared client logs through the same shape.
 */
export { SILENT_LOG, type PortLog } from '@qn/sector-database';
