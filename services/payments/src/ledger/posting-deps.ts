/** What every posting use case works with: the journal, the outbox, the service's settings. */
import { causedBy, EventEnvelope, newEvent, NewEventInput } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import type { PaymentsConfig } from '../config';
import { LedgerRepository } from './ledger.repository';

export interface PostingDeps {
  readonly ledgers: LedgerRepository;
  readonly messaging: MessagingService;
  readonly config: PaymentsConfig;
}

/** The event that caused a posting (its events carry its correlation), if any. */
export type Cause = Pick<EventEnvelope, 'id' | 'correlationId'> | undefined;

export function eventOf<T>(cause: Cause, input: NewEventInput<T>): EventEnvelope<T> {
  return cause ? causedBy(cause, input) : newEvent(input);
}
