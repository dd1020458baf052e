import { Conflict } from '@qn/contracts';
import { refusingSerialClash } from './unique-clash';

describe('refusingSerialClash', () => {
  it('answers 409 when another register took the serial at the same time', async () => {
    const clash = Object.assign(new Error('duplicate key'), {
      driverError: { code: '23505', constraint: 'register_entry_serial' },
    });
    await expect(refusingSerialClash(() => Promise.reject(clash))).rejects.toBeInstanceOf(Conflict);
  });

  it('passes anything else on', async () => {
    const other = Object.assign(new Error('x'), { code: '23505', constraint: 'other' });
    await expect(refusingSerialClash(() => Promise.reject(other))).rejects.toBe(other);
    await expect(refusingSerialClash(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
