import { DataElementDefinition, EventSchemaLookup, ParseOptions } from './model';
import { Reporter } from './positions';

/** What the checks share while they walk one document. */
export interface CheckContext {
  readonly r: Reporter;
  readonly options: ParseOptions;
  readonly events: EventSchemaLookup;
  readonly segments: Map<string, { nameVi: string; nameEn: string }>;
  readonly elements: Map<string, DataElementDefinition>;
  /** Event types each element names, even in sources that failed a check (so one mistake is reported once). */
  readonly namedEvents: Map<string, Set<string>>;
}
