import { collectionAccountProblems } from '../src/channels/domain/collection-account';
import { demoCollectionAccount } from './demo-collection-accounts';

describe('demo collection accounts', () => {
  it.each([
    '0190f3a2-7b1c-7d4e-8f00-1234567890ab',
    '01935d3a-6f0e-7b3c-9a1d-2f4e5a6b7c8e',
    'ffffffff-ffff-7fff-bfff-ffffffffffff',
    '00000000-0000-7000-8000-000000000001',
  ])('are valid and stable for school %s', (schoolId) => {
    const account = demoCollectionAccount(schoolId);
    expect(collectionAccountProblems(account)).toEqual([]);
    expect(demoCollectionAccount(schoolId)).toEqual(account);
  });
});
