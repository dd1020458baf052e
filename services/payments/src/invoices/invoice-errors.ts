import { Conflict, NotFound } from '@qn/contracts';

export class InvoiceNotFound extends NotFound {
  constructor(id: string) {
    super('invoice-not-found', 'No such invoice', `no invoice with id ${id}`);
  }
}

/** A cancelled invoice takes no payment (cash, gateway order, VietQR). */
export class InvoiceCancelled extends Conflict {
  constructor(reason: string | null) {
    super('invoice-cancelled', 'The invoice is cancelled', `cancelled: ${reason}`);
  }
}

/** Cancelling it again: the detail is the first cancellation's reason. */
export class InvoiceAlreadyCancelled extends Conflict {
  constructor(reason: string | null) {
    super('invoice-cancelled', 'The invoice is already cancelled', reason ?? undefined);
  }
}

/** A settled invoice: there is nothing to collect. */
export class NothingOwed extends Conflict {
  constructor() {
    super('nothing-owed', 'Nothing is owed on this invoice', 'the invoice is settled');
  }
}
