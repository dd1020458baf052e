import { Conflict } from '@qn/contracts';

/**
 * A serial is unique per kind across registers, but a write locks only its own register: two
 * registers' writes taking the same serial at once are told apart by the database's unique index
 * (`register_entry_serial`). The loser gets 409 and may send again (its check then names the row).
 */
export async function refusingSerialClash<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = error as {
      code?: string;
      constraint?: string;
      driverError?: { code?: string; constraint?: string };
    };
    const code = e.driverError?.code ?? e.code;
    const constraint = e.driverError?.constraint ?? e.constraint;
    if (code === '23505' && constraint === 'register_entry_serial')
      throw new Conflict(
        'register-serial-taken',
        'A serial was recorded by another register at the same time',
        'send the request again: it will name the entries concerned',
      );
    throw error;
  }
}
