/** Applications of a round counted by channel and by first-wish school (pure), for `enrollment.round.closed`. */
export type Channel = 'online' | 'portal' | 'paper';

export interface ChannelCount {
  schoolId: string;
  channel: Channel;
  n: number;
}

export type ByChannel = Record<Channel, number>;

export function countApplications(counts: ChannelCount[]): {
  applications: number;
  byChannel: ByChannel;
  bySchool: Array<{ schoolId: string } & ByChannel>;
} {
  const byChannel: ByChannel = { online: 0, portal: 0, paper: 0 };
  const bySchool = new Map<string, { schoolId: string } & ByChannel>();
  for (const c of counts) {
    byChannel[c.channel] += c.n;
    const s = bySchool.get(c.schoolId) ?? { schoolId: c.schoolId, online: 0, portal: 0, paper: 0 };
    s[c.channel] += c.n;
    bySchool.set(c.schoolId, s);
  }
  return {
    applications: byChannel.online + byChannel.portal + byChannel.paper,
    byChannel,
    bySchool: [...bySchool.values()],
  };
}
