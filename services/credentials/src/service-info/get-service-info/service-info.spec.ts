import { describeService } from './service-info';

describe('describeService', () => {
  it('names the service', () => {
    expect(describeService()).toEqual({ service: 'credentials', title: 'Credentials' });
  });
});
