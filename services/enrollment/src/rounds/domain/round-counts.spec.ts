import { countApplications } from './round-counts';

describe('applications counted at the deadline', () => {
  it('adds up by channel and by first-wish school, in the order the schools come', () => {
    expect(
      countApplications([
        { schoolId: 'a', channel: 'online', n: 3 },
        { schoolId: 'a', channel: 'paper', n: 1 },
        { schoolId: 'b', channel: 'portal', n: 2 },
      ]),
    ).toEqual({
      applications: 6,
      byChannel: { online: 3, portal: 2, paper: 1 },
      bySchool: [
        { schoolId: 'a', online: 3, portal: 0, paper: 1 },
        { schoolId: 'b', online: 0, portal: 2, paper: 0 },
      ],
    });
  });

  it('counts nothing in a round without applications', () => {
    expect(countApplications([])).toEqual({
      applications: 0,
      byChannel: { online: 0, portal: 0, paper: 0 },
      bySchool: [],
    });
  });
});
